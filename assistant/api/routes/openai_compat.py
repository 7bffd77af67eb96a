"""OpenAI-compatible chat completions, so existing chat clients can talk to the assistant.

The last user message is the question, earlier user messages are the history. The answer
keeps its [n] markers and lists the sources after it.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import ServiceDep, SettingsDep

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODEL_ID = "lob-assistent"


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return " ".join(p.get("text", "") for p in self.content if isinstance(p, dict))
        return self.content or ""


class CompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = MODEL_ID
    messages: list[Message] = Field(min_length=1, max_length=500)
    stream: bool = False


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
async def chat_completions(req: CompletionRequest, service: ServiceDep, settings: SettingsDep):
    users = [m.text().strip() for m in req.messages if m.role == "user" and m.text().strip()]
    if not users:
        raise HTTPException(422, "no user message with text")
    question, history = users[-1], users[:-1]
    if len(question) > settings.max_question_chars:
        raise HTTPException(422, f"the question is longer than {settings.max_question_chars}")
    result = await run_in_threadpool(service.ask, question, history)
    text = with_sources(result)
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
