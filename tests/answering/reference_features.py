"""The answerer's features as computed one candidate and one text at a time before they were
built column by column over cached term views (commit c2d6ab8): the parity test
(test_features.py) holds the faster code to these values. A change of what a feature means
changes both."""

from __future__ import annotations

import math

import numpy as np

from assistant.answering.candidates import Candidate
from assistant.answering.features import (
    _NAME,
    NAMES,
    Features,
    VectorCache,
    _conflict,
    _unit,
    content_terms,
)
from assistant.answering.handle import IndexHandle
from assistant.answering.vocab import (
    CONCRETE_KINDS,
    asked_kind,
    holds_kind,
    points_back,
)
from assistant.retrieval import Passage
from core.english import in_dutch, is_english
from core.text import terms_and_parts


class SlowOverlap:
    """The idf-weighted share of the question's content terms a text holds (BM25's idea).

    A term also half-matches a longer compound or word form sharing its first five letters
    ("loopt" ~ "looptijd"); terms of the history (a follow-up's topic) weigh less."""

    def __init__(self, lexical, question: str, query: str, history_weight: float) -> None:
        weights = {t: 1.0 for t in content_terms(in_dutch(question))}
        for t in content_terms(in_dutch(query)):
            weights.setdefault(t, history_weight)
        unknown = lexical.idf_unknown() or 1.0
        self.idf = {t: lexical.idf(t) or unknown for t in weights}
        self.weights = weights
        self.total = sum(self.idf[t] * w for t, w in weights.items()) or 1.0

    def __call__(self, text: str) -> float:
        present = set(terms_and_parts(text))
        got = 0.0
        for t, w in self.weights.items():
            if t in present:
                got += self.idf[t] * w
            elif len(t) >= 5 and any(
                len(p) >= 5 and (p.startswith(t[:5]) and (p.startswith(t) or t.startswith(p)))
                for p in present
            ):
                got += 0.8 * self.idf[t] * w
        return got / self.total



def slow_features(
    question: str,
    query: str,
    cands: list[Candidate],
    passages: list[Passage],
    handle: IndexHandle,
    cache: VectorCache,
    history_weight: float = 0.3,
) -> Features:
    embedder = handle.embedder
    lexical = handle.lexical()
    n = len(cands)
    kind = asked_kind(question, query)
    english = is_english(question)
    own = [t for t in content_terms(in_dutch(question)) if len(t) > 2]
    unknown_share = sum(not lexical.knows(t) for t in own) / len(own) if own else 0.0
    if n == 0:
        z = np.zeros(0)
        return Features(np.zeros((0, len(NAMES))), kind, english, z, z, unknown_share,
                        np.zeros(0, bool))

    sv = cache.embed(embedder, [c.text for c in cands], handle.sentence_vectors)
    cv = cache.embed(embedder, [c.context for c in cands], handle.sentence_vectors)
    qv = embedder.embed_query(handle.dense_text(question))
    dense = sv @ qv
    dense_query = (dense if query == question
                   else sv @ embedder.embed_query(handle.dense_text(query)))
    dense_ctx = _unit(sv + cv) @ qv

    own_overlap = SlowOverlap(lexical, question, question, 0.0)
    overlap = SlowOverlap(lexical, question, query, history_weight)
    lex = np.array([own_overlap(c.text) for c in cands])
    lex_query = np.array([overlap(c.text) for c in cands])
    lex_ctx = np.array([overlap(f"{c.context} {c.text}") for c in cands])
    heading: dict[tuple[str, str], float] = {}
    # Each passage as the lexical features read it: under its title and section.
    texts = [f"{p.title} {p.section or ''} {p.text}" for p in passages]
    passage_lex = [overlap(t) for t in texts]
    holds = np.array([holds_kind(kind, c.text) for c in cands])
    top_score = max((p.score for p in passages), default=1.0) or 1.0
    order = np.argsort(-dense, kind="stable")
    dense_rank = np.empty(n)
    dense_rank[order] = np.arange(n)

    best_in_passage = {}
    for i, c in enumerate(cands):
        if dense[i] + lex[i] > best_in_passage.get(c.passage, (-9.0, 0))[0]:
            best_in_passage[c.passage] = (dense[i] + lex[i], i)
    X = np.zeros((n, len(NAMES)))
    col = {name: j for j, name in enumerate(NAMES)}
    for i, c in enumerate(cands):
        p = passages[c.passage]
        key = (c.title, c.section)
        if key not in heading:
            heading[key] = own_overlap(f"{c.title} {c.section}")
        row = {
            "dense": dense[i], "dense_query": dense_query[i], "dense_ctx": dense_ctx[i],
            "dense_gap": dense[i] - dense.max(), "dense_rank": 1.0 / (1.0 + dense_rank[i]),
            "lex": lex[i], "lex_gap": lex[i] - lex.max(), "lex_query": lex_query[i],
            "lex_ctx": lex_ctx[i], "lex_heading": heading[key],
            "lex_passage": passage_lex[c.passage],
            "asks_kind": float(kind is not None), "holds_kind": float(holds[i]),
            "misses_concrete": float(kind in CONCRETE_KINDS and not holds[i]),
            "list_unit": float(kind == "list" and c.kind in ("item", "leadin", "row")),
            "steps_unit": float(kind == "steps" and c.kind in ("item", "leadin")),
            f"kind_{c.kind}": 1.0,
            "passage_rank": 1.0 / (1.0 + c.passage), "passage_score": p.score / top_score,
            "in_dense": float(p.dense_rank is not None), "in_bm25": float(p.bm25_rank is not None),
            "position": c.position / max(1, c.of - 1), "first_in_passage": float(c.position == 0),
            "points_back": float(points_back(c.text)), "english": float(english),
            "english_dense": float(english) * dense[i], "log_len": math.log(1 + len(c.text)),
            "dense_ctx_gap": dense_ctx[i] - dense_ctx.max(),
            "dense_query_gap": dense_query[i] - dense_query.max(),
            "lex_query_gap": lex_query[i] - lex_query.max(),
            "lex_ctx_gap": lex_ctx[i] - lex_ctx.max(),
            "dense_x_lex": dense[i] * lex[i],
            "best_in_passage": float(best_in_passage[c.passage][1] == i),
            "faq_question_lex": own_overlap(c.unit.context) if c.unit.context else 0.0,
        }
        for name, v in row.items():
            X[i, col[name]] = float(v)
    holding = {c.passage for c, h in zip(cands, holds) if h}
    coverage = _slow_coverage(question, texts, holding, lexical, own_overlap, dense)
    return Features(X, kind, english, dense, lex, unknown_share, holds, lex_ctx, coverage)


# Words written with a capital or a digit inside a question: names, years, codes. When the


def _slow_coverage(question: str, texts: list[str], holding: set[int], lexical, own: SlowOverlap,
              dense: np.ndarray) -> dict[str, float]:
    """How much of the question the retrieved passages hold: the idf-weighted share held by
    the best passage and by the top three together, the weight of the rarest question term
    none of them holds (relative to an unseen word's), the share of names the passages miss,
    and how far the best unit's similarity stands out from the rest. `texts`: the passages
    under their titles and sections; `holding`: those with a unit of the asked kind."""
    top3 = " ".join(texts[:3])
    present = set(terms_and_parts(" ".join(texts)))
    unknown = lexical.idf_unknown() or 1.0
    missing = [
        own.idf[t] for t in own.weights
        if t not in present and not any(len(t) >= 5 and p.startswith(t[:5]) and (
            p.startswith(t) or t.startswith(p)) for p in present)
    ]
    best_terms = set(terms_and_parts(texts[0])) if texts else set()
    missing_best = [own.idf[t] for t in own.weights if t not in best_terms]
    names = [n for n in _NAME.findall(question) if len(n) > 1]
    lower = " ".join(texts).lower()
    names_missing = (
        sum(n.lower() not in lower for n in names) / len(names) if names else 0.0
    )
    return {
        "constraint_conflict": _conflict(question, texts[0]) if texts else 0.0,
        "cover_best": own(texts[0]) if texts else 0.0,
        "cover_top3": own(top3) if texts else 0.0,
        "rare_missing": max(missing, default=0.0) / unknown,
        # The same for the best passage alone: the answer has to stand in one passage.
        "rare_missing_best": max(missing_best, default=0.0) / unknown,
        "missing_share": len(missing) / max(1, len(own.weights)),
        "names_missing": names_missing,
        "has_names": float(bool(names)),
        "dense_contrast": float(dense.max() - np.median(dense)) if len(dense) else 0.0,
        # The asked kind of answer where the question's subject is: the best overlap of the
        # question with a passage holding the kind ("60 euro" in a passage about another
        # thing answers no "wat kost X?").
        "kind_passage": max((own(texts[i]) for i in holding), default=0.0),
    }


# Values that pin a question down: numbers, years, ordinals ("in 2022", "de eerste editie",
