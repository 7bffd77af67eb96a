"""Stage 6, compose: the chosen units as the `Draft` the Assistant turns into "text [n]"."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering.candidates import Candidate
from core.schema import Passage


@dataclass
class Draft:
    """What a generator returns: sentences, each with the passage (index) it rests on."""

    sentences: list[tuple[str, int]]
    answerable: bool
    signals: dict | None = None
    # Passages read beyond the retrieved ones (a procedure's other steps): a sentence's index
    # past the retrieved passages points into these.
    extra: list[Passage] = field(default_factory=list)
    # Where each sentence stands in its passage's text, [start, end), when the generator
    # knows (the extractive one quotes units); None: the Assistant looks for it.
    spans: list[tuple[int, int] | None] | None = None


def compose(chosen: list[Candidate], answerable: bool, signals: dict,
            extra: list[Passage] | None = None) -> Draft:
    return Draft([(c.text, c.passage) for c in chosen], answerable, signals, list(extra or []),
                 # A step's heading made a unit (choose.step_titles) stands nowhere.
                 [(c.unit.start, c.unit.end) if c.unit.start >= 0 else None for c in chosen])
