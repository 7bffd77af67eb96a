from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool

from assistant.api.deps import ServiceDep, SettingsDep
from assistant.api.models import Passage

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search", response_model=list[Passage])
async def search(
    service: ServiceDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, description="Zoekvraag")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    type: Annotated[list[str] | None, Query(description="document type(s)")] = None,
    doc_id: Annotated[list[str] | None, Query(description="document id(s)")] = None,
) -> list[dict]:
    q = q.strip()
    if not q:
        raise HTTPException(422, "q is empty")
    if len(q) > settings.max_question_chars:
        raise HTTPException(422, f"q is longer than {settings.max_question_chars} characters")
    return await run_in_threadpool(service.search, q, k, type, doc_id)
