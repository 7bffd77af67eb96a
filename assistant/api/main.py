"""The FastAPI application: API routes, the OpenAI-compatible endpoints and the UI at /ui."""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse

from assistant.api.routes import ask, documents, feedback, health, openai_compat, search
from assistant.service import LobService
from core.config import Settings, get_settings
from core.store import StoreUnavailable

log = logging.getLogger("lob.api")


def _is_store_down(exc: Exception) -> bool:
    """Chroma's HTTP client raises plain connection errors when the server is gone."""
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e}
    return isinstance(exc, StoreUnavailable | ConnectionError) or bool(
        names & {"ConnectError", "ConnectTimeout", "ReadTimeout", "RemoteProtocolError"}
    )


def create_app(
    settings: Settings | None = None, service: LobService | None = None, with_ui: bool = True
) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="LOB Assistent",
        description="Vragen over loopbaanoriëntatie en -begeleiding, beantwoord met bronnen.",
        version="0.1.0",
    )
    app.state.service = service or LobService(settings)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o.strip() for o in settings.cors_origins.split(",") if o.strip()],
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Say what is wrong without echoing the input back (it may be a megabyte).
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if _is_store_down(exc):
            return JSONResponse(
                {"detail": "the document store is unreachable; try again shortly"},
                status_code=503,
            )
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    for router in (health, ask, search, documents, feedback, openai_compat):
        app.include_router(router.router)

    if with_ui:
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        import gradio as gr

        from ui.app import CSS, build_ui

        # max_file_size=0: the UI has no upload component, so Gradio's own anonymous
        # /ui/gradio_api/upload route must store nothing (any non-empty file is a 413).
        gr.mount_gradio_app(
            app, build_ui(app.state.service), path="/ui", css=CSS, max_file_size=0
        )

        @app.get("/", include_in_schema=False)
        def _root() -> RedirectResponse:
            return RedirectResponse("/ui")

    return app
