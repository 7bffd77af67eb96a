"""Markdown files, read by a real parser (markdown-it-py, CommonMark plus tables).

No Markdown syntax reaches the stored text: "# Kop" becomes a heading "Kop", "**vet**" and
"[tekst](url)" their text, `code` its content, list items keep their bullet ("•") or number,
a table becomes a table block with its header row. Raw HTML in the file is read like an HTML
page. Decoding, the binary check and YAML front matter are those of a .txt file.
"""

from __future__ import annotations

import re
from typing import Any

from core.blocks import DocumentBuilder, clean_inline
from ingest.formats import text as plain_text
from ingest.formats.common import Limits, Parsed
from ingest.formats.html import HtmlReader, soup_of
from ingest.formats.outline import Part, build, is_question


def parse(data: bytes, limits: Limits, warnings: list[str]) -> Parsed:
    from markdown_it import MarkdownIt

    # Same decoding, binary check and front matter (with its warning) as a .txt file.
    source = plain_text.parse(data, limits, warnings)
    # "commonmark": no linkify or typographer, so the text stays what the author typed.
    md = MarkdownIt("commonmark").enable("table")
    parts = _MarkdownReader().read(md.parse(source.text))
    title = next((p.text for p in parts if p.kind == "heading" and p.text), None)
    b = DocumentBuilder()
    build(parts, b)
    text, blocks, _ = b.build()
    return Parsed(text, source.metadata, [], title, blocks)


class _MarkdownReader:
    """Markdown-it's token stream (flat, open/close pairs) as `Part`s."""

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.lists: list[bool] = []  # per open list: is it ordered
        self.items: list[str] = []  # marker of each open list item
        self.item_text: list[str] = []  # paragraphs of the innermost item not yet emitted
        self.heading: int = 0  # level of the heading being read
        self.table: dict[str, Any] | None = None

    def read(self, tokens: list[Any]) -> list[Part]:
        for tok in tokens:
            t = tok.type
            if t == "heading_open":
                self._flush_item()
                self.heading = int(tok.tag[1:])
            elif t == "heading_close":
                self.heading = 0
            elif t in ("bullet_list_open", "ordered_list_open"):
                self._flush_item()
                self.lists.append(t == "ordered_list_open")
            elif t in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                if not self.lists:
                    self.parts.append(Part("end_list"))
            elif t == "list_item_open":
                self._flush_item()
                ordered = bool(self.lists and self.lists[-1])
                self.items.append(f"{tok.info}{tok.markup}" if ordered and tok.info else "•")
            elif t == "list_item_close":
                self._flush_item()
                self.items.pop()
            elif t == "table_open":
                self._flush_item()
                self.table = {"head": None, "rows": [], "in_head": False}
            elif t == "thead_open" and self.table is not None:
                self.table["in_head"] = True
            elif t == "thead_close" and self.table is not None:
                self.table["in_head"] = False
            elif t == "tr_open" and self.table is not None:
                self.table["rows"].append([])
            elif t == "tr_close" and self.table is not None:
                row = self.table["rows"]
                if self.table["in_head"] and self.table["head"] is None:
                    self.table["head"] = row.pop()
            elif t == "table_close" and self.table is not None:
                self.parts.append(
                    Part("table", rows=self.table["rows"], header=self.table["head"])
                )
                self.table = None
            elif t == "inline":
                self._inline(tok)
            elif t in ("fence", "code_block"):
                self._flush_item()
                for para in re.split(r"\n\s*\n", tok.content):
                    self._paragraph(clean_inline(para))
            elif t == "html_block":
                self._flush_item()
                self.parts.extend(HtmlReader().read(soup_of(tok.content)))
        self._flush_item()
        return self.parts

    def _inline(self, tok: Any) -> None:
        lines = _lines(tok.children or [])
        if self.heading:
            self.parts.append(Part("heading", " ".join(t for t, _ in lines), level=self.heading))
        elif self.table is not None:
            if self.table["rows"]:
                self.table["rows"][-1].append(" ".join(t for t, _ in lines))
        elif self.items:
            self.item_text.append(" ".join(t for t, _ in lines))
        elif len(lines) > 1 and lines[0][1] and is_question(lines[0][0]):
            # "**Vraag?**" on its own line with the answer on the next: question, then answer.
            self.parts.append(Part("paragraph", lines[0][0], strong=True))
            self._paragraph(" ".join(t for t, _ in lines[1:]))
        else:
            strong = all(s for _, s in lines)
            self._paragraph(" ".join(t for t, _ in lines), strong)

    def _paragraph(self, text: str, strong: bool = False) -> None:
        if text.strip():
            self.parts.append(Part("paragraph", text, strong=strong))

    def _flush_item(self) -> None:
        """The innermost list item's own text ends (its nested list or its end follows)."""
        text = clean_inline(" ".join(self.item_text))
        self.item_text.clear()
        if text and self.items:
            self.parts.append(Part("item", text, marker=self.items[-1]))


def _lines(children: list[Any]) -> list[tuple[str, bool]]:
    """An inline token's text without syntax, cut at its line breaks: (line, all bold)."""
    lines: list[tuple[str, bool]] = []
    buf: list[tuple[str, bool]] = []
    bold = 0

    def end_line() -> None:
        text = clean_inline("".join(t for t, _ in buf))
        if text:
            lines.append((text, all(b for t, b in buf if t.strip())))
        buf.clear()

    for child in children:
        t = child.type
        if t in ("text", "code_inline"):
            buf.append((child.content, bold > 0))
        elif t in ("softbreak", "hardbreak"):
            end_line()
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "html_inline" and re.match(r"<br\b", child.content, re.I):
            end_line()
        # Links and emphasis keep only their text; images and other inline HTML are left out.
    end_line()
    return lines
