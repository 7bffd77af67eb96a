"""Stage 2, features: what the model knows about each candidate unit.

Every feature is general: similarities (dense, of the embedder in use, so a model is trained
per embedder), idf-weighted lexical overlap with the question, the heading path, the kind of
answer the question asks for (assistant/answering/vocab.py) and whether the unit holds it,
the unit's kind and place, and the rank and score of its passage. Relative features (a unit's
similarity minus the best one's) let one model serve questions whose similarities sit at
different heights.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.answering.candidates import Candidate
from assistant.answering.handle import IndexHandle
from assistant.answering.vocab import (
    CONCRETE_KINDS,
    asked_kind,
    case_conflict,
    case_values,
    holds_kind,
    points_back,
)
from assistant.retrieval import Passage
from core.english import in_dutch, is_english
from core.sentence_vectors import SentenceVectors
from core.text import STOPWORDS, terms_and_parts

UNIT_KINDS = ("sentence", "leadin", "item", "row", "faq")
NAMES: tuple[str, ...] = (
    "dense", "dense_query", "dense_ctx", "dense_gap", "dense_rank",
    "lex", "lex_gap", "lex_query", "lex_ctx", "lex_heading", "lex_passage",
    "asks_kind", "holds_kind", "misses_concrete", "list_unit", "steps_unit",
    *(f"kind_{k}" for k in UNIT_KINDS),
    "passage_rank", "passage_score", "in_dense", "in_bm25",
    "position", "first_in_passage", "points_back", "english", "english_dense", "log_len",
    "dense_ctx_gap", "dense_query_gap", "lex_query_gap", "lex_ctx_gap", "dense_x_lex",
    "best_in_passage", "faq_question_lex",
)


@dataclass
class Features:
    X: np.ndarray  # (candidates, len(NAMES))
    kind: str | None  # the answer kind the question asks for
    english: bool
    dense: np.ndarray  # question-unit similarity per candidate
    lex: np.ndarray  # lexical overlap per candidate
    unknown_share: float  # share of the question's content terms the index never saw
    holds: np.ndarray  # per candidate: holds the asked kind
    lex_ctx: np.ndarray | None = None  # per candidate: overlap of the unit with its context
    # Question-level: how much of the question the retrieved passages cover at all
    # (refuse.py). Empty when there are no candidates.
    coverage: dict[str, float] | None = None
    # Per candidate: the unit, under what it stands, names other years, months or weekdays
    # than the question pins down and none of those (vocab.case_conflict).
    conflict: np.ndarray | None = None
    # Per candidate, of the passage it stands in (under its title and section): the share of
    # the question it holds, and the weight of the rarest question term it lacks (relative
    # to an unseen word's). The answer has to stand in the passage of the unit it quotes.
    passage_cover: np.ndarray | None = None
    passage_rare: np.ndarray | None = None


class VectorCache:
    """Unit vectors by text, in memory (LRU) over the index's sentence-vector store: ingest
    stored most of them, and the few computed here are stored for the next time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, embedder, texts: list[str], stored: SentenceVectors | None) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._data]
        found: dict[str, np.ndarray] = {}
        if missing and stored is not None:
            found = stored.get(missing)
        new = [t for t in missing if t not in found]
        if new:
            # Rounded as the store keeps them: an answer does not depend on where its
            # vectors came from.
            vecs = embedder.embed_passages(new).astype(np.float16).astype(np.float32)
            found.update(zip(new, vecs))
            if stored is not None:
                stored.put(new, vecs)
        with self._lock:
            for t in missing:
                self._data[t] = found[t]
            out = []
            for t in texts:
                v = self._data.get(t)
                if v is None:  # evicted meanwhile by another thread
                    v = found.get(t)
                if v is None:
                    v = embedder.embed_passages([t])[0]
                else:
                    self._data.move_to_end(t)
                out.append(v)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return np.stack(out) if out else np.zeros((0, embedder.dim), dtype=np.float32)


def content_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t for t in terms_and_parts(text) if t not in STOPWORDS))


@dataclass(frozen=True)
class TermView:
    """A text's terms as the overlap features read them: the set, and those of five letters
    or more by their first five (a question term's near matches are looked up, not
    scanned for)."""

    present: frozenset[str]
    by_prefix: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, present: frozenset[str]) -> TermView:
        by_prefix: dict[str, list[str]] = {}
        for p in present:
            if len(p) >= 5:
                by_prefix.setdefault(p[:5], []).append(p)
        return cls(present, {k: tuple(v) for k, v in by_prefix.items()})

    def near(self, t: str) -> bool:
        """A held term of five letters or more sharing `t`'s first five, one the other's
        start ("loopt" ~ "looptijd")."""
        return len(t) >= 5 and any(
            p.startswith(t) or t.startswith(p) for p in self.by_prefix.get(t[:5], ())
        )


# Question after question scores the same corpus units, contexts and passages: each text
# is cut, folded and stemmed once (the most of an answer's features time before). A unit's
# view is ~1.6 KB, a passage's ~9 KB (bundled corpus); an answer adds ~90 texts, a few of
# them passages, so a full cache holds ~20 MB.
@lru_cache(maxsize=8192)
def term_view(text: str) -> TermView:
    return TermView.of(frozenset(terms_and_parts(text)))


class Overlap:
    """The idf-weighted share of the question's content terms a text holds (BM25's idea).

    A term also half-matches a longer compound or word form sharing its first five letters
    ("loopt" ~ "looptijd"); terms of the history (a follow-up's topic) weigh less. Texts read
    together (a unit under its context, the top passages) hold a term when one of them does:
    each text is read once per question (`held`), and a reading of several pools theirs."""

    def __init__(self, lexical, question: str, query: str, history_weight: float) -> None:
        # An English question is weighed in the Dutch words for its words (core/english.py).
        weights = {t: 1.0 for t in content_terms(in_dutch(question))}
        for t in content_terms(in_dutch(query)):
            weights.setdefault(t, history_weight)
        unknown = lexical.idf_unknown() or 1.0
        self.idf = {t: lexical.idf(t) or unknown for t in weights}
        self.weights = weights
        self.total = sum(self.idf[t] * w for t, w in weights.items()) or 1.0
        # By text: a question's units share contexts, and its passages are read four ways.
        self._held: dict[str, tuple[float, ...]] = {}

    def held(self, text: str) -> tuple[float, ...]:
        """Per question term, in order: 1 the text holds it, 0.8 a near form of it, else 0."""
        got = self._held.get(text)
        if got is None:
            view = term_view(text)
            got = tuple(1.0 if t in view.present else 0.8 if view.near(t) else 0.0
                        for t in self.weights)
            self._held[text] = got
        return got

    def _pooled(self, texts: tuple[str, ...]) -> tuple[float, ...]:
        if len(texts) == 1:
            return self.held(texts[0])
        return tuple(map(max, *(self.held(t) for t in texts)))

    def __call__(self, *texts: str) -> float:
        got = 0.0
        for (t, w), h in zip(self.weights.items(), self._pooled(texts)):
            if h == 1.0:
                got += self.idf[t] * w
            elif h:
                got += 0.8 * self.idf[t] * w
        return got / self.total

    def missing(self, *texts: str) -> list[float]:
        """The idfs of the question terms the texts hold neither as such nor as a near form."""
        return [self.idf[t] for t, h in zip(self.weights, self._pooled(texts)) if not h]


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n == 0, 1, n)


def features(
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

    own_overlap = Overlap(lexical, question, question, 0.0)
    overlap = Overlap(lexical, question, query, history_weight)
    # Unless a follow-up's history adds terms, the two weigh the same terms alike: the
    # question's overlaps are then read once (a third of the lexical work of an answer).
    same = overlap.weights == own_overlap.weights
    overlap = own_overlap if same else overlap
    lex = np.array([own_overlap(c.text) for c in cands])
    lex_query = lex if same else np.array([overlap(c.text) for c in cands])
    # A unit in its context: the two read together, each read once (units share contexts).
    lex_ctx = np.array([overlap(c.context, c.text) for c in cands])
    # Each passage as the lexical features read it: under its title and section.
    texts = [f"{p.title} {p.section or ''} {p.text}" for p in passages]
    passage_lex = np.array([overlap(t) for t in texts])
    holds = np.array([holds_kind(kind, c.text) for c in cands])
    top_score = max((p.score for p in passages), default=1.0) or 1.0
    order = np.argsort(-dense, kind="stable")
    dense_rank = np.empty(n)
    dense_rank[order] = np.arange(n)

    best_in_passage = {}
    for i, c in enumerate(cands):
        if dense[i] + lex[i] > best_in_passage.get(c.passage, (-9.0, 0))[0]:
            best_in_passage[c.passage] = (dense[i] + lex[i], i)
    heading: dict[tuple[str, str], float] = {}
    for c in cands:
        key = (c.title, c.section)
        if key not in heading:
            heading[key] = own_overlap(f"{c.title} {c.section}")

    # Column by column: the same values, in the same dtypes, as one candidate at a time
    # (a float32 similarity minus its float32 maximum stays float32 until stored).
    at = np.array([c.passage for c in cands])
    kinds = [c.kind for c in cands]
    ps = [passages[i] for i in at]
    columns = {
        "dense": dense, "dense_query": dense_query, "dense_ctx": dense_ctx,
        "dense_gap": dense - dense.max(), "dense_rank": 1.0 / (1.0 + dense_rank),
        "lex": lex, "lex_gap": lex - lex.max(), "lex_query": lex_query, "lex_ctx": lex_ctx,
        "lex_heading": [heading[(c.title, c.section)] for c in cands],
        "lex_passage": passage_lex[at],
        "asks_kind": float(kind is not None), "holds_kind": holds,
        "misses_concrete": (kind in CONCRETE_KINDS) & ~holds,
        "list_unit": [kind == "list" and k in ("item", "leadin", "row") for k in kinds],
        "steps_unit": [kind == "steps" and k in ("item", "leadin") for k in kinds],
        **{f"kind_{u}": [k == u for k in kinds] for u in UNIT_KINDS},
        "passage_rank": 1.0 / (1.0 + at), "passage_score": [p.score / top_score for p in ps],
        "in_dense": [p.dense_rank is not None for p in ps],
        "in_bm25": [p.bm25_rank is not None for p in ps],
        "position": [c.position / max(1, c.of - 1) for c in cands],
        "first_in_passage": [c.position == 0 for c in cands],
        "points_back": [points_back(c.text) for c in cands], "english": float(english),
        "english_dense": float(english) * dense,
        "log_len": [math.log(1 + len(c.text)) for c in cands],
        "dense_ctx_gap": dense_ctx - dense_ctx.max(),
        "dense_query_gap": dense_query - dense_query.max(),
        "lex_query_gap": lex_query - lex_query.max(),
        "lex_ctx_gap": lex_ctx - lex_ctx.max(),
        "dense_x_lex": dense * lex,
        "best_in_passage": [best_in_passage[c.passage][1] == i for i, c in enumerate(cands)],
        "faq_question_lex": [
            own_overlap(c.unit.context) if c.unit.context else 0.0 for c in cands
        ],
    }
    X = np.zeros((n, len(NAMES)))
    for j, name in enumerate(NAMES):
        X[:, j] = columns[name]
    holding = {c.passage for c, h in zip(cands, holds) if h}
    cover = passage_lex if same else np.array([own_overlap(t) for t in texts])
    coverage = _coverage(question, texts, holding, lexical, own_overlap, dense, cover)
    asked = case_values(question)
    conflict = np.array([case_conflict(asked, f"{c.context} {c.text}") for c in cands])
    unknown = lexical.idf_unknown() or 1.0
    rare = np.array([max(own_overlap.missing(t), default=0.0) / unknown for t in texts])
    return Features(X, kind, english, dense, lex, unknown_share, holds, lex_ctx, coverage,
                    conflict, cover[at], rare[at])


# Words written with a capital or a digit inside a question: names, years, codes. When the
# passages hold none of them, the question is likely about something they do not cover.
# A number is the digits alone: "niveau 3-studenten" names the number 3, not "3-studenten".
_NAME = re.compile(r"(?<=\S )(?:[A-ZÀ-Ý][\w-]+|\d+(?:[.,/–-]\d+)*\b)")


def _coverage(question: str, texts: list[str], holding: set[int], lexical, own: Overlap,
              dense: np.ndarray, cover: np.ndarray) -> dict[str, float]:
    """How much of the question the retrieved passages hold: the idf-weighted share held by
    the best passage and by the top three together, the weight of the rarest question term
    none of them holds (relative to an unseen word's), the share of names the passages miss,
    and how far the best unit's similarity stands out from the rest. `texts`: the passages
    under their titles and sections; `holding`: those with a unit of the asked kind;
    `cover`: `own` of each of `texts`."""
    unknown = lexical.idf_unknown() or 1.0
    missing = own.missing(*texts)
    best_terms = term_view(texts[0]).present if texts else frozenset()
    missing_best = [own.idf[t] for t in own.weights if t not in best_terms]
    names = [n for n in _NAME.findall(question) if len(n) > 1]
    lower = " ".join(texts).lower()
    names_missing = (
        sum(n.lower() not in lower for n in names) / len(names) if names else 0.0
    )
    return {
        "constraint_conflict": _conflict(question, texts[0]) if texts else 0.0,
        "cover_best": float(cover[0]) if texts else 0.0,
        "cover_top3": own(*texts[:3]) if texts else 0.0,
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
        "kind_passage": max((float(cover[i]) for i in holding), default=0.0),
    }


# Values that pin a question down: numbers, years, ordinals ("in 2022", "de eerste editie",
# "niveau 2"). The best passage giving another value of the same sort and not the asked one
# ("de vierde editie", "in 2023-2024") is the classic near miss.
_VALUE = re.compile(
    r"\b\d+(?:[.,/–-]\d+)*\b|\b(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|"
    r"negende|tiende|laatste|first|second|third|fourth|fifth|last)\b",
    re.I,
)


def _values(text: str) -> set[str]:
    return {v.lower() for v in _VALUE.findall(text)}


def _conflict(question: str, passage: str) -> float:
    """1 when the question asks for a value the passage does not give while it gives others."""
    asked = _values(question)
    if not asked:
        return 0.0
    given = _values(passage)
    return float(bool(asked - given) and bool(given - asked))
