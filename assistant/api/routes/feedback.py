from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.concurrency import run_in_threadpool

from assistant.api.deps import ServiceDep
from assistant.api.models import FeedbackRequest, FeedbackResponse

router = APIRouter(prefix="/api/v1", tags=["feedback"])


@router.post("/feedback", response_model=FeedbackResponse, status_code=status.HTTP_201_CREATED)
async def feedback(req: FeedbackRequest, service: ServiceDep) -> FeedbackResponse:
    fid = await run_in_threadpool(
        service.feedback, req.question, req.answer, req.rating, req.comment, req.history
    )
    return FeedbackResponse(id=fid)
