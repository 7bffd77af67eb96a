"""Questions: stateless ask, server-side chat sessions, and the answer as server-sent events."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import StreamingResponse

from assistant.api.admission import answer
from assistant.api.deps import ServiceDep
from assistant.api.models import AnswerResponse, AskRequest, ChatRequest, ChatResponse
from assistant.sessions import UnknownSession

router = APIRouter(prefix="/api/v1", tags=["questions"])


def _doc_types(req: AskRequest) -> list[str] | None:
    return (req.filters or {}).get("doc_type") or None


@router.post("/ask", response_model=AnswerResponse)
async def ask(req: AskRequest, service: ServiceDep, request: Request) -> dict:
    # Encoding is CPU-bound: off the event loop, a few at a time, within the deadline.
    return await answer(
        request, service.ask, req.question, req.user_history(), req.k, _doc_types(req)
    )


@router.post("/chat", response_model=ChatResponse)
async def chat(req: ChatRequest, service: ServiceDep, request: Request) -> dict:
    try:
        return await answer(request, service.chat, req.message, req.session_id, req.k)
    except UnknownSession:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            "unknown or expired session_id; start a new chat without session_id",
        ) from None


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
    result = await answer(
        request, service.ask, req.question, req.user_history(), req.k, _doc_types(req)
    )
    return StreamingResponse(answer_events(result), media_type="text/event-stream")
