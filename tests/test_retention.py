"""Retention (AVG): feedback, uploaded file copies and chat sessions older than
LOB_RETENTION_DAYS are purged at start-up, daily, and by `lob feedback purge`."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from conftest import make_settings

from assistant.feedback import FeedbackStore
from assistant.retention import DAY_S, DailyJob, purge_expired
from assistant.sessions import SessionStore

NOW = time.time()


def old_and_new_feedback(path, old_days: float = 100, new_days: float = 10) -> FeedbackStore:
    """Real SQLite rows: two written `old_days` ago, one `new_days` ago."""
    for age in (old_days, old_days, new_days):
        FeedbackStore(path, clock=lambda age=age: NOW - age * DAY_S).add(
            f"vraag van {age} dagen geleden", "antwoord", "down", comment="c", history=["eerder"]
        )
    return FeedbackStore(path)


def test_feedback_purge_removes_old_rows_only(tmp_path):
    store = old_and_new_feedback(tmp_path / "feedback.sqlite3")
    assert store.count() == 3
    assert store.purge(NOW - 90 * DAY_S) == 2
    assert [x["q"] for x in store.export_candidates()] == ["vraag van 10 dagen geleden"]
    assert store.purge(NOW - 90 * DAY_S) == 0


def test_purge_expired_feedback_uploads_and_sessions(tmp_path):
    store = old_and_new_feedback(tmp_path / "feedback.sqlite3")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    old, new = uploads / "oud.txt", uploads / "nieuw.txt"
    old.write_text("oud"), new.write_text("nieuw")
    os.utime(old, (NOW - 91 * DAY_S, NOW - 91 * DAY_S))
    clock = [0.0]
    sessions = SessionStore(3600 * 24 * 365, 100, 10, clock=lambda: clock[0])
    first = sessions.new()
    clock[0] += 91 * DAY_S
    sessions.append(first, "nog steeds actief")  # activity does not extend retention
    second = sessions.new()

    kept = purge_expired(0, store, uploads, sessions, now=NOW)  # 0 = keep forever
    assert (kept.feedback, kept.uploads, kept.sessions) == (0, 0, 0)
    assert store.count() == 3 and old.exists() and len(sessions) == 2

    purged = purge_expired(90, store, uploads, sessions, now=NOW)
    assert (purged.feedback, purged.uploads, purged.sessions) == (2, 1, 1)
    assert store.count() == 1 and not old.exists() and new.exists()
    assert len(sessions) == 1 and sessions.history(second) == []


def test_service_purges_at_start_up(tmp_path, embedder):
    from assistant.service import LobService

    settings = make_settings(tmp_path / "data", retention_days=30)
    old_and_new_feedback(settings.feedback_db, old_days=45, new_days=5)
    settings.uploads_dir.mkdir(parents=True)
    upload = settings.uploads_dir / "oude-upload.txt"
    upload.write_text("tekst")
    os.utime(upload, (NOW - 31 * DAY_S, NOW - 31 * DAY_S))

    service = LobService(settings, embedder=embedder)
    assert service.feedback_store.count() == 1
    assert not upload.exists()
    assert service._retention._thread.is_alive()  # the daily purge is scheduled
    service._retention.stop()


def test_daily_job_repeats_and_survives_errors():
    runs: list[float] = []
    done = threading.Event()

    def job():
        runs.append(time.time())
        if len(runs) == 1:
            raise OSError("database is locked")  # logged; the next run still happens
        if len(runs) >= 3:
            done.set()

    daily = DailyJob(job, every_s=0.05)
    daily.start()
    assert done.wait(5), runs
    daily.stop()


def test_cli_feedback_purge_prints_the_count(tmp_path):
    old_and_new_feedback(tmp_path / "feedback.sqlite3")
    env = {**os.environ, "LOB_DATA_DIR": str(tmp_path), "LOB_RETENTION_DAYS": "90"}

    def purge(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", "feedback", "purge", *args],
            env=env, capture_output=True, text=True, timeout=60,
        )

    out = purge("--days", "365")
    assert out.returncode == 0, out.stderr
    assert "removed 0 feedback row(s) older than 365 days" in out.stdout
    out = purge()  # LOB_RETENTION_DAYS
    assert out.returncode == 0, out.stderr
    assert "removed 2 feedback row(s) older than 90 days" in out.stdout
    assert FeedbackStore(tmp_path / "feedback.sqlite3").count() == 1
