"""What every format's converter shares: its result, its limits, its errors."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from core.blocks import Block

MB = 1024 * 1024
# Real text has almost no control characters; random binary decodes to ~12% of them.
_MAX_CONTROL_SHARE = 0.05
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
ANY_WS_RE = re.compile(r"\s+")


class LoaderError(Exception):
    """A file could not be loaded; the message is a short reason meant for the user."""


class Parsed(NamedTuple):
    text: str
    metadata: dict[str, Any]
    page_starts: list[int]
    # Title the format itself declares (<title>, PDF info, docx core properties), if any.
    title: str | None
    # What each span of `text` is; None: the converter knows no structure (plain text).
    blocks: list[Block] | None = None


class Limits(NamedTuple):
    max_bytes: int
    max_pdf_pages: int | None
    max_chars: int | None


def check_chars(n: int, max_chars: int | None) -> None:
    if max_chars is not None and n > max_chars:
        raise LoaderError(
            f"document has {n:,} characters of text; the limit is {max_chars:,} "
            "(LOB_MAX_DOCUMENT_CHARS)"
        )



def reject_control_chars(text: str, kind: str = "a text") -> None:
    if text and len(_CONTROL_RE.findall(text)) / len(text) > _MAX_CONTROL_SHARE:
        raise LoaderError(f"not {kind} file (binary data)")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def reason(exc: BaseException) -> str:
    text = str(exc).strip().split("\n", 1)[0] or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


# libyaml's safe loader when PyYAML has it: 9x faster, and front matter is most of what a
# no-op re-ingest does (it reads every file to compare content hashes).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_load(text: str):
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
