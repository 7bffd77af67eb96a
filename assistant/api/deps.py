"""Dependencies of the routes, as Annotated aliases (one place to see what a route needs)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.service import LobService
from core.config import Settings


def get_service(request: Request) -> LobService:
    return request.app.state.service


def get_settings_dep(request: Request) -> Settings:
    """The app's settings: the very object its service and request models read."""
    return request.app.state.settings


ServiceDep = Annotated[LobService, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]

_bearer = HTTPBearer(auto_error=False)


def require_admin(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Admin endpoints are off without LOB_ADMIN_TOKEN; with it, the token must match."""
    if not settings.admin_token:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admin endpoints are disabled")
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # Constant time: the comparison must not tell how much of a guess was right.
    if not hmac.compare_digest(credentials.credentials.encode(), settings.admin_token.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid token")


AdminDep = Annotated[None, Depends(require_admin)]
