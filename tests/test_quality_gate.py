"""The CI gate on answers for documents nobody tuned on: the held-out fold of the development
corpus (eval/devcorpus/: invented documents in five formats, split by document before any
tuning). The answerer's models and the retrieval fusion were never fitted on this fold.

The floors are issue 15's targets: fact recall >= 0.85, citation support >= 0.9, refusal
recall >= 0.7, false refusals <= 0.05 (and recall@5 >= 0.9). Measured: 0.885, 0.917, 0.714
(20 of 28), 0.043 (6 of 139), recall@5 0.950, with the model trained on the tuning fold, the
test set and the fresh folds (eval/train.py: DEFAULT_SETS). Refusal recall counts 28
questions and false refusals 139, so one question more either way fails the gate: the gate
is the target, not a margin under today. The fold is small and was looked at often, so the
model was chosen on other evidence: trained on every fold but one, each fresh fold's refusal
recall rose 0.553 -> 0.628 on average over the five against the model trained on the tuning
fold and the test set alone, with fact recall unchanged (eval/devcorpus/README.md).
"""

from __future__ import annotations

import pytest
from conftest import make_settings

from eval.folds import DEVCORPUS, ingest_devcorpus
from eval.run import run_eval

HELDOUT_GATE = {
    "recall@5": 0.9, "fact_recall": 0.85, "citation_support": 0.9, "refusal_recall": 0.7,
    "false_refusals": 0.05,
}


@pytest.mark.slow
def test_heldout_fold_holds_the_gate(tmp_path):
    settings = make_settings(tmp_path / "data")
    ingest_devcorpus(settings, DEVCORPUS)
    results, code = run_eval(
        settings, DEVCORPUS / "heldout.jsonl", out_dir=tmp_path / "out", mins=HELDOUT_GATE,
        baseline=True, progress=False,
    )
    mine, base = results["assistant"]["overall"], results["baseline"]["overall"]
    print("\nheld-out: " + "  ".join(f"{m} {mine[m]}" for m in HELDOUT_GATE))
    assert results["thresholds"]["missed"] == [] and code == 0, results["thresholds"]["missed"]
    # Better than the plain LangChain pipeline on the same index, and never an invented span.
    assert mine["fact_recall"] > base["fact_recall"] and mine["recall@5"] >= base["recall@5"]
    assert mine["citation_validity"] == 1.0
