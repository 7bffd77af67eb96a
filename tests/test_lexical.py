"""BM25: parity with a reference implementation of Lucene's formula, persistence, filters."""

from __future__ import annotations

import math
import shutil
import threading
from collections import Counter

import numpy as np
import pytest

from core.lexical import LexicalIndex
from core.text import query_terms, terms

TEXTS = [
    "Het ministerie van OCW financiert het Expertisepunt LOB.",
    "Twaalf mbo-scholen starten met LOB Gelijke Kansen in februari.",
    "De Internationale Schakelklassen (ISK) zijn verbonden aan het vmbo.",
    "Voortijdige schoolverlaters krijgen hulp bij een startkwalificatie.",
    "Een pizzeria in Utrecht heeft niets met loopbaanbegeleiding te maken.",
]
IDS = [f"c{i}" for i in range(len(TEXTS))]
FACETS = {"doc_id": ["a", "a", "b", "b", "c"], "doc_type": ["beleid"] * 4 + ["nieuws"]}


def reference_bm25(docs: list[list[str]], query: list[str], k1=1.5, b=0.75) -> np.ndarray:
    """Lucene (>= 8) BM25 written out from the formula: idf = ln(1 + (N - df + .5) / (df + .5)),
    tf part tf / (tf + k1 (1 - b + b dl / avgdl)); Lucene dropped the constant (k1 + 1) factor."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    df = Counter(t for d in docs for t in set(d))
    out = np.zeros(n)
    for i, d in enumerate(docs):
        tf = Counter(d)
        for t in query:
            if t not in df:
                continue
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            out[i] += idf * tf[t] / (tf[t] + k1 * (1 - b + b * len(d) / avgdl))
    return out


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(IDS, TEXTS, FACETS)


@pytest.mark.parametrize(
    "query", ["LOB", "Wie financiert het expertisepunt?", "schoolverlaters startkwalificatie"]
)
def test_scores_match_reference(index, query):
    docs = [terms(t) for t in TEXTS]
    expected = reference_bm25(docs, query_terms(query))
    np.testing.assert_allclose(index.scores(query), expected, rtol=1e-4, atol=1e-5)


def test_unknown_and_empty_queries_score_zero(index):
    assert not index.scores("qwerty zxcvb").any()
    assert not index.scores("").any()
    assert not index.scores("de het een").any()  # only stopwords


def test_abbreviation_finds_expansion_and_back(index):
    vsv = index.scores("VSV")
    assert int(np.argmax(vsv)) == 3 and vsv[3] > 0
    isk = index.scores("internationale schakelklas")
    assert int(np.argmax(isk)) == 2


def test_stemming_and_accent_folding(index):
    assert index.scores("school")[1] > 0  # "scholen"
    assert index.scores("loopbaanbegeleiding")[4] > 0


def test_fold_drops_every_combining_mark_and_nothing_else():
    import sys
    import unicodedata

    from core.text import fold

    def by_character(text: str) -> str:  # the definition, one character at a time
        decomposed = unicodedata.normalize("NFKD", text.lower())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert fold(every) == by_character(every)
    assert fold("Oriëntatie, café, ﬁnale") == "orientatie, cafe, finale"


def test_save_load_roundtrip(tmp_path, index):
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded is not None and loaded.chunk_ids == IDS
    np.testing.assert_allclose(loaded.scores("LOB OCW"), index.scores("LOB OCW"))
    assert loaded.mask(doc_type=["nieuws"]).tolist() == [False] * 4 + [True]
    # Saving again replaces the old index atomically.
    LexicalIndex.build(IDS[:2], TEXTS[:2], {k: v[:2] for k, v in FACETS.items()}).save(
        tmp_path / "bm25"
    )
    assert LexicalIndex.load(tmp_path / "bm25").chunk_ids == IDS[:2]


def test_missing_index_loads_as_none(tmp_path):
    assert LexicalIndex.load(tmp_path / "nothing") is None


def test_mask_combines_filters(index):
    assert index.mask() is None
    mask = index.mask(doc_id=["b"], doc_type=["beleid"])
    assert mask.tolist() == [False, False, True, True, False]


def test_empty_index(tmp_path):
    empty = LexicalIndex.build([], [], {"doc_id": [], "doc_type": []})
    assert len(empty) == 0 and empty.scores("LOB").size == 0
    empty.save(tmp_path / "e")
    assert len(LexicalIndex.load(tmp_path / "e")) == 0


def _keyed(texts):
    from core.schema import content_hash

    return [content_hash(t) for t in texts]


QUERIES = ["LOB", "Wie financiert het expertisepunt?", "ISK vmbo", "pilot nazorg 2026", "VSV"]


def test_an_update_reuses_earlier_terms_and_scores_like_a_fresh_build(tmp_path, monkeypatch):
    first = LexicalIndex.build(IDS, TEXTS, FACETS, keys=_keyed(TEXTS))
    first.save(tmp_path / "bm25")
    previous = LexicalIndex.load(tmp_path / "bm25")  # its terms are read back from disk

    # Chunk c1 is gone, c4 changed, c5 is new; c0, c2 and c3 are as they were.
    new = ["Een pilot met nazorg in 2026.", "Nieuw: LOB in het hbo."]
    texts = [TEXTS[0], TEXTS[2], TEXTS[3], *new]
    ids = ["c0", "c2", "c3", "c4", "c5"]
    facets = {"doc_id": ["a", "b", "b", "c", "d"], "doc_type": ["beleid"] * 5}
    tokenised = []
    real_terms = terms

    def counting_terms(text, expand=True):
        tokenised.append(text)
        return real_terms(text, expand)

    monkeypatch.setattr("core.text.terms", counting_terms)
    update = LexicalIndex.build(
        ids, [None, None, None, texts[3], texts[4]], facets, keys=_keyed(texts), previous=previous
    )
    assert tokenised == texts[3:]
    monkeypatch.undo()

    fresh = LexicalIndex.build(ids, texts, facets)
    for q in QUERIES:
        np.testing.assert_allclose(update.scores(q), fresh.scores(q), rtol=1e-6)
        expected = reference_bm25([terms(t) for t in texts], query_terms(q))
        np.testing.assert_allclose(update.scores(q), expected, rtol=1e-4, atol=1e-5)
    for t in ("lob", "nazorg", "pizzeria", "onbekend"):
        assert update.idf(t) == pytest.approx(fresh.idf(t))
    assert update.idf("pizzeria") == 0.0  # its only chunk is gone, its term id lingers

    # A chunk without text must be one the previous index knows.
    with pytest.raises(ValueError, match="no text"):
        LexicalIndex.build(["x"], [None], keys=["unknown"], previous=previous)


def test_an_index_saved_without_terms_still_loads_and_rebuilds(tmp_path):
    LexicalIndex.build(IDS, TEXTS, FACETS).save(tmp_path / "bm25")  # no keys: no terms kept
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded.tokens() is None
    again = LexicalIndex.build(IDS, TEXTS, FACETS, keys=_keyed(TEXTS), previous=loaded)
    np.testing.assert_allclose(again.scores("LOB OCW"), loaded.scores("LOB OCW"))


def _run_threads(*targets) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(fn):
        def run():
            try:
                fn()
            except BaseException as exc:  # reported by the test
                errors.append(exc)

        return run

    threads = [threading.Thread(target=guarded(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_concurrent_saves_to_one_folder_never_fail(tmp_path):
    # Two writers at once, as a request thread and an ingest once were: each save must land
    # whole, and what is left must load.
    folder = tmp_path / "bm25"
    small = LexicalIndex.build(IDS[:2], TEXTS[:2], {k: v[:2] for k, v in FACETS.items()})
    full = LexicalIndex.build(IDS, TEXTS, FACETS, keys=_keyed(TEXTS))
    start = threading.Barrier(2)

    def saver(index):
        def run():
            start.wait()
            for _ in range(25):
                index.save(folder)

        return run

    assert _run_threads(saver(small), saver(full)) == []
    loaded = LexicalIndex.load(folder)
    assert loaded.chunk_ids in (IDS, IDS[:2])
    assert len(loaded.scores("LOB")) == len(loaded.chunk_ids)
    # Only the live version and the one before it are kept.
    assert len([p for p in folder.iterdir() if p.is_dir()]) <= 2


def test_a_reader_always_loads_a_whole_index_while_another_thread_saves(tmp_path):
    folder = tmp_path / "bm25"
    small = LexicalIndex.build(IDS[:2], TEXTS[:2], {k: v[:2] for k, v in FACETS.items()})
    full = LexicalIndex.build(IDS, TEXTS, FACETS, keys=_keyed(TEXTS))
    full.save(folder)
    expected = {tuple(IDS): full.scores("LOB OCW"), tuple(IDS[:2]): small.scores("LOB OCW")}
    saving = threading.Event()
    saving.set()
    loads = []

    def writer():
        try:
            for i in range(40):
                (small if i % 2 else full).save(folder)
        finally:
            saving.clear()

    def reader():
        while saving.is_set():
            got = LexicalIndex.load(folder)
            assert got is not None, "no index while one was being saved"
            ids = tuple(got.chunk_ids)
            assert ids in expected, ids
            np.testing.assert_allclose(got.scores("LOB OCW"), expected[ids], rtol=1e-6)
            assert len(got.facets["doc_id"]) == len(ids)
            loads.append(ids)

    assert _run_threads(writer, reader) == []
    assert len(loads) > 10 and len(set(loads)) == 2  # it saw both, and only whole ones


def test_an_index_in_the_layout_before_versions_loads_and_is_replaced(tmp_path, index):
    # Before versions, the files sat right in the folder; such a data dir keeps working.
    folder = tmp_path / "bm25"
    index.save(tmp_path / "new")
    version = (tmp_path / "new" / "CURRENT").read_text()
    shutil.copytree(tmp_path / "new" / version, folder)
    assert LexicalIndex.load(folder).chunk_ids == IDS
    LexicalIndex.build(IDS[:2], TEXTS[:2], {k: v[:2] for k, v in FACETS.items()}).save(folder)
    assert LexicalIndex.load(folder).chunk_ids == IDS[:2]
    assert not (folder / "chunk_ids.json").exists()  # the old layout's files are gone


def test_terms_made_by_another_tokeniser_are_not_reused(tmp_path, monkeypatch):
    LexicalIndex.build(IDS, TEXTS, FACETS, keys=_keyed(TEXTS)).save(tmp_path / "bm25")
    previous = LexicalIndex.load(tmp_path / "bm25")
    # Same tokeniser: a chunk without text takes its saved terms.
    LexicalIndex.build(IDS, [None] * len(IDS), FACETS, keys=_keyed(TEXTS), previous=previous)
    # Another one (core/text.py changed how text becomes terms): every text is read again.
    monkeypatch.setattr("core.text.TERMS_VERSION", "another")
    with pytest.raises(ValueError, match="no text"):
        LexicalIndex.build(IDS, [None] * len(IDS), FACETS, keys=_keyed(TEXTS), previous=previous)
