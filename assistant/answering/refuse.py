"""Stage 5, refuse: whether the chosen units answer the question at all.

A second logistic model on question-level signals: the best unit's probability, its margin
over the runner-up, the best dense similarity and lexical overlap, the share of the
question's content terms the index never saw, whether the asked kind of answer stands in
the best units, and the question's mean similarity to all candidate units, against which the
best similarity is read (kept because it raised cross-validated refusal recall at 5% false
refusals on the training questions at every C tried, e.g. 0.62 -> 0.64 at C 0.1 and
0.60 -> 0.66 at C 0.03, mean of eight fold seeds), and whether the unit the answer would
quote lacks the concrete kind asked for (on the training questions 31 of the 39 whose best
unit lacked it were unanswerable; cross-validated refusal recall 0.59 -> 0.62 at C 0.03),
whether that unit names another year, month or weekday than the question pins down
(vocab.case_conflict), and how much of the question the passage of that unit holds (the
answer has to stand there, not in the top passage). With these three, the follow-up's kind
taken from the previous turn when its own words ask none, and the answerer reading the
vector retrieval made, refusal recall at 5% false refusals, cross-validated by document over
all 764 development questions, went 0.59 -> 0.62 (AUC 0.899 -> 0.909). Then the school
types ("mbo-studenten" against a unit about "vmbo-leerlingen", data: core/vocabulary.yaml)
and numbered levels ("niveau 2", "leerjaar 3") joined the sorts of case_conflict: the same
pooled measure 0.600 -> 0.614 at C 0.03 (0.589 -> 0.603 at C 0.1).
Its threshold was chosen on the tuning fold: the most refusals of unanswerable questions
with at most 5% of answerable ones refused (eval/train.py)."""

from __future__ import annotations

import numpy as np

from assistant.answering.features import Features
from assistant.answering.vocab import CONCRETE_KINDS

COVERAGE = (
    "cover_best", "cover_top3", "rare_missing", "missing_share", "names_missing", "has_names",
    "dense_contrast", "rare_missing_best", "kind_passage", "constraint_conflict",
)
NAMES: tuple[str, ...] = (
    "best_p", "margin", "top3_p", "best_dense", "best_lex", "unknown_share",
    "kind_in_best", "concrete_missing", "english", "english_dense",
    *COVERAGE, "best_ctx", "kind_subject", "concrete", "english_cover", "dense_mean",
    "best_misses_kind", "best_conflict", "best_passage_cover", "best_passage_rare",
)


# Without candidates nothing of the question is held: what is missing counts as all missing.
_NOTHING_HELD = {"rare_missing": 1.0, "missing_share": 1.0, "names_missing": 1.0,
                 "rare_missing_best": 1.0, "best_passage_rare": 1.0}


def question_features(f: Features, p: np.ndarray) -> np.ndarray:
    concrete = float(f.kind in CONCRETE_KINDS)
    if len(p) == 0:
        row = {**dict.fromkeys(NAMES, 0.0), **_NOTHING_HELD, "unknown_share": f.unknown_share,
               "concrete_missing": concrete, "best_misses_kind": concrete,
               "english": float(f.english), "concrete": concrete}
        return np.array([row[n] for n in NAMES], float)
    order = np.argsort(-p, kind="stable")
    best = order[0]
    second = p[order[1]] if len(p) > 1 else 0.0
    top = order[:3]
    kind_in_best = float(f.kind is not None and bool(f.holds[top].any()))
    cov = f.coverage or {}
    lex_ctx = f.lex_ctx if f.lex_ctx is not None else f.lex
    # The asked kind of answer in a unit that is also about the question's subject: the
    # best overlap with the question among the units holding it.
    kind_subject = float(lex_ctx[f.holds].max()) if f.kind is not None and f.holds.any() else 0.0
    return np.array([
        p[best], p[best] - second, float(p[top].sum()), float(f.dense.max()), float(f.lex.max()),
        f.unknown_share, kind_in_best,
        float(f.kind in CONCRETE_KINDS and not f.holds[top].any()),
        float(f.english), float(f.english) * float(f.dense.max()),
        *(float(cov.get(k, 0.0)) for k in COVERAGE),
        float(lex_ctx[best]), kind_subject, concrete,
        float(f.english) * float(cov.get("cover_best", 0.0)),
        # The question's similarity to the retrieved text at large: similarities sit at an
        # embedder- and question-specific height (e5's are all high), so the best one says
        # more beside it; their weights (best vs. mean) are learned per embedder.
        float(f.dense.mean()),
        float(f.kind in CONCRETE_KINDS and not f.holds[best]),
        float(f.conflict[best]) if f.conflict is not None else 0.0,
        float(f.passage_cover[best]) if f.passage_cover is not None else 0.0,
        float(f.passage_rare[best]) if f.passage_rare is not None else 1.0,
    ], float)


def refusal_probability(model, q: np.ndarray) -> float:
    if tuple(model.refuse.names) != NAMES:
        from assistant.answering.score import MissingModel

        raise MissingModel(
            "refusal model features differ from the code's; retrain with `lob train`"
        )
    return float(model.refuse.proba(q[None, :])[0])
