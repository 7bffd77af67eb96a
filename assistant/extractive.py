"""The default generator: quote the sentences of the passages that answer the question.

No LLM. Every sentence of the answer is a verbatim sentence (or list item) of a retrieved
passage. Scoring a candidate sentence combines:
- lexical match: the share of the question's informative (BM25 idf-weighted) terms it holds,
  where a term also matches a longer compound ("loopt" ~ "looptijd") and a word of the same
  concept ("betaalt" ~ "gelden", core/glossary.py CONCEPTS); history terms count for less;
- the lexical match of its whole passage (a sentence inherits the topic its neighbours name);
- e5 similarity of sentence and question;
- the kind of answer asked for (a date for "wanneer", ...; assistant/answer_types.py), a name
  for "wie", an enumeration holding the head noun for "welke X";
- the rank of its passage.
The best sentence is taken with its whole list (if it is part of one), with the sentence
before it when it points back ("daarom", "hiervoor", "dit"), and with up to two runners-up.

Refusal combines signals that a similarity threshold alone does not give: the kind of answer
asked for is missing, the question names things the corpus never mentions, or the lexical
and semantic support of the passages are both weak.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from assistant.answer_types import (
    asks_who,
    expected_type,
    holds_type,
    is_english,
    list_question,
    names_someone,
)
from assistant.retrieval import Passage, Retriever
from core.glossary import CONCEPTS
from core.sentence_vectors import SentenceVectors
from core.sentences import Unit, split_units
from core.text import STOPWORDS, terms

_ENUM_SEP = re.compile(r"[,;]\s|\sen\s")
# A sentence that says this early on leans on the one before it ("... en is daarom ...").
_POINTS_BACK = re.compile(
    r"^(\S+\s+){0,6}?(daarom|daarmee|daardoor|hiervoor|hiermee|hierdoor|dit|deze|zij|ze|"
    r"daarbij|namelijk|toch)\b",
    re.I,
)
_WHY = re.compile(r"^\s*(en\s+)?(waarom|why)\b|\bwat is de reden\b", re.I)
_CAUSAL = re.compile(r"\b(omdat|want|namelijk|doordat|daarom|zodat|om die reden)\b", re.I)


@dataclass
class Draft:
    """What a generator returns: sentences, each with the passage (index) it rests on."""

    sentences: list[tuple[str, int]]
    answerable: bool
    signals: dict | None = None


def _concept_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for gid, words in enumerate(CONCEPTS):
        for w in words:
            for t in terms(w, expand=False):
                index.setdefault(t, gid)
    return index


class _VectorCache:
    """Sentence vectors by text, in memory (LRU) over the index's sentence-vector store:
    ingest stored most of them, and the few computed here are stored for the next time."""

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


class ExtractiveGenerator:
    name = "extractive"

    def __init__(
        self, retriever: Retriever, passages_considered: int = 5, cache_size: int = 20000
    ) -> None:
        if passages_considered < 1:
            raise ValueError("passages_considered must be at least 1")
        if cache_size < 0:
            raise ValueError("cache_size must be >= 0")
        self.retriever = retriever
        self.embedder = retriever.embedder  # what the LLM path's grounding guard embeds with
        self.passages_considered = passages_considered
        self._vectors = _VectorCache(cache_size)
        self._concepts = _concept_index()

    # -- scoring -----------------------------------------------------------------------------
    def _matcher(self, question: str, query: str, candidates: list[str] | None = None):
        """lex(text) -> share of the question's idf-weighted terms the text holds.

        With `candidates`, a term also weighs by how few of them hold it: among sentences
        that all say "LOB – Gelijke Kansen", the one that also says "doel" answers
        "Wat is het doel van LOB – Gelijke Kansen?".
        """
        lexical = self.retriever.lexical()
        own = _content_terms(question)
        weights = {t: 1.0 for t in own}
        for t in _content_terms(query):
            weights.setdefault(t, 0.3)
        idf = {t: lexical.idf(t) or lexical.idf_unknown() for t in weights}
        concepts = self._concepts

        def degrees(text: str) -> dict[str, float]:
            present = set(terms(text))
            present_concepts = {concepts[p] for p in present if p in concepts}
            out = {}
            for t in weights:
                if t in present:
                    out[t] = 1.0
                elif len(t) >= 5 and any(
                    len(p) >= 5 and (p.startswith(t) or t.startswith(p)) for p in present
                ):
                    out[t] = 0.8
                elif concepts.get(t) in present_concepts:
                    out[t] = 0.7
            return out

        if candidates:
            n = len(candidates)
            df = dict.fromkeys(weights, 0)
            for text in candidates:
                for t in degrees(text):
                    df[t] += 1
            norm = np.log((n + 1) / 0.5)
            for t in weights:
                weights[t] *= float(np.log((n + 1) / (df[t] + 0.5)) / norm)
        total = sum(idf[t] * w for t, w in weights.items()) or 1.0

        def lex(text: str) -> float:
            return sum(idf[t] * weights[t] * d for t, d in degrees(text).items()) / total

        return lex, own

    def generate(self, question: str, query: str, passages: list[Passage]) -> Draft:
        passages = passages[: self.passages_considered]
        units = [
            u for i, p in enumerate(passages) for u in split_units(p.text, i, p.blocks, p.start)
        ]
        if not units:
            return Draft([], False, {"reason": "no passages"})
        english = is_english(question)
        kind = expected_type(question)
        who = asks_who(question)
        why = bool(_WHY.search(question))
        listing = list_question(question)
        head = terms(question[listing.end():], expand=False)[:1] if listing else []
        lex, own_terms = self._matcher(question, query)
        sentence_lex, _ = self._matcher(question, query, [u.text for u in units])

        embedder = self.retriever.embedder
        sv = self._vectors.embed(
            embedder, [u.text for u in units], self.retriever.store.sentence_vectors
        )
        # The question as asked, not spelled out as retrieval embeds it: spelled out, the
        # abbreviation's expansion pulls every sentence about it closer (refusal recall on the
        # dev set fell from 0.91 to 0.86). Without abbreviations the two are one vector.
        dense = sv @ embedder.embed_query(question)
        # A follow-up's own words say what is asked; with its history they say about what.
        topical = dense if query == question else sv @ embedder.embed_query(query)
        context = [lex(f"{p.title} {p.section or ''} {p.text}") for p in passages]

        scores = np.zeros(len(units))
        for i, (u, d, td) in enumerate(zip(units, dense, topical)):
            s = 0.35 * sentence_lex(u.text) + 0.15 * context[u.passage]
            s += 0.4 * float(max(d, 0.5 * (d + td)))
            s += 0.1 / (1 + u.passage)
            if kind and holds_type(kind, u.text):
                s += 0.15
            if who and names_someone(u.text):
                s += 0.05
            if why and _CAUSAL.search(u.text):
                s += 0.1
            if listing and (u.list_id is not None or len(_ENUM_SEP.findall(u.text)) >= 3):
                s += 0.1
                if head and head[0] in terms(u.text, expand=False):
                    s += 0.1
            scores[i] = s
        order = np.argsort(-scores, kind="stable")
        chosen = self._expand(units, scores, order, bool(listing))
        # The kind of answer asked for must sit in a sentence that is about the question,
        # not in any sentence that happens to be chosen beside it.
        own_lex, _ = self._matcher(question, question)
        # English questions share no words with the Dutch text: only similarity can tell.
        # (e5 similarities crowd between 0.8 and 0.9, too close to decide a Dutch one.)
        semantic_floor = 0.80 if english else 1.0
        # ... and in a passage about the names the question asks about (the e-mail address
        # of LOWAN is not the one in a passage that never mentions LOWAN).
        names = _name_terms(question)

        def about_names(u: Unit) -> bool:
            if not names:
                return True
            held = set(terms(passages[u.passage].text, expand=False))
            return sum(t in held for t in names) * 2 >= len(names)

        typed = [
            u for u in chosen
            if holds_type(kind, u.text)
            and (own_lex(u.text) >= 0.15 or float(dense[units.index(u)]) >= semantic_floor)
            and about_names(u)
        ]

        # -- is this answerable? -------------------------------------------------------------
        lexical = self.retriever.lexical()
        own_long = [t for t in own_terms if len(t) > 2]
        unknown = [t for t in own_long if not lexical.knows(t)]
        unknown_share = len(unknown) / len(own_long) if own_long else 0.0
        support = max(context)
        best_dense = float(max(dense.max(), topical.max()))
        # A name the corpus never mentions ("regio Noord", "Utrecht") is asked about, not
        # paraphrased; a long unknown word with weak semantic support is off-topic.
        unknown_names = [t for t in _proper_noun_terms(question) if not lexical.knows(t)]
        long_unknown = [t for t in unknown if len(t) >= 10]
        reason = None
        if kind and not typed:
            reason = f"no {kind} in the sentences that match the question"
        elif kind and not english and any(len(t) >= 8 for t in unknown):
            # "Wanneer is de LOB-scan bijgewerkt?": a date was found, but for an event the
            # corpus never names - it is the date of something else.
            reason = f"asks for a {kind} of something the documents never mention: {unknown}"
        elif not english and unknown_names:
            reason = f"unknown names: {unknown_names}"
        elif not english and long_unknown and best_dense < 0.83:
            reason = f"unknown words {long_unknown} and weak similarity"
        elif not english and unknown_share >= 0.5 and best_dense < 0.84:
            reason = "most question words unknown and weak similarity"
        elif not english and support < 0.5 and best_dense < 0.835:
            reason = "weak lexical and semantic support"
        elif english and best_dense < 0.80:
            reason = "weak semantic support"
        signals = {
            "kind": kind, "unknown": unknown, "support": round(support, 3),
            "dense": round(best_dense, 3), "english": english, "refusal": reason,
        }
        return Draft([(u.text, u.passage) for u in chosen], reason is None, signals)

    @staticmethod
    def _expand(
        units: list[Unit], scores: np.ndarray, order: np.ndarray, listing: bool
    ) -> list[Unit]:
        """The best unit, with its whole list or the sentence it leans on, plus runners-up
        (a whole list among them when the question asks for an enumeration)."""

        def whole_list(u: Unit) -> list[Unit]:
            return [v for v in units if v.passage == u.passage and v.list_id == u.list_id]

        best = units[order[0]]
        chosen = [best]
        if best.list_id is not None:
            chosen = whole_list(best)
        else:
            # Follow back-references ("... en is daarom ...", "... betekent dit ...") up to
            # two sentences within the paragraph: the reason or subject stands there.
            idx = units.index(best)
            for _ in range(2):
                cur, prev = units[idx], units[idx - 1] if idx > 0 else None
                if (
                    prev is None or not _POINTS_BACK.match(cur.text)
                    or prev.passage != cur.passage or prev.paragraph != cur.paragraph
                    or prev.list_id is not None
                ):
                    break
                chosen.insert(0, prev)
                idx -= 1
        top = scores[order[0]]
        extra = 0
        for i in order[1:6]:
            u = units[i]
            if extra >= 2:
                break
            if scores[i] < 0.8 * top or u in chosen:
                continue
            if u.list_id is None:
                chosen.append(u)
                extra += 1
            elif listing:
                chosen.extend(v for v in whole_list(u) if v not in chosen)
                extra += 1
        # The passage of the best sentence first, then the others by their best sentence;
        # within a passage, document order.
        rank: dict[int, int] = {}
        for i in order:
            rank.setdefault(units[i].passage, len(rank))
        return sorted(chosen, key=lambda u: (rank[u.passage], u.start))


def _content_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t for t in terms(text, expand=False) if t not in STOPWORDS))


def _name_terms(question: str) -> list[str]:
    """BM25 terms of the names in a question: capitalised or upper-case words past the first."""
    words = question.split()[1:]
    names = [w for w in words if re.match(r"^[A-Z][\w-]*", w)]
    return list(dict.fromkeys(t for w in names for t in terms(w, expand=False)))


def _proper_noun_terms(question: str) -> list[str]:
    """BM25 terms of capitalised words after the first (names, places)."""
    words = re.findall(r"\b[A-Z][a-zà-ÿ]{2,}\b", question)
    first = question.split()[0] if question.split() else ""
    return [t for w in words if w != first for t in terms(w, expand=False)]
