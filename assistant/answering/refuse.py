"""Stage 5, refuse: whether the chosen units answer the question at all.

A second logistic model on question-level signals: the best unit's probability, its margin
over the runner-up, the best dense similarity and lexical overlap, the share of the
question's content terms the index never saw, and whether the asked kind of answer stands in
the best units. Its threshold was chosen on the tuning fold: the most refusals of unanswerable
questions with at most 5% of answerable ones refused (eval/train.py)."""

from __future__ import annotations

import numpy as np

from assistant.answering.features import Features
from assistant.answering.vocab import CONCRETE_KINDS

NAMES: tuple[str, ...] = (
    "best_p", "margin", "top3_p", "best_dense", "best_lex", "unknown_share",
    "kind_in_best", "concrete_missing", "english", "english_dense",
)


def question_features(f: Features, p: np.ndarray) -> np.ndarray:
    if len(p) == 0:
        return np.array([0, 0, 0, 0, 0, f.unknown_share, 0, 1, float(f.english), 0], float)
    order = np.argsort(-p, kind="stable")
    best = order[0]
    second = p[order[1]] if len(p) > 1 else 0.0
    top = order[:3]
    kind_in_best = float(f.kind is not None and bool(f.holds[top].any()))
    return np.array([
        p[best], p[best] - second, float(p[top].sum()), float(f.dense.max()), float(f.lex.max()),
        f.unknown_share, kind_in_best,
        float(f.kind in CONCRETE_KINDS and not f.holds[top].any()),
        float(f.english), float(f.english) * float(f.dense.max()),
    ], float)


def refusal_probability(model, q: np.ndarray) -> float:
    if tuple(model.refuse.names) != NAMES:
        from assistant.answering.score import MissingModel

        raise MissingModel(
            "refusal model features differ from the code's; retrain with `lob train`"
        )
    return float(model.refuse.proba(q[None, :])[0])
