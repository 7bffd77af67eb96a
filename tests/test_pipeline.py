"""Ingest on a real embedded Chroma and a real `chroma run` server, with the real e5 model."""

from __future__ import annotations

import shutil

import pytest
from conftest import CORPUS, make_settings

from core.index import IndexStore
from core.schema import content_hash
from ingest.chunking import index_text
from ingest.pipeline import ingest


def _copy_corpus(dst):
    shutil.copytree(CORPUS, dst)
    return dst


def _snapshot(settings, embedder):
    store = IndexStore(settings, embedder.name)
    return sorted((c.chunk_id, c.doc_id, c.start, c.end) for c in store.all_chunks())


def test_ingest_is_idempotent(tmp_path, embedder):
    settings = make_settings(tmp_path / "data")
    first = ingest(CORPUS, settings, embedder=embedder, progress=False)
    assert len(first.added) == 5 and first.chunks_embedded == first.chunks_total > 0
    second = ingest(CORPUS, settings, embedder=embedder, progress=False)
    assert second.chunks_embedded == 0
    assert second.added == second.updated == second.removed == []
    assert sorted(second.unchanged) == sorted(first.added)
    assert second.chunks_total == first.chunks_total


def test_every_chunk_is_an_exact_span_with_metadata(corpus_index, embedder):
    store = IndexStore(corpus_index, embedder.name)
    chunks = store.all_chunks()
    texts = {}
    for c in chunks:
        if c.doc_id not in texts:
            texts[c.doc_id] = store.document(c.doc_id)[0]
        assert texts[c.doc_id][c.start : c.end] == c.text
        assert c.title and c.doc_type in {"nieuws", "beleid", "webpagina"}
    assert len(texts) == 5
    _, meta = store.document("nazorg-en-lob")
    assert meta["publisher"] == "Expertisepunt LOB" and meta["doc_type"] == "beleid"
    assert meta["source"].endswith(".txt")


def test_update_replaces_only_changed_chunks_and_removal_deletes(tmp_path, embedder):
    corpus = _copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path / "data")
    first = ingest(corpus, settings, embedder=embedder, progress=False)

    doc = corpus / "nazorg-en-lob.txt"
    doc.write_text(doc.read_text() + "\nNieuwe alinea over een pilot met nazorg in 2026.\n")
    (corpus / "ministerie-blijft-investeren-in-loopbaanbegeleiding.txt").unlink()
    second = ingest(corpus, settings, embedder=embedder, progress=False)

    assert second.updated == ["nazorg-en-lob"]
    assert second.removed == ["ministerie-blijft-investeren-in-loopbaanbegeleiding"]
    # Only the chunks whose text changed were embedded again.
    assert 0 < second.chunks_embedded <= 2
    store = IndexStore(settings, embedder.name)
    chunks = store.all_chunks()
    assert {c.doc_id for c in chunks} == {
        "beleidsontwikkelingen", "expertisepunt-praktijk-en-ondersteuning", "nazorg-en-lob",
        "twaalf-scholen-lob-gelijke-kansen",
    }
    assert any("pilot met nazorg in 2026" in c.text for c in chunks)
    # No duplicates, no orphans; BM25 knows the same chunks as Chroma.
    ids = [c.chunk_id for c in chunks]
    assert len(ids) == len(set(ids)) < first.chunks_total + 2
    assert sorted(store.load_lexical().chunk_ids) == sorted(ids)
    # Every vector in the store belongs to the text it is stored with.
    for c in chunks[:3]:
        embed_hash, _, _ = store.chunk_embeddings(c.doc_id)[c.chunk_id]
        assert embed_hash == content_hash(index_text(c))


def test_broken_file_is_reported_and_the_rest_ingests(tmp_path, embedder):
    corpus = _copy_corpus(tmp_path / "corpus")
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (corpus / "leeg.txt").write_bytes(b"")
    (corpus / "plaatje.png").write_bytes(b"\x89PNG....")
    (corpus / "kopie.txt").write_text((corpus / "nazorg-en-lob.txt").read_text())
    summary = ingest(corpus, make_settings(tmp_path / "data"), embedder=embedder, progress=False)
    reasons = {s.path: s.reason for s in summary.skipped}
    assert set(reasons) == {"kapot.pdf", "leeg.txt", "plaatje.png", "kopie.txt"} or set(
        reasons
    ) == {"kapot.pdf", "leeg.txt", "plaatje.png", "nazorg-en-lob.txt"}
    assert "pdf" in reasons["kapot.pdf"].lower()
    assert "empty" in reasons["leeg.txt"]
    assert "unsupported" in reasons["plaatje.png"]
    assert len(summary.added) == 5


def test_broken_update_keeps_the_old_version(tmp_path, embedder):
    corpus = _copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path / "data")
    ingest(corpus, settings, embedder=embedder, progress=False)
    (corpus / "nazorg-en-lob.txt").write_bytes(b"\x00\x01\x02binary\x00garbage" * 50)
    summary = ingest(corpus, settings, embedder=embedder, progress=False)
    assert [s.path for s in summary.skipped] == ["nazorg-en-lob.txt"]
    assert summary.removed == []
    assert IndexStore(settings, embedder.name).document("nazorg-en-lob") is not None


def test_data_dir_separates_indexes(tmp_path, embedder):
    one, two = make_settings(tmp_path / "one"), make_settings(tmp_path / "two")
    ingest(CORPUS / "nazorg-en-lob.txt", one, embedder=embedder, progress=False)
    ingest(CORPUS / "beleidsontwikkelingen.txt", two, embedder=embedder, progress=False)
    assert set(IndexStore(one, "e5").document_records()) == {"nazorg-en-lob"}
    assert set(IndexStore(two, "e5").document_records()) == {"beleidsontwikkelingen"}


def test_missing_path_raises(tmp_path, embedder):
    with pytest.raises(FileNotFoundError):
        ingest(tmp_path / "nope", make_settings(tmp_path / "d"), embedder=embedder)


@pytest.mark.slow
def test_chroma_server_gives_the_same_index(tmp_path, embedder, chroma_server, corpus_index):
    settings = make_settings(tmp_path / "data", chroma_url=chroma_server)
    first = ingest(CORPUS, settings, embedder=embedder, progress=False)
    assert len(first.added) == 5
    assert ingest(CORPUS, settings, embedder=embedder, progress=False).chunks_embedded == 0
    assert _snapshot(settings, embedder) == _snapshot(corpus_index, embedder)

    from assistant.retrieval import Retriever

    q = "Welke partijen zetten zich in voor sterk beroepsonderwijs?"
    remote = Retriever(settings, embedder=embedder).search(q, k=3)
    local = Retriever(corpus_index, embedder=embedder).search(q, k=3)
    assert [p.chunk_id for p in remote] == [p.chunk_id for p in local]


def _bm25_state(store):
    index = store.load_lexical()
    queries = ["LOB Gelijke Kansen", "nazorg pilot 2026", "ministerie OCW subsidie", "ISK"]
    return index.chunk_ids, [index.scores(q).round(5).tolist() for q in queries], index


def test_bm25_update_reads_only_changed_documents_and_equals_a_full_rebuild(
    tmp_path, embedder, monkeypatch
):
    corpus = _copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path / "data")
    ingest(corpus, settings, embedder=embedder, progress=False)
    doc = corpus / "nazorg-en-lob.txt"
    doc.write_text(doc.read_text() + "\nNieuwe alinea over een pilot met nazorg in 2026.\n")
    (corpus / "ministerie-blijft-investeren-in-loopbaanbegeleiding.txt").unlink()

    read_all = []
    monkeypatch.setattr(IndexStore, "all_chunks", lambda self: read_all.append(1) or [])
    summary = ingest(corpus, settings, embedder=embedder, progress=False)
    monkeypatch.undo()
    assert summary.updated == ["nazorg-en-lob"] and not read_all
    store = IndexStore(settings, embedder.name)
    ids, scores, index = _bm25_state(store)
    assert index.generation == store.generation()
    assert len(ids) == store.chunk_count()

    full = store.rebuild_lexical()  # from every chunk in the store
    assert (ids, scores) == _bm25_state(store)[:2] and full.chunk_ids == ids


def test_an_ingest_that_died_mid_write_makes_the_next_one_rebuild_bm25(tmp_path, embedder):
    settings = make_settings(tmp_path / "data")
    ingest(CORPUS, settings, embedder=embedder, progress=False)
    store = IndexStore(settings, embedder.name)
    before = store.load_lexical().generation
    store.mark_changing()  # what a run leaves behind when it dies after its first write
    summary = ingest(CORPUS, settings, embedder=embedder, progress=False)
    assert not summary.changed
    after = store.load_lexical().generation
    assert after != before and after == store.generation()
    again = ingest(CORPUS, settings, embedder=embedder, progress=False)
    assert not again.changed and store.load_lexical().generation == after  # in step: no work
