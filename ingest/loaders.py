"""Turn a file on disk into a LoadedDocument: one deterministic text plus metadata.

Every chunk offset later indexes into `LoadedDocument.text`, so each loader must produce the
same text for the same bytes: no locale, clock or library-guessing may leak into it.
Anything wrong with a file surfaces as LoaderError with a reason a user can act on.
"""

from __future__ import annotations

import errno
import logging
import os
import reprlib
import stat
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from core.schema import LoadedDocument
from ingest.formats import docx, html, markdown, pdf, text
from ingest.formats.common import (
    ANY_WS_RE,
    MB,
    Limits,
    LoaderError,
    Parsed,
    check_chars,
    reason,
    yaml_load,
)
from ingest.plaintext import blocks_from_plain_text

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})
SIDECAR_SUFFIX = ".meta.yaml"

DEFAULT_MAX_BYTES = 50 * MB
_MAX_SIDECAR_BYTES = 1 * MB
_MAX_TITLE_CHARS = 120


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
    limits = Limits(max_bytes, max_pdf_pages, max_chars)
    notes: list[str] = []
    parser = _PARSERS[suffix]
    try:
        parsed = parser(data, limits, notes)
    except LoaderError:
        raise
    except Exception as exc:  # noqa: BLE001 - parsing libraries raise anything on bad input
        raise LoaderError(f"could not read {suffix} file: {reason(exc)}") from exc

    if not parsed.text.strip():
        raise LoaderError("empty document")
    check_chars(len(parsed.text), max_chars)

    metadata = _clean_metadata(parsed.metadata)
    metadata.update(_clean_metadata(_read_sidecar(path, notes)))
    if "title" not in metadata:
        metadata["title"] = _clean_title(parsed.title) or _first_line(parsed.text) or path.stem
    if warnings is not None:
        warnings.extend(notes)
    # A converter that knows no structure (plain text) leaves the blocks to the one reader
    # of bare lines.
    blocks = parsed.blocks if parsed.blocks is not None else blocks_from_plain_text(parsed.text)
    return LoadedDocument(
        text=parsed.text, metadata=metadata, page_starts=parsed.page_starts, blocks=blocks
    )



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
    a, b = f"{size / MB:.1f}", f"{limit / MB:.1f}"
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
        loaded = yaml_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        warnings.append(f"sidecar {side.name} is not valid YAML, not used: {reason(exc)}")
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
    return ANY_WS_RE.sub(" ", title).strip() if title else ""


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        # Our own structure markers ("# Kop", "- punt") are not part of a title.
        line = line.strip().lstrip("#").strip()
        if line.startswith("- "):
            line = line[2:].strip()
        # A line of only punctuation ("---", "***") is a rule, not a title.
        if any(ch.isalnum() for ch in line):
            return line[:_MAX_TITLE_CHARS].rstrip()

_PARSERS: dict[str, Callable[[bytes, Limits, list[str]], Parsed]] = {
    ".txt": text.parse,
    ".md": markdown.parse,
    ".html": html.parse,
    ".htm": html.parse,
    ".pdf": pdf.parse,
    ".docx": docx.parse,
}
