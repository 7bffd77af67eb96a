"""Refusal recall cross-validated by document over every development question: how answerer
changes are chosen.

    python -m eval.pooled --set FILE=DATA_DIR [--set ...] [--seeds 8]

Each --set is a question file (the test-set schema) with the data dir of its documents'
index, as for `lob train`; unlike `lob train` it takes the held-out and fresh folds too,
because nothing is fitted for use here: every question's unit probabilities and refusal
probability come from models fitted without its document (folds by document, as in
eval/train.py), and refusal thresholds are chosen per language on those probabilities for
<= 5% false refusals. The number (mean refusal recall over --seeds fold draws, per C of the
refusal model) is a steadier measure than one small fold: the held-out fold has 28
unanswerable questions, so each retrain moves it by two or three.

A measure for choosing, not a gate: the shipped model is still trained by `lob train` on the
tuning fold and the test set only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

C_GRID = (0.03, 0.1, 0.3)


def pooled_refusal(examples: list, seeds: int = 8, c_grid: Sequence[float] = C_GRID
                   ) -> dict[float, dict[str, float]]:
    """{C: refusal recall, false refusals, and the share of out-of-domain questions refused}
    over every example, each probability from models that did not see its document."""
    from assistant.answering.refuse import question_features
    from eval.train import _cv_unit_probs, _language_thresholds, cv_refusal_probs

    probs = _cv_unit_probs(examples, 1.0)
    Q = np.vstack([question_features(e.feats, p) for e, p in zip(examples, probs)])
    unans = np.array([not e.item.answerable for e in examples])
    english = np.array([e.feats.english for e in examples])
    groups = np.array([e.group or e.item.id for e in examples])
    ood = np.array(["out-of-domain" in e.item.tags for e in examples])
    out = {}
    for c in c_grid:
        rows = []
        for seed in range(seeds):
            p = cv_refusal_probs(Q, unans, groups, c, seed)
            dutch, eng, m = _language_thresholds(p, unans, english)
            refused = np.where(english, p >= eng, p >= dutch)
            rows.append((m["refusal_recall"], m["false_refusals"],
                         float(refused[ood].mean()) if ood.any() else float("nan")))
        mean = np.mean(rows, axis=0)
        out[c] = {"refusal_recall": round(float(mean[0]), 3),
                  "false_refusals": round(float(mean[1]), 3),
                  "out_of_domain_refused": round(float(mean[2]), 3)}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.pooled", description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", required=True, metavar="FILE=DATA_DIR")
    ap.add_argument("--seeds", type=int, default=8)
    args = ap.parse_args(argv)

    from core.config import Settings
    from core.embedder import get_embedder
    from eval.train import collect

    # collect() retrieves with core/config.py's fusion when given none: the shipped one.
    embedder = get_embedder(Settings(_env_file=None).embedder)
    examples = []
    for spec in args.set:
        f, _, d = spec.partition("=")
        examples += collect(Path(f), Path(d), embedder)
    n_unans = sum(not e.item.answerable for e in examples)
    print(f"{len(examples)} questions, {n_unans} unanswerable")
    for c, m in pooled_refusal(examples, args.seeds).items():
        print(f"C {c}: " + ", ".join(f"{k} {v}" for k, v in m.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
