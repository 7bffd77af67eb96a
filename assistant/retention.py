"""Retention (AVG): feedback, uploaded file copies and chat sessions are kept no longer than
LOB_RETENTION_DAYS (0 = forever). The service purges at start-up and then once a day.

Uploads: what is purged is the file copy kept under <data dir>/uploads/. The document it
became stays in the index (and keeps answering) until an admin deletes it with
DELETE /api/v1/documents/{doc_id}: an admin added it on purpose, and a knowledge base that
silently loses documents after N days would surprise more than it protects.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.feedback import FeedbackStore
from assistant.sessions import SessionStore

DAY_S = 86_400.0
log = logging.getLogger("lob.retention")


@dataclass(frozen=True)
class Purged:
    feedback: int = 0
    uploads: int = 0
    sessions: int = 0

    def __str__(self) -> str:
        return (
            f"{self.feedback} feedback row(s), {self.uploads} uploaded file(s), "
            f"{self.sessions} chat session(s)"
        )


def purge_uploads(folder: Path, before: float) -> int:
    """Delete the regular files in `folder` last written before `before`; how many went."""
    if not folder.is_dir():
        return 0
    removed = 0
    for p in folder.iterdir():
        try:
            st = p.lstat()
            # A symlink or folder there is not ours to judge: regular files only.
            if p.is_file() and not p.is_symlink() and st.st_mtime < before:
                p.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # deleted meanwhile (an admin's DELETE)
    return removed


def purge_expired(
    days: int, feedback: FeedbackStore, uploads_dir: Path, sessions: SessionStore | None = None,
    now: float | None = None,
) -> Purged:
    """Everything older than `days` days; nothing when days is 0 (keep forever)."""
    if days <= 0:
        return Purged()
    now = time.time() if now is None else now
    before = now - days * DAY_S
    return Purged(
        feedback=feedback.purge(before),
        uploads=purge_uploads(uploads_dir, before),
        sessions=sessions.purge_older_than(days * DAY_S) if sessions is not None else 0,
    )


class DailyJob:
    """Run `job` every `every_s` seconds on a daemon thread (cheap: it sleeps in between).

    A bound method is held weakly: the thread ends once its object is gone (tests build many
    services), instead of keeping it alive.
    """

    def __init__(self, job: Callable[[], object], every_s: float = DAY_S) -> None:
        self._job: Callable[[], Callable[[], object] | None] = (
            weakref.WeakMethod(job) if hasattr(job, "__self__") else (lambda: job)
        )
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lob-retention", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self._every_s):
            job = self._job()
            if job is None:
                return
            try:
                job()
            except Exception:  # a failed purge must not end the thread: try again tomorrow
                log.exception("retention purge failed")
            del job  # no strong reference while sleeping
