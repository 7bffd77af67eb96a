"""What abbreviations stand for, as vectors for the dense query (core/expansions.py): the real
e5 model, a real ingest."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from core import glossary
from core.expansions import ExpansionVectors, for_embedder


@pytest.fixture
def passage_calls(embedder, monkeypatch):
    """Every text the model embeds as a passage from now on (the real model embeds them)."""
    calls: list[str] = []
    real = embedder.embed_passages
    monkeypatch.setattr(embedder, "embed_passages",
                        lambda texts: calls.extend(texts) or real(texts))
    return calls


def test_vectors_are_the_expansions_passage_vectors(embedder):
    texts = ["voortijdig schoolverlaten", "Internationale Schakelklas"]
    got = ExpansionVectors(embedder).vectors(texts)
    assert got.shape == (2, embedder.dim)
    np.testing.assert_allclose(got, embedder.embed_passages(texts), atol=1e-6)


def test_each_expansion_is_embedded_once_whoever_asks(embedder, passage_calls):
    store = ExpansionVectors(embedder)
    texts = ["Eerste Opvang Anderstaligen", "theoretische leerweg"]
    out = []
    threads = [threading.Thread(target=lambda: out.append(store.vectors(texts)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 4 and all(np.array_equal(o, out[0]) for o in out)
    # The background fill of the glossary may have taken some: each text once in all.
    assert sorted(t for t in passage_calls if t in texts) == sorted(texts)


def test_an_ingest_teaches_an_acronym_and_its_vector_is_ready_before_a_question(
        tmp_path, embedder, passage_calls):
    from conftest import make_settings

    from assistant.retrieval import Retriever
    from ingest.pipeline import ingest

    long_form = "Regionaal Netwerk Overstap Kempenland"
    doc = tmp_path / "netwerk.txt"
    doc.write_text(f"Het {long_form} (RNOK) organiseert jaarlijks een overstapdag voor "
                   "leerlingen uit het vmbo.\n", encoding="utf-8")
    settings = make_settings(tmp_path / "d", dense_spell_out="vector")
    ingest(doc, settings, embedder=embedder, progress=False)
    assert glossary.current()["rnok"] == (long_form,)
    retriever = Retriever(settings, embedder=embedder)
    retriever.lexical()
    deadline = time.monotonic() + 30
    while long_form not in passage_calls and time.monotonic() < deadline:
        time.sleep(0.05)
    assert long_form in passage_calls  # embedded in the background, asked by no question
    before = len(passage_calls)
    question = "Wanneer organiseert het RNOK de overstapdag?"
    vec = retriever.query_vector(question)
    assert len(passage_calls) == before  # known: the question encodes only itself
    own = embedder.embed_query(question)
    expansion = for_embedder(embedder).vectors([long_form])[0]
    want = own + settings.expansion_weight * expansion
    np.testing.assert_allclose(vec, want / np.linalg.norm(want), atol=1e-6)
    # The vector leans towards what the documents write.
    written = embedder.embed_passages([f"Het {long_form} helpt scholen."])[0]
    assert vec @ written > own @ written
