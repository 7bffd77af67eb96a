"""`lob eval --folds`: the fold table and where its gate applies."""

from __future__ import annotations

import json

from eval.folds import DEVCORPUS, SHOWN, split, table


def _part(fact: float, refusal: float, n: int = 10) -> dict:
    overall = {m: 0.5 for m in SHOWN}
    overall.update(fact_recall=fact, refusal_recall=refusal)
    return {
        "overall": overall,
        "by_tag": {
            "table": {"n": n, "n_answerable": n, "fact_recall": fact},
            "near-miss": {"n": 3, "n_answerable": 0, "refusal_recall": refusal},
            "some-doc-id": {"n": 1, "n_answerable": 1, "fact_recall": 1.0},
        },
    }


def test_table_shows_both_folds_the_gap_and_the_baseline():
    results = {
        "tuning": {"assistant": _part(0.9, 0.8), "baseline": _part(0.4, 0.0)},
        "heldout": {"assistant": _part(0.7, 0.6), "baseline": _part(0.3, 0.0)},
    }
    md = table(results)
    assert "| fact_recall | 0.900 | 0.700 | -0.200 | 0.300 |" in md
    # Unanswerable kinds are scored by refusal recall, answerable ones by fact recall.
    assert "| near-miss | 3 | 0.800 | 0.000 | 3 | 0.600 | 0.000 |" in md
    assert "| table | 10 | 0.900 | 0.400 | 10 | 0.700 | 0.300 |" in md
    assert "some-doc-id" not in md  # document tags are not question kinds


def test_the_recorded_split_is_by_document_and_matches_the_question_files():
    folds = split(DEVCORPUS)
    assert set(folds) == {"tuning", "heldout"}
    assert not set(folds["tuning"]) & set(folds["heldout"])
    for fold in folds:
        for line in (DEVCORPUS / f"{fold}.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            other = folds["heldout" if fold == "tuning" else "tuning"]
            assert not set(item["tags"]) & set(other), (fold, item["id"])
