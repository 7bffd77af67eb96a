"""eval/pooled.py: refusal recall cross-validated by document, the measure changes are chosen by."""

from __future__ import annotations

import pytest
from conftest import PROJECT_ROOT

from eval.pooled import pooled_refusal
from eval.train import collect


@pytest.fixture(scope="module")
def examples(corpus_index, embedder):
    return collect(PROJECT_ROOT / "eval" / "testset.jsonl", corpus_index.data_dir, embedder)


def test_pooled_refusal_keeps_false_refusals_at_the_trade_off(examples):
    got = pooled_refusal(examples, seeds=2, c_grid=(0.1,))
    m = got[0.1]
    # Thresholds are chosen per language for <= 5% false refusals on the pooled probabilities.
    assert m["false_refusals"] <= 0.05
    # The refusal signals carry across documents: well above refusing nothing.
    assert m["refusal_recall"] >= 0.3
    assert 0.0 <= m["out_of_domain_refused"] <= 1.0
