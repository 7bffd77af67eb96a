"""Server-side conversations: the user turns of each session, bounded in time and size."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class UnknownSession(KeyError):
    """The session id was never issued or has expired."""


class SessionStore:
    def __init__(
        self, ttl_s: float, max_sessions: int, max_turns: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl_s <= 0 or max_sessions < 1 or max_turns < 0:
            raise ValueError("ttl_s > 0, max_sessions >= 1 and max_turns >= 0 are required")
        self.ttl_s, self.max_sessions, self.max_turns = ttl_s, max_sessions, max_turns
        self._clock = clock
        self._data: OrderedDict[str, tuple[float, list[str]]] = OrderedDict()
        # When each session began: retention (AVG) counts from the first turn, not the last.
        self._born: dict[str, float] = {}
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._data:
            sid, (seen, _) = next(iter(self._data.items()))
            if now - seen <= self.ttl_s and len(self._data) <= self.max_sessions:
                break
            self._data.pop(sid)
            self._born.pop(sid, None)

    def new(self) -> str:
        sid = secrets.token_urlsafe(16)
        with self._lock:
            self._data[sid] = (self._clock(), [])
            self._born[sid] = self._clock()
            self._expire(self._clock())
        return sid

    def history(self, sid: str) -> list[str]:
        with self._lock:
            self._expire(self._clock())
            if sid not in self._data:
                raise UnknownSession(sid)
            return list(self._data[sid][1])

    def append(self, sid: str, turn: str) -> None:
        with self._lock:
            if sid not in self._data:
                raise UnknownSession(sid)
            turns = (self._data[sid][1] + [turn])[-self.max_turns :] if self.max_turns else []
            self._data[sid] = (self._clock(), turns)
            self._data.move_to_end(sid)

    def purge_older_than(self, max_age_s: float) -> int:
        """Forget the sessions begun more than max_age_s ago, however active; how many went."""
        now = self._clock()
        with self._lock:
            old = [sid for sid, born in self._born.items() if now - born > max_age_s]
            for sid in old:
                self._data.pop(sid, None)
                self._born.pop(sid, None)
        return len(old)

    def __len__(self) -> int:
        return len(self._data)
