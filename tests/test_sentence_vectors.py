"""The sentence-vector store on its own, and what ingest and the answerer do with it.

Ingest here embeds the sentences itself (LOB_SENTENCE_FILL=ingest); filling them after the
ingest is tests/test_sentence_fill.py's."""

from __future__ import annotations

import shutil
import threading

import numpy as np
import pytest
from conftest import CORPUS, make_settings

from assistant.answer import Assistant
from assistant.retrieval import Retriever
from core.index import IndexStore, chunk_sentences
from core.sentence_vectors import SentenceVectors
from core.sentences import split_units
from ingest.pipeline import ingest


def _unit(rng, n, dim=384):
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_round_trip_missing_reopen_and_delete(tmp_path):
    rng = np.random.default_rng(1)
    store = SentenceVectors(tmp_path / "s.sqlite3")
    texts = ["Een zin over LOB.", "Nog een zin.", "Zinnen met é en ü."]
    vecs = _unit(rng, 3)
    store.put(texts, vecs)
    got = store.get(texts + ["onbekend"])
    assert set(got) == set(texts)
    for t, v in zip(texts, vecs):
        assert got[t].dtype == np.float32
        assert np.abs(got[t] - v).max() < 1e-3  # float16 on disk
        assert got[t] @ v > 0.9999
    assert store.missing(["onbekend", "Nog een zin.", "onbekend"]) == ["onbekend"]
    store.close()

    again = SentenceVectors(tmp_path / "s.sqlite3")
    assert len(again) == 3
    again.delete([texts[0], texts[2], "onbekend"])
    assert list(again.get(texts)) == ["Nog een zin."]
    with pytest.raises(ValueError):
        again.put(["a", "b"], vecs[:1])


def test_threads_share_one_store(tmp_path):
    store = SentenceVectors(tmp_path / "s.sqlite3")
    rng = np.random.default_rng(2)
    vecs = _unit(rng, 200)
    errors = []

    def work(part):
        try:
            texts = [f"zin {i}" for i in part]
            store.put(texts, vecs[part])
            assert set(store.get(texts)) == set(texts)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(list(range(i, 200, 8)),)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(store) == 200


class Counting:
    """The real embedder, counting the passages it is asked to embed. What the glossary's
    abbreviations stand for is left out: a retriever embeds those once per process for the
    dense query (core/expansions.py), whatever the index stores."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim, self.passages = inner, inner.name, inner.dim, 0

    def embed_passages(self, texts):
        from core import glossary

        expansions = {forms[0] for forms in glossary.current().values() if forms}
        self.passages += sum(t not in expansions for t in texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.mark.slow
def test_ingest_stores_every_sentence_once_and_forgets_removed_ones(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = make_settings(tmp_path / "data", sentence_fill="ingest")
    first = ingest(corpus, settings, embedder=embedder, progress=False)
    store = IndexStore(settings, embedder.name)
    live = {t for c in store.all_chunks() for t in chunk_sentences(c)}
    assert first.sentences_embedded == len(live) > 100
    assert store.sentence_vectors.missing(live) == []
    some = sorted(live)[:5]
    stored = store.sentence_vectors.get(some)
    fresh = embedder.embed_passages(some)
    assert all(stored[t] @ v > 0.999 for t, v in zip(some, fresh))

    # One new sentence: only it is embedded. A removed document's sentences are forgotten.
    doc = corpus / "nazorg-en-lob.txt"
    doc.write_text(doc.read_text() + "\nEen nieuwe zin over nazorg in het mbo in 2027.\n")
    gone = corpus / "ministerie-blijft-investeren-in-loopbaanbegeleiding.txt"
    gone_units = {
        t for c in store.all_chunks() if c.doc_id == gone.stem for t in chunk_sentences(c)
    }
    gone.unlink()
    second = ingest(corpus, settings, embedder=embedder, progress=False)
    assert second.sentences_embedded == 1
    live = {t for c in store.all_chunks() for t in chunk_sentences(c)}
    assert len(store.sentence_vectors) == len(live)
    assert store.sentence_vectors.get(gone_units - live) == {}


def test_switched_off_ingest_embeds_no_sentences(tmp_path, embedder):
    settings = make_settings(tmp_path / "data", sentence_vectors=False)
    summary = ingest(CORPUS, settings, embedder=embedder, progress=False)
    assert summary.sentences_embedded == 0 and summary.chunks_embedded > 0
    assert len(IndexStore(settings, embedder.name).sentence_vectors) == 0


@pytest.mark.slow
@pytest.mark.parametrize("precomputed", [True, False])
def test_an_answer_embeds_no_sentence_that_ingest_or_a_former_answer_did(
    tmp_path, embedder, precomputed
):
    settings = make_settings(
        tmp_path / "data", sentence_vectors=precomputed, sentence_fill="ingest"
    )
    ingest(CORPUS, settings, embedder=embedder, progress=False)
    question = "Wie betaalt LOB – Gelijke Kansen?"

    counting = Counting(embedder)
    answer = Assistant(settings, retriever=Retriever(settings, embedder=counting)).ask(question)
    assert answer.citations
    assert (counting.passages == 0) == precomputed

    # A new process (new in-memory cache) reads what the first one stored.
    counting = Counting(embedder)
    again = Assistant(settings, retriever=Retriever(settings, embedder=counting)).ask(question)
    assert counting.passages == 0
    assert again.answer == answer.answer


# A sentence two documents share, with what a full-text "contains" check trips on: the
# sentence splitter turns the non-breaking spaces into spaces, so the unit text is not in
# the chunk text as such. Also quotes, %, backslashes and an emoji.
SHARED = (
    "Het “LOB-budget” stijgt met 100\u00a0% naar €\u00a05 miljoen, zegt 'de minister' in "
    "C:\\mbo\\lob 🎓 op 1\u00a0juli."
)


def _doc(name: str, shared: bool = True, extra: str = "") -> str:
    own = f"Dit is een eigen zin van document {name} over de begroting van het mbo."
    return f"# Budget {name}\n\n{own}\n{SHARED if shared else extra}\nDocument {name} sluit af.\n"


def _sentence(text: str) -> str:
    (unit,) = split_units(text, 0)
    return unit.text


def _two_documents_ingested(tmp_path, embedder):
    """Documents A and B, sharing one sentence, ingested: (their folder, the settings)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(_doc("A"))
    (corpus / "b.txt").write_text(_doc("B"))
    settings = make_settings(tmp_path / "data", sentence_fill="ingest")
    ingest(corpus, settings, embedder=embedder, progress=False)
    return corpus, settings


def test_a_shared_sentence_keeps_its_vector_until_no_document_holds_it(tmp_path, embedder):
    corpus, settings = _two_documents_ingested(tmp_path, embedder)
    vectors = IndexStore(settings, embedder.name).sentence_vectors
    shared, own_a = _sentence(SHARED), _sentence(_doc("A").splitlines()[2])
    assert "\u00a0" not in shared and vectors.missing([shared, own_a]) == []

    # A drops the shared sentence (an update): B still holds it.
    (corpus / "a.txt").write_text(_doc("A", shared=False, extra="Een nieuwe zin in A, 50\u00a0%."))
    assert ingest(corpus, settings, embedder=embedder, progress=False).updated == ["a"]
    assert vectors.missing([shared]) == []

    # A takes it back, then is removed: B still holds it; what only A held is gone.
    (corpus / "a.txt").write_text(_doc("A"))
    ingest(corpus, settings, embedder=embedder, progress=False)
    (corpus / "a.txt").unlink()
    assert ingest(corpus, settings, embedder=embedder, progress=False).removed == ["a"]
    assert vectors.missing([shared, own_a]) == [own_a]
    assert vectors.missing([_sentence("Een nieuwe zin in A, 50\u00a0%.")]) != []

    # Once no document holds it, it goes too; B's own sentences went with B.
    (corpus / "b.txt").unlink()
    ingest(corpus, settings, embedder=embedder, progress=False)
    assert len(vectors) == 0


def test_a_vector_file_from_before_the_reference_table_still_keeps_shared_sentences(
    tmp_path, embedder
):
    import sqlite3

    corpus, settings = _two_documents_ingested(tmp_path, embedder)
    path = IndexStore(settings, embedder.name).sentence_vectors.path
    with sqlite3.connect(path) as db:  # as an older version left it: vectors only
        db.execute("DROP TABLE refs")
        db.execute("DROP TABLE meta")

    (corpus / "a.txt").unlink()
    assert ingest(corpus, settings, embedder=embedder, progress=False).removed == ["a"]
    vectors = IndexStore(settings, embedder.name).sentence_vectors
    own_a = _sentence(_doc("A").splitlines()[2])
    assert vectors.missing([_sentence(SHARED), own_a]) == [own_a]
    assert vectors.refs_complete()
