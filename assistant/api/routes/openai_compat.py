"""OpenAI-compatible chat completions, so existing chat clients can talk to the assistant.

The last user message is the question, earlier user messages are the history. The answer
keeps its [n] markers and lists the sources after it.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Request
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


def with_sources(result: dict) -> str:
    lines = [result["answer"]]
    if result["citations"]:
        label = "Bronnen" if result["answerable"] else "Mogelijk relevant"
        lines.append(f"\n{label}:")
        for c in result["citations"]:
            where = f"{c['doc_id']} [{c['start']}:{c['end']}]"
            section = f" — {c['section']}" if c.get("section") else ""
            lines.append(f"[{c['n']}] {c['title']}{section} ({where})")
    return "\n".join(lines)


@router.get("/models")
def models() -> dict:
    return {"object": "list", "data": [
        {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "lob-assistent"}
    ]}


@router.post("/chat/completions")
async def chat_completions(req: CompletionRequest, service: ServiceDep, request: Request):
    question, history = req.question_and_history()
    result = await answer(request, service.ask, question, history)
    text = with_sources(result.to_dict())
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if not req.stream:
        return {
            "id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
            "choices": [{
                "index": 0, "finish_reason": "stop",
                "message": {"role": "assistant", "content": text},
            }],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }
    return StreamingResponse(_chunks(text, cid, created), media_type="text/event-stream")


def _chunks(text: str, cid: str, created: int) -> Iterator[str]:
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
    yield "data: [DONE]\n\n"
