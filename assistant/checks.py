"""What a question, its history and an upload must be, checked in one place.

The service calls these for every caller (API, UI, CLI, eval); each refusal is a typed
`LobError`, which the API turns into an HTTP status by its type (assistant/api/main.py) and
the UI into a Dutch sentence. Every limit comes from the settings passed in (core/config.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from core.config import Settings

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # all but tab, newline, return
# A lone surrogate ("\ud800", legal in JSON) cannot be encoded, embedded or stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


class LobError(Exception):
    """A request the service refuses, or a thing it does not have; the message says why."""


class InvalidInput(LobError, ValueError):
    """Text the service will not read (the API: 422); `limit` is the one it passed, if any."""

    def __init__(self, message: str, limit: int | None = None) -> None:
        super().__init__(message)
        self.limit = limit


class QuestionEmpty(InvalidInput):
    pass


class QuestionTooLong(InvalidInput):
    pass


class ControlCharacters(InvalidInput):
    pass


class InvalidUnicode(InvalidInput):
    def __init__(self, where: str) -> None:
        super().__init__(f"{where} is not valid Unicode (it contains a lone surrogate)")


class TurnTooLong(InvalidInput):
    pass


class RequestTooLong(InvalidInput):
    pass


class NotFound(LobError):
    """No such document or chat session (the API: 404)."""


class UploadRejected(LobError):
    """An upload that cannot be ingested: a bad name or a broken file (the API: 422)."""


class UploadTooLarge(UploadRejected):
    """(413)"""


class UnsupportedFileType(UploadRejected):
    """(415)"""


def has_lone_surrogate(value: str) -> bool:
    return bool(_SURROGATE.search(value))


def text(value: str, where: str = "the question") -> str:
    """Any text the service reads must be valid Unicode."""
    if has_lone_surrogate(value):
        raise InvalidUnicode(where)
    return value


def question(value: str, settings: Settings) -> str:
    """The question, stripped; refused when empty, too long or holding control characters."""
    value = text(value).strip()
    limit = settings.max_question_chars
    if not value:
        raise QuestionEmpty("the question is empty")
    if len(value) > limit:
        raise QuestionTooLong(f"the question is longer than {limit} characters", limit)
    if _CONTROL.search(value):
        raise ControlCharacters("the question contains control characters")
    return value


def turn(value: str, settings: Settings) -> str:
    """One earlier turn (a history entry, a chat message): at most max_turn_chars."""
    limit = settings.max_turn_chars
    if len(text(value, "a turn of the history")) > limit:
        raise TurnTooLong(f"a turn of the history is longer than {limit} characters", limit)
    return value


def history(turns: Sequence[str] | None, settings: Settings) -> list[str]:
    """The earlier questions a follow-up may refer to: each turn bounded, empty ones dropped,
    the last max_history_turns kept (a follow-up reads only the recent ones)."""
    kept = [turn(t, settings) for t in turns or () if t and t.strip()]
    return kept[-settings.max_history_turns :] if settings.max_history_turns else []


def total(chars: int, limit: int) -> None:
    """All of a request's text together: at most `limit` characters."""
    if chars > limit:
        raise RequestTooLong(f"the request carries {chars} characters of text; at most {limit}",
                             limit)


def upload_name(filename: str, size: int, suffixes: Collection[str], settings: Settings) -> str:
    """The file name an upload is stored under: no path, plain characters, a type the loaders
    read, at most max_upload_mb."""
    name = Path(filename or "").name
    if name != (filename or "") or "\\" in name:
        raise UploadRejected("file name must not contain a path")
    if not re.fullmatch(r"[\w\-. ]{1,120}", name) or name.startswith("."):
        raise UploadRejected("file name: use letters, digits, '-', '_', '.' and spaces")
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        allowed = ", ".join(sorted(suffixes))
        raise UnsupportedFileType(f"unsupported file type {suffix or '(none)'}; allowed: {allowed}")
    if size > int(settings.max_upload_mb * 1024 * 1024):
        raise UploadTooLarge(f"file too large: more than {settings.max_upload_mb:g} MB")
    return name
