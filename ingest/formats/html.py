"""HTML pages: the readable content as blocks, without navigation, scripts and page furniture.

h1-h6 become headings, p paragraphs, ul/ol/li list items (an <ol> keeps its numbers),
table/th/td tables (caption, header row from <thead> or a row of <th>), dl/dt/dd and
details/summary FAQ entries. Navigation, header, footer, aside, forms, cookie banners,
breadcrumbs, scripts and styles are dropped. Links keep their text; URLs never reach the text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from core.blocks import DocumentBuilder, clean_inline
from ingest.formats.common import (
    Limits,
    Parsed,
    normalise_newlines,
    reject_control_chars,
)
from ingest.formats.outline import Part, build, is_question, lines_of

_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.I)


def parse(data: bytes, limits: Limits, warnings: list[str]) -> Parsed:
    markup = normalise_newlines(_decode_html(data))
    reject_control_chars(markup, "an HTML")
    # Browsers ignore stray NULs in HTML; a real binary file is caught by the share check above.
    soup = soup_of(markup.replace("\x00", ""))
    title = None
    for tag in soup.find_all("title"):
        if tag.find_parent("svg") is None and tag.get_text(strip=True):
            title = tag.get_text()
            break
    if title is None:
        h1 = soup.find("h1")
        if h1 is not None and h1.get_text(strip=True):
            title = h1.get_text(" ")
    b = DocumentBuilder()
    build(HtmlReader().read(soup), b)
    text, blocks, _ = b.build()
    return Parsed(text, {}, [], title, blocks)


def soup_of(markup: str) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "lxml")


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


_DROP = frozenset(
    {
        "script", "style", "noscript", "nav", "header", "footer", "template", "svg",
        "head", "iframe", "object", "embed", "canvas", "aside", "form", "select", "textarea",
    }
)  # fmt: skip
# Elements that end the running text before and after them.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "details",
        "dialog", "div", "dl", "dt", "dd", "fieldset", "figcaption", "figure", "hgroup", "html",
        "legend", "main", "p", "section", "summary", "table", "thead", "tbody", "tfoot", "tr",
        "td", "th", "ul", "ol", "li", "pre", "hr", "option",
    }
)  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# FAQ elements (dl, dt, dd, details, summary) nested deeper than this are plain blocks.
_MAX_FAQ_DEPTH = 16
# Text in these is emphasised as a whole: a bold line or an accordion's button ending in "?"
# is a question.
_STRONG = frozenset({"strong", "b", "button"})
# ARIA landmarks of page furniture: the same as nav, header, footer, aside and search.
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
# Cookie/consent banners and breadcrumbs are ordinary divs: their id or class says what they are.
_CHROME_NAME_RE = re.compile(r"cookie|consent|gdpr|breadcrumb", re.I)
# The page itself may carry such a class ("cookies-accepted" on <body>): never dropped by it.
_CONTAINERS = frozenset({"html", "body", "main", "article"})


def skip(tag: Any) -> bool:
    """True for an element whose content is not part of the page's text."""
    name = tag.name
    if name in _DROP:
        # An <header> inside an article is the article's own title block, not site chrome.
        if name == "header" and tag.find_parent(["article", "main"]) is not None:
            return False
        # Some sites (ASP.NET WebForms) wrap the whole page in one <form>.
        if name == "form" and tag.find(["main", "article", "h1", "h2"]) is not None:
            return False
        return True
    attrs = tag.attrs
    if attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true":
        return True
    if "display:none" in str(attrs.get("style", "")).replace(" ", "").lower():
        return True
    if name in _CONTAINERS:
        return False
    if attrs.get("role") in _CHROME_ROLES:
        return True
    classes = attrs.get("class") or []
    classes = classes if isinstance(classes, list) else [classes]
    ident = " ".join([str(attrs.get("id") or ""), *classes])
    return bool(_CHROME_NAME_RE.search(ident))


_SPACE = object()


def inline_text(root: Any) -> str:
    """All text under `root` on one line (a heading, a table cell), skipping what `skip` drops."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    out: list[str] = []
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if node is _SPACE:
            out.append(" ")
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                out.append(str(node))
        elif isinstance(node, Tag) and (node is root or not skip(node)):
            if node.name == "br" or node.name in _BLOCK:
                out.append(" ")
                stack.append(_SPACE)  # popped after the element's content
            stack.extend(reversed(node.contents))
    return clean_inline("".join(out))


@dataclass
class _Frame:
    """Where parts go: the page, or an FAQ question or answer being collected."""

    parts: list[Part] = field(default_factory=list)
    lists: list[list[Any]] = field(default_factory=list)  # [ordered, next number] per open list
    items: list[str] = field(default_factory=list)  # the marker of each open <li>


class HtmlReader:
    """Walks the soup iteratively (deep nesting must not hit the recursion limit) and returns
    the page as `Part`s."""

    def __init__(self) -> None:
        self.frames = [_Frame()]
        self.buf: list[tuple[str, bool]] = []  # running text: (text, inside bold)
        self.bold = 0
        self.dls: list[list[list[list[str]]]] = []  # per open <dl>: [questions, answers] pairs
        self.details: list[list[Any]] = []  # per open <details>: [summary or None]
        # Elements that opened an FAQ frame above: their end closes it. Beyond _MAX_FAQ_DEPTH
        # nested FAQ elements are read as plain blocks (each level copies the lines below it).
        self.opened: set[int] = set()
        self.captions: dict[int, str] = {}  # id(table) -> its <figure>'s <figcaption>
        self.consumed: set[int] = set()

    def read(self, root: Any) -> list[Part]:
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
                    self.buf.append((str(node), self.bold > 0))
            elif isinstance(node, Tag) and id(node) not in self.consumed and not skip(node):
                descend = self._enter(node)
                stack.append((node, True))
                if descend:
                    stack.extend((child, False) for child in reversed(node.contents))
        self._flush()
        return self.frames[0].parts

    # -- output -----------------------------------------------------------------------------
    def _add(self, part: Part) -> None:
        self.frames[-1].parts.append(part)

    def _flush(self) -> None:
        """The running text so far ends: it is a paragraph, or the text of the open <li>."""
        text = clean_inline("".join(t for t, _ in self.buf))
        strong = all(b for t, b in self.buf if t.strip())
        self.buf.clear()
        if not text.strip():  # "<p>&nbsp;</p>" spacers hold no text
            return
        frame = self.frames[-1]
        if frame.items:
            self._add(Part("item", text, marker=frame.items[-1]))
        else:
            self._add(Part("paragraph", text, strong=strong))

    # -- elements ---------------------------------------------------------------------------
    def _enter(self, tag: Any) -> bool:
        name = tag.name
        if name in _STRONG:
            self.bold += 1
            return True
        if name == "br":
            # "<strong>Vraag?</strong><br>Antwoord": the bold question is a line of its own.
            text = "".join(t for t, _ in self.buf)
            if all(b for t, b in self.buf if t.strip()) and is_question(text):
                self._flush()
            else:
                self.buf.append((" ", self.bold > 0))
            return False
        if name not in _BLOCK and name not in _HEADINGS:
            return True  # inline: its text joins the running text
        self._flush()
        frame = self.frames[-1]
        if name in _HEADINGS:
            self._add(Part("heading", inline_text(tag), level=_HEADINGS[name]))
            return False
        if name == "table" and not _holds_layout(tag):
            rows, cells = _table_rows(tag)
            # A table of one column is a box around text: read as layout too.
            if any(len(row) > 1 for row in cells):
                self._add(self._table(tag, rows, cells))
                return False
        if name == "figure":
            self._figure_caption(tag)
        elif name == "pre":
            for para in re.split(r"\n\s*\n", tag.get_text()):
                self._add(Part("paragraph", clean_inline(para)))
            return False
        elif name in ("ul", "ol"):
            start = _int(tag.get("start"), 1) if name == "ol" else 1
            frame.lists.append([name == "ol", start])
        elif name == "li":
            lst = frame.lists[-1] if frame.lists else None
            if lst is not None and lst[0]:
                n = _int(tag.get("value"), lst[1])
                lst[1] = n + 1
                frame.items.append(f"{n}.")
            else:
                frame.items.append("•")
        elif len(self.frames) > _MAX_FAQ_DEPTH:
            pass
        elif name == "dl":
            self.dls.append([])
            self.opened.add(id(tag))
        elif (name in ("dt", "dd") and self.dls) or name == "details" or (
            name == "summary" and self.details and self.details[-1][0] is None
        ):
            if name == "details":
                self.details.append([None])
            self.frames.append(_Frame())
            self.opened.add(id(tag))
        return True

    def _leave(self, tag: Any) -> None:
        name = tag.name
        if name in _STRONG:
            self.bold -= 1
            return
        if name not in _BLOCK:
            return
        self._flush()
        frame = self.frames[-1]
        opened = id(tag) in self.opened
        self.opened.discard(id(tag))
        if name in ("ul", "ol") and frame.lists:
            frame.lists.pop()
            if not frame.lists and not frame.items:
                self._add(Part("end_list"))
        elif name == "li" and frame.items:
            frame.items.pop()
        elif name == "dt" and opened:
            question = " ".join(lines_of(self.frames.pop().parts))
            entries = self.dls[-1]
            if not entries or entries[-1][1]:
                entries.append([[], []])
            entries[-1][0].append(question)
        elif name == "dd" and opened:
            answer = lines_of(self.frames.pop().parts)
            entries = self.dls[-1]
            if not entries:
                entries.append([[], []])
            entries[-1][1].extend(answer)
        elif name == "dl" and opened:
            for questions, answer in self.dls.pop():
                self._qa(" ".join(q for q in questions if q), answer)
        elif name == "summary" and opened:
            self.details[-1][0] = " ".join(lines_of(self.frames.pop().parts))
        elif name == "details" and opened:
            (summary,) = self.details.pop()
            body = self.frames.pop().parts
            if summary:
                self._qa(summary, lines_of(body))
            else:  # no question: the content stays what it is
                self.frames[-1].parts.extend(body)

    def _qa(self, question: str, answer: list[str]) -> None:
        if question and answer:
            self._add(Part("qa", question, answer=answer))
        else:
            # A question whose answer lies outside its element (Markdown's raw "<details>
            # <summary>" line, a lone <dt>) still opens an FAQ entry: as a bold line does.
            if question:
                self._add(Part("paragraph", question, strong=True))
            for line in answer:
                self._add(Part("paragraph", line))

    # -- tables -----------------------------------------------------------------------------
    def _figure_caption(self, figure: Any) -> None:
        table = figure.find("table")
        caption = figure.find("figcaption")
        if table is not None and caption is not None and table.find("caption") is None:
            self.captions[id(table)] = inline_text(caption)
            self.consumed.add(id(caption))

    def _table(self, table: Any, rows: list[Any], cells: list[list[Any]]) -> Part:
        header: list[str] | None = None
        body = list(range(len(rows)))
        head_rows = [i for i, tr in enumerate(rows) if tr.parent.name == "thead"]
        if head_rows:
            first = head_rows[0]
        elif cells and cells[0] and all(c.name == "th" for c in cells[0]):
            first = 0
        else:
            first = None
        if first is not None:
            header = _row(cells[first], repeat=True)
            body.remove(first)
        caption_tag = table.find("caption")
        caption = inline_text(caption_tag) if caption_tag is not None else None
        caption = caption or self.captions.get(id(table))
        return Part("table", rows=[_row(cells[i], repeat=False) for i in body], header=header,
                    caption=caption)


def _table_rows(table: Any) -> tuple[list[Any], list[list[Any]]]:
    """The table's visible rows and each row's visible cells (it holds no nested table)."""
    rows = [
        tr for tr in table.find_all("tr")
        if not skip(tr) and not (tr.parent.name != "table" and skip(tr.parent))
    ]
    cells = [
        [c for c in tr.children if getattr(c, "name", None) in ("td", "th") and not skip(c)]
        for tr in rows
    ]
    return rows, cells


def _row(cells: list[Any], repeat: bool) -> list[str]:
    """A row's cell texts; a cell spanning n columns fills n (a header cell names them all,
    a data cell's value stands once) so the columns stay under their headers."""
    out: list[str] = []
    for c in cells:
        text = inline_text(c)
        span = min(_int(c.get("colspan"), 1), 50)
        out.extend([text] + [text if repeat else ""] * (span - 1))
    return out


def _holds_layout(table: Any) -> bool:
    """A table used for page layout, not data (its content is read as running text): marked
    so, or holding another table or a heading."""
    if table.get("role") in ("presentation", "none"):
        return True
    return table.find(["table", *_HEADINGS]) is not None


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default
