"""Stage 2: features of real candidates with the real e5 model and BM25 index."""

import numpy as np

from answering.helpers import passage
from assistant.answering.candidates import candidates
from assistant.answering.features import NAMES, VectorCache, features
from assistant.answering.handle import IndexHandle


def test_features_point_at_the_unit_that_answers(retriever):
    handle = IndexHandle.from_retriever(retriever)
    ps = [passage(0), passage(1)]
    cands = candidates(ps, 5)
    q = "Hoe lang duurt de training?"
    f = features(q, q, cands, ps, handle, VectorCache(100))
    assert f.X.shape == (len(cands), len(NAMES)) and np.isfinite(f.X).all()
    assert f.kind == "duration" and not f.english
    col = {n: j for j, n in enumerate(NAMES)}
    first = cands[0]  # "De training duurt twee dagdelen."
    assert f.holds[first.index] and f.X[first.index, col["holds_kind"]] == 1
    assert f.lex[first.index] == f.lex.max() > 0
    assert int(np.argmax(f.dense[: len(cands) // 2])) == first.index
    assert f.X[first.index, col["passage_rank"]] == 1.0
    assert f.X[first.index + len(cands) // 2, col["passage_rank"]] == 0.5
    assert f.X[2, col["kind_leadin"]] == 1 and f.X[3, col["kind_item"]] == 1


def test_a_follow_up_is_about_its_history_but_asks_in_its_own_words(retriever):
    handle = IndexHandle.from_retriever(retriever)
    ps = [passage()]
    cands = candidates(ps, 5)
    f = features("En wat kost die?", "En wat kost die? training", cands, ps, handle,
                 VectorCache(100))
    assert f.kind == "amount"
    col = {n: j for j, n in enumerate(NAMES)}
    assert (f.X[:, col["dense_query"]] != f.X[:, col["dense"]]).any()


def test_a_question_pinned_to_another_value_is_a_conflict():
    from assistant.answering.features import _conflict

    # The passage gives another edition and another year than the one asked about.
    assert _conflict("Hoeveel bezoekers had de eerste editie in 2021?",
                     "Tijdens de vierde editie in 2024 kwamen 4.300 bezoekers.") == 1.0
    # It gives the asked year: no conflict, whatever else it names.
    assert _conflict("Hoeveel bezoekers waren er in 2024?",
                     "In 2024 kwamen 4.300 bezoekers, in 2023 waren het er 3.900.") == 0.0
    # Nothing asked, or nothing given: no conflict either.
    assert _conflict("Hoeveel bezoekers waren er?", "In 2024 kwamen er veel.") == 0.0
    assert _conflict("Hoeveel bezoekers waren er in 2021?", "Er kwamen veel bezoekers.") == 0.0


def test_features_equal_those_computed_one_candidate_at_a_time(retriever):
    """Parity: the features built column by column over cached term views are, bit for bit,
    those of the earlier code (reference_features.py) on real questions, follow-ups
    included, over the bundled corpus: the answer model trained on either reads the same."""
    from answering.reference_features import slow_features
    from assistant import followup
    from assistant.answering.params import DEFAULTS
    from core.config import PROJECT_ROOT
    from eval.testset import load_testset

    handle = IndexHandle.from_retriever(retriever)
    items = load_testset(PROJECT_ROOT / "eval" / "testset.jsonl")
    picked = items[::4] + [it for it in items if it.history][:4]
    assert len(picked) > 30
    for it in picked:
        query, ps = followup.search(retriever, it.q, list(it.history), 5)
        cands = candidates(ps, int(DEFAULTS["passages_considered"]))
        fast = features(it.q, query, cands, ps, handle, VectorCache(100))
        slow = slow_features(it.q, query, cands, ps, handle, VectorCache(100))
        assert np.array_equal(fast.X, slow.X), (it.q, np.argwhere(fast.X != slow.X)[:5])
        assert fast.coverage == slow.coverage, it.q
        for name in ("dense", "lex", "holds", "lex_ctx"):
            assert np.array_equal(getattr(fast, name), getattr(slow, name)), (it.q, name)
        assert (fast.kind, fast.english, fast.unknown_share) == (
            slow.kind, slow.english, slow.unknown_share)


def test_per_unit_signals_for_refusal(retriever):
    handle = IndexHandle.from_retriever(retriever)
    ps = [passage(0), passage(1, title="Handreiking 2024-2025")]
    cands = candidates(ps, 5)
    half = len(cands) // 2
    # Asked for 2023-2024: the second passage's units stand under another school year
    # (an FAQ answer stands under its question, which names none).
    q = "Hoe lang duurt de training in 2023-2024?"
    f = features(q, q, cands, ps, handle, VectorCache(100))
    under_title = np.array([c.kind != "faq" for c in cands[half:]])
    assert not f.conflict[:half].any() and under_title.sum() >= 4
    assert np.array_equal(f.conflict[half:], under_title)
    # Each unit carries its passage's coverage of the question; "2023-2024" stands in no
    # passage, so every passage lacks a term.
    assert np.array_equal(f.passage_cover[:half], np.full(half, f.passage_cover[0]))
    assert 0 < f.passage_cover[0] < 1 and (f.passage_rare > 0).all()
    # Every term of this one stands in every passage.
    f = features("Wat kost de training?", "Wat kost de training?", cands, ps, handle,
                 VectorCache(100))
    assert not f.conflict.any() and (f.passage_rare == 0).all()
    assert (f.passage_cover == 1).all()


def test_overlap_reads_a_compound_by_its_parts(retriever):
    from assistant.answering.features import Overlap

    overlap = Overlap(retriever.lexical(), "Hoeveel loopbaangesprekken zijn er?",
                      "Hoeveel loopbaangesprekken zijn er?", 0.0)
    # The question's compound against a text with its head only: part of it is held.
    assert 0 < overlap("Elke leerling heeft drie gesprekken per jaar.") < 1
    assert overlap("De ouderavond begint om acht uur.") == 0
