"""Train the answerer's models for one embedder: `lob train`.

    lob train [--set FILE=DATA_DIR ...] [--embedder NAME] [--out FILE] [--cache FILE]

Each --set is a question file (the test-set schema) with the data dir holding its documents'
index (ingest them first). The shipped model is trained on DEFAULT_SETS: the development
corpus's tuning fold, the original test set and the fresh folds (each over its own index;
`lob eval --folds` leaves them at <data>-devcorpus-<fold>); the held-out fold is never
trained on. Labels: a unit is a positive when it holds one of its question's facts
(case- and whitespace-insensitive) or overlaps its evidence; every unit of an unanswerable
question is a negative. Fitted with scikit-learn (the `train` extra); the run-time side is
plain numpy (assistant/answering/score.py).

What is chosen here, all on cross-validated probabilities of the training questions (folds by
document, so no question's probabilities come from a model that saw its document):
- the unit model: logistic regression on assistant/answering/features.py's features;
- the refusal model: logistic regression on refuse.py's question-level features, with its
  threshold = the highest refusal recall whose false refusals stay at most 5%, one for Dutch
  and one for English questions (_language_thresholds);
- `runner_up`, `focus` and `max_runner_ups` (choose.py): the triple with the best simulated
  fact recall + half the citation support, less UNIT_COST per quoted unit: a runner-up has to
  bring facts, not just length (issue 15 part 6: short answers).

Before all that, the retrieval fusion (`fusion`, `dense_weight`, `rrf_k`; core/config.py
reads them as its defaults): a grid over the first --set file's questions (the tuning fold),
ranked by recall@5 + MRR (choose_fusion); the other sets' numbers are recorded as a check,
not a target. With `dense_spell_out` "vector" configured, the weight of what a question's
abbreviations stand for in its dense query (`expansion_weight`, expansion_grid) over the
chosen fusion, on every --set file's questions with an abbreviation together (the tuning
fold alone has ~10). Then, the same way, the follow-ups' `topic_weight` (topic_grid).
The answer model is then trained on what the chosen fusion retrieves.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.answering.candidates import candidates
from assistant.answering.choose import choose
from assistant.answering.features import NAMES, Features, VectorCache, features
from assistant.answering.handle import IndexHandle
from assistant.answering.params import DEFAULTS
from assistant.answering.refuse import NAMES as Q_NAMES
from assistant.answering.refuse import question_features
from assistant.answering.score import MODELS_DIR, AnswerModel, Logistic
from assistant.answering.vocab import asks_all_steps
from eval.testset import TestItem, load_testset

MAX_FALSE_REFUSALS = 0.05
# Fold draws the refusal threshold is the median of (see train()).
REFUSAL_SEEDS = 8
# What one more quoted unit costs in the choice of the answer parameters, in fact recall: a
# longer answer must find 1% more facts per unit to be worth reading. At 0.02 the choice
# flipped between answers of ~5 and ~3.9 units on changes that moved cross-validated fact
# recall by a point, and the shorter ones lost 1-3 points of it on every fold (BM25 with
# compound parts: held-out 0.899 -> 0.892, test set 0.902 -> 0.875, simulated).
UNIT_COST = 0.01
# What the shipped model is trained on (its file records the command). The fresh folds joined
# the tuning fold and the test set once each had been measured unseen: trained on every other
# fold, each fresh fold's refusal recall rose by 0.075 on average (0.553 -> 0.628 over the
# five; fact recall 0.829 -> 0.829, false refusals 0.042 -> 0.048) against the model trained
# on the tuning fold and the test set alone, so more documents' questions make a better
# model, and looking at their failures had made them tuning data anyway.
DEFAULT_SETS = (
    "eval/devcorpus/tuning.jsonl", "eval/testset.jsonl",
    *(f"eval/devcorpus/{f}/questions.jsonl"
      for f in ("fresh", "fresh2", "fresh3", "fresh4", "fresh5")),
)


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


@dataclass
class Example:
    """One training question: its candidates' texts and passages, features and labels."""

    item: TestItem
    texts: list[str]
    passage_texts: list[str]
    feats: Features
    y: np.ndarray
    cands: list  # the Candidate objects (choose() needs them)
    # The document the question is about (the passage holding its evidence, else the top
    # one): cross-validation folds keep a document's questions together, so every choice
    # made on cross-validated numbers is made as on documents never seen, like a user's.
    group: str = ""


def label(texts: list[str], item: TestItem) -> np.ndarray:
    if not item.answerable:
        return np.zeros(len(texts))
    facts = [_norm(f) for f in item.facts if f.strip()]
    evidence = [_norm(e) for e in item.evidence if e.strip()]
    out = np.zeros(len(texts))
    for i, t in enumerate(texts):
        n = _norm(t)
        if any(f in n for f in facts) or any(
            e in n or (len(n) >= 20 and n in e) for e in evidence
        ):
            out[i] = 1.0
    return out


# The fusion grid: each ranking alone, and weighted RRF over these weights and constants.
DENSE_WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
RRF_KS = (1, 2, 5, 10, 20, 60)
FUSION_GRID: tuple[dict, ...] = (
    {"fusion": "dense"}, {"fusion": "bm25"},
    *({"fusion": "rrf", "dense_weight": w, "rrf_k": c} for w in DENSE_WEIGHTS for c in RRF_KS),
)


def _retriever(data_dir: Path, embedder, question_file: Path, **fusion):
    from assistant.retrieval import Retriever
    from core.config import Settings

    settings = Settings(_env_file=None, data_dir=data_dir, embedder=embedder.name, **fusion)
    retriever = Retriever(settings, embedder=embedder)
    if retriever.store.chunk_count() == 0:
        raise SystemExit(f"error: no index in {data_dir}; run LOB_DATA_DIR={data_dir} lob ingest "
                         "<the documents of " + str(question_file) + ">")
    return retriever


def fusion_grid(question_file: Path, data_dir: Path, embedder, k: int = 5) -> dict[str, dict]:
    """recall@k and MRR of every fusion in FUSION_GRID on the file's answerable questions.
    Both rankings are computed once per question; only the fusion runs per grid point."""
    from assistant.followup import retrieval_query
    from eval import metrics as M

    retriever = _retriever(data_dir, embedder, question_file)
    pool = max(50, 4 * k)  # as Retriever.search
    runs = []
    for item in load_testset(question_file):
        if not item.answerable or not item.evidence:
            continue
        query = retrieval_query(item.q, list(item.history),
                                max_context_chars=retriever.settings.max_followup_context_chars)
        runs.append((item, retriever._dense(retriever.dense_text(query), pool, None, None),
                     retriever._bm25(query, pool, None, None)))
    base = retriever.settings
    out = {}
    for point in FUSION_GRID:
        retriever.settings = base.model_copy(update=point)
        ranks = []
        for item, dense, lexical in runs:
            mode = point["fusion"]
            passages = retriever._fuse(dense if mode != "bm25" else [],
                                       lexical if mode != "dense" else [], k)
            ranks.append(M.first_hit_rank([p.text for p in passages], item.evidence))
        out[_fusion_key(point)] = {**point, "recall@5": round(M.recall_at(ranks, k), 4),
                                   "mrr": round(M.mrr(ranks), 4), "questions": len(ranks)}
    return out


# The weights of what a question's abbreviations stand for in its dense query.
EXPANSION_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def expansion_grid(question_file: Path, data_dir: Path, embedder, fusion: dict,
                   k: int = 5) -> dict[str, dict]:
    """recall@k and MRR, over the chosen fusion, of the file's answerable questions with an
    abbreviation (the others' rankings do not depend on it) at every expansion weight."""
    from assistant.followup import retrieval_query
    from core.text import expansions
    from eval import metrics as M

    retriever = _retriever(data_dir, embedder, question_file, **fusion,
                           dense_spell_out="vector")
    retriever.lexical()  # its loading teaches the glossary the documents' own abbreviations
    pool = max(50, 4 * k)  # as Retriever.search
    runs = []
    for item in load_testset(question_file):
        query = retrieval_query(item.q, list(item.history),
                                max_context_chars=retriever.settings.max_followup_context_chars)
        if item.answerable and item.evidence and expansions(query):
            bm25 = retriever._bm25(query, pool, None, None) if fusion["fusion"] != "dense" else []
            runs.append((item, query, bm25))
    base = retriever.settings
    out = {}
    for w in EXPANSION_WEIGHTS:
        retriever.settings = base.model_copy(update={"expansion_weight": w})
        ranks = []
        for item, query, bm25 in runs:
            # As asked: the "vector" dense query adds the expansions' vectors itself.
            dense = retriever._dense(query, pool, None, None) if fusion["fusion"] != "bm25" else []
            passages = retriever._fuse(dense, bm25, k)
            ranks.append(M.first_hit_rank([p.text for p in passages], item.evidence))
        out[str(w)] = {"expansion_weight": w, "recall@5": round(M.recall_at(ranks, k), 4),
                       "mrr": round(M.mrr(ranks), 4), "questions": len(ranks)}
    return out


def choose_expansion(grids: Sequence[dict[str, dict]]) -> float:
    """The expansion weight with the best recall@5 + MRR over the questions with an
    abbreviation of every training file together (the tuning fold has only ~10 of them; the
    weight changes nothing for the others), averaged with its neighbours' (one question is
    noise, a region is not); ties to the smaller weight."""
    def value(w: float) -> float:
        rows = [g[str(w)] for g in grids if g[str(w)]["questions"]]
        n = sum(r["questions"] for r in rows)
        return sum((r["recall@5"] + r["mrr"]) * r["questions"] for r in rows) / max(1, n)

    values = [value(w) for w in EXPANSION_WEIGHTS]

    def smoothed(i: int) -> float:
        near = values[max(0, i - 1): i + 2]
        return sum(near) / len(near)

    best = max(range(len(values)), key=lambda i: (round(smoothed(i), 9), -i))
    return EXPANSION_WEIGHTS[best]


TOPIC_WEIGHTS = (0.0, 0.25, 0.5, 1.0)


def topic_grid(question_file: Path, data_dir: Path, embedder, fusion: dict,
               k: int = 5) -> dict[str, dict]:
    """recall@k and MRR of the file's answerable follow-ups at every topic weight (the
    weight of the previous answer's documents in a follow-up's retrieval)."""
    from assistant import followup
    from eval import metrics as M

    items = [i for i in load_testset(question_file) if i.history and i.answerable and i.evidence]
    out = {}
    for w in TOPIC_WEIGHTS:
        retriever = _retriever(data_dir, embedder, question_file, **fusion, topic_weight=w)
        previous = _current_answerer(IndexHandle.from_retriever(retriever))
        ranks = []
        for item in items:
            _, passages = followup.search(retriever, item.q, list(item.history), k,
                                          generator=previous)
            ranks.append(M.first_hit_rank([p.text for p in passages], item.evidence))
        out[str(w)] = {"topic_weight": w, "recall@5": round(M.recall_at(ranks, k), 4),
                       "mrr": round(M.mrr(ranks), 4), "questions": len(ranks)}
    return out


def _current_answerer(handle: IndexHandle):
    """The saved model's answerer, or None when it was trained on other features."""
    from assistant.answering import AnsweringGenerator

    previous = AnsweringGenerator(handle)
    if previous.model.unit.names != list(NAMES) or previous.model.refuse.names != list(Q_NAMES):
        return None
    return previous


def _fusion_key(point: dict) -> str:
    if point["fusion"] != "rrf":
        return point["fusion"]
    return f"rrf w={point['dense_weight']} k={point['rrf_k']}"


def choose_fusion(grid: dict[str, dict]) -> dict:
    """The fusion with the best recall@5 + MRR (recall: the answer is among the passages;
    MRR: near the top, where the answerer looks first), each RRF point averaged with its grid
    neighbours (the weights and constants next to it): on a fold of ~200 questions a single
    point's lead of one question is noise, a region's is not."""
    def value(point: dict) -> float:
        r = grid[_fusion_key(point)]
        return r["recall@5"] + r["mrr"]

    def smoothed(point: dict) -> float:
        if point["fusion"] != "rrf":
            return value(point)
        i, j = DENSE_WEIGHTS.index(point["dense_weight"]), RRF_KS.index(point["rrf_k"])
        near = [value({"fusion": "rrf", "dense_weight": DENSE_WEIGHTS[a], "rrf_k": RRF_KS[b]})
                for a in (i - 1, i, i + 1) for b in (j - 1, j, j + 1)
                if 0 <= a < len(DENSE_WEIGHTS) and 0 <= b < len(RRF_KS)]
        return sum(near) / len(near)

    return dict(max(FUSION_GRID, key=smoothed))


def collect(question_file: Path, data_dir: Path, embedder, fusion: dict | None = None
            ) -> list[Example]:
    from assistant import followup

    retriever = _retriever(data_dir, embedder, question_file, **(fusion or {}))
    handle = IndexHandle.from_retriever(retriever)
    cache = VectorCache(50000)
    limit = int(DEFAULTS["passages_considered"])
    # A follow-up's topic is what the current model's answer to the previous turn cites (its
    # best passage's document when there is no current model for these features yet).
    previous = _current_answerer(handle)
    out = []
    for item in load_testset(question_file):
        query, passages = followup.search(retriever, item.q, list(item.history), limit,
                                          generator=previous)
        cands = candidates(passages, limit)
        f = features(item.q, query, cands, passages, handle, cache, DEFAULTS["history_weight"])
        texts = [c.text for c in cands]
        out.append(Example(item, texts, [p.text for p in passages], f, label(texts, item), cands,
                           _document_of(item, passages)))
    return out


def _document_of(item: TestItem, passages: list) -> str:
    evidence = [_norm(e) for e in item.evidence if e.strip()]
    for p in passages:
        if any(e in _norm(p.text) for e in evidence):
            return p.doc_id
    return passages[0].doc_id if passages else item.id


def _fit(X: np.ndarray, y: np.ndarray, C: float, balanced: bool = False) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced" if balanced else None)
    lr.fit((X - mean) / scale, y)
    return Logistic([], mean, scale, lr.coef_[0], float(lr.intercept_[0]))


def _fit_softmax(examples: list[Example], C: float) -> Logistic:
    """Conditional logit: maximise, per answerable question, the softmax probability mass of
    its positive units among its candidates (L2 penalty 1/C). Questions without a positive
    candidate teach nothing about which unit to pick and are left out."""
    from scipy.optimize import minimize

    qs = [e for e in examples if len(e.y) and e.y.sum() > 0]
    allX = np.vstack([e.feats.X for e in qs])
    mean = allX.mean(axis=0)
    scale = allX.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Xs = [(e.feats.X - mean) / scale for e in qs]
    ys = [e.y > 0 for e in qs]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * w @ w / C, w / C
        for X, y in zip(Xs, ys):
            z = X @ w
            ez = np.exp(z - z.max())
            Z, P = ez.sum(), ez[y].sum()
            total -= np.log(P) - np.log(Z)
            grad = grad - X[y].T @ (ez[y] / P) + X.T @ (ez / Z)
        return total, grad

    w = minimize(loss, np.zeros(allX.shape[1]), jac=True, method="L-BFGS-B").x
    return Logistic([], mean, scale, w, 0.0, "softmax")


def _group_folds(examples: list[Example], folds: int) -> np.ndarray:
    """A fold per example such that a document's questions share one fold (GroupKFold)."""
    from sklearn.model_selection import GroupKFold

    groups = [e.group or e.item.id for e in examples]
    fold_of = np.zeros(len(examples), int)
    for k, (_, test) in enumerate(GroupKFold(folds).split(examples, groups=groups)):
        fold_of[test] = k
    return fold_of


def _cv_unit_probs(examples: list[Example], C: float, folds: int = 5) -> list[np.ndarray]:
    """Every question's unit probabilities from a model fitted without its document."""
    fold_of = _group_folds(examples, folds)
    out: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for k in range(folds):
        m = _fit_softmax([e for e, f in zip(examples, fold_of) if f != k], C)
        for i, e in enumerate(examples):
            if fold_of[i] == k:
                out[i] = m.proba(e.feats.X) if len(e.y) else np.zeros(0)
    return out


def _answer(e: Example, p: np.ndarray, params: dict) -> tuple[bool, bool, int]:
    """Simulated: (all facts in the answer, a cited passage holds evidence, units quoted)."""
    chosen = choose(e.cands, p, params, asks_all_steps(e.item.q))
    text = _norm(" ".join(c.text for c in chosen))
    facts_ok = all(_norm(f) in text for f in e.item.facts)
    cited = {c.passage for c in chosen}
    ev = [_norm(x) for x in e.item.evidence]
    cite_ok = any(any(x in _norm(e.passage_texts[i]) for x in ev) for i in cited)
    return facts_ok, cite_ok, len(chosen)


def _choose_answer_params(examples: list[Example], probs: list[np.ndarray]) -> tuple[dict, dict]:
    answerable = [(e, p) for e, p in zip(examples, probs) if e.item.answerable and len(p)]
    best, best_key, table = None, None, {}
    grid = [(r, f, m) for r in (0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.01)
            for f in (0.0, 0.2, 0.4, 0.6) for m in (1, 2, 3)]
    for runner, focus, most in grid:
        params = {**DEFAULTS, "runner_up": runner, "focus": focus, "max_runner_ups": most}
        res = [_answer(e, p, params) for e, p in answerable]
        fr = sum(r[0] for r in res) / len(res)
        cs = sum(r[1] for r in res) / len(res)
        units = sum(r[2] for r in res) / len(res)
        key = (round(fr + cs / 2 - UNIT_COST * units, 4), fr, cs, -units)
        table[f"{runner}/{focus}/{most}"] = (round(fr, 3), round(cs, 3), round(units, 2))
        if best_key is None or key > best_key:
            best, best_key = params, key
    chosen = {k: best[k] for k in ("runner_up", "focus", "max_runner_ups")}
    metrics = {"fact_recall": round(best_key[1], 3), "citation_support": round(best_key[2], 3),
               "units_per_answer": round(-best_key[3], 2)}
    return chosen, metrics


def _language_thresholds(p: np.ndarray, unanswerable: np.ndarray, english: np.ndarray
                         ) -> tuple[float, float, dict]:
    """A threshold per question language, each for the same trade-off (the most refusals at
    <= 5% false refusals within that language): English questions of Dutch documents share
    few words with them, so the lexical signals read "not covered" and one threshold for both
    refused 10-13% of the answerable English ones (cross-validated by document over the 764
    development questions; per language 3.5%, and overall refusal recall 0.62 -> 0.63).
    Returns (Dutch, English, metrics over both)."""
    dutch, _ = _refusal_threshold(p[~english], unanswerable[~english])
    own = english.any() and unanswerable[english].any() and (~unanswerable[english]).any()
    eng = _refusal_threshold(p[english], unanswerable[english])[0] if own else dutch
    refused = np.where(english, p >= eng, p >= dutch)
    return dutch, eng, {
        "refusal_recall": round(float(refused[unanswerable].mean()), 3),
        "false_refusals": round(float(refused[~unanswerable].mean()), 3),
    }


def _refusal_threshold(p: np.ndarray, unanswerable: np.ndarray) -> tuple[float, dict]:
    """The threshold with the highest refusal recall whose false refusals are <= 5%."""
    best_t, best = 1.01, (0.0, 0.0)
    for t in sorted(set(np.round(p, 4)) | {1.01}, reverse=True):
        refused = p >= t
        recall = float(refused[unanswerable].mean()) if unanswerable.any() else 0.0
        false = float(refused[~unanswerable].mean()) if (~unanswerable).any() else 0.0
        if false <= MAX_FALSE_REFUSALS and recall >= best[0]:
            best_t, best = float(t), (recall, false)
    return best_t, {"refusal_recall": round(best[0], 3), "false_refusals": round(best[1], 3)}


def cv_refusal_probs(Q: np.ndarray, unans: np.ndarray, groups: Sequence[str], C: float,
                     seed: int) -> np.ndarray:
    """Each question's refusal probability from a model fitted without its document (folds
    keep a document's questions together and the class balance; `seed` draws the folds)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return cross_val_predict(
        make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000)),
        Q, unans, groups=groups, method="predict_proba",
        cv=StratifiedGroupKFold(5, shuffle=True, random_state=seed),
    )[:, 1]


def train(examples: list[Example], C: float = 1.0) -> tuple[AnswerModel, dict]:
    from sklearn.metrics import roc_auc_score

    probs = _cv_unit_probs(examples, C)
    y_all = np.concatenate([e.y for e in examples])
    p_all = np.concatenate(probs)
    metrics: dict = {"questions": len(examples), "units": int(len(y_all)),
                     "positives": int(y_all.sum()),
                     "unit_auc_cv": round(float(roc_auc_score(y_all, p_all)), 4)}
    answer_params, answer_metrics = _choose_answer_params(examples, probs)
    metrics["answers_cv"] = answer_metrics

    Q = np.vstack([question_features(e.feats, p) for e, p in zip(examples, probs)])
    unans = np.array([not e.item.answerable for e in examples])

    # The refusal model's regularisation is chosen like its threshold: the most refusals at
    # <= 5% false refusals on cross-validated probabilities (folds keep a document's
    # questions together and the class balance). Which documents share a fold moves the
    # threshold by a few hundredths, so it is the median over REFUSAL_SEEDS fold draws, and
    # the recall their mean.
    groups = [e.group or e.item.id for e in examples]
    english = np.array([e.feats.english for e in examples])
    best_refusal = None
    for c_refuse in (0.03, 0.1, 0.3, 1.0):
        draws = []
        for seed in range(REFUSAL_SEEDS):
            cv_refuse = cv_refusal_probs(Q, unans, groups, c_refuse, seed)
            draws.append(_language_thresholds(cv_refuse, unans, english))
        t = (float(np.median([d[0] for d in draws])), float(np.median([d[1] for d in draws])))
        m = {k: round(float(np.mean([d[2][k] for d in draws])), 3) for k in draws[0][2]}
        if best_refusal is None or m["refusal_recall"] > best_refusal[2]["refusal_recall"]:
            best_refusal = (c_refuse, t, m)
    c_refuse, (threshold, threshold_en), refusal_metrics = best_refusal
    refusal_metrics = {**refusal_metrics, "C": c_refuse}
    metrics["refusal_cv"] = refusal_metrics

    unit = _fit_softmax(examples, C)
    unit.names = list(NAMES)
    refuse = _fit(Q, unans.astype(float), c_refuse)
    refuse.names = list(Q_NAMES)
    thresholds = {**answer_params, "refuse": threshold, "refuse_en": threshold_en}
    return AnswerModel("", unit, refuse, thresholds, {}), metrics


def _command(argv: Sequence[str]) -> str:
    """The command that trains this model, to record with it, without private paths: no
    --cache (it only speeds up a rerun), and each data dir as DATA_DIR<n> (an index of the
    documents of its question file, see `data_dirs` beside it)."""
    out, skip, n = [], False, 0
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--cache":
            skip = True
            continue
        if a.startswith("--cache="):
            continue
        if "=" in a and not a.startswith("-"):
            n += 1
            a = f"{a.partition('=')[0]}=DATA_DIR{n}"
        out.append(shlex.quote(a))
    return " ".join(["lob train", *out])


def _check_config(fusion: dict) -> None:
    """The chosen fusion is core/config.py's default, or this says what to change there: the
    answer model is trained on what that fusion retrieves."""
    from core.config import Settings

    defaults = {k: Settings.model_fields[k].default for k in fusion}
    if defaults != fusion:
        print(f"note: core/config.py's fusion defaults {defaults} differ from the chosen "
              f"{fusion}; set them there (with this run's numbers in the comment)",
              file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="lob train", description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", required=True, metavar="FILE=DATA_DIR",
                    help="questions and the data dir of their documents' index (repeatable)")
    ap.add_argument("--embedder", default=None, help="default: the configured one (LOB_EMBEDDER)")
    ap.add_argument("--out", type=Path, default=None, help="default: assistant/answering/models/")
    ap.add_argument("--cache", type=Path, default=None, help="reuse/keep the features here")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    args = ap.parse_args(argv)

    from core.config import Settings, get_settings
    from core.embedder import get_embedder

    name = args.embedder or get_settings().embedder
    sets = [(Path(f), Path(d)) for f, _, d in (spec.partition("=") for spec in args.set)]
    if any("heldout" in f.name for f, _ in sets):
        raise SystemExit("error: the held-out fold is for measuring, never for training")
    cached = pickle.loads(args.cache.read_bytes()) if args.cache and args.cache.exists() else None
    if isinstance(cached, dict):
        examples, fusion, grids = cached["examples"], cached["fusion"], cached["grids"]
    else:
        embedder = get_embedder(name)
        grids = {str(f): fusion_grid(f, d, embedder) for f, d in sets}
        fusion = choose_fusion(grids[str(sets[0][0])])
        spelling = Settings(_env_file=None).dense_spell_out
        if spelling == "vector":
            # The weight of abbreviations' expansions in the dense query, over the chosen
            # fusion, on every file's questions with one (never the held-out fold's).
            expansion = {str(f): expansion_grid(f, d, embedder, fusion) for f, d in sets}
            fusion = {**fusion, "expansion_weight": choose_expansion(list(expansion.values()))}
            grids["expansion_weight"] = expansion
        # Recorded with the model: it learns from what this way of spelling out retrieves.
        fusion = {**fusion, "dense_spell_out": spelling}
        # The follow-ups' topic weight, on the same first file, over the chosen fusion.
        topics = topic_grid(sets[0][0], sets[0][1], embedder, fusion)
        best = max(topics.values(), key=lambda r: (r["recall@5"] + r["mrr"], -r["topic_weight"]))
        fusion = {**fusion, "topic_weight": best["topic_weight"]}
        grids["topic_weight"] = topics
        examples = []
        for f, d in sets:
            examples += collect(f, d, embedder, fusion)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(
                {"examples": examples, "fusion": fusion, "grids": grids}))
    topics = grids.pop("topic_weight", {})
    expansion = grids.pop("expansion_weight", {})
    retrieval = {"chosen_on": str(sets[0][0]), **fusion,
                 **{f: {m: g[_fusion_key(fusion)][m] for m in ("recall@5", "mrr")}
                    for f, g in grids.items()},
                 "questions with an abbreviation by expansion_weight": expansion,
                 "follow-ups by topic_weight": topics}
    _check_config(fusion)
    model, metrics = train(examples, args.C)
    model.embedder = name
    model.meta = {
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "command": _command(argv if argv is not None else sys.argv[1:]),
        "trained_on": [s.partition("=")[0] for s in args.set],
        "data_dirs": "DATA_DIR<n>: LOB_DATA_DIR=DATA_DIR<n> lob ingest <the documents of the "
                     "n-th --set file> (eval/devcorpus/docs for the development corpus, "
                     "corpus/ for eval/testset.jsonl)",
        "retrieval": retrieval,
        "training_metrics": metrics,
    }
    out = args.out or MODELS_DIR / f"{name}.json"
    out.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps({"model": str(out), "thresholds": model.thresholds, "retrieval": retrieval,
                      **metrics}))
    return 0


if __name__ == "__main__":
    # Through the module: a --cache then pickles eval.train.Example, which `lob train` reads
    # too (run as __main__ it pickled __main__.Example, readable by this way of running only).
    from eval.train import main as _main

    sys.exit(_main())
