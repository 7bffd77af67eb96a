"""Thumbs up/down from users, kept in SQLite; thumbs-down become candidate test questions."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT
)
"""


class FeedbackStore:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        # clock: the time stamped on new rows (a test sets it to write old rows).
        self._clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._conn.execute(_SCHEMA)
        self._conn.commit()
        self._lock = threading.Lock()

    def add(
        self, question: str, answer: str, rating: str, comment: str | None = None,
        history: list[str] | None = None,
    ) -> int:
        if rating not in ("up", "down"):
            raise ValueError("rating must be 'up' or 'down'")
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO feedback (created, question, history, answer, rating, comment) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (self._clock(), question, json.dumps(history or []), answer, rating, comment),
            )
            self._conn.commit()
            return int(cur.lastrowid)

    def purge(self, before: float) -> int:
        """Delete the rows created before this time (seconds since the epoch); how many went."""
        with self._lock:
            cur = self._conn.execute("DELETE FROM feedback WHERE created < ?", (before,))
            self._conn.commit()
            return int(cur.rowcount)

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def export_candidates(self) -> list[dict]:
        """Thumbs-down cases as test-set lines (eval schema) for an evaluator to complete:
        evidence and facts are left empty on purpose - only a person knows them."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, question, history, comment FROM feedback WHERE rating = 'down' "
                "ORDER BY id"
            ).fetchall()
        # The comment is not part of the schema; the evaluator sees it with `comments()`.
        return [
            {
                "id": f"feedback-{fid}", "q": question, "history": json.loads(history),
                "evidence": [], "facts": [], "answerable": True, "lang": "nl",
                "tags": ["followup"] if json.loads(history) else [],
            }
            for fid, question, history, _ in rows
        ]

    def comments(self) -> dict[str, str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, comment FROM feedback WHERE rating = 'down' AND comment IS NOT NULL"
            ).fetchall()
        return {f"feedback-{fid}": c for fid, c in rows}
