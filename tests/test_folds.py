"""`lob eval --folds`: the fold table and where its gate applies."""

from __future__ import annotations

import json

import pytest

from eval.folds import DEVCORPUS, FRESH, SHOWN, split, table


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


@pytest.mark.parametrize("name", FRESH)
def test_a_fresh_fold_is_its_own_documents_and_questions(name):
    """Written after tuning: documents of its own (no doc_id of the other folds) and
    questions only about them."""
    fresh = DEVCORPUS / name
    docs = {p.stem for p in (fresh / "docs").iterdir() if p.suffix != ".py"}
    others = {d for ids in split(DEVCORPUS).values() for d in ids} | {
        p.stem for f in FRESH if f != name for p in (DEVCORPUS / f / "docs").iterdir()}
    assert docs and not docs & others
    for line in (fresh / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        assert set(item["tags"]) & docs or "out-of-domain" in item["tags"], item["id"]


def test_table_adds_every_fresh_fold():
    results = {
        "tuning": {"assistant": _part(0.9, 0.8), "baseline": _part(0.4, 0.0)},
        "heldout": {"assistant": _part(0.7, 0.6), "baseline": _part(0.3, 0.0)},
        "fresh": {"assistant": _part(0.8, 0.5), "baseline": _part(0.2, 0.0)},
        "fresh2": {"assistant": _part(0.6, 0.4), "baseline": _part(0.1, 0.0)},
    }
    md = table(results)
    assert "| fresh | baseline (fresh) | fresh2 | baseline (fresh2) |" in md
    assert "| fact_recall | 0.900 | 0.700 | -0.200 | 0.300 | 0.800 | 0.200 | 0.600 | 0.100 |" in md
    # Each fresh fold's kinds stand beside its own baseline.
    assert ("| table | 10 | 0.900 | 0.400 | 10 | 0.700 | 0.300 | 10 | 0.800 | 0.200 | 10 | 0.600 "
            "| 0.100 |") in md
