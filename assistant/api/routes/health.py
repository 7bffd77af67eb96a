from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.api.deps import ServiceDep
from assistant.api.models import Health, Ready

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Ready, responses={503: {"model": Ready}})
def ready(service: ServiceDep):
    state = service.ready()
    body = Ready(status="ready" if state["ready"] else "not ready", **{
        k: state[k] for k in (
            "chunks", "bm25", "sentences_filled", "sentences_total", "fill_eta_s"
        )
    })
    return body if state["ready"] else JSONResponse(body.model_dump(), status_code=503)
