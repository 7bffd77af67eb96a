"""The FastAPI application: API routes, the OpenAI-compatible endpoints and the UI at /ui."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.admission import AnswerSlots
from assistant.api.limits import RequestLimits
from assistant.api.routes import ask, documents, feedback, health, openai_compat, search
from assistant.checks import (
    InvalidInput,
    LobError,
    NotFound,
    UnsupportedFileType,
    UploadRejected,
    UploadTooLarge,
)
from assistant.service import LobService
from core.config import Settings, get_settings
from core.store import StoreUnavailable

log = logging.getLogger("lob.api")

# The service's refusals by type (assistant/checks.py), most specific first by the MRO.
STATUS: dict[type[LobError], int] = {
    InvalidInput: 422, NotFound: 404,
    UploadTooLarge: 413, UnsupportedFileType: 415, UploadRejected: 422,
}


def status_of(exc: LobError) -> int:
    return next((STATUS[c] for c in type(exc).__mro__ if c in STATUS), 400)


def _is_store_down(exc: Exception) -> bool:
    """Chroma's HTTP client raises plain connection errors when the server is gone."""
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e}
    return isinstance(exc, StoreUnavailable | ConnectionError) or bool(
        names & {"ConnectError", "ConnectTimeout", "ReadTimeout", "RemoteProtocolError"}
    )


class ErrorResponses:
    """ASGI middleware: an exception a route did not handle becomes a JSON 503 (store down)
    or 500, sent as a normal response, so the connection stays open for the next request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:  # part of a response is out: closing is all that is left
                raise
            if _is_store_down(exc):
                response = JSONResponse(
                    {"detail": "the document store is unreachable; try again shortly"},
                    status_code=503,
                )
            else:
                log.exception("unhandled error on %s", scope.get("path"))
                response = JSONResponse({"detail": "internal error"}, status_code=500)
            await response(scope, receive, send)


def create_app(
    settings: Settings | None = None, service: LobService | None = None, with_ui: bool = True
) -> FastAPI:
    owned = service is None
    if service is None:
        service = LobService(settings or get_settings())
    elif settings is not None and settings != service.settings:
        raise ValueError("create_app: settings differ from the service's settings")
    # One settings object for the service, the routes (SettingsDep) and the request models
    # (RequestLimits sets it for `app_settings()`).
    settings = service.settings
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:  # a service handed in is its giver's to close
            service.close()

    app = FastAPI(
        title="LOB Assistent",
        description="Vragen over loopbaanoriëntatie en -begeleiding, beantwoord met bronnen.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.settings = settings
    app.state.answer_slots = AnswerSlots.from_settings(settings)
    # Not app.exception_handler(Exception): Starlette runs that one in its outermost
    # middleware and re-raises after responding, so uvicorn logs the error a second time and
    # closes the keep-alive connection (a client's next pooled request then fails).
    # Added before CORS, so CORS still wraps these responses.
    app.add_middleware(ErrorResponses)

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

    @app.exception_handler(LobError)
    async def _refused(request: Request, exc: LobError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status_of(exc))

    for router in (health, ask, search, documents, feedback, openai_compat):
        app.include_router(router.router)
    # Outermost: request models read this app's settings; oversized bodies get a 413 unread.
    app.add_middleware(RequestLimits, settings=settings)

    if with_ui:
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        from ui.app import mount

        mount(app, app.state.service)  # /ui and /favicon.ico (ui/app.py says how)

        @app.get("/", include_in_schema=False)
        def _root() -> RedirectResponse:
            return RedirectResponse("/ui")

    return app
