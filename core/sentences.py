"""Cutting a passage into answerable units, read from the document's blocks.

A unit is what an answer quotes: a sentence of a paragraph, a list item (its list's lead-in
is the unit before it), a table row written out with its column headers, a sentence of an
FAQ answer. Headings and FAQ questions are not units: they name what follows, they answer
nothing. Chunking and answering cut sentences with the one splitter here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.blocks import Block, row_text
from core.text import SENTENCE_END

_LINE_END = re.compile(r"\n\s*")
# Shorter pieces ("Zie ook.", "1.") are not answers on their own.
_MIN_SENTENCE = 12


@dataclass
class Unit:
    passage: int  # index of the passage in the retrieved list
    start: int  # offsets into the passage text
    end: int
    kind: str  # "sentence" | "leadin" | "item" | "row"
    text: str  # whitespace-normalised (a row: written out with its headers); scored and quoted
    list_id: int | None = None
    paragraph: int = 0
    # What the unit answers under, when the block says it: an FAQ answer's question.
    context: str = ""


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end] as (start, end) spans that tile it. A line break
    ends a sentence too: within a block only a plain text keeps its author's line ends."""
    cuts = {start}
    cuts.update(m.end() for m in SENTENCE_END.finditer(text, start, end) if m.end() < end)
    cuts.update(m.end() for m in _LINE_END.finditer(text, start, end) if m.end() < end)
    ordered = sorted(cuts)
    return list(zip(ordered, ordered[1:] + [end]))


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


def split_units(
    text: str, passage: int, blocks: list[Block] | None = None, offset: int = 0
) -> list[Unit]:
    """The units of a passage. `text` is the passage, `offset` where it starts in its
    document and `blocks` the document's blocks that overlap it (document offsets). A
    passage without blocks (an index from before blocks) is read as one paragraph."""
    end_of = offset + len(text)
    if not blocks:
        blocks = [Block("paragraph", offset, end_of)]
    out: list[Unit] = []

    def add(a: int, b: int, kind: str, shown: str, **extra) -> None:
        a, b = max(a, offset), min(b, end_of)
        if b > a:
            out.append(Unit(passage, a - offset, b - offset, kind, shown, **extra))

    full = _Doc(text, offset)
    for n, block in enumerate(blocks):
        if block.end <= offset or block.start >= end_of:
            continue
        if block.kind == "paragraph" or block.kind == "qa":
            body = block.question_end if block.kind == "qa" and block.question_end else block.start
            question = _norm(full.get(block.start, body)) if block.kind == "qa" else ""
            lo, hi = max(body, offset) - offset, min(block.end, end_of) - offset
            spans = sentence_spans(text, lo, hi) if hi > lo else []
            for a, b in spans:
                s = _norm(text[a:b])
                if len(s) < _MIN_SENTENCE:
                    continue
                kind = "sentence"
                nxt = blocks[n + 1] if n + 1 < len(blocks) else None
                if s.endswith(":") and nxt is not None and nxt.kind == "list_item":
                    kind = "leadin"
                add(a + offset, b + offset, kind, s, paragraph=n, context=question,
                    list_id=nxt.start if kind == "leadin" else None)
        elif block.kind == "list_item":
            first = _list_start(blocks, n)
            add(block.start, block.end, "item", _norm(full.get(block.start, block.end)),
                list_id=first, paragraph=n)
        elif block.kind == "table":
            for row in block.rows:
                if row[0] >= offset and row[1] <= end_of:
                    line = full.get(row[0], row[1])
                    add(row[0], row[1], "row", _norm(row_text(block, line)), paragraph=n)
    return out


def _list_start(blocks: list[Block], n: int) -> int:
    """The start of the first item of the list that blocks[n] belongs to (its list id)."""
    while n > 0 and blocks[n - 1].kind == "list_item" and (
        blocks[n - 1].lead_in == blocks[n].lead_in
    ):
        n -= 1
    return blocks[n].start


class _Doc:
    """Document offsets over a passage's text (a block can reach outside the passage)."""

    def __init__(self, text: str, offset: int) -> None:
        self.text, self.offset = text, offset

    def get(self, a: int, b: int) -> str:
        a, b = max(a, self.offset), min(b, self.offset + len(self.text))
        return self.text[a - self.offset : b - self.offset] if b > a else ""


def heading_path(unit: Unit, blocks: list[Block] | None, fallback: str | None) -> str:
    """The headings above a unit's block, " > "-joined (the passage's section without blocks)."""
    block = blocks[unit.paragraph] if blocks and unit.paragraph < len(blocks) else None
    if block is not None and block.section:
        return " > ".join(block.section)
    return fallback or ""


def context_text(unit: Unit, title: str, path: str) -> str:
    """What a unit stands under, embedded beside it by the answerer: an FAQ answer's
    question, else its document's title and heading path."""
    if unit.context:
        return unit.context
    return f"{title}: {path}" if path else title
