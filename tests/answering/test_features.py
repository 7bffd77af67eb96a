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
