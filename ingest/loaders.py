"""Turn a file on disk into a LoadedDocument: one deterministic text plus metadata.

Every chunk offset later indexes into `LoadedDocument.text`, so each loader must produce the
same text for the same bytes: no locale, clock or library-guessing may leak into it.
Anything wrong with a file surfaces as LoaderError with a reason a user can act on.
"""

from __future__ import annotations

import codecs
import errno
import io
import logging
import os
import re
import reprlib
import stat
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from core.schema import LoadedDocument

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})
SIDECAR_SUFFIX = ".meta.yaml"

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MB = 1024 * 1024
# A .docx may legitimately inflate a lot (XML compresses well), but not without bound.
_DOCX_INFLATION_FACTOR = 20
_DOCX_MAX_UNCOMPRESSED = 500 * _MB
_MAX_SIDECAR_BYTES = 1 * _MB
_MAX_TITLE_CHARS = 120
# Real text has almost no control characters; random binary decodes to ~12% of them.
_MAX_CONTROL_SHARE = 0.05

_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
# Only ASCII whitespace collapses, as in a browser: &nbsp; is meant to stay.
_HTML_WS_RE = re.compile(r"[ \t\n\r\f]+")
_ANY_WS_RE = re.compile(r"\s+")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.I)
# The first line of a block meant as front matter: "title: ..." (a YAML key and a colon).
_FRONT_MATTER_KEY_RE = re.compile(r"\s*[\w\"'][\w \"'-]*:(?:\s|$)")
_DOCX_HEADING_RE = re.compile(r"^(?:heading|kop)\s*([1-9])$", re.I)


class LoaderError(Exception):
    """A file could not be loaded; the message is a short reason meant for the user."""


class _Parsed(NamedTuple):
    text: str
    metadata: dict[str, Any]
    page_starts: list[int]
    # Title the format itself declares (<title>, PDF info, docx core properties), if any.
    title: str | None



# libyaml's safe loader when PyYAML has it: 9x faster, and front matter is most of what a
# no-op re-ingest does (it reads every file to compare content hashes).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_load(text: str):
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader


def is_sidecar(path: Path | str) -> bool:
    """True for `<name>.meta.yaml` files, which describe a document instead of being one."""
    return Path(path).name.lower().endswith(SIDECAR_SUFFIX)


def sidecar_path(path: Path | str) -> Path:
    """Where the metadata sidecar of `path` lives (it may not exist)."""
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def load_document(
    path: Path | str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    max_pdf_pages: int | None = None,
    max_chars: int | None = None,
    warnings: list[str] | None = None,
) -> LoadedDocument:
    """Load one supported file; raise LoaderError with a readable reason if that is impossible.

    `max_pdf_pages` and `max_chars` (None: no limit) refuse a file whose parsing and embedding
    would hold the ingest for many minutes. Problems that do not stop the load (front matter
    or a sidecar that is not valid YAML) are appended to `warnings` as readable sentences.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoaderError(f"unsupported file type: {suffix or '(no extension)'}")

    data = _read_bounded(path, max_bytes)
    limits = _Limits(max_bytes, max_pdf_pages, max_chars)
    notes: list[str] = []
    parser = _PARSERS[suffix]
    try:
        parsed = parser(data, limits, notes)
    except LoaderError:
        raise
    except Exception as exc:  # noqa: BLE001 - parsing libraries raise anything on bad input
        raise LoaderError(f"could not read {suffix} file: {_reason(exc)}") from exc

    if not parsed.text.strip():
        raise LoaderError("empty document")
    _check_chars(len(parsed.text), max_chars)

    metadata = _clean_metadata(parsed.metadata)
    metadata.update(_clean_metadata(_read_sidecar(path, notes)))
    if "title" not in metadata:
        metadata["title"] = _clean_title(parsed.title) or _first_line(parsed.text) or path.stem
    if warnings is not None:
        warnings.extend(notes)
    return LoadedDocument(text=parsed.text, metadata=metadata, page_starts=parsed.page_starts)


class _Limits(NamedTuple):
    max_bytes: int
    max_pdf_pages: int | None
    max_chars: int | None


def _check_chars(n: int, max_chars: int | None) -> None:
    if max_chars is not None and n > max_chars:
        raise LoaderError(
            f"document has {n:,} characters of text; the limit is {max_chars:,} "
            "(LOB_MAX_DOCUMENT_CHARS)"
        )


# --- reading ---------------------------------------------------------------------------------


def _read_bounded(path: Path, max_bytes: int, allow_empty: bool = False) -> bytes:
    # O_NOFOLLOW: a file swapped for a symbolic link after the folder was listed is still not
    # followed out of it. O_NONBLOCK: opening a FIFO must not wait for a writer (it is then
    # refused as not a regular file). fstat on the open file, so a huge file is refused
    # without ever being read into memory.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise LoaderError("file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LoaderError("symbolic link: not followed") from None
        raise LoaderError(f"cannot access file: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise LoaderError("not a regular file")
        _check_size(st.st_size, max_bytes)
        if st.st_size == 0 and not allow_empty:
            raise LoaderError("empty document")
        try:
            # Read one byte past the limit: the file may have grown since fstat.
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise LoaderError(f"cannot read file: {exc.strerror or exc}") from exc
    _check_size(len(data), max_bytes)
    if not data and not allow_empty:
        raise LoaderError("empty document")
    return data


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise LoaderError(f"file too large: {_human_size(size, max_bytes)}")


def _human_size(size: int, limit: int) -> str:
    a, b = f"{size / _MB:.1f}", f"{limit / _MB:.1f}"
    if a == b:  # small limits (tests, tight configs) would otherwise read "0.0 MB > 0.0 MB"
        return f"{size} bytes > limit {limit} bytes"
    return f"{a} MB > limit {b} MB"


def _read_sidecar(path: Path, warnings: list[str]) -> dict[str, Any]:
    """The sidecar's metadata; {} when there is none. A sidecar that cannot be used does not
    cost the document: it is loaded without that metadata and the reason becomes a warning."""
    side = sidecar_path(path)
    if not os.path.lexists(side):
        return {}
    try:
        raw = _read_bounded(side, _MAX_SIDECAR_BYTES, allow_empty=True)
    except LoaderError as exc:
        warnings.append(f"sidecar {side.name} not used: {exc}")
        return {}
    try:
        loaded = _yaml_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        warnings.append(f"sidecar {side.name} is not valid YAML, not used: {_reason(exc)}")
        return {}
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        warnings.append(f"sidecar {side.name} not used: expected key: value pairs")
        return {}
    return loaded


# --- metadata --------------------------------------------------------------------------------

# Bounded repr so a YAML alias bomb cannot blow up when stringified.
_REPR = reprlib.Repr()
_REPR.maxstring = 500
_REPR.maxother = 500


def _clean_metadata(raw: dict[Any, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in raw.items():
        text = _meta_str(value)
        if text:
            out[str(key).strip()] = text
    return out


def _meta_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return str(value).strip()
    if isinstance(value, (list, tuple)) and all(
        isinstance(v, (str, int, float, bool, date)) for v in value
    ):
        return ", ".join(s for s in (_meta_str(v) for v in value) if s)
    return _REPR.repr(value)


def _clean_title(title: str | None) -> str:
    return _ANY_WS_RE.sub(" ", title).strip() if title else ""


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        # Our own structure markers ("# Kop", "- punt") are not part of a title.
        line = line.strip().lstrip("#").strip()
        if line.startswith("- "):
            line = line[2:].strip()
        # A line of only punctuation ("---", "***") is a rule, not a title.
        if any(ch.isalnum() for ch in line):
            return line[:_MAX_TITLE_CHARS].rstrip()
    return ""


# --- plain text / markdown -------------------------------------------------------------------


def _parse_text(data: bytes, limits: _Limits, warnings: list[str]) -> _Parsed:
    text = _normalise_newlines(_decode_text(data))
    _reject_control_chars(text)
    metadata: dict[str, Any] = {}
    match = _FRONT_MATTER_RE.match(text)
    if match:
        try:
            front = _yaml_load(match.group(1))
        except yaml.YAMLError as exc:
            if not _FRONT_MATTER_KEY_RE.match(match.group(1)):
                # A markdown file may open with a "---" rule around ordinary text: that is text.
                return _Parsed(text, metadata, [], None)
            # "key: value" lines between "---" were meant as front matter: they are neither
            # text to search nor a title, and the admin must hear that they were not read.
            warnings.append(f"front matter is not valid YAML and was ignored: {_reason(exc)}")
            front = None
        if front is None or isinstance(front, dict):
            metadata = front or {}
            text = text[match.end() :]
    return _Parsed(text, metadata, [], None)


def _decode_text(data: bytes) -> str:
    # UTF-16 (Notepad's "Unicode") is only trusted with a BOM; without one it looks binary.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise LoaderError("not a text file (invalid UTF-16)") from None
    if b"\x00" in data:
        raise LoaderError("not a text file (binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Legacy Windows files; undefined cp1252 bytes become U+FFFD and count as garbage.
        return data.decode("cp1252", errors="replace")


def _reject_control_chars(text: str, kind: str = "a text") -> None:
    if text and len(_CONTROL_RE.findall(text)) / len(text) > _MAX_CONTROL_SHARE:
        raise LoaderError(f"not {kind} file (binary data)")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- HTML ------------------------------------------------------------------------------------


def _parse_html(data: bytes, limits: _Limits, warnings: list[str]) -> _Parsed:
    from bs4 import BeautifulSoup

    markup = _normalise_newlines(_decode_html(data))
    _reject_control_chars(markup, "an HTML")
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
    return _Parsed(_HtmlRenderer().render(soup), {}, [], title)


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


# --- PDF -------------------------------------------------------------------------------------


def _parse_pdf(data: bytes, limits: _Limits, warnings: list[str]) -> _Parsed:
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
        raise LoaderError(f"corrupt or unreadable PDF: {_reason(exc)}") from exc
    if not pages:
        raise LoaderError("corrupt or unreadable PDF: no pages")

    texts: list[str] = []
    failure: Exception | None = None
    chars = 0
    for number, page in enumerate(pages, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one broken page should not sink the rest
            logger.warning("PDF page %d: text extraction failed: %s", number, _reason(exc))
            failure, raw = exc, ""
        texts.append(_normalise_newlines(raw).replace("\x00", ""))
        # Stop extracting as soon as the text is over the limit, not after the last page.
        chars += len(texts[-1]) + (2 if number > 1 else 0)  # with the "\n\n" separators
        _check_chars(chars, limits.max_chars)
    if not any(t.strip() for t in texts):
        if failure is not None:
            raise LoaderError(f"corrupt or unreadable PDF: {_reason(failure)}")
        raise LoaderError("PDF has no text layer (scanned?); OCR is not supported")

    page_starts: list[int] = []
    offset = 0
    for i, page_text in enumerate(texts):
        if i:
            offset += 2  # the "\n\n" separator
        page_starts.append(offset)
        offset += len(page_text)
    text = "\n\n".join(texts)

    title = None
    try:
        info = reader.metadata
        title = str(info.title) if info is not None and info.title else None
    except Exception:  # noqa: BLE001 - a broken info dict only costs us the title
        title = None
    return _Parsed(text, {}, page_starts, title)


# --- DOCX ------------------------------------------------------------------------------------


def _parse_docx(data: bytes, limits: _Limits, warnings: list[str]) -> _Parsed:
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoaderError("not a valid .docx (not a zip file)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            declared = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise LoaderError(f"not a valid .docx (corrupt zip: {_reason(exc)})") from exc
    # zipfile stops inflating an entry at its declared size, so checking the declared total
    # bounds what python-docx can ever decompress.
    limit = min(_DOCX_INFLATION_FACTOR * limits.max_bytes, _DOCX_MAX_UNCOMPRESSED)
    if declared > limit:
        raise LoaderError(
            f"refusing .docx: uncompressed size {declared / _MB:.1f} MB exceeds "
            f"{limit / _MB:.1f} MB (possible zip bomb)"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, ValueError, ...
        raise LoaderError(f"not a valid .docx ({_reason(exc)})") from exc

    blocks = _docx_blocks(document)
    parts: list[str] = []
    prev_kind = None
    for kind, text in blocks:
        if parts:
            parts.append("\n" if kind == prev_kind == "list" else "\n\n")
        parts.append(text)
        prev_kind = kind

    try:
        title = document.core_properties.title or None
    except Exception:  # noqa: BLE001 - broken core properties only cost us the title
        title = None
    return _Parsed("".join(parts), {}, [], title)


def _docx_blocks(document: Any) -> list[tuple[str, str]]:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body
    blocks: list[tuple[str, str]] = []
    # Walk the XML instead of iter_inner_content(): content controls (w:sdt, e.g. cover pages)
    # hold real paragraphs that python-docx would otherwise skip.
    stack = list(reversed(list(body.iterchildren())))
    while stack:
        el = stack.pop()
        if el.tag == qn("w:p"):
            block = _docx_paragraph(Paragraph(el, document._body))
            if block:
                blocks.append(block)
        elif el.tag == qn("w:tbl"):
            block = _docx_table(Table(el, document._body))
            if block:
                blocks.append(block)
        elif el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                stack.extend(reversed(list(content.iterchildren())))
    return blocks


def _docx_paragraph(para: Any) -> tuple[str, str] | None:
    text = _normalise_newlines(para.text).strip()
    if not text:
        return None
    try:
        style = para.style.name if para.style is not None else ""
    except Exception:  # noqa: BLE001 - a dangling style id should not lose the paragraph
        style = ""
    style = style or ""
    heading = _DOCX_HEADING_RE.match(style)
    if heading or style.lower() in ("title", "titel"):
        level = int(heading.group(1)) if heading else 1
        return "heading", "#" * level + " " + _ANY_WS_RE.sub(" ", text)
    ppr = para._p.pPr
    numbered = ppr is not None and ppr.numPr is not None
    if "list" in style.lower() or numbered:
        level = 0
        if numbered and ppr.numPr.ilvl is not None and ppr.numPr.ilvl.val is not None:
            level = min(int(ppr.numPr.ilvl.val), 8)
        return "list", "  " * level + "- " + _ANY_WS_RE.sub(" ", text)
    return "paragraph", text


def _docx_table(table: Any) -> tuple[str, str] | None:
    from docx.table import _Cell

    lines = []
    for row in table.rows:
        # Physical <w:tc> elements: a merged cell appears once, not once per grid column.
        cells = [_ANY_WS_RE.sub(" ", _Cell(tc, table).text).strip() for tc in row._tr.tc_lst]
        if any(cells):
            lines.append(" | ".join(cells))
    return ("table", "\n".join(lines)) if lines else None


# --- helpers ---------------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().split("\n", 1)[0] or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


_PARSERS: dict[str, Callable[[bytes, _Limits, list[str]], _Parsed]] = {
    ".txt": _parse_text,
    ".md": _parse_text,
    ".html": _parse_html,
    ".htm": _parse_html,
    ".pdf": _parse_pdf,
    ".docx": _parse_docx,
}
