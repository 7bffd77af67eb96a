"""Request and response models of the HTTP API (the OpenAPI schema at /docs comes from here)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.config import get_settings

_CONTROL = {c for c in map(chr, range(32)) if c not in "\t\n\r"}


def _clean_question(v: str) -> str:
    v = v.strip()
    if not v:
        raise ValueError("the question is empty")
    limit = get_settings().max_question_chars
    if len(v) > limit:
        raise ValueError(f"the question is longer than {limit} characters")
    if any(c in _CONTROL for c in v):
        raise ValueError("the question contains control characters")
    return v


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="De vraag", examples=["Wie betaalt LOB – Gelijke Kansen?"])
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


class ChatRequest(BaseModel):
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


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=20000)
    answer: str = Field(max_length=100000)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=5000)
    history: list[str] = Field(default_factory=list, max_length=200)


class FeedbackResponse(BaseModel):
    id: int


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    chunks: int
    bm25: int
