"""Server-side conversations: the user turns of each session, bounded in time and size."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict


class UnknownSession(KeyError):
    """The session id was never issued or has expired."""


class SessionStore:
    def __init__(self, ttl_s: float, max_sessions: int, max_turns: int) -> None:
        if ttl_s <= 0 or max_sessions < 1 or max_turns < 0:
            raise ValueError("ttl_s > 0, max_sessions >= 1 and max_turns >= 0 are required")
        self.ttl_s, self.max_sessions, self.max_turns = ttl_s, max_sessions, max_turns
        self._data: OrderedDict[str, tuple[float, list[str]]] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._data:
            sid, (seen, _) = next(iter(self._data.items()))
            if now - seen <= self.ttl_s and len(self._data) <= self.max_sessions:
                break
            self._data.pop(sid)

    def new(self) -> str:
        sid = secrets.token_urlsafe(16)
        with self._lock:
            self._data[sid] = (time.monotonic(), [])
            self._expire(time.monotonic())
        return sid

    def history(self, sid: str) -> list[str]:
        with self._lock:
            self._expire(time.monotonic())
            if sid not in self._data:
                raise UnknownSession(sid)
            return list(self._data[sid][1])

    def append(self, sid: str, turn: str) -> None:
        with self._lock:
            if sid not in self._data:
                raise UnknownSession(sid)
            turns = (self._data[sid][1] + [turn])[-self.max_turns :] if self.max_turns else []
            self._data[sid] = (time.monotonic(), turns)
            self._data.move_to_end(sid)

    def __len__(self) -> int:
        return len(self._data)
