"""PDF files through pypdf."""

from __future__ import annotations

import io
import logging

from ingest.formats.common import (
    Limits,
    LoaderError,
    Parsed,
    check_chars,
    normalise_newlines,
    reason,
)

logger = logging.getLogger(__name__)


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

    texts: list[str] = []
    failure: Exception | None = None
    chars = 0
    for number, page in enumerate(pages, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one broken page should not sink the rest
            logger.warning("PDF page %d: text extraction failed: %s", number, reason(exc))
            failure, raw = exc, ""
        texts.append(normalise_newlines(raw).replace("\x00", ""))
        # Stop extracting as soon as the text is over the limit, not after the last page.
        chars += len(texts[-1]) + (2 if number > 1 else 0)  # with the "\n\n" separators
        check_chars(chars, limits.max_chars)
    if not any(t.strip() for t in texts):
        if failure is not None:
            raise LoaderError(f"corrupt or unreadable PDF: {reason(failure)}")
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
    return Parsed(text, {}, page_starts, title)


# --- DOCX ------------------------------------------------------------------------------------
