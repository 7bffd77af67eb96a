"""Cutting a passage into answerable units: sentences and list items, with their offsets."""

from __future__ import annotations

from dataclasses import dataclass

from core.text import LIST_ITEM, SENTENCE_END


@dataclass
class Unit:
    passage: int  # index of the passage in the retrieved list
    start: int  # offsets into the passage text
    end: int
    kind: str  # "sentence" | "leadin" | "item"
    text: str  # whitespace-normalised, for display and scoring
    list_id: int | None = None
    paragraph: int = 0


def _heading_like(s: str) -> bool:
    return len(s) < 60 and s[-1] not in ".!?:;)" and len(s.split()) < 9


def split_units(text: str, passage: int) -> list[Unit]:
    """Sentences and list items of a passage. A line ending in ':' leads in the list after it;
    short lines right after such a lead-in are items even without a bullet ("de volgende
    opdrachten:" followed by their titles). Other short unpunctuated lines are headings and
    answer nothing."""
    out: list[Unit] = []
    pos = 0
    list_id: int | None = None
    paragraph = 0
    blank_run = False
    implicit = False
    for line in text.split("\n"):
        lstart, pos = pos, pos + len(line) + 1
        s = " ".join(line.replace("\u00a0", " ").split())
        if not s:
            blank_run = True
            continue
        if blank_run:
            paragraph += 1
            blank_run = False
        # Bullet-less items continue only a list that a lead-in line opened.
        after_leadin = bool(out) and (
            out[-1].kind == "leadin" or (out[-1].kind == "item" and implicit)
        )
        implicit = not LIST_ITEM.match(line) and after_leadin and _heading_like(s)
        if LIST_ITEM.match(line) or implicit:
            if list_id is None:
                list_id = lstart
                if out and out[-1].text.endswith(":"):
                    out[-1].kind, out[-1].list_id = "leadin", list_id
            out.append(Unit(passage, lstart, lstart + len(line), "item", s, list_id, paragraph))
            continue
        list_id = None
        if _heading_like(s):
            continue
        bounds = [0] + [m.end() for m in SENTENCE_END.finditer(line)] + [len(line)]
        for a, b in zip(bounds, bounds[1:]):
            seg = " ".join(line[a:b].replace("\u00a0", " ").split())
            if len(seg) >= 12:
                kind = "leadin" if seg.endswith(":") else "sentence"
                out.append(Unit(passage, lstart + a, lstart + b, kind, seg, None, paragraph))
    return out


def unit_texts(text: str) -> list[str]:
    """The texts the answerer scores in a passage, in order: what ingest embeds ahead."""
    return [u.text for u in split_units(text, 0)]
