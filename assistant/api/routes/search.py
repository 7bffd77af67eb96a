from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from assistant.api.admission import answer
from assistant.api.deps import ServiceDep, SettingsDep
from assistant.api.models import Passage, check_unicode

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search", response_model=list[Passage])
async def search(
    service: ServiceDep,
    settings: SettingsDep,
    request: Request,
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
    try:
        check_unicode([q, type, doc_id])
    except ValueError as exc:  # URL decoding replaces bad bytes today; stay safe if not
        raise HTTPException(422, f"the query is not valid Unicode: {exc}") from None
    return await answer(request, service.search, q, k, type, doc_id)
