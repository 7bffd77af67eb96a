"""OpenAI-compatible chat completions, so existing chat clients can talk to the assistant.

The last user message is the question, earlier user messages are the history. The answer
keeps its [n] markers and lists the sources after it as Markdown links (title, year, the
source view with the quoted sentence highlighted). `usage` counts whitespace-separated words
as tokens: the messages' text for the prompt, the reply for the completion.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from assistant import checks
from assistant.api.admission import answer
from assistant.api.deps import ServiceDep
from assistant.api.limits import app_settings
from assistant.api.models import RequestBody
from core.sources import Notice, Source, markdown_line

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODEL_ID = "lob-assistent"


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["text"]
    text: str


class OtherPart(BaseModel):
    """An image, audio or file part: accepted, not read."""

    model_config = ConfigDict(extra="allow")
    type: str


def _part_kind(part: object) -> str:
    kind = part.get("type") if isinstance(part, dict) else getattr(part, "type", None)
    return "text" if kind == "text" else "other"


# Discriminated on "type", so that {"type": "text", "text": 5} is an error in the text part,
# not quietly taken for some other kind of part.
ContentPart = Annotated[
    Annotated[TextPart, Tag("text")] | Annotated[OtherPart, Tag("other")],
    Discriminator(_part_kind),
]


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[ContentPart] | None = None

    @field_validator("content", mode="before")
    @classmethod
    def _say_which_part(cls, v: object) -> object:
        # The union's own errors name both branches; say plainly what is wrong instead.
        if isinstance(v, list):
            for i, part in enumerate(v):
                if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                    raise ValueError(f'content[{i}] must be an object with a "type"')
                text = part.get("text")
                if part["type"] == "text" and not isinstance(text, str):
                    kind = "null" if text is None else type(text).__name__
                    raise ValueError(f'content[{i}] is a text part whose "text" is {kind}, '
                                     "not a string")
        return v

    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return " ".join(p.text for p in self.content if isinstance(p, TextPart))
        return self.content or ""


class CompletionRequest(RequestBody):
    model_config = ConfigDict(extra="allow")
    model: str = MODEL_ID
    messages: list[Message] = Field(min_length=1, max_length=500)
    stream: bool = False

    @model_validator(mode="after")
    def _bounded(self) -> CompletionRequest:
        texts = [m.text() for m in self.messages]
        settings = app_settings()
        for i, text in enumerate(texts):
            try:
                checks.turn(text, settings)
            except ValueError as exc:
                raise ValueError(f"messages[{i}]: {exc}") from None
        checks.total(sum(map(len, texts)), settings.max_request_chars)
        return self

    def question_and_history(self) -> tuple[str, list[str]]:
        """The last user message is the question, earlier user messages the history (the
        service checks both: no user text at all is an empty question)."""
        users = [u for m in self.messages if m.role == "user" and (u := m.text()).strip()]
        return (users[-1] if users else ""), users[:-1]


def with_sources(
    answer: str, answerable: bool, sources: list[Source], notices: list[Notice],
    base_url: str = "",
) -> str:
    """The answer, its notices of newer documents, then its sources as Markdown links with
    title and year to the source view (core/sources.py, the formatter the UI uses too)."""
    lines = [answer, *(f"\n{n.text}" for n in notices)]
    if sources:
        label = "Bronnen" if answerable else "Mogelijk relevant"
        lines.append(f"\n{label}:")
        lines += [markdown_line(s, base_url) for s in sources]
    return "\n".join(lines)


def words(text: str) -> int:
    """Tokens as this endpoint counts them: whitespace-separated words (no tokenizer is
    involved in an extractive answer; a client's budget only needs the order of size)."""
    return len(text.split())


def usage(req: CompletionRequest, text: str) -> dict:
    prompt = sum(words(m.text()) for m in req.messages)
    done = words(text)
    return {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done}


@router.get("/models")
def models() -> dict:
    return {"object": "list", "data": [
        {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "lob-assistent"}
    ]}


# The answer is JSON, or with `"stream": true` server-sent chunks: the spec says both, so a
# client (and the API fuzz test) knows the stream's content type.
@router.post(
    "/chat/completions",
    responses={200: {"content": {"application/json": {}, "text/event-stream": {}}}},
)
async def chat_completions(req: CompletionRequest, service: ServiceDep, request: Request):
    question, history = req.question_and_history()
    result = await answer(request, service.ask, question, history)
    sources, notices = await run_in_threadpool(service.sources, result)
    base = str(request.base_url).rstrip("/")
    text = with_sources(result.answer, result.answerable, sources, notices, base)
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    counted = usage(req, text)
    if not req.stream:
        return {
            "id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
            "choices": [{
                "index": 0, "finish_reason": "stop",
                "message": {"role": "assistant", "content": text},
            }],
            "usage": counted,
        }
    options = (req.model_extra or {}).get("stream_options") or {}
    last = counted if isinstance(options, dict) and options.get("include_usage") else None
    return StreamingResponse(_chunks(text, cid, created, last), media_type="text/event-stream")


def _chunks(text: str, cid: str, created: int, counted: dict | None = None) -> Iterator[str]:
    def chunk(delta: dict, finish: str | None = None) -> str:
        body = {
            "id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for line in text.splitlines(keepends=True):
        yield chunk({"content": line})
    yield chunk({}, "stop")
    if counted is not None:  # stream_options.include_usage: one more chunk, no choices
        body = {"id": cid, "object": "chat.completion.chunk", "created": created,
                "model": MODEL_ID, "choices": [], "usage": counted}
        yield f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"
