"""The evaluation metrics on hand-made inputs: each can fail when the metric is wrong."""

from __future__ import annotations

import pytest

from eval.metrics import (
    citation_problems,
    citation_support,
    citation_valid,
    cited_numbers,
    facts_ok,
    first_hit_rank,
    latency_percentiles,
    missing_facts,
    mrr,
    rate,
    recall_at,
    refusal_precision,
    refusal_recall,
)

DOC = "Het Expertisepunt LOB wordt gefinancierd door het ministerie van OCW. Het start in 2017."


def cite(n: int, start: int, end: int, doc_id: str = "d", text: str | None = None) -> dict:
    return {"n": n, "doc_id": doc_id, "start": start, "end": end,
            "text": DOC[start:end] if text is None else text}


# -- retrieval -------------------------------------------------------------------------------
def test_first_hit_rank_folds_case_and_whitespace():
    passages = ["niets hier", "Het  Ministerie\nvan OCW betaalt", "ministerie van OCW"]
    assert first_hit_rank(passages, ["ministerie van ocw"]) == 2
    assert first_hit_rank(passages, ["iets anders", "NIETS hier"]) == 1
    assert first_hit_rank(passages, ["ontbreekt"]) is None
    assert first_hit_rank([], ["x"]) is None


def test_recall_at_and_mrr():
    ranks = [1, 3, None, 6]
    assert recall_at(ranks, 1) == pytest.approx(0.25)
    assert recall_at(ranks, 5) == pytest.approx(0.5)
    assert recall_at(ranks, 10) == pytest.approx(0.75)
    assert mrr(ranks) == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)
    assert recall_at([], 5) == 0.0 and mrr([]) == 0.0


# -- facts -----------------------------------------------------------------------------------
def test_facts_need_all_of_them_case_insensitive():
    answer = "Het Ministerie van  OCW betaalt, sinds 1 juli 2017. [1]"
    assert facts_ok(answer, ["ministerie van OCW", "1 JULI 2017"])
    assert missing_facts(answer, ["ministerie van OCW", "2019", "december"]) == [
        "2019", "december",
    ]
    assert not facts_ok(answer, ["ministerie van OCW", "2019"])
    assert facts_ok("anything", [])  # nothing expected, nothing missing


# -- citations -------------------------------------------------------------------------------
def test_cited_numbers():
    assert cited_numbers("A [1] en B [2]. C [1]\n- D [12]") == {1, 2, 12}
    assert cited_numbers("geen bronnen, [x] of [ 1 ]") == set()


def test_citation_support_counts_only_cited_passages():
    evidence = ["gefinancierd door het ministerie van OCW"]
    c1, c2 = cite(1, 0, 70), cite(2, 71, len(DOC))
    assert citation_support("Het ministerie betaalt. [1]", [c1, c2], evidence)
    # The passage with the evidence is listed but the answer only cites [2].
    assert not citation_support("Het start in 2017. [2]", [c1, c2], evidence)
    assert not citation_support("Geen verwijzing.", [c1, c2], evidence)
    assert not citation_support("Iets. [1]", [c2 | {"n": 1}], evidence)


def test_citation_validity():
    docs = {"d": DOC}
    good = [cite(1, 0, 70), cite(2, 71, len(DOC))]
    assert citation_valid("A [1]. B [2].", good, docs)
    assert citation_problems("A [1]. B [2].", good, docs) == []
    # A marker without its citation.
    assert citation_problems("A [3].", good, docs) == ["[3] has no citation"]
    # Text that is not the span it claims.
    shifted = [cite(1, 1, 70, text=DOC[0:69])]
    assert not citation_valid("A [1].", shifted, docs)
    # An unknown document.
    assert not citation_valid("A [1].", [cite(1, 0, 5, doc_id="weg")], docs)
    # Citations the answer does not use must still be valid spans.
    assert not citation_valid("A [1].", good + [cite(3, 0, 5, text="fout")], docs)


# -- refusals --------------------------------------------------------------------------------
def test_refusal_precision_and_recall():
    answerable = [True, True, True, False, False, False]
    refused = [False, True, False, True, True, False]
    # tp = 2 (items 4, 5), fp = 1 (item 2), fn = 1 (item 6)
    assert refusal_precision(refused, answerable) == pytest.approx(2 / 3)
    assert refusal_recall(refused, answerable) == pytest.approx(2 / 3)
    never = [False] * 6
    assert refusal_precision(never, answerable) is None  # undefined: nothing refused
    assert refusal_recall(never, answerable) == 0.0
    assert refusal_recall([False, True], [True, True]) is None  # nothing unanswerable
    with pytest.raises(ValueError):
        refusal_recall([True], [True, False])


def test_rate_skips_not_applicable():
    assert rate([True, False, None, True]) == pytest.approx(2 / 3)
    assert rate([None, None]) is None
    assert rate([]) is None


# -- latency ---------------------------------------------------------------------------------
def test_latency_percentiles_per_stage():
    timings = [{"retrieve": float(r), "answer": 10.0} for r in range(101)]  # 0 .. 100 ms
    got = latency_percentiles(timings)
    assert got["retrieve"] == {"p50": 50.0, "p95": 95.0}
    assert got["answer"] == {"p50": 10.0, "p95": 10.0}
    assert got["total"] == {"p50": 60.0, "p95": 105.0}
    skewed = latency_percentiles([{"retrieve": 1.0}, {"retrieve": 2.0}, {"retrieve": 100.0}])
    assert skewed["retrieve"] == {"p50": 2.0, "p95": 90.2}  # numpy's linear interpolation
    # An explicit total wins over the sum of the stages.
    assert latency_percentiles([{"retrieve": 1, "answer": 1, "total": 7}])["total"]["p50"] == 7
    assert latency_percentiles([]) == {s: {"p50": None, "p95": None} for s in got}
