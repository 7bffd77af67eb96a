"""The sentence vectors filled after the ingest (core/sentence_fill.py): answers from an index
whose sentences are not filled yet equal those from one ingested in full, the fill leaves the
very vectors a full ingest stores, resumes where it stopped, and runs behind a server."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time

import pytest
from conftest import make_settings

from assistant.answer import Assistant
from assistant.retrieval import Retriever
from assistant.service import LobService
from core.config import PROJECT_ROOT
from core.index import IndexStore, chunk_sentences
from core.sentence_fill import SentenceFill, fill_after_ingest
from ingest.pipeline import ingest

DEV = PROJECT_ROOT / "eval" / "devcorpus"
# Small documents of several formats, so the index is built in seconds.
DOCS = (
    "beleid-convenant-lob-vo-mbo.txt", "faq-stage-zoeken.txt", "faq-loopbaandossier.md",
    "handreiking-netwerkgesprek-mbo.md", "beleid-lob-visie-college.html",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    for name in DOCS:
        shutil.copy(DEV / "docs" / name, out / name)
    return out


def _questions() -> list[dict]:
    """The development questions about these documents (follow-ups and refusals included)."""
    stems = {name.rsplit(".", 1)[0] for name in DOCS}
    items = [
        json.loads(line)
        for fold in ("tuning.jsonl", "heldout.jsonl")
        for line in (DEV / fold).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    about = [it for it in items if stems & set(it.get("tags", []))]
    refusals = [it for it in items if not it.get("answerable", True)][:3]
    return about + refusals


def _vectors(settings, embedder) -> dict[bytes, bytes]:
    path = IndexStore(settings, embedder.name).sentence_vectors.path
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT k, vec FROM v").fetchall())


class Counting:
    """The real embedder, counting passages; `stop` is set after `after` calls."""

    def __init__(self, inner, stop: threading.Event | None = None, after: int = 0) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.stop, self.after, self.calls, self.passages = stop, after, 0, 0

    def embed_passages(self, texts):
        self.calls += 1
        self.passages += len(texts)
        if self.stop is not None and self.calls >= self.after:
            self.stop.set()
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def _answers(settings, embedder, questions) -> list[dict]:
    assistant = Assistant(settings, retriever=Retriever(settings, embedder=embedder))
    out = []
    for it in questions:
        a = assistant.ask(it["q"], list(it.get("history") or []))
        d = a.to_dict()
        d.pop("timings_ms", None)
        out.append(d)
    return out


@pytest.mark.slow
def test_answers_before_the_fill_equal_a_full_ingest_and_the_fill_stores_the_same_vectors(
    tmp_path, folder, embedder
):
    questions = _questions()
    assert len(questions) >= 8
    full = make_settings(tmp_path / "full", sentence_fill="ingest")
    lazy = make_settings(tmp_path / "lazy", sentence_fill="background")
    done = ingest(folder, full, embedder=embedder, progress=False)
    quick = ingest(folder, lazy, embedder=embedder, progress=False)
    assert done.sentences_embedded > 100 and quick.sentences_embedded == 0
    assert quick.chunks_embedded == done.chunks_embedded
    filled, total = IndexStore(lazy, embedder.name).sentence_vectors.fill_state()
    assert filled == 0 and total == done.sentences_embedded

    # Unfilled: each answer embeds its passages' sentences itself, and answers the same.
    counting = Counting(embedder)
    assert _answers(lazy, counting, questions) == _answers(full, embedder, questions)
    assert counting.passages > 0

    # One more document, asked nothing about. The fill embeds only what the answers left,
    # and ends with a full ingest's vectors, bit for bit (both round to float16 alike).
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(DEV / "docs" / "faq-overstap-hbo.md", more)
    added = ingest(more, full, embedder=embedder, progress=False).sentences_embedded
    ingest(more, lazy, embedder=embedder, progress=False)
    counting = Counting(embedder)
    run = fill_after_ingest(lazy, counting)
    assert run.done and added <= run.sentences == counting.passages < total + added
    assert _vectors(lazy, embedder) == _vectors(full, embedder)
    assert IndexStore(lazy, embedder.name).sentence_vectors.fill_state() == (
        total + added, total + added
    )
    assert fill_after_ingest(lazy, embedder).sentences == 0


def test_a_stopped_fill_resumes_and_a_removed_document_leaves_no_vector(tmp_path, folder, embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(folder, corpus)
    settings = make_settings(tmp_path / "data")  # the default: background
    ingest(corpus, settings, embedder=embedder, progress=False)
    store = IndexStore(settings, embedder.name)

    stop = threading.Event()
    first = SentenceFill(store, Counting(embedder, stop, after=1), chunks_per_step=3).run(stop=stop)
    assert not first.done and 0 < first.sentences
    filled, total = store.sentence_vectors.fill_state()
    assert filled == first.sentences < total

    # The document is removed while its sentences wait: the fill (a new process) does not
    # bring its vectors back, and fills the rest.
    gone = corpus / "faq-stage-zoeken.txt"
    gone_units = {t for c in store.all_chunks() if c.doc_id == gone.stem
                  for t in chunk_sentences(c)}
    gone.unlink()
    ingest(corpus, settings, embedder=embedder, progress=False)
    store = IndexStore(settings, embedder.name)
    second = SentenceFill(store, embedder).run()
    live = {t for c in store.all_chunks() for t in chunk_sentences(c)}
    assert second.done and store.sentence_vectors.missing(live) == []
    assert len(store.sentence_vectors) == len(live)
    assert store.sentence_vectors.get(gone_units - live) == {}
    assert store.sentence_vectors.fill_state() == (len(live), len(live))


def test_one_filler_per_data_dir(tmp_path, folder, embedder):
    settings = make_settings(tmp_path / "data")
    ingest(folder, settings, embedder=embedder, progress=False)
    store = IndexStore(settings, embedder.name)
    holder = SentenceFill(store, embedder)
    with holder._exclusive(wait=True):
        other = SentenceFill(IndexStore(settings, embedder.name), embedder).run(wait=False)
    assert not other.done and other.sentences == 0
    assert store.sentence_vectors.fill_state()[0] == 0


@pytest.mark.slow
def test_a_server_fills_behind_its_questions_and_reports_progress(tmp_path, folder, embedder):
    settings = make_settings(tmp_path / "data", generation_check_s=0.2)
    ingest(folder, settings, embedder=embedder, progress=False)
    service = LobService(settings, embedder=embedder)
    try:
        state = service.ready()
        assert state["ready"] and state["sentences_total"] > 0
        answer = service.ask("Wat staat er in het loopbaandossier?")
        assert answer.citations
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            service.fill._state = None  # the count is cached for /ready; ask afresh
            state = service.ready()
            if state["sentences_filled"] == state["sentences_total"]:
                break
            time.sleep(0.5)
        assert state["sentences_filled"] == state["sentences_total"] > 0
        assert state["fill_eta_s"] == 0.0

        # Another process ingests more: the server sees the new generation and fills it.
        more = tmp_path / "more"
        more.mkdir()
        shutil.copy(DEV / "docs" / "faq-overstap-hbo.md", more)
        ingest(more, settings, embedder=embedder, progress=False)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            service.fill._state = None
            after = service.ready()
            if after["sentences_filled"] == after["sentences_total"] > state["sentences_total"]:
                break
            time.sleep(0.5)
        assert after["sentences_filled"] == after["sentences_total"] > state["sentences_total"]
    finally:
        service.fill.stop(timeout=30)
