"""The retrieval fusion `lob train` chooses (eval/train.py) and where the Retriever reads it."""

from __future__ import annotations

import json

from assistant.answering.score import MODELS_DIR
from core.config import Settings
from eval.train import (
    DENSE_WEIGHTS,
    EXPANSION_WEIGHTS,
    FUSION_GRID,
    RRF_KS,
    _fusion_key,
    choose_expansion,
    choose_fusion,
)


def _grid(value) -> dict[str, dict]:
    out = {}
    for point in FUSION_GRID:
        v = value(point)
        out[_fusion_key(point)] = {**point, "recall@5": v, "mrr": 0.0}
    return out


def test_a_plateau_beats_a_lone_spike():
    spike = {"fusion": "rrf", "dense_weight": DENSE_WEIGHTS[0], "rrf_k": RRF_KS[-1]}

    def value(p):
        if p == spike:
            return 0.95  # one point, one question ahead: noise
        if p["fusion"] == "rrf" and p["dense_weight"] in (0.5, 0.6) and p["rrf_k"] in (5, 10):
            return 0.9
        return 0.8

    assert choose_fusion(_grid(value)) in (
        {"fusion": "rrf", "dense_weight": w, "rrf_k": k} for w in (0.5, 0.6) for k in (5, 10)
    )


def test_a_single_ranking_can_win():
    chosen = choose_fusion(_grid(lambda p: 0.9 if p["fusion"] == "dense" else 0.7))
    assert chosen == {"fusion": "dense"}


def _expansion_grid(value, questions) -> dict[str, dict]:
    return {str(w): {"expansion_weight": w, "recall@5": 1.0, "mrr": value(w),
                     "questions": questions} for w in EXPANSION_WEIGHTS}


def test_the_expansion_weight_is_chosen_on_every_files_questions_together():
    """A file with few questions with an abbreviation does not outvote one with many, a lone
    spike loses to a plateau, and a tie goes to the smaller weight."""
    few = _expansion_grid(lambda w: 0.95 if w == 0.7 else 0.5, 10)
    many = _expansion_grid(lambda w: 0.9 if 0.2 <= w <= 0.4 else 0.6, 50)
    assert choose_expansion([few, many]) == 0.3
    spike = _expansion_grid(lambda w: 0.95 if w == 0.7 else (0.8 if w <= 0.2 else 0.5), 10)
    assert choose_expansion([spike]) == 0.0
    flat = _expansion_grid(lambda w: 0.8, 10)
    assert choose_expansion([flat]) == EXPANSION_WEIGHTS[0]


def test_the_settings_defaults_are_the_fusion_the_model_was_trained_on():
    """core/config.py holds the chosen fusion; the e5 model records what it was trained on:
    changing one without the other would feed the answerer passages it was not fitted to."""
    model = json.loads((MODELS_DIR / "e5.json").read_text(encoding="utf-8"))
    trained = {k: v for k, v in model["retrieval"].items()
               if k in ("fusion", "dense_weight", "rrf_k", "dense_spell_out", "expansion_weight")}
    defaults = {k: Settings.model_fields[k].default for k in trained}
    assert trained and trained == defaults
