"""Request and response models of the HTTP API (the OpenAPI schema at /docs comes from here).

Every limit comes from the serving app's settings (core/config.py, via `app_settings`), and
every request model refuses text that is not valid Unicode: a lone surrogate ("\\ud800",
legal in JSON) cannot be encoded, embedded or stored, and would otherwise end as a 500.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.api.limits import app_settings

_CONTROL = {c for c in map(chr, range(32)) if c not in "\t\n\r"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _invalid_unicode_at(value: Any, path: str = "") -> str | None:
    """Where in a parsed JSON value a string holds a lone surrogate, if anywhere."""
    if isinstance(value, str):
        return path or "(text)" if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and _SURROGATE.search(key):
            return f"{path}.{key!a}".lstrip(".")
        where = _invalid_unicode_at(item, f"{path}.{key}".lstrip("."))
        if where:
            return where
    return None


def check_unicode(value: Any) -> Any:
    where = _invalid_unicode_at(value)
    if where:
        raise ValueError(f"{where} is not valid Unicode (it contains a lone surrogate)")
    return value


class RequestBody(BaseModel):
    """A request model: refuses invalid Unicode anywhere in its input."""

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        return check_unicode(data)


def _clean_question(v: str) -> str:
    v = v.strip()
    if not v:
        raise ValueError("the question is empty")
    limit = app_settings().max_question_chars
    if len(v) > limit:
        raise ValueError(f"the question is longer than {limit} characters")
    if any(c in _CONTROL for c in v):
        raise ValueError("the question contains control characters")
    return v


def check_turn(v: str) -> str:
    """One earlier turn (history entry, chat message): at most max_turn_chars."""
    limit = app_settings().max_turn_chars
    if len(v) > limit:
        raise ValueError(f"a turn is longer than {limit} characters")
    return v


def check_total(chars: int, limit: int | None = None) -> None:
    """All of a request's text together: at most max_request_chars (or `limit`)."""
    limit = limit or app_settings().max_request_chars
    if chars > limit:
        raise ValueError(f"the request carries {chars} characters of text; at most {limit}")


class Turn(RequestBody):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str

    @field_validator("content")
    @classmethod
    def _content(cls, v: str) -> str:
        return check_turn(v)


class AskRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="De vraag", examples=["Hoe lang duurt de snuffelstage?"])
    history: list[Turn] = Field(default_factory=list, max_length=200)
    filters: dict[str, list[str]] | None = Field(
        default=None, description='e.g. {"doc_type": ["beleid"]}'
    )
    k: int = Field(default=5, ge=1, le=50)

    @field_validator("question")
    @classmethod
    def _question(cls, v: str) -> str:
        return _clean_question(v)

    @field_validator("filters")
    @classmethod
    def _known_filters(cls, v: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        if v and set(v) - {"doc_type"}:
            raise ValueError(f"unknown filter(s): {sorted(set(v) - {'doc_type'})}; use doc_type")
        return v

    @model_validator(mode="after")
    def _total(self) -> AskRequest:
        filters = sum(len(x) for values in (self.filters or {}).values() for x in values)
        check_total(len(self.question) + sum(len(t.content) for t in self.history) + filters)
        return self

    def user_history(self) -> list[str]:
        return [t.content for t in self.history if t.role == "user" and t.content.strip()]


class Passage(BaseModel):
    """A retrieved passage: text == the document's text[start:end]."""

    doc_id: str
    title: str
    doc_type: str
    section: str | None
    page: int | None
    start: int
    end: int
    score: float
    text: str


class Citation(Passage):
    n: int = Field(description="the number [n] in the answer")


class AnswerResponse(BaseModel):
    answer: str
    answerable: bool
    query: str
    citations: list[Citation]
    timings_ms: dict[str, float]
    generator: str = Field(description='"extractive" or "llm": which path wrote the answer')
    guard: dict | None = Field(default=None, description="what the grounding guard dropped")


class ChatRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    message: str
    session_id: str | None = Field(default=None, max_length=100)
    k: int = Field(default=5, ge=1, le=50)

    @field_validator("message")
    @classmethod
    def _message(cls, v: str) -> str:
        return _clean_question(v)


class ChatResponse(AnswerResponse):
    session_id: str




class DocumentInfo(BaseModel):
    doc_id: str
    title: str | None
    publisher: str | None
    doc_type: str | None
    source: str | None
    date: str | None
    n_chunks: int


class Document(DocumentInfo):
    text: str


class IngestResult(BaseModel):
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    chunks_embedded: int
    chunks_total: int
    warnings: list[str] = Field(
        default_factory=list, description="what was ingested but not read as meant (front matter)"
    )


class FeedbackRequest(RequestBody):
    """Kept in the feedback store: each field bounded, and all text together by
    max_feedback_chars (one request once added 47 MB)."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1)
    answer: str
    rating: Literal["up", "down"]
    comment: str | None = None
    history: list[str] = Field(default_factory=list, max_length=200)

    @field_validator("question")
    @classmethod
    def _question(cls, v: str) -> str:
        limit = app_settings().max_question_chars
        if len(v) > limit:
            raise ValueError(f"the question is longer than {limit} characters")
        return v

    @field_validator("history")
    @classmethod
    def _history(cls, v: list[str]) -> list[str]:
        for turn in v:
            check_turn(turn)
        return v

    @model_validator(mode="after")
    def _total(self) -> FeedbackRequest:
        texts = [self.question, self.answer, self.comment or "", *self.history]
        check_total(sum(map(len, texts)), app_settings().max_feedback_chars)
        return self


class FeedbackResponse(BaseModel):
    id: int


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    chunks: int
    bm25: int
