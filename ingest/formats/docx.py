"""Word (.docx) files: python-docx opens them, the body's XML is read for its structure.

A .docx says what its parts are, so the document is built from that, not guessed from lines:

- headings by paragraph style ("Heading N"/"Kop N", "Title"/"Titel", or an outline level),
  also through styles based on them;
- lists by numbering (w:numPr on the paragraph or its style) or a list style; python-docx
  does not render numbers, so they are counted here the way Word counts them: per list
  (numId) and level, a deeper level restarting under each new item above it;
- tables with their header row: rows marked "repeat as header row" (w:tblHeader), else the
  first row when it looks like one; a one-column table is a box around text, not data;
- content controls (w:sdt), tracked insertions, hyperlinks and text boxes are read through.

Many schools' documents use no heading styles at all: their headings are bold (or large)
short lines. There, such a line is a heading, its level ranked by font size; a bold line
ending in "?" followed by text is a question with its answer (a `qa` block); a bold label
("Doel:") is a heading for the text under it, or the lead-in of the list right after it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from core.blocks import DocumentBuilder, clean_inline
from core.text import LIST_ITEM
from ingest.formats.common import (
    MB,
    Limits,
    LoaderError,
    Parsed,
    reason,
)

# A .docx may legitimately inflate a lot (XML compresses well), but not without bound.
_DOCX_INFLATION_FACTOR = 20
_DOCX_MAX_UNCOMPRESSED = 500 * MB
_DOCX_HEADING_RE = re.compile(r"^(?:heading|kop)\s*([1-9])$", re.I)
_TITLE_STYLES = ("title", "titel")
# The table of contents repeats the headings with page numbers: noise for retrieval.
_TOC_STYLE_RE = re.compile(r"^(?:toc|inhopg)\s*\d$", re.I)
_CAPTION_STYLES = ("caption", "bijschrift")
_CAPTION_TEXT_RE = re.compile(r"^(?:tabel|table)\s+\d+\b", re.I)
_BULLET_STYLE_RE = re.compile(r"bullet|opsomming", re.I)
_NUMBER_STYLE_RE = re.compile(r"number|nummering", re.I)
_MANUAL_MARKER_RE = re.compile(r"^\s*([-*•–·▪◦]|\d{1,2}[.)])\s+")

# A heading is a title, not a sentence (the same bounds as ingest/plaintext.py).
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 10
# A bold question may be longer than a heading and still be one line of an FAQ.
_QUESTION_MAX_CHARS = 150
_QUESTION_MAX_WORDS = 20
# Text this much larger than the body text stands out like bold does.
_LARGER_PT = 2.0
# A header cell names a column: short, and not a sentence.
_HEADER_CELL_MAX_CHARS = 60
_HEADER_CELL_MAX_WORDS = 8
_MAX_STYLE_DEPTH = 10

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OFF = ("0", "false", "off", "none")


def parse(data: bytes, limits: Limits, warnings: list[str]) -> Parsed:
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoaderError("not a valid .docx (not a zip file)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            declared = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise LoaderError(f"not a valid .docx (corrupt zip: {reason(exc)})") from exc
    # zipfile stops inflating an entry at its declared size, so checking the declared total
    # bounds what python-docx can ever decompress.
    limit = min(_DOCX_INFLATION_FACTOR * limits.max_bytes, _DOCX_MAX_UNCOMPRESSED)
    if declared > limit:
        raise LoaderError(
            f"refusing .docx: uncompressed size {declared / MB:.1f} MB exceeds "
            f"{limit / MB:.1f} MB (possible zip bomb)"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, ValueError, ...
        raise LoaderError(f"not a valid .docx ({reason(exc)})") from exc

    items = _Reader(document).read()
    builder = DocumentBuilder()
    _build(items, builder)
    text, blocks, _ = builder.build()

    meta = {}
    try:
        props = document.core_properties
        title = props.title or None
        # The document's date when no front matter gives one (ingest/dates.py).
        made = props.modified or props.created
        if made:
            meta["date"] = made.date().isoformat()
    except Exception:  # noqa: BLE001 - broken core properties only cost us the title and date
        title = None
    return Parsed(text, meta, [], title, blocks)


# --- what the body holds -------------------------------------------------------------------


@dataclass
class _Para:
    text: str
    heading: int = 0  # level given by its style or outline level; 0: not a styled heading
    marker: str | None = None  # how the document shows it as a list item ("•", "3.")
    list_key: str | None = None  # which list it belongs to
    ilvl: int = 0
    bold: bool = False  # every run with text is bold
    size: float = 0.0  # smallest font size (pt) of its text
    caption: bool = False  # styled as a caption


@dataclass
class _Table:
    rows: list[list[str]]
    header: list[str] | None = None


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """numbering.xml: which list (numId) shows which marker at which level."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> _Level
    starts: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> startOverride
    style_levels: dict[tuple[str, str], int] = field(default_factory=dict)  # (numId, pStyle)


def _on(el: Any) -> bool:
    """A toggle property (w:b, w:tblHeader): present and not switched off."""
    return el is not None and (el.get(f"{_W}val") or "1").lower() not in _OFF


def _val(el: Any) -> str | None:
    return None if el is None else el.get(f"{_W}val")


class _Reader:
    """Walks the body's XML in reading order into paragraphs and tables."""

    def __init__(self, document: Any) -> None:
        self.body = document.element.body
        self.styles: dict[str, Any] = {}
        self.default_para_style: str | None = None
        self.default_rpr: Any = None
        styles_el = document.styles.element
        for st in styles_el.iterchildren(f"{_W}style"):
            sid = st.get(f"{_W}styleId")
            if sid is None:
                continue
            self.styles.setdefault(sid, st)
            if st.get(f"{_W}type") == "paragraph" and _on_attr(st.get(f"{_W}default")):
                self.default_para_style = sid
        defaults = styles_el.find(f"{_W}docDefaults")
        if defaults is not None:
            self.default_rpr = defaults.find(f"{_W}rPrDefault/{_W}rPr")
        self.numbering = self._read_numbering(document)
        self.counters: dict[str, list[int | None]] = {}

    # -- the walk ---------------------------------------------------------------------------
    def read(self) -> list[_Para | _Table]:
        items: list[_Para | _Table] = []
        # Walk the XML instead of iter_inner_content(): content controls (w:sdt, e.g. cover
        # pages) hold real paragraphs that python-docx would otherwise skip.
        self._walk(list(self.body), items)
        return items

    def _walk(self, elements: list[Any], items: list[_Para | _Table]) -> None:
        for el in elements:
            if el.tag == f"{_W}p":
                self._paragraph(el, items)
            elif el.tag == f"{_W}tbl":
                self._table(el, items)
            elif el.tag == f"{_W}sdt":
                # Content controls (cover pages, forms) hold real paragraphs.
                content = el.find(f"{_W}sdtContent")
                if content is not None:
                    self._walk(list(content), items)
            elif el.tag in (f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"):
                self._walk(list(el), items)

    def _paragraph(self, p: Any, items: list[_Para | _Table]) -> None:
        style_id = _val(p.find(f"{_W}pPr/{_W}pStyle")) or self.default_para_style
        chain = self._chain(style_id)
        names = [(_val(st.find(f"{_W}name")) or "").strip() for st in chain]
        if any(_TOC_STYLE_RE.match(n) for n in names):
            return
        text, runs, boxes = self._inline(p)
        # Counted before the empty check: Word numbers an empty list paragraph too.
        marker, list_key, ilvl = self._list_marker(p, style_id, chain, names)
        text = clean_inline(text)
        if text:
            heading = self._heading_level(p, chain, names)
            if heading and marker and marker != "•":
                # A numbered heading ("2.1 Werkwijze") reads with its number.
                text, marker = f"{marker} {text}", None
            elif heading:
                marker = None
            elif marker is None:
                # A marker typed by hand ("- ", "1. "): a list item all the same.
                manual = _MANUAL_MARKER_RE.match(text)
                if manual and LIST_ITEM.match(text):
                    sign = manual.group(1)
                    marker = sign if sign[0].isdigit() else "•"
                    text, list_key = text[manual.end():], "manual"
            text_runs = [r for r in runs if r[0].strip()]
            bold = bool(text_runs) and all(self._run_bold(r[1], chain) for r in text_runs)
            sizes = [self._run_size(r[1], chain) for r in text_runs]
            items.append(
                _Para(
                    text, heading=heading, marker=marker, list_key=list_key, ilvl=ilvl,
                    bold=bold, size=min(sizes) if sizes else 0.0,
                    caption=any(n.lower() in _CAPTION_STYLES for n in names),
                )
            )
        for box in boxes:
            # Text boxes come after the paragraph they are anchored to.
            self._walk(list(box), items)

    def _inline(self, p: Any) -> tuple[str, list[tuple[str, Any]], list[Any]]:
        """The paragraph's text, its runs (text, rPr) and the text boxes anchored in it."""
        parts: list[str] = []
        runs: list[tuple[str, Any]] = []
        boxes: list[Any] = []

        def walk(el: Any) -> None:
            for child in el:
                tag = child.tag
                if tag == f"{_W}r":
                    run_text = []
                    for rc in child:
                        t = rc.tag
                        if t == f"{_W}t":
                            run_text.append(rc.text or "")
                        elif t in (f"{_W}tab", f"{_W}ptab", f"{_W}br", f"{_W}cr"):
                            run_text.append(" ")
                        elif t == f"{_W}noBreakHyphen":
                            run_text.append("-")
                        elif t in (f"{_W}drawing", f"{_W}pict", f"{_MC}AlternateContent"):
                            _find_boxes(rc, boxes)
                    s = "".join(run_text)
                    parts.append(s)
                    runs.append((s, child.find(f"{_W}rPr")))
                elif tag == f"{_W}sdt":
                    content = child.find(f"{_W}sdtContent")
                    if content is not None:
                        walk(content)
                elif tag in (
                    f"{_W}hyperlink", f"{_W}ins", f"{_W}moveTo", f"{_W}smartTag",
                    f"{_W}customXml", f"{_W}fldSimple", f"{_W}dir", f"{_W}bdo",
                ):
                    walk(child)
                # w:del and w:moveFrom hold deleted text: not part of the document.

        walk(p)
        return "".join(parts), runs, boxes

    # -- styles -----------------------------------------------------------------------------
    def _chain(self, style_id: str | None) -> list[Any]:
        """The style and the styles it is based on, nearest first."""
        chain: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < _MAX_STYLE_DEPTH:
            seen.add(style_id)
            st = self.styles.get(style_id)
            if st is None:
                break
            chain.append(st)
            style_id = _val(st.find(f"{_W}basedOn"))
        return chain

    def _heading_level(self, p: Any, chain: list[Any], names: list[str]) -> int:
        for name in names:
            m = _DOCX_HEADING_RE.match(name)
            if m:
                return int(m.group(1))
            if name.lower() in _TITLE_STYLES:
                return 1
        for ppr in [p.find(f"{_W}pPr")] + [st.find(f"{_W}pPr") for st in chain]:
            outline = _val(ppr.find(f"{_W}outlineLvl")) if ppr is not None else None
            if outline is not None and outline.isdigit():
                # Outline level 9 is body text.
                return int(outline) + 1 if int(outline) < 9 else 0
        return 0

    def _run_prop(self, rpr: Any, chain: list[Any], tag: str) -> Any:
        """The run property `tag` as it applies: the run, its character style, the paragraph
        style, the document defaults."""
        sources = [rpr]
        if rpr is not None:
            sources += [st.find(f"{_W}rPr") for st in self._chain(_val(rpr.find(f"{_W}rStyle")))]
        sources += [st.find(f"{_W}rPr") for st in chain] + [self.default_rpr]
        for src in sources:
            if src is not None:
                el = src.find(tag)
                if el is not None:
                    return el
        return None

    def _run_bold(self, rpr: Any, chain: list[Any]) -> bool:
        return _on(self._run_prop(rpr, chain, f"{_W}b"))

    def _run_size(self, rpr: Any, chain: list[Any]) -> float:
        val = _val(self._run_prop(rpr, chain, f"{_W}sz"))
        try:
            return int(val) / 2 if val else 0.0  # half-points
        except ValueError:
            return 0.0

    # -- numbering --------------------------------------------------------------------------
    def _read_numbering(self, document: Any) -> _Numbering:
        numbering = _Numbering()
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: lists fall back to their style
            return numbering
        abstracts: dict[str, Any] = {
            a.get(f"{_W}abstractNumId"): a for a in root.iterchildren(f"{_W}abstractNum")
        }
        nums = {n.get(f"{_W}numId"): n for n in root.iterchildren(f"{_W}num")}
        for num_id, num in nums.items():
            abstract = abstracts.get(_val(num.find(f"{_W}abstractNumId")))
            # An abstract list may only point at a numbering style, which points at the list
            # that defines the levels.
            for _ in range(3):
                if abstract is None or abstract.find(f"{_W}lvl") is not None:
                    break
                link = _val(abstract.find(f"{_W}numStyleLink"))
                st = self.styles.get(link) if link else None
                linked = _val(st.find(f"{_W}pPr/{_W}numPr/{_W}numId")) if st is not None else None
                target = nums.get(linked) if linked else None
                abstract = (
                    abstracts.get(_val(target.find(f"{_W}abstractNumId")))
                    if target is not None else None
                )
            levels: dict[int, _Level] = {}
            if abstract is not None:
                for lvl in abstract.iterchildren(f"{_W}lvl"):
                    ilvl = _int(lvl.get(f"{_W}ilvl"), 0)
                    levels[ilvl] = _Level(
                        fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
                        text=_val(lvl.find(f"{_W}lvlText")) or "",
                        start=_int(_val(lvl.find(f"{_W}start")), 1),
                    )
                    pstyle = _val(lvl.find(f"{_W}pStyle"))
                    if pstyle:
                        numbering.style_levels[(num_id, pstyle)] = ilvl
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"), 0)
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    numbering.starts.setdefault(num_id, {})[ilvl] = _int(_val(start), 1)
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    levels[ilvl] = _Level(
                        fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
                        text=_val(lvl.find(f"{_W}lvlText")) or "",
                        start=_int(_val(lvl.find(f"{_W}start")), 1),
                    )
            numbering.levels[num_id] = levels
        return numbering

    def _list_marker(
        self, p: Any, style_id: str | None, chain: list[Any], names: list[str]
    ) -> tuple[str | None, str | None, int]:
        """(marker, list key, level) of a numbered or bulleted paragraph, else (None, ...)."""
        num_id = ilvl = None
        for ppr in [p.find(f"{_W}pPr")] + [st.find(f"{_W}pPr") for st in chain]:
            numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if numpr is None:
                continue
            num_id = num_id or _val(numpr.find(f"{_W}numId"))
            ilvl = ilvl if ilvl is not None else _val(numpr.find(f"{_W}ilvl"))
        if num_id == "0":
            return None, None, 0  # numbering switched off on this paragraph
        if num_id is None:
            # A list style without numbering (or whose numbering was lost).
            if any(_BULLET_STYLE_RE.search(n) for n in names):
                return "•", f"style:{style_id}", 0
            if any(_NUMBER_STYLE_RE.search(n) for n in names):
                return self._count(f"style:{style_id}", 0, {0: _Level()}), f"style:{style_id}", 0
            return None, None, 0
        level = _int(ilvl, -1)
        if level < 0:
            level = next(
                (lv for (n, s), lv in self.numbering.style_levels.items()
                 if n == num_id and s == style_id), 0,
            )
        level = min(max(level, 0), 8)
        levels = self.numbering.levels.get(num_id)
        if levels is None:
            numbered = any(_NUMBER_STYLE_RE.search(n) for n in names)
            levels = {level: _Level() if numbered else _Level(fmt="bullet")}
        return self._count(num_id, level, levels), num_id, level

    def _count(self, num_id: str, level: int, levels: dict[int, _Level]) -> str | None:
        """Advance list `num_id` at `level` and render its marker, as Word shows it."""
        counters = self.counters.setdefault(num_id, [None] * 9)
        starts = self.numbering.starts.get(num_id, {})

        def start(lv: int) -> int:
            return starts.get(lv, levels[lv].start if lv in levels else 1)

        current = counters[level]
        counters[level] = start(level) if current is None else current + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = None  # a deeper level restarts under each new item
        definition = levels.get(level)
        if definition is None or definition.fmt == "bullet":
            return "•"
        if definition.fmt == "none":
            return None

        def number(match: re.Match[str]) -> str:
            lv = int(match.group(1)) - 1
            n = counters[lv] if counters[lv] is not None else start(lv)
            fmt = levels[lv].fmt if lv in levels else "decimal"
            return _format_number(n, fmt)

        marker = re.sub(r"%([1-9])", number, definition.text).strip()
        return marker or None

    # -- tables -----------------------------------------------------------------------------
    def _table(self, tbl: Any, items: list[_Para | _Table]) -> None:
        rows = [list(_tagged(tr, f"{_W}tc")) for tr in _tagged(tbl, f"{_W}tr")]
        if all(len(cells) <= 1 for cells in rows):
            # A one-column table is a box drawn around text (an assignment, a tip): its
            # content is read as the text it is.
            for cells in rows:
                for tc in cells:
                    self._walk(list(tc), items)
            return
        read: list[tuple[list[str], list[bool], bool]] = []
        for tr in _tagged(tbl, f"{_W}tr"):
            marked = _on(tr.find(f"{_W}trPr/{_W}tblHeader"))
            # Physical <w:tc> elements: a merged cell appears once, not once per grid column.
            texts, bolds = [], []
            for tc in _tagged(tr, f"{_W}tc"):
                text, bold = self._cell(tc)
                texts.append(text)
                bolds.append(bold)
            if any(texts):
                read.append((texts, bolds, marked))
        if read:
            body, header = _split_header(read)
            items.append(_Table(body, header))

    def _cell(self, tc: Any) -> tuple[str, bool]:
        """A cell's text on one line, and whether all of it is bold."""
        parts: list[str] = []
        bold = True
        for el in _flatten(tc):
            if el.tag == f"{_W}p":
                style_id = _val(el.find(f"{_W}pPr/{_W}pStyle")) or self.default_para_style
                chain = self._chain(style_id)
                text, runs, _ = self._inline(el)
                if text.strip():
                    parts.append(clean_inline(text))
                    bold = bold and all(
                        self._run_bold(r[1], chain) for r in runs if r[0].strip()
                    )
            elif el.tag == f"{_W}tbl":
                # A table inside a cell: its rows in the cell's one line.
                rows = []
                for tr in _tagged(el, f"{_W}tr"):
                    cells = [self._cell(tc)[0] for tc in _tagged(tr, f"{_W}tc")]
                    cells = [c for c in cells if c]
                    if cells:
                        rows.append(", ".join(cells))
                if rows:
                    parts.append("; ".join(rows))
                    bold = False
        text = " ".join(parts)
        return text, bold and bool(text)


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _tagged(parent: Any, tag: str) -> list[Any]:
    """Children with `tag`, also those wrapped in content controls or custom XML."""
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                found += _tagged(content, tag)
        elif child.tag == f"{_W}customXml":
            found += _tagged(child, tag)
    return found


def _flatten(tc: Any) -> list[Any]:
    """The paragraphs and tables of a cell, through content controls."""
    out = []
    for child in tc:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            out.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out += _flatten(content)
        elif child.tag == f"{_W}customXml":
            out += _flatten(child)
    return out


def _find_boxes(el: Any, boxes: list[Any]) -> None:
    """Text box contents under a drawing, outermost only; Word stores a text box twice (a
    DrawingML choice and a VML fallback), so the fallback is skipped."""
    for child in el:
        if child.tag == f"{_MC}Fallback":
            continue
        if child.tag == f"{_W}txbxContent":
            boxes.append(child)
        else:
            _find_boxes(child, boxes)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        # Word repeats the letter after z: y, z, aa, bb.
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out, rest = [], n
        for value, digits in _ROMAN:
            while rest >= value:
                out.append(digits)
                rest -= value
        roman = "".join(out)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _split_header(
    rows: list[tuple[list[str], list[bool], bool]],
) -> tuple[list[list[str]], list[str] | None]:
    """(data rows, header). Rows marked as header rows are the header; without them the
    first row is, when it reads like column names."""
    marked = 0
    while marked < len(rows) and rows[marked][2]:
        marked += 1
    if 0 < marked < len(rows):
        heads = [r[0] for r in rows[:marked]]
        if len({len(h) for h in heads}) == 1:
            # Several header rows over the same columns: each column named by all of them.
            header = [
                " ".join(dict.fromkeys(h[j] for h in heads if h[j])) for j in range(len(heads[0]))
            ]
        else:
            header = heads[-1]
        return [r[0] for r in rows[marked:]], header
    if len(rows) >= 2 and _first_row_is_header(rows):
        return [r[0] for r in rows[1:]], rows[0][0]
    return [r[0] for r in rows], None


def _first_row_is_header(rows: list[tuple[list[str], list[bool], bool]]) -> bool:
    cells, bolds, _ = rows[0]
    named = [c for c in cells if c]
    # "Doel:" in the first cell: a form of labels and values, not columns.
    if any(c.endswith(":") for c in named):
        return False
    if all(b for c, b in zip(cells, bolds, strict=True) if c) and not all(
        all(b for c, b in zip(r[0], r[1], strict=True) if c) for r in rows[1:]
    ):
        return True
    # Row labels in bold down the first column, the rest plain: no column header.
    if all(r[1][0] for r in rows if r[0] and r[0][0]) and not all(bolds):
        return False
    # Column names: every cell but a corner cell filled, short, not a sentence.
    return (
        len(named) >= max(len(cells) - 1, 1)
        and all(c for c in cells[1:])
        and all(
            len(c) <= _HEADER_CELL_MAX_CHARS and len(c.split()) <= _HEADER_CELL_MAX_WORDS
            and not c.endswith(".")
            for c in named
        )
    )


# --- from paragraphs to blocks -------------------------------------------------------------


def _short_kind(p: _Para, body_size: float) -> str | None:
    """What a stand-alone bold (or larger) line is: "question", "label", "heading" or None."""
    if p.heading or p.marker or not p.text:
        return None
    if not (p.bold or (body_size and p.size >= body_size + _LARGER_PT)):
        return None
    s, words = p.text, len(p.text.split())
    if s[0].islower():
        return None
    if s.endswith("?"):
        short = len(s) <= _QUESTION_MAX_CHARS and words <= _QUESTION_MAX_WORDS
        return "question" if short else None
    if len(s) > _HEADING_MAX_CHARS or words > _HEADING_MAX_WORDS:
        return None
    if s.endswith(":"):
        return "label" if ":" not in s[:-1] else None
    # A bold sentence is emphasis; "Duur: 50 minuten" is a label with its value.
    if s[-1] in ".;,!" or ":" in s:
        return None
    return "heading"


def _body_size(items: list[_Para | _Table]) -> float:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for it in items:
        if isinstance(it, _Para) and it.size:
            sizes[it.size] += len(it.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _answer(
    items: list[_Para | _Table], i: int, body_size: float
) -> tuple[list[str], int]:
    """The plain paragraphs from `i` on: the answer to a question above them."""
    paras: list[str] = []
    while i < len(items):
        it = items[i]
        if not isinstance(it, _Para) or it.heading or it.marker or _short_kind(it, body_size):
            break
        if it.caption and i + 1 < len(items) and isinstance(items[i + 1], _Table):
            break
        paras.append(it.text)
        i += 1
    # "Dit heb je nodig:" before a list: the list belongs to the answer, which a qa block
    # cannot hold; the question then stays a heading above them.
    if paras and paras[-1].endswith(":") and i < len(items) and _is_item(items[i]):
        return [], i
    return paras, i


def _is_item(it: _Para | _Table) -> bool:
    return isinstance(it, _Para) and it.marker is not None


def _build(items: list[_Para | _Table], b: DocumentBuilder) -> None:
    styled = any(isinstance(it, _Para) and it.heading for it in items)
    body_size = _body_size(items)
    # Without heading styles, bold lines rank by their font size: the largest is level 1.
    ranks = sorted(
        {
            it.size for it in items
            if isinstance(it, _Para) and _short_kind(it, body_size) == "heading"
        },
        reverse=True,
    )
    last_level = 0  # the level of the last heading that is not a label
    list_key: str | None = None
    i = 0
    while i < len(items):
        it = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(it, _Table):
            b.table(it.rows, header=it.header)
            list_key = None
            i += 1
            continue
        if isinstance(nxt, _Table) and not it.heading and not it.marker and (
            it.caption or _CAPTION_TEXT_RE.match(it.text)
        ) and len(it.text.split()) <= _QUESTION_MAX_WORDS:
            b.table(nxt.rows, header=nxt.header, caption=it.text)
            list_key = None
            i += 2
            continue
        if it.marker:
            if list_key is not None and it.list_key != list_key and it.ilvl == 0:
                b.end_list()  # another list: it has no lead-in of its own
            b.list_item(it.text, marker=it.marker)
            list_key = it.list_key
            i += 1
            continue
        list_key = None
        if it.heading:
            if it.text.endswith("?"):
                answer, j = _answer(items, i + 1, body_size)
                after = items[j] if j < len(items) else None
                # A question heading whose text ends at the next heading of its level (or
                # higher) is an FAQ entry; one with subheadings stays a heading.
                if answer and (
                    after is None
                    or (isinstance(after, _Para) and 0 < after.heading <= it.heading)
                    or (isinstance(after, _Para) and _short_kind(after, body_size) == "question")
                ):
                    b.qa(it.text, answer)
                    i = j
                    continue
            b.heading(it.text, it.heading)
            last_level = it.heading
            i += 1
            continue
        kind = _short_kind(it, body_size)
        if kind == "question":
            answer, j = _answer(items, i + 1, body_size)
            if answer:
                b.qa(it.text, answer)
                i = j
                continue
        if kind == "label" and nxt is not None and _is_item(nxt):
            b.paragraph(it.text)  # the list's lead-in
        elif kind in ("label", "question"):
            b.heading(it.text, min(last_level + 1, 6))
        elif kind == "heading" and not styled:
            last_level = min(ranks.index(it.size) + 1, 6)
            b.heading(it.text, last_level)
        else:
            b.paragraph(it.text)
        i += 1
