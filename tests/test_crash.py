"""Faults during ingest: `kill -9` mid-run converges on the clean index; queries never fail."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import CORPUS, make_settings

from core.index import IndexStore
from ingest.pipeline import ingest


def _folder(root, copies: int):
    """The corpus plus variants of it, so a run has enough to embed to be killed midway."""
    root.mkdir()
    for src in sorted(CORPUS.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        (root / src.name).write_text(text, encoding="utf-8")
        head, body = text.split("---\n", 2)[1:]
        for i in range(copies):
            variant = body.replace("LOB", f"LOB-{i}").replace("mbo", f"mbo{i}")
            (root / f"{src.stem}-v{i}.txt").write_text(f"---\n{head}---\n{variant}", "utf-8")
    return root


def _state(settings):
    store = IndexStore(settings, "e5")
    chunks = sorted((c.chunk_id, c.doc_id, c.start, c.end) for c in store.all_chunks())
    return chunks, sorted(store.document_records()), sorted(store.load_lexical().chunk_ids)


@pytest.mark.slow
def test_kill_9_mid_ingest_converges(tmp_path, embedder):
    folder = _folder(tmp_path / "docs", copies=2)
    crashed = make_settings(tmp_path / "crashed")
    env = {**os.environ, "LOB_DATA_DIR": str(crashed.data_dir), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--json"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # Kill it once it has written something but long before it is done (~15 documents).
    deadline = time.time() + 120
    while time.time() < deadline:
        db = crashed.data_dir / "chroma" / "chroma.sqlite3"
        if db.exists() and db.stat().st_size > 300_000:
            break
        time.sleep(0.2)
    time.sleep(1.5)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    again = ingest(folder, crashed, embedder=embedder, progress=False)
    assert again.chunks_embedded < again.chunks_total  # the work done before the kill is kept
    clean = make_settings(tmp_path / "clean")
    ingest(folder, clean, embedder=embedder, progress=False)
    chunks, docs, bm25 = _state(crashed)
    assert (chunks, docs, bm25) == _state(clean)
    ids = [c[0] for c in chunks]
    assert len(ids) == len(set(ids)) == len(bm25)  # no duplicates, no orphans


@pytest.mark.slow
def test_queries_during_an_ingest_never_fail(tmp_path, embedder):
    from assistant.retrieval import Retriever

    settings = make_settings(tmp_path / "data")
    ingest(CORPUS / "nazorg-en-lob.txt", settings, embedder=embedder, progress=False)
    retriever = Retriever(settings, embedder=embedder)
    errors: list[BaseException] = []
    done = threading.Event()
    counts = []

    def ask_loop():
        while not done.is_set():
            try:
                counts.append(len(retriever.search("subsidie nazorg mbo", k=3)))
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
                return

    worker = threading.Thread(target=ask_loop)
    worker.start()
    try:
        ingest(_folder(tmp_path / "docs", copies=1), settings, embedder=embedder, progress=False)
    finally:
        done.set()
        worker.join(30)
    assert not errors, errors[:1]
    assert len(counts) > 5 and all(n == 3 for n in counts)
