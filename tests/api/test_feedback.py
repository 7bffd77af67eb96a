"""POST /api/v1/feedback and `lob feedback export`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from assistant.feedback import FeedbackStore
from eval.testset import TestItem


def test_feedback_is_stored_and_exported(client, service):
    ok = client.post(
        "/api/v1/feedback", json={"question": "Wat is LOB?", "answer": "…", "rating": "up"}
    )
    down = client.post(
        "/api/v1/feedback",
        json={"question": "Wie betaalt dat?", "answer": "fout", "rating": "down",
              "comment": "geen bron", "history": ["Welke scholen doen mee?"]},
    )
    assert ok.status_code == down.status_code == 201
    lines = service.feedback_store.export_candidates()
    mine = [x for x in lines if x["id"] == f"feedback-{down.json()['id']}"]
    assert mine and mine[0]["q"] == "Wie betaalt dat?" and mine[0]["history"]
    assert set(mine[0]) == set(TestItem.__dataclass_fields__)  # the eval schema
    assert all(x["q"] != "Wat is LOB?" for x in lines)  # thumbs up is not a candidate


def test_bad_feedback_is_a_422(client):
    r = client.post("/api/v1/feedback", json={"question": "x", "answer": "y", "rating": "meh"})
    assert r.status_code == 422


def test_cli_export(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.add("Hoeveel kost het?", "weet ik niet", "down")
    env = {**os.environ, "LOB_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "feedback", "export"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[0])["q"] == "Hoeveel kost het?"
