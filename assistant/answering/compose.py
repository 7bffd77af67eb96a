"""Stage 6, compose: the chosen units as the `Draft` the Assistant turns into "text [n]"."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.candidates import Candidate


@dataclass
class Draft:
    """What a generator returns: sentences, each with the passage (index) it rests on."""

    sentences: list[tuple[str, int]]
    answerable: bool
    signals: dict | None = None


def compose(chosen: list[Candidate], answerable: bool, signals: dict) -> Draft:
    return Draft([(c.text, c.passage) for c in chosen], answerable, signals)
