"""Stage 1, candidates: the answer units (sentences, list items, lead-ins, table rows, FAQ
answer sentences) of the top passages, each with what it stands under (title, section path,
FAQ question) and where it stands in its passage."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.retrieval import Passage
from core.sentences import Unit, context_text, heading_path, split_units
from core.text import LIST_ITEM


@dataclass
class Candidate:
    unit: Unit
    index: int  # position among all candidates
    position: int  # position among its passage's units
    of: int  # how many units its passage has
    title: str
    section: str  # the heading path of its block, " > "-joined ("" when none)
    doc_id: str = ""

    @property
    def text(self) -> str:
        return self.unit.text

    @property
    def passage(self) -> int:
        return self.unit.passage

    @property
    def kind(self) -> str:
        """sentence | leadin | item | row | faq (a sentence of an FAQ answer)."""
        return "faq" if self.unit.context and self.unit.kind == "sentence" else self.unit.kind

    @property
    def context(self) -> str:
        """What the unit stands under: the FAQ question, else its title and section."""
        return context_text(self.unit, self.title, self.section)


def _inline_lists(units: list[Unit]) -> list[Unit]:
    """Bulleted or numbered lines inside a paragraph or FAQ answer ("• een cv;") are a list
    too: they become items of one list, and the sentence ending in ':' before them its
    lead-in, so that choosing one brings the others."""
    for j, u in enumerate(units):
        if u.kind != "sentence" or not LIST_ITEM.match(u.text):
            continue
        prev = units[j - 1] if j > 0 else None
        if prev is not None and prev.paragraph == u.paragraph and prev.kind == "item" and (
            prev.list_id is not None and prev.list_id < 0
        ):
            u.list_id = prev.list_id
        else:
            u.list_id = -(1 + u.start)  # negative: no block's start, so no clash
            if prev is not None and prev.paragraph == u.paragraph and prev.text.endswith(":"):
                prev.kind, prev.list_id = "leadin", u.list_id
        u.kind = "item"
    return units


def candidates(passages: list[Passage], limit: int) -> list[Candidate]:
    out: list[Candidate] = []
    for i, p in enumerate(passages[:limit]):
        units = _inline_lists(split_units(p.text, i, p.blocks, p.start))
        for pos, u in enumerate(units):
            path = heading_path(u, p.blocks, p.section)
            out.append(Candidate(u, len(out), pos, len(units), p.title, path, p.doc_id))
    return out
