from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from assistant.api.admission import answer
from assistant.api.deps import ServiceDep
from assistant.api.models import PassageOut, check_unicode

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search", response_model=list[PassageOut])
async def search(
    service: ServiceDep,
    request: Request,
    q: Annotated[str, Query(min_length=1, description="Zoekvraag")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    type: Annotated[list[str] | None, Query(description="document type(s)")] = None,
    doc_id: Annotated[list[str] | None, Query(description="document id(s)")] = None,
) -> list[dict]:
    # URL decoding replaces bad bytes today; stay safe if not. The query itself is checked
    # by the service, like every question.
    check_unicode([q, type, doc_id])
    hits = await answer(request, service.search, q, k, type, doc_id)
    return [p.public() for p in hits]
