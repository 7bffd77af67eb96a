"""Word (.docx) files through python-docx."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ingest.formats.common import (
    ANY_WS_RE,
    MB,
    Limits,
    LoaderError,
    Parsed,
    normalise_newlines,
    reason,
)

# A .docx may legitimately inflate a lot (XML compresses well), but not without bound.
_DOCX_INFLATION_FACTOR = 20
_DOCX_MAX_UNCOMPRESSED = 500 * MB
_DOCX_HEADING_RE = re.compile(r"^(?:heading|kop)\s*([1-9])$", re.I)


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
    return Parsed("".join(parts), {}, [], title)


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
    text = normalise_newlines(para.text).strip()
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
        return "heading", "#" * level + " " + ANY_WS_RE.sub(" ", text)
    ppr = para._p.pPr
    numbered = ppr is not None and ppr.numPr is not None
    if "list" in style.lower() or numbered:
        level = 0
        if numbered and ppr.numPr.ilvl is not None and ppr.numPr.ilvl.val is not None:
            level = min(int(ppr.numPr.ilvl.val), 8)
        return "list", "  " * level + "- " + ANY_WS_RE.sub(" ", text)
    return "paragraph", text


def _docx_table(table: Any) -> tuple[str, str] | None:
    from docx.table import _Cell

    lines = []
    for row in table.rows:
        # Physical <w:tc> elements: a merged cell appears once, not once per grid column.
        cells = [ANY_WS_RE.sub(" ", _Cell(tc, table).text).strip() for tc in row._tr.tc_lst]
        if any(cells):
            lines.append(" | ".join(cells))
    return ("table", "\n".join(lines)) if lines else None


# --- helpers ---------------------------------------------------------------------------------
