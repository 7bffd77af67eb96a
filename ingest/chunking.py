"""Structure-aware chunking with exact character offsets.

The text is cut into *units* (a heading line, a sentence, a list item) that tile it exactly:
each unit runs from its first character to the first character of the next one, so the
whitespace between them belongs to the unit before. Units are grouped into *segments* that
should stay together (a heading with what follows, a paragraph, a list with its lead-in) and
segments are packed into chunks of at most `chunk_size` characters. Because chunks are runs
of units, every character of the document lies in some chunk, and chunk.text is exactly
text[start:end] - which is what lets a citation point at the passage.

Why not langchain's RecursiveCharacterTextSplitter: it strips whitespace and recovers
offsets with str.find, which drifts on repeated passages (this corpus repeats boilerplate
paragraphs across pages), and it does not know headings or lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.blocks import Block
from core.schema import Chunk, LoadedDocument, index_text, make_chunk_id
from core.sentences import sentence_spans
from ingest.plaintext import blocks_from_plain_text


@dataclass
class _Unit:
    start: int
    end: int
    kind: str  # "heading" | "sentence" | "item" | "row"
    group: int  # units with the same group form one segment
    section: str | None
    heading_level: int = 0


def _units(text: str, blocks: list[Block]) -> list[_Unit]:
    """Cut the text into units along its blocks; each unit's `start` is where it begins.

    Segments (groups): a heading with what follows it, a paragraph, a list with its lead-in,
    a table (caption and header with its rows), an FAQ question with its answer."""
    units: list[_Unit] = []
    group = 0
    prev: Block | None = None
    for block in blocks:
        section = " > ".join(block.section) or None
        if block.kind == "heading":
            group += 1
            own = " > ".join((*block.section, _heading_text(text, block))) or None
            units.append(_Unit(block.start, -1, "heading", group, own, block.level))
        elif block.kind == "list_item":
            # A list stays with its lead-in line and with its other items.
            joins = prev is not None and (
                prev.kind == "list_item" or (prev.kind == "paragraph" and block.lead_in)
            )
            group += 0 if joins else 1
            units.append(_Unit(block.start, -1, "item", group, section))
        elif block.kind == "table":
            # Caption and header lines go with the first row, as a heading does.
            group += 1
            units.append(_Unit(block.start, -1, "heading", group, section))
            units.extend(
                _Unit(a, -1, "row", group, section) for a, _ in block.rows if a > block.start
            )
        else:  # paragraph, qa
            group += 1
            body = block.question_end if block.kind == "qa" and block.question_end else block.start
            if body > block.start:  # the FAQ question: kept with its answer, like a heading
                units.append(_Unit(block.start, -1, "heading", group, section))
            for a, _ in sentence_spans(text, body, block.end):
                units.append(_Unit(a, -1, "sentence", group, section))
        prev = block
    if not units:
        return []
    units[0].start = 0  # leading whitespace belongs to the first unit
    for a, b in zip(units, units[1:]):
        a.end = b.start
    units[-1].end = len(text)
    # A heading is glued to what follows it, so a chunk never ends on a bare heading.
    for a, b in zip(units, units[1:]):
        if a.kind == "heading" and b.kind != "heading":
            b_group = b.group
            for u in units:
                if u.group == b_group:
                    u.group = a.group
    return units


def _heading_text(text: str, block: Block) -> str:
    line = text[block.start : block.end].lstrip().lstrip("#").strip()
    return " ".join(line.replace("\u00a0", " ").split())


def _segments(units: list[_Unit]) -> list[list[_Unit]]:
    segs: list[list[_Unit]] = []
    for u in units:
        if segs and segs[-1][-1].group == u.group:
            segs[-1].append(u)
        else:
            segs.append([u])
    return segs


def _size(units: list[_Unit]) -> int:
    return units[-1].end - units[0].start if units else 0


def chunk_document(
    doc_id: str,
    doc: LoadedDocument,
    chunk_size: int = 700,
    chunk_overlap: int = 100,
) -> list[Chunk]:
    """Chunks of at most ~chunk_size characters that follow headings, paragraphs and lists."""
    if chunk_size <= 0 or chunk_overlap < 0 or chunk_overlap >= chunk_size:
        raise ValueError("need chunk_size > 0 and 0 <= chunk_overlap < chunk_size")
    text = doc.text
    # A document built in code (tests, the benchmark's scaled corpus) may bring no blocks.
    blocks = doc.blocks or blocks_from_plain_text(text)
    units = _units(text, blocks)
    if not units:
        return []

    spans: list[tuple[list[_Unit], int]] = []  # (units of the chunk, index of first new unit)
    current: list[_Unit] = []
    fresh = 0

    def flush(carry_overlap: bool) -> None:
        nonlocal current, fresh
        if len(current) > fresh:
            spans.append((current, fresh))
        carried: list[_Unit] = []
        if carry_overlap:
            for u in reversed(current[fresh:]):
                if _size([u, *carried]) > chunk_overlap or u.kind == "heading":
                    break
                carried.insert(0, u)
        current, fresh = carried, len(carried)

    for seg in _segments(units):
        starts_section = seg[0].kind == "heading"
        if starts_section and _size(current[fresh:]) >= chunk_size // 4:
            flush(carry_overlap=False)
        if current and _size(current) + _size(seg) > chunk_size:
            flush(carry_overlap=True)
        for u in seg:
            # A segment larger than a chunk is cut between its units (sentences or items).
            if len(current) > fresh and _size(current) + _size([u]) > chunk_size:
                flush(carry_overlap=True)
            current.append(u)
    flush(carry_overlap=False)
    # A last scrap (a closing link line, a footer) reads better as the end of the chunk before.
    if len(spans) > 1 and _size(spans[-1][0][spans[-1][1]:]) < chunk_size // 4:
        (prev, prev_fresh), (last, last_fresh) = spans[-2], spans[-1]
        if _size(prev + last[last_fresh:]) <= chunk_size + chunk_overlap:
            spans[-2:] = [(prev + last[last_fresh:], prev_fresh)]

    title = str(doc.metadata.get("title") or doc_id)
    doc_type = str(doc.metadata.get("doc_type") or "onbekend")
    chunks = []
    for span_units, first_new in spans:
        start, end = span_units[0].start, span_units[-1].end
        body = text[start:end]
        chunks.append(
            Chunk(
                chunk_id=make_chunk_id(doc_id, start, end, body),
                doc_id=doc_id,
                title=title,
                doc_type=doc_type,
                section=_section_of(span_units[first_new:]),
                page=doc.page_at(span_units[first_new].start),
                start=start,
                end=end,
                text=body,
                blocks=[b for b in blocks if b.start < end and b.end > start],
            )
        )
    return chunks


def _section_of(units: list[_Unit]) -> str | None:
    """The section a chunk is about: that of its first non-heading unit (after any headings
    it opens with, so a boilerplate line above the real heading does not name it)."""
    for u in units:
        if u.kind != "heading":
            return u.section
    return units[-1].section


__all__ = ["chunk_document", "index_text"]
