"""Plain text and Markdown files: decoding, YAML front matter."""

from __future__ import annotations

import codecs
import re
from typing import Any

import yaml

from ingest.formats.common import (
    Limits,
    LoaderError,
    Parsed,
    normalise_newlines,
    reason,
    reject_control_chars,
    yaml_load,
)

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
# The first line of a block meant as front matter: "title: ..." (a YAML key and a colon).
_FRONT_MATTER_KEY_RE = re.compile(r"\s*[\w\"'][\w \"'-]*:(?:\s|$)")


def parse(data: bytes, limits: Limits, warnings: list[str]) -> Parsed:
    text = normalise_newlines(_decode_text(data))
    reject_control_chars(text)
    metadata: dict[str, Any] = {}
    match = _FRONT_MATTER_RE.match(text)
    if match:
        try:
            front = yaml_load(match.group(1))
        except yaml.YAMLError as exc:
            if not _FRONT_MATTER_KEY_RE.match(match.group(1)):
                # A markdown file may open with a "---" rule around ordinary text: that is text.
                return Parsed(text, metadata, [], None)
            # "key: value" lines between "---" were meant as front matter: they are neither
            # text to search nor a title, and the admin must hear that they were not read.
            warnings.append(f"front matter is not valid YAML and was ignored: {reason(exc)}")
            front = None
        if front is None or isinstance(front, dict):
            metadata = front or {}
            text = text[match.end() :]
    return Parsed(text, metadata, [], None)


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

