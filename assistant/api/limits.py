"""Request limits that apply before a route runs.

`app_settings()` gives the request models the settings of the app serving the request
(pydantic validators cannot take FastAPI dependencies), so every limit lives in one place,
core/config.py. `RequestLimits` also refuses a body far larger than any valid request with a
413 before it is read into memory: a 47 MB JSON body would otherwise be parsed in full just
to be told it is too long.
"""

from __future__ import annotations

import json
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import Settings, get_settings

_settings: ContextVar[Settings | None] = ContextVar("lob_app_settings", default=None)

# JSON can spend up to 12 bytes on one character (a \\uXXXX surrogate pair); the rest is
# room for keys, numbers and field names.
_BYTES_PER_CHAR = 12
_OVERHEAD = 64 * 1024
# Their own, larger bound: document uploads (max_upload_mb) and the UI (Gradio's own).
_UNBOUNDED = ("/api/v1/documents", "/ui")


def app_settings() -> Settings:
    """The serving app's settings; the process-wide ones outside a request."""
    return _settings.get() or get_settings()


def max_body_bytes(settings: Settings) -> int:
    return _BYTES_PER_CHAR * max(settings.max_request_chars, settings.max_feedback_chars) + (
        _OVERHEAD
    )


class RequestLimits:
    """ASGI middleware: sets `app_settings()` and caps request bodies (413)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.limit = max_body_bytes(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _settings.set(self.settings)
        try:
            if scope["path"].startswith(_UNBOUNDED):
                await self.app(scope, receive, send)
            else:
                await self._bounded(scope, receive, send)
        finally:
            _settings.reset(token)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await self._too_large(send)
            return
        # A chunked body has no length up front: count it, and once it is too long hand the
        # app an empty end instead, then answer 413 in place of whatever it says.
        seen, over, replied = 0, False, False

        async def counted() -> Message:
            nonlocal seen, over
            if over:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def replace(message: Message) -> None:
            nonlocal replied
            if not over:
                await send(message)
            elif not replied:
                replied = True
                await self._too_large(send)

        await self.app(scope, counted, replace)

    async def _too_large(self, send: Send) -> None:
        body = json.dumps({
            "detail": f"the request body is larger than {self.limit} bytes; "
            f"a request carries at most {self.settings.max_request_chars} characters of text"
        }).encode()
        await send({
            "type": "http.response.start", "status": 413,
            "headers": [(b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode())],
        })
        await send({"type": "http.response.body", "body": body})
