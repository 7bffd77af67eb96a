"""Request and response models of the HTTP API (the OpenAPI schema at /docs comes from here).

The response models are made from the dataclasses the service returns (core/schema.py,
assistant/answer.py): their public fields are written there once. Request models check the
shape of a request and the size of its text (assistant/checks.py, with the serving app's
settings via `app_settings`); what a question must be is the service's check. Every request
model refuses text that is not valid Unicode: a lone surrogate ("\\ud800", legal in JSON)
cannot be encoded, embedded or stored, and would otherwise end as a 500.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from assistant import checks
from assistant.answer import Answer
from assistant.api.limits import app_settings
from core.schema import Citation, Document, DocumentInfo, Passage, is_public


def response_model(cls: type, **override: Any) -> type[BaseModel]:
    """A response model with the public fields of a dataclass, typed and described as there
    (`metadata={"doc": ...}`); `override` gives a field another type (a nested model)."""
    hints = get_type_hints(cls)
    spec: dict[str, Any] = {}
    for f in fields(cls):
        if is_public(f):
            described = Field(description=f.metadata.get("doc"))  # required: always sent
            spec[f.name] = (override.get(f.name, hints[f.name]), described)
    return create_model(cls.__name__, __doc__=cls.__doc__, **spec)


PassageOut = response_model(Passage)
CitationOut = response_model(Citation)
AnswerResponse = response_model(Answer, citations=list[CitationOut])
ChatResponse = create_model(
    "ChatResponse", __base__=AnswerResponse,
    session_id=(str, Field(description="send it with the next message of this chat")),
)
DocumentInfoOut = response_model(DocumentInfo)
DocumentOut = response_model(Document)


def _invalid_unicode_at(value: Any, path: str = "") -> str | None:
    """Where in a parsed JSON value a string holds a lone surrogate, if anywhere."""
    if isinstance(value, str):
        return path or "(text)" if checks.has_lone_surrogate(value) else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and checks.has_lone_surrogate(key):
            return f"{path}.{key!a}".lstrip(".")
        where = _invalid_unicode_at(item, f"{path}.{key}".lstrip("."))
        if where:
            return where
    return None


def check_unicode(value: Any) -> Any:
    where = _invalid_unicode_at(value)
    if where:
        raise checks.InvalidUnicode(where)
    return value


class RequestBody(BaseModel):
    """A request model: refuses invalid Unicode anywhere in its input."""

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        return check_unicode(data)


class Turn(RequestBody):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str


class AskRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="De vraag", examples=["Hoe lang duurt de stage?"])
    history: list[Turn] = Field(
        default_factory=list, description="earlier turns; the last LOB_MAX_HISTORY_TURNS count"
    )
    filters: dict[str, list[str]] | None = Field(
        default=None, description='e.g. {"doc_type": ["beleid"]}'
    )
    k: int = Field(default=5, ge=1, le=50)

    @field_validator("filters")
    @classmethod
    def _known_filters(cls, v: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        if v and set(v) - {"doc_type"}:
            raise ValueError(f"unknown filter(s): {sorted(set(v) - {'doc_type'})}; use doc_type")
        return v

    @model_validator(mode="after")
    def _total(self) -> AskRequest:
        filters = sum(len(x) for values in (self.filters or {}).values() for x in values)
        chars = len(self.question) + sum(len(t.content) for t in self.history) + filters
        checks.total(chars, app_settings().max_request_chars)
        return self

    def user_history(self) -> list[str]:
        return [t.content for t in self.history if t.role == "user"]

    def doc_types(self) -> list[str] | None:
        return (self.filters or {}).get("doc_type") or None


class ChatRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    message: str
    session_id: str | None = Field(default=None, max_length=100)
    k: int = Field(default=5, ge=1, le=50)


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
    """Kept in the feedback store: the service bounds each field and all text together by
    max_feedback_chars (one request once added 47 MB)."""

    model_config = ConfigDict(extra="forbid")
    question: str
    answer: str
    rating: Literal["up", "down"]
    comment: str | None = None
    history: list[str] = Field(default_factory=list)


class FeedbackResponse(BaseModel):
    id: int


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    chunks: int
    bm25: int
    # Sentence vectors (core/sentence_fill.py): how many of those the chunks hold have one,
    # and the seconds left at the rate this server last filled (null before it has). A
    # sentence without one is embedded by the answer that needs it: answers are not held up.
    sentences_filled: int = 0
    sentences_total: int = 0
    fill_eta_s: float | None = None
