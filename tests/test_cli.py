"""The `lob` command as a user runs it: a real process, its own data dir, JSON out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS

LOB = [sys.executable, "-m", "assistant.cli"]


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli-data")
    return {**os.environ, "LOB_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="module")
def first_ingest(fresh_env):
    out = run(fresh_env, "ingest", str(CORPUS), "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def env(fresh_env, first_ingest):
    """An environment whose data dir holds the ingested corpus."""
    return fresh_env


def run(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*LOB, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_ingest_twice_then_search(env, first_ingest):
    s1 = first_ingest
    assert set(s1) >= {"added", "updated", "removed", "skipped", "chunks_embedded", "chunks_total"}
    assert len(s1["added"]) == 5 and s1["chunks_embedded"] == s1["chunks_total"]
    # The sentence vectors are filled after the ingest, before the command ends.
    assert s1["sentences_embedded"] > s1["chunks_embedded"] and s1["sentences_left"] == 0

    s2 = json.loads(run(env, "ingest", str(CORPUS), "--json").stdout)
    assert s2["chunks_embedded"] == 0 and s2["added"] == [] and s2["removed"] == []

    q = "Welke partijen zetten zich in voor sterk beroepsonderwijs?"
    out = run(env, "search", "--json", q)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 5
    top = hits[0]
    assert set(top) == {
        "doc_id", "title", "doc_type", "section", "page", "start", "end", "score", "text"
    }
    assert "Sterk Beroepsonderwijs" in (top["section"] or "")
    assert "zetten zich samen in voor sterk beroepsonderwijs" in top["text"]
    source = (CORPUS / f"{top['doc_id']}.txt").read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]  # the text after the front matter
    assert body[top["start"] : top["end"]] == top["text"]


def test_search_filters_and_k(env):
    out = run(env, "search", "--json", "--k", "2", "--type", "nieuws", "Wie financiert LOB?")
    hits = json.loads(out.stdout)
    assert len(hits) == 2 and {h["doc_type"] for h in hits} == {"nieuws"}


def test_search_with_unknown_words_does_not_crash(env):
    out = run(env, "search", "--json", "qwxz blorp")
    assert out.returncode == 0, out.stderr
    assert isinstance(json.loads(out.stdout), list)


def test_empty_query_is_a_usage_error(env):
    out = run(env, "search", "   ")
    assert out.returncode == 2 and "empty" in out.stderr


def test_status_reports_the_index(env):
    info = json.loads(run(env, "status", "--json").stdout)
    assert info["documents"] == 5 and info["chunks"] == info["bm25_chunks"] > 0
    assert info["embedder"] == "e5" and Path(info["data_dir"]) == Path(env["LOB_DATA_DIR"])
    filled, total = map(int, info["sentences"].split("/"))
    assert filled == total > info["chunks"]


def test_ingest_no_fill_leaves_the_sentences_and_the_next_ingest_fills_them(tmp_path):
    env = {**os.environ, "LOB_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}
    one = str(CORPUS / "nazorg-en-lob.txt")
    first = json.loads(run(env, "ingest", one, "--json", "--no-fill").stdout)
    assert first["chunks_embedded"] > 0 and first["sentences_embedded"] == 0
    assert first["sentences_left"] > first["chunks_embedded"]
    plain = run(env, "ingest", one, "--no-fill")
    assert f"{first['sentences_left']} sentence vectors left to fill" in plain.stdout
    # Nothing changed, but what was left is filled.
    second = json.loads(run(env, "ingest", one, "--json").stdout)
    assert second["chunks_embedded"] == 0
    assert second["sentences_embedded"] == first["sentences_left"]
    assert second["sentences_left"] == 0


def test_ingest_missing_folder(env, tmp_path):
    out = run(env, "ingest", str(tmp_path / "nope"))
    assert out.returncode == 2 and "no such file or folder" in out.stderr


def test_chat_reads_questions_from_stdin(env):
    out = subprocess.run(
        [*LOB, "chat"], env=env, input="Wat is een startkwalificatie?\n", capture_output=True,
        text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "startkwalificatie" in out.stdout.lower()
