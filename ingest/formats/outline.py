"""What a markup format (HTML, Markdown) read, in order, and the one pass that lays it out.

The HTML and Markdown converters each walk their own syntax tree and hand over the same flat
list of `Part`s: headings, paragraphs, list items, tables and explicit FAQ entries (<dl>,
<details>). `build` feeds them to `core.blocks.DocumentBuilder`, and is the one place that
recognises FAQ entries the markup does not declare, so both formats read them alike:

- a heading ending in "?" followed by text: the text up to the next heading is its answer;
- a line that is all bold (or a button label, an accordion's question) ending in "?"
  followed by text: the text up to the next such question or heading is its answer;
- a paragraph "Tabel 3: ..." right before a table without a caption is that caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from core.blocks import DocumentBuilder, clean_inline

# "Tabel 2", "Table 2:", "Tabel 2.1 -": the caption line a table in running text carries.
_CAPTION_RE = re.compile(r"(?:tabel|table)\s+\d+(?:\.\d+)*\b", re.I)


@dataclass
class Part:
    kind: str  # "heading" | "paragraph" | "item" | "end_list" | "table" | "qa"
    text: str = ""
    level: int = 0
    marker: str = "•"
    # A paragraph that is all bold (or a button label): read as a question when it ends in "?".
    strong: bool = False
    rows: list[list[str]] = field(default_factory=list)
    header: list[str] | None = None
    caption: str | None = None
    answer: list[str] = field(default_factory=list)


def is_question(text: str) -> bool:
    return clean_inline(text).endswith("?")


def lines_of(parts: list[Part]) -> list[str]:
    """Parts as answer lines (an FAQ answer is lines of text): an item keeps its marker, a
    table row becomes its cells separated by spaces."""
    out: list[str] = []
    for p in parts:
        if p.kind in ("heading", "paragraph"):
            out.append(p.text)
        elif p.kind == "item":
            out.append(f"{p.marker} {p.text}")
        elif p.kind == "table":
            out.extend(x for x in [p.caption or "", " ".join(p.header or [])] if x)
            out.extend(" ".join(c for c in row if c) for row in p.rows)
        elif p.kind == "qa":
            out.extend([p.text, *p.answer])
    return [x for x in out if clean_inline(x)]


def build(parts: list[Part], b: DocumentBuilder) -> None:
    """Lay the parts out through the builder, recognising FAQ entries and table captions."""
    i = 0
    while i < len(parts):
        p = parts[i]
        if _opens_question(p):
            answer, j = _answer(parts, i + 1)
            if answer:
                b.qa(p.text, answer)
                i = j
                continue
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if (
            p.kind == "paragraph" and nxt is not None and nxt.kind == "table"
            and not nxt.caption and _CAPTION_RE.match(clean_inline(p.text))
        ):
            parts[i + 1] = replace(nxt, caption=p.text)
            i += 1
            continue
        _emit(p, b)
        i += 1


def _opens_question(p: Part) -> bool:
    return (p.kind == "heading" or (p.kind == "paragraph" and p.strong)) and is_question(p.text)


def _answer(parts: list[Part], i: int) -> tuple[list[str], int]:
    """The text under a question: paragraphs and list items up to the next heading, table,
    FAQ entry or bold question."""
    lines: list[str] = []
    while i < len(parts):
        p = parts[i]
        if p.kind not in ("paragraph", "item", "end_list") or _opens_question(p):
            break
        lines.extend(lines_of([p]))
        i += 1
    return lines, i


def _emit(p: Part, b: DocumentBuilder) -> None:
    if p.kind == "heading":
        b.heading(p.text, p.level)
    elif p.kind == "paragraph":
        b.paragraph(p.text)
    elif p.kind == "item":
        b.list_item(p.text, p.marker)
    elif p.kind == "end_list":
        b.end_list()
    elif p.kind == "table":
        b.table(p.rows, header=p.header, caption=p.caption)
    elif p.kind == "qa":
        b.qa(p.text, p.answer)
