"""PDF files through pypdf, rebuilt into the blocks the author laid out.

A PDF holds positioned text runs, not paragraphs. One pass of pypdf's text extraction with a
visitor gives every run with its position, font size and font name; from those lines this
module rebuilds what a reader sees:

- running headers, footers and page numbers (a line at the top or bottom of at least half
  the pages, equal once digits are replaced by '#'; "pagina 3", "3 / 12", "- 3 -") dropped;
- headings: a font size clearly above the body's (level by size rank), a bold short line,
  a numbered short line ("2.1 Doelen"), a short line without end punctuation before a
  paragraph;
- paragraphs joined from wrapped lines (hyphenated line ends joined, "LOB-" kept), ending at
  a vertical gap, an indent change, or a sentence end on a shorter line;
- list items: a bullet or number with its text (a marker alone on its line joins the next);
- tables: consecutive lines whose text runs stand apart in columns that line up, first row
  the header. The runs already carry the cells' positions; a second pass in pypdf's layout
  mode (columns as runs of spaces) on the pages with such lines measured 1.8-2.4x the
  time of a plain extraction on whole documents, this single pass 1.1-1.3x.
"""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass, field
from statistics import median

from core.blocks import DocumentBuilder, clean_inline
from ingest.formats.common import (
    Limits,
    LoaderError,
    Parsed,
    check_chars,
    reason,
)

logger = logging.getLogger(__name__)

# "pagina 3", "Page 3 of 12", "3 / 12", "- 3 -", "blz. 3", a bare number.
_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:pagina|page|pag\.?|blz\.?|p\.)\s*)?[-–—]?\s*\d{1,4}\s*"
    r"(?:(?:/|van|of)\s*\d{1,4})?\s*[-–—]?$",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"\d+")
_BULLET_GLYPHS = "•·●▪■◦○►▸➢➤✓✔\uf0b7\uf0a7"  # \uf0b7: Symbol-font bullet in Word exports
# A bullet and its text; a dash, "*" or "o" (Word's second level) only with a space after
# it, so a wrapped "-begeleiding" stays text.
_BULLET_RE = re.compile(rf"^(?:([{re.escape(_BULLET_GLYPHS)}])\s*|([-–—*o])(?:\s+|$))(.*)$")
# "1." / "1)" / "a." and the step's text; "2.1 Doelen" is not an item (a heading number).
_NUMBERED_RE = re.compile(r"^(\d{1,2}[.)]|[a-z][.)])(?:\s+(\S.*))?$")
# "2.1 Doelen", "3 Cijfers": a section number before a title.
_HEADING_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_SENTENCE_END = ".!?:"
_NO_HEADING_END = ".,;:!-"
_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_CAPTION_RE = re.compile(r"^(?:tabel|table)\s*\d+", re.IGNORECASE)

_HEADING_SIZE_RATIO = 1.15  # "clearly above" the body's size
_MAX_HEADING_WORDS = 14
_HF_LINES = 2  # lines at each page edge that may be a running header or footer


@dataclass
class _Line:
    page: int
    x: float
    y: float
    size: float
    bold: bool
    text: str
    runs: list[tuple[float, str, float]] = field(default_factory=list)  # (x, text, size)


def parse(data: bytes, limits: Limits, warnings: list[str]) -> Parsed:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    # The spec allows junk before the header, but only within the first 1 KB.
    if b"%PDF-" not in data[:1024]:
        raise LoaderError("corrupt or unreadable PDF: no PDF header")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many "protected" PDFs only restrict printing/copying and open with no password.
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise LoaderError("encrypted PDF (password required)")
        # Count before extracting: a 2000-page PDF took 13 minutes and 800 MB to extract.
        count = len(reader.pages)
        if limits.max_pdf_pages is not None and count > limits.max_pdf_pages:
            raise LoaderError(
                f"PDF has {count} pages; the limit is {limits.max_pdf_pages} (LOB_MAX_PDF_PAGES)"
            )
        pages = list(reader.pages)
    except LoaderError:
        raise
    except DependencyError as exc:
        raise LoaderError(f"encrypted PDF that cannot be decrypted here ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on malformed files
        raise LoaderError(f"corrupt or unreadable PDF: {reason(exc)}") from exc
    if not pages:
        raise LoaderError("corrupt or unreadable PDF: no pages")

    page_lines: list[list[_Line]] = []
    failure: Exception | None = None
    chars = 0
    for number, page in enumerate(pages, start=1):
        try:
            lines = _page_lines(page, number)
        except Exception as exc:  # noqa: BLE001 - one broken page should not sink the rest
            logger.warning("PDF page %d: text extraction failed: %s", number, reason(exc))
            failure, lines = exc, []
        page_lines.append(lines)
        # Stop extracting as soon as the text is over the limit, not after the last page.
        chars += sum(len(ln.text) + 1 for ln in lines) + (2 if number > 1 else 0)
        check_chars(chars, limits.max_chars)
    if not any(page_lines):
        if failure is not None:
            raise LoaderError(f"corrupt or unreadable PDF: {reason(failure)}")
        raise LoaderError("PDF has no text layer (scanned?); OCR is not supported")

    kept = _drop_running_lines(page_lines)
    # Identical pages (every line "repeats"): better the repeats than an empty document.
    page_lines = kept if any(kept) else page_lines
    tables = {}
    for lines in page_lines:
        tables.update(_find_tables(lines))

    b = DocumentBuilder()
    _Assembler(b, page_lines, tables).run()
    text, blocks, page_starts = b.build()
    # Pages after the last text still start somewhere: at the end of the text.
    while len(page_starts) < len(pages):
        page_starts.append(len(text))

    title, meta = None, {}
    try:
        info = reader.metadata
        title = str(info.title) if info is not None and info.title else None
        # The document's date when the text gives none (ingest/dates.py).
        made = info and (info.get("/ModDate") or info.get("/CreationDate"))
        if made:
            meta["date"] = str(made)
    except Exception:  # noqa: BLE001 - a broken info dict only costs us the title and date
        title = None
    return Parsed(text, meta, page_starts, title, blocks)


# --- reading runs into lines -----------------------------------------------------------------


def _page_lines(page, number: int) -> list[_Line]:
    """The page's printed lines, in content-stream order, from pypdf's text runs."""
    lines: list[_Line] = []
    # Per line: characters per (size, bold), to pick the line's dominant font.
    fonts: list[dict[tuple[float, bool], int]] = []
    bold_cache: dict[str, bool] = {}

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text or text.isspace():
            return
        # The run's origin and size on the page: text matrix times current matrix.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        size = round(float(font_size or 0) * (scale or 1.0), 1)
        name = str(font_dict.get("/BaseFont", "")) if font_dict is not None else ""
        bold = bold_cache.get(name)
        if bold is None:
            bold = bold_cache[name] = bool(_BOLD_RE.search(name))
        pieces = text.replace("\x00", "").split("\n") if "\n" in text or "\x00" in text else (text,)
        for i, piece in enumerate(pieces):
            if not piece.strip():
                continue
            cur = lines[-1] if lines else None
            new = (
                cur is None
                or i > 0
                # Another baseline: half a line's height away (superscripts stay on it).
                or abs(y - cur.y) > 0.5 * max(1.0, min(size, cur.size))
            )
            if new:
                lines.append(_Line(number, x, y, size, bold, "", []))
                fonts.append({})
                cur = lines[-1]
            cur.text += piece
            cur.runs.append((x, piece, size))
            weight = len(piece) - piece.count(" ")
            fonts[-1][(size, bold)] = fonts[-1].get((size, bold), 0) + weight

    page.extract_text(visitor_text=visit)
    out = []
    for line, counts in zip(lines, fonts):
        line.text = clean_inline(line.text)
        if not line.text:
            continue
        line.size, line.bold = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        # Bold only when all of it is: one bold word does not make a heading.
        line.bold = all(bold for (_, bold) in counts)
        out.append(line)
    return out


def _drop_running_lines(page_lines: list[list[_Line]]) -> list[list[_Line]]:
    """Without running headers, footers and page numbers."""

    def edges(lines: list[_Line]) -> list[_Line]:
        if len(lines) < 2:
            return []  # a page's only line is its content
        n = min(_HF_LINES, len(lines) - 1)
        by_y = sorted(lines, key=lambda ln: -ln.y)
        return by_y[:n] + by_y[-n:]

    page_edges = [edges(lines) for lines in page_lines]
    seen: dict[str, int] = {}
    for lines in page_edges:
        for key in {_DIGITS_RE.sub("#", ln.text.casefold()) for ln in lines}:
            seen[key] = seen.get(key, 0) + 1
    with_text = sum(1 for lines in page_lines if lines)
    need = max(2, math.ceil(with_text / 2))
    out = []
    for lines, edge in zip(page_lines, page_edges):
        drop = {
            id(ln) for ln in edge
            if _PAGE_NUMBER_RE.match(ln.text)
            or seen[_DIGITS_RE.sub("#", ln.text.casefold())] >= need
        }
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


# --- tables ----------------------------------------------------------------------------------


def _is_marker_line(text: str) -> bool:
    return bool(_BULLET_RE.match(text) or _NUMBERED_RE.match(text))


def _cells(line: _Line) -> list[tuple[float, float, str]]:
    """The line's runs grouped into cells (start x, estimated end x, text): a run that starts
    well past where the previous one ends (by an estimate of 0.6 em per character, which
    overestimates most text) starts a new cell. Inline font changes stay in one cell."""
    cells: list[list] = []
    for x, text, size in line.runs:
        end = x + 0.6 * size * len(text.strip())
        if cells and x - cells[-1][1] < 1.5 * size:
            cells[-1][1] = max(cells[-1][1], end)
            cells[-1][2] += text
        else:
            cells.append([x, end, text])
    return [(a, b, clean_inline(t)) for a, b, t in cells if t.strip()]


def _find_tables(lines: list[_Line]) -> dict[int, tuple[list[list[str]], int]]:
    """Tables drawn cell by cell on one page: two or more consecutive lines whose cells line
    up in two or more columns. Keyed by id() of the first line: (rows, number of lines); the
    first row is the header."""
    found: dict[int, tuple[list[list[str]], int]] = {}
    i = 0
    while i < len(lines):
        head = _cells(lines[i]) if not _is_marker_line(lines[i].text) else []
        if len(head) < 2:
            i += 1
            continue
        rows = [[c for _, _, c in head]]
        j = i + 1
        while j < len(lines):
            prev, line = lines[j - 1], lines[j]
            if not 0 < prev.y - line.y <= 3 * line.size or _is_marker_line(line.text):
                break
            row = _fit_row(_cells(line), head, line.size)
            if row is None:
                break
            rows.append(row)
            j += 1
        if len(rows) >= 2:
            found[id(lines[i])] = (rows, len(rows))
            i = j
        else:
            i += 1
    return found


def _fit_row(
    cells: list[tuple[float, float, str]], head: list[tuple[float, float, str]], size: float
) -> list[str] | None:
    """The row's cells in the header's columns, or None when they do not line up."""
    if len(cells) < 2:
        return None
    row = [""] * len(head)
    for x, end, value in cells:
        # Left-aligned cells start where the header does; others overlap its span.
        fits = [
            k for k, (hx, hend, _) in enumerate(head)
            if abs(hx - x) <= size or (x < hend and hx < end)
        ]
        if not fits:
            return None
        col = min(fits, key=lambda k: abs(head[k][0] - x))
        if row[col]:
            return None
        row[col] = value
    return row


# --- lines to blocks -------------------------------------------------------------------------


@dataclass
class _Open:
    """The paragraph or list item being built."""

    kind: str  # "paragraph" | "item"
    page: int
    text: str
    first: _Line
    last: _Line
    marker: str = ""
    text_x: float = 0.0
    n_lines: int = 1


class _Assembler:
    def __init__(
        self, b: DocumentBuilder, page_lines: list[list[_Line]],
        tables: dict[int, tuple[list[list[str]], int]],
    ) -> None:
        self.b = b
        self.page_lines = page_lines
        self.tables = tables
        lines = [ln for page in page_lines for ln in page]
        self.body = _body_size(lines)
        self.spacing = _line_spacing(page_lines, self.body)
        lengths = sorted(len(ln.text) for ln in lines if abs(ln.size - self.body) < 0.6)
        self.full_len = lengths[int(len(lengths) * 0.8)] if lengths else 60
        big = sorted(
            {round(ln.size * 2) / 2 for ln in lines if ln.size > self.body * _HEADING_SIZE_RATIO},
            reverse=True,
        )
        self.size_level = {s: i + 1 for i, s in enumerate(big[:5])}
        self.minor_level = min(len(self.size_level) + 1, 6)
        self.open: _Open | None = None
        self.pending_marker: str | None = None
        # A heading is held until the next line: a title wrapped over two lines is one heading.
        self.heading: tuple[int, str, _Line] | None = None
        self.list_kind: str | None = None  # "bullet" | "number": a new kind is a new list
        self.page = 0

    def run(self) -> None:
        for number, lines in enumerate(self.page_lines, start=1):
            self.page = number
            i = 0
            while i < len(lines):
                line = lines[i]
                table = self.tables.get(id(line))
                if table is not None:
                    self._table(table[0], lines[i - 1] if i else None)
                    i += table[1]
                    continue
                self._line(line, lines[i + 1] if i + 1 < len(lines) else None)
                i += 1
        self._close()
        self._flush_heading()

    # -- one line ---------------------------------------------------------------------------
    def _line(self, line: _Line, nxt: _Line | None) -> None:
        text = line.text
        if self.pending_marker is not None:
            marker, self.pending_marker = self.pending_marker, None
            self._start_item(line, marker, text, line.x)
            return
        level = self._heading_level(line, nxt)
        if level:
            self._heading(line, level)
            return
        item = _item(text)
        if item is not None:
            marker, body = item
            if not body:  # a bullet glyph alone on its line: its text is on the next one
                self._close()
                self.pending_marker = marker
                return
            text_x = line.runs[1][0] if len(line.runs) > 1 else line.x + line.size
            self._start_item(line, marker, body, text_x)
            return
        if self.open is not None and self._continues(self.open, line):
            self.open.text = _join(self.open.text, text)
            self.open.last = line
            self.open.n_lines += 1
            return
        self._close()
        self.open = _Open("paragraph", line.page, text, line, line)

    def _start_item(self, line: _Line, marker: str, text: str, text_x: float) -> None:
        self._close()
        self.open = _Open("item", line.page, text, line, line, marker, text_x)

    def _heading(self, line: _Line, level: int) -> None:
        self._close()
        held = self.heading
        if (
            held is not None and held[0] == level and held[2].page == line.page
            and held[2].size == line.size and held[2].bold == line.bold
            and 0 < held[2].y - line.y <= 1.6 * line.size
            and not _HEADING_NUMBER_RE.match(line.text)
        ):
            self.heading = (level, _join(held[1], line.text), line)
            return
        self._flush_heading()
        self.heading = (level, line.text, line)

    def _flush_heading(self) -> None:
        if self.heading is not None:
            level, text, line = self.heading
            self.heading = None
            self.b.page(line.page)
            self.b.heading(text, level)
            self.list_kind = None

    def _table(self, rows: list[list[str]], before: _Line | None) -> None:
        caption = None
        cur = self.open
        if (
            before is not None and cur is not None and cur.first is before
            and cur.n_lines == 1 and _CAPTION_RE.match(before.text)
        ):
            caption, self.open = before.text, None
        self._close()
        self._flush_heading()
        self.b.page(self.page)
        self.b.table(rows[1:], header=rows[0], caption=caption)
        self.list_kind = None

    def _close(self) -> None:
        cur, self.open = self.open, None
        self.pending_marker = None
        if cur is None:
            return
        self._flush_heading()
        self.b.page(cur.page)
        if cur.kind == "item":
            kind = "number" if cur.marker[0].isalnum() else "bullet"
            if self.list_kind not in (None, kind):
                self.b.end_list()
            self.list_kind = kind
            self.b.list_item(cur.text, marker=cur.marker)
        else:
            self.list_kind = None
            self.b.paragraph(cur.text)

    # -- decisions --------------------------------------------------------------------------
    def _continues(self, cur: _Open, line: _Line) -> bool:
        prev = cur.last
        if abs(prev.size - line.size) > 0.6 or prev.bold != line.bold:
            return False
        tol = 0.6 * line.size
        if prev.page != line.page:
            # A paragraph running over a page break: the sentence was not finished.
            return (
                cur.kind == "paragraph" and prev.text[-1] not in _SENTENCE_END
                and line.text[:1].islower() and abs(line.x - cur.first.x) <= 3 * tol
            )
        gap = prev.y - line.y
        if gap <= 0 or gap > self.spacing * 1.35 + 0.1 * line.size:
            return False
        if prev.text[-1] in _SENTENCE_END and len(prev.text) < 0.8 * self.full_len:
            return False
        if cur.kind == "item":
            return line.x >= cur.text_x - tol
        if abs(line.x - prev.x) <= tol:
            return True
        # A first line indented, the rest at the margin.
        return cur.n_lines == 1 and line.x < prev.x

    def _heading_level(self, line: _Line, nxt: _Line | None) -> int:
        text = line.text
        if len(text.split()) > _MAX_HEADING_WORDS or not any(c.isalpha() for c in text):
            return 0
        level = self.size_level.get(round(line.size * 2) / 2)
        if level:
            return level
        if text[-1] in _NO_HEADING_END or _item(text) is not None:
            return 0
        if line.bold and line.size > self.body - 0.6:
            return self.minor_level
        if self.open is not None and self._continues(self.open, line):
            return 0  # the last line of a paragraph, not a title
        numbered = _HEADING_NUMBER_RE.match(text)
        if numbered and text[numbered.end() - 1].isupper():
            depth = numbered.group(1).count(".") + 1
            return min(self.minor_level + depth - 1, 6)
        # A short line with a paragraph of full lines right under it.
        if (
            nxt is not None and nxt.page == line.page and text[:1].isupper()
            and len(text) < 0.6 * self.full_len and len(nxt.text) >= 0.6 * self.full_len
            and abs(nxt.size - line.size) < 0.6 and abs(nxt.x - line.x) <= 0.6 * line.size
            and 0 < line.y - nxt.y <= self.spacing * 1.35 + 0.1 * line.size
        ):
            return self.minor_level
        return 0


def _item(text: str) -> tuple[str, str] | None:
    """(marker, item text) when the line starts a list item."""
    m = _BULLET_RE.match(text)
    if m:
        body = m.group(3).strip()
        # "- 3 -" and a dash before a number are not bullets.
        if m.group(2) and body[:1].isdigit():
            return None
        return "•", body
    m = _NUMBERED_RE.match(text)
    if m:
        return m.group(1), (m.group(2) or "").strip()
    return None


def _join(text: str, more: str) -> str:
    """Two wrapped lines as one: a hyphen at the line end joins the word, except after a
    capital or digit ("LOB-programma") or before a capital ("Noord-Holland")."""
    if len(text) >= 2 and text[-1] == "-" and text[-2].isalpha():
        if text[-2].islower() and more[:1].islower():
            return text[:-1] + more
        return text + more
    return f"{text} {more}"


def _body_size(lines: list[_Line]) -> float:
    """The font size most of the text is set in (character-weighted)."""
    weights: dict[float, int] = {}
    for ln in lines:
        weights[ln.size] = weights.get(ln.size, 0) + len(ln.text)
    if not weights:
        return 10.0
    return max(weights.items(), key=lambda kv: (kv[1], -kv[0]))[0]


def _line_spacing(page_lines: list[list[_Line]], body: float) -> float:
    """The usual distance between two body lines of one paragraph."""
    gaps = [
        round(a.y - b.y, 1)
        for lines in page_lines for a, b in zip(lines, lines[1:])
        if abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6 and 0 < a.y - b.y < 3 * body
    ]
    return float(median(gaps)) if gaps else 1.2 * body
