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

import re
from dataclasses import dataclass

from core.schema import Chunk, LoadedDocument, index_text, make_chunk_id
from core.text import LIST_ITEM, SENTENCE_END

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_BLANK = re.compile(r"^[\s\u00a0]*$")


@dataclass
class _Unit:
    start: int
    end: int
    kind: str  # "heading" | "sentence" | "item"
    group: int  # units with the same group form one segment
    section: str | None
    heading_level: int = 0


def _is_plain_heading(line: str) -> bool:
    """A short title-like line in plain text: no end punctuation, starts with a capital."""
    s = line.strip().replace("\u00a0", " ").strip()
    if not s or len(s) > 80 or len(s.split()) > 10:
        return False
    # "Lees meer via: www..." is a label with a value, not a heading.
    if s[-1] in ".:;,!?" or ":" in s or LIST_ITEM.match(line):
        return False
    return s[0].isupper() or s[0].isdigit()


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _split_sentences(text: str, start: int, end: int) -> list[int]:
    """Start offsets of the sentences in text[start:end]."""
    starts = [start]
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() < end:
            starts.append(m.end())
    return starts


def _units(text: str) -> list[_Unit]:
    """Cut the text into units; each unit's `start` is where its content begins."""
    units: list[_Unit] = []
    heading_path: list[tuple[int, str]] = []
    group = 0
    prev_blank = True
    first_line = True
    prev_kind = ""

    def section() -> str | None:
        return " > ".join(h for _, h in heading_path) or None

    for lstart, lend in _lines(text):
        line = text[lstart:lend]
        if _BLANK.match(line):
            prev_blank = True
            continue
        content_start = lstart + (len(line) - len(line.lstrip()))
        md = _MD_HEADING.match(line)
        # Short lines right after a lead-in ("... de volgende opdrachten:") are its items,
        # bullet or not; elsewhere a short unpunctuated line after a blank is a heading.
        implicit_item = not md and prev_kind in ("leadin", "implicit") and _is_plain_heading(line)
        if md or (prev_blank and _is_plain_heading(line) and not implicit_item) or (
            first_line and len(line) <= 150
        ):
            level = len(md.group(1)) if md else (1 if first_line else 2)
            title = (md.group(2) if md else line).strip().replace("\u00a0", " ")
            heading_path = [(lv, h) for lv, h in heading_path if lv < level] + [(level, title)]
            group += 1
            units.append(_Unit(content_start, -1, "heading", group, section(), level))
            prev_kind = "heading"
        elif LIST_ITEM.match(line) or implicit_item:
            # A list stays with its lead-in line and with its other items.
            if prev_kind not in ("item", "implicit", "leadin"):
                group += 1
            units.append(_Unit(content_start, -1, "item", group, section()))
            prev_kind = "implicit" if implicit_item else "item"
        else:
            if prev_blank or prev_kind in ("item", "implicit", "heading"):
                group += 1
            for s in _split_sentences(text, content_start, lend):
                units.append(_Unit(s, -1, "sentence", group, section()))
            prev_kind = "leadin" if line.rstrip().endswith(":") else "sentence"
        prev_blank = False
        first_line = False

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
    units = _units(text)
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
