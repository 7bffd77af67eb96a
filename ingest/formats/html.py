"""HTML pages: the readable content, without navigation, scripts and page furniture."""

from __future__ import annotations

import codecs
import re
from typing import Any

from ingest.formats.common import (
    Limits,
    Parsed,
    normalise_newlines,
    reject_control_chars,
)

# Only ASCII whitespace collapses, as in a browser: &nbsp; is meant to stay.
_HTML_WS_RE = re.compile(r"[ \t\n\r\f]+")
_ANY_WS_RE = re.compile(r"\s+")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.I)


def parse(data: bytes, limits: Limits, warnings: list[str]) -> Parsed:
    from bs4 import BeautifulSoup

    markup = normalise_newlines(_decode_html(data))
    reject_control_chars(markup, "an HTML")
    # Browsers ignore stray NULs in HTML; a real binary file is caught by the share check above.
    markup = markup.replace("\x00", "")
    soup = BeautifulSoup(markup, "lxml")
    title = None
    for tag in soup.find_all("title"):
        if tag.find_parent("svg") is None and tag.get_text(strip=True):
            title = tag.get_text()
            break
    if title is None:
        h1 = soup.find("h1")
        if h1 is not None and h1.get_text(strip=True):
            title = h1.get_text(" ")
    return Parsed(_HtmlRenderer().render(soup), {}, [], title)


def _decode_html(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:4096]
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            codec = None
        if codec is not None:
            # Browsers (WHATWG) read latin-1/ascii labels as windows-1252, and a utf-16 label
            # on a file without BOM cannot be right.
            if codec in ("iso8859-1", "ascii"):
                codec = "cp1252"
            elif codec.startswith("utf-16") or codec.startswith("utf-32"):
                codec = "utf-8"
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_HTML_DROP = frozenset(
    {
        "script", "style", "noscript", "nav", "header", "footer", "template", "svg",
        "head", "iframe", "object", "embed", "canvas",
    }
)  # fmt: skip
_HTML_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "details",
        "dialog", "div", "dl", "fieldset", "figcaption", "figure", "form", "hgroup", "html",
        "legend", "main", "p", "section", "summary", "table", "thead", "tbody", "tfoot",
    }
)  # fmt: skip
_HTML_LINE = frozenset({"dt", "dd", "option"})
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _HtmlRenderer:
    """Walks the soup iteratively (deep nesting must not hit the recursion limit).

    Output is built from lines separated by a newline or a blank line; the strongest break
    requested between two lines wins. Headings and table cells are "captured" so they end up
    on a single line no matter what markup they contain.
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self.buf: list[str] = []
        self.pending_break = 0
        self.pending_prefix = ""
        self.list_depth = 0
        self.captures: list[list[str]] = []
        self.rows: list[list[str]] = []

    def render(self, root: Any) -> str:
        from bs4 import NavigableString, Tag
        from bs4.element import PreformattedString

        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._leave(node)
            elif isinstance(node, NavigableString):
                # Comments, doctypes, CDATA and processing instructions are not content.
                if not isinstance(node, PreformattedString):
                    self._text(str(node))
            elif isinstance(node, Tag) and not self._skip(node):
                descend = self._enter(node)
                stack.append((node, True))
                if descend:
                    stack.extend((child, False) for child in reversed(node.contents))
        self._flush()
        return "".join(self.out)

    @staticmethod
    def _skip(tag: Any) -> bool:
        name = tag.name
        if name in _HTML_DROP:
            # An <header> inside an article is the article's own title block, not site chrome.
            if name == "header" and tag.find_parent(["article", "main"]) is not None:
                return False
            return True
        if tag.attrs.get("hidden") is not None or tag.attrs.get("aria-hidden") == "true":
            return True
        style = str(tag.attrs.get("style", "")).replace(" ", "").lower()
        return "display:none" in style

    def _enter(self, tag: Any) -> bool:
        name = tag.name
        if name in _HTML_HEADINGS or name in ("td", "th"):
            self._break(2 if name in _HTML_HEADINGS else 0)
            self.captures.append([])
        elif name == "tr":
            self._break(1)
            self.rows.append([])
        elif name in ("ul", "ol"):
            self._break(2 if self.list_depth == 0 else 1)
            self.list_depth += 1
        elif name == "li":
            self._break(1)
            if not self.captures:
                self.pending_prefix = "  " * max(self.list_depth - 1, 0) + "- "
        elif name == "br":
            self._break(1)
        elif name == "hr":
            self._break(2)
        elif name == "pre":
            self._break(2)
            self._pre(tag.get_text())
            return False
        elif name in _HTML_BLOCK:
            self._break(2)
        elif name in _HTML_LINE:
            self._break(1)
        return True

    def _leave(self, tag: Any) -> None:
        name = tag.name
        if name in _HTML_HEADINGS:
            text = _HTML_WS_RE.sub(" ", "".join(self.captures.pop())).strip()
            if text:
                self._line("#" * _HTML_HEADINGS[name] + " " + text)
            self._break(2)
        elif name in ("td", "th"):
            cell = _HTML_WS_RE.sub(" ", "".join(self.captures.pop())).strip()
            if self.rows:
                self.rows[-1].append(cell)
            else:  # stray cell outside a row: keep its text inline
                self._text(f" {cell} ")
        elif name == "tr":
            cells = self.rows.pop()
            if any(cells):
                self._line(" | ".join(cells))
            self._break(1)
        elif name in ("ul", "ol"):
            self.list_depth -= 1
            self._break(2 if self.list_depth == 0 else 1)
        elif name == "li":
            self._break(1)
            self.pending_prefix = ""
        elif name in ("pre", "hr") or name in _HTML_BLOCK:
            self._break(2)
        elif name in _HTML_LINE:
            self._break(1)

    def _text(self, text: str) -> None:
        (self.captures[-1] if self.captures else self.buf).append(text)

    def _break(self, strength: int) -> None:
        if self.captures:
            # Inside a heading or cell everything stays on one line.
            self.captures[-1].append(" ")
            return
        self._flush()
        # A list item's first line has not been written yet: a <p> inside <li> must not push
        # the item away from its bullet with a blank line.
        if not self.pending_prefix:
            self.pending_break = max(self.pending_break, strength)

    def _flush(self) -> None:
        line = _HTML_WS_RE.sub(" ", "".join(self.buf)).strip()
        self.buf.clear()
        if line:
            self._emit(line)

    def _line(self, line: str) -> None:
        if self.captures:  # a heading or row nested in a table cell
            self.captures[-1].append(f" {line} ")
        else:
            self._flush()
            self._emit(line)

    def _emit(self, line: str) -> None:
        if self.out:
            self.out.append("\n\n" if self.pending_break >= 2 else "\n")
        self.out.append(self.pending_prefix + line)
        self.pending_prefix = ""
        self.pending_break = 0

    def _pre(self, text: str) -> None:
        if self.captures:
            self.captures[-1].append(f" {text} ")
            return
        self._flush()
        for line in text.split("\n"):
            line = line.rstrip()
            if line.strip():
                self._emit(line)
                self.pending_break = 1
        self._break(2)

