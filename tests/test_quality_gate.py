"""The CI gate on answers for documents nobody tuned on: the held-out fold of the development
corpus (eval/devcorpus/: invented documents in five formats, split by document before any
tuning). The answerer's models and the retrieval fusion were fitted on the tuning fold only.

Floors sit a little under the measured held-out values (fact recall 0.906, citation support
0.919, refusal recall 0.643, false refusals 0.029, recall@5 0.950) so that a change that
makes answers on new documents worse fails here. The refusal threshold is chosen for at most
5% false refusals, cross-validated by document on the training questions; the false-refusal
ceiling is that target. Refusal recall counts 28 questions, one question is 0.036 of it: its
floor (0.6, 17 of 28) allows one more miss than today and catches a loss of two. Changes are
chosen by refusal recall cross-validated by document over all 1,113 development questions
(eval/pooled.py), not by this fold: reading English questions in their Dutch words
(core/english.py) took that 0.599 -> 0.612, and reading compounds by their parts in the
answerer's overlap features 0.612 -> 0.625; this fold went 0.607 -> 0.679 -> 0.643 with
them. Issue 15's target (0.7) is not met. The fold is small and was looked at often: of two
answerers, the one that refused 0.714 here refused 0.59 pooled.
"""

from __future__ import annotations

import pytest
from conftest import make_settings

from eval.folds import DEVCORPUS, ingest_devcorpus
from eval.run import run_eval

HELDOUT_GATE = {
    "recall@5": 0.9, "fact_recall": 0.86, "citation_support": 0.9, "refusal_recall": 0.6,
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
