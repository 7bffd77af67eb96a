"""Questions: stateless ask, server-side chat sessions, and the answer as server-sent events."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from assistant.api.admission import answer
from assistant.api.deps import ServiceDep
from assistant.api.models import AnswerResponse, AskRequest, ChatRequest, ChatResponse

router = APIRouter(prefix="/api/v1", tags=["questions"])


async def _ask(req: AskRequest, service: ServiceDep, request: Request) -> dict:
    # Encoding is CPU-bound: off the event loop, a few at a time, within the deadline.
    result = await answer(
        request, service.ask, req.question, req.user_history(), req.k, req.doc_types()
    )
    return result.to_dict()


@router.post("/ask", response_model=AnswerResponse)
async def ask(req: AskRequest, service: ServiceDep, request: Request) -> dict:
    return await _ask(req, service, request)


@router.post(
    "/chat", response_model=ChatResponse, responses={404: {"description": "unknown session"}}
)
async def chat(req: ChatRequest, service: ServiceDep, request: Request) -> dict:
    result = await answer(request, service.chat, req.message, req.session_id, req.k)
    return result.to_dict()


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def answer_events(result: dict) -> Iterator[str]:
    """The answer sentence by sentence, then its citations, then the rest of the contract."""
    for piece in re.split(r"(?<=\])\s+", result["answer"]):
        if piece:
            yield sse("sentence", {"text": piece})
    yield sse("citations", result["citations"])
    yield sse("done", {k: v for k, v in result.items() if k not in ("citations",)})


@router.post(
    "/ask/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def ask_stream(req: AskRequest, service: ServiceDep, request: Request) -> StreamingResponse:
    """Server-sent events: `sentence` (one per sentence), `citations`, `done`."""
    result = await _ask(req, service, request)
    return StreamingResponse(answer_events(result), media_type="text/event-stream")
