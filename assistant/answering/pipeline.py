"""The stages in order, as the generator the Assistant calls."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answering.candidates import Candidate, candidates
from assistant.answering.choose import choose, is_step_list, step_titles
from assistant.answering.compose import Draft, compose
from assistant.answering.features import NAMES, Features, VectorCache, features
from assistant.answering.handle import IndexHandle
from assistant.answering.params import DEFAULTS
from assistant.answering.refuse import question_features, refusal_probability
from assistant.answering.score import AnswerModel, score
from assistant.answering.vocab import asks_all_steps
from assistant.retrieval import Passage


@dataclass
class Scored:
    """Everything the stages computed for one question (training reads it too)."""

    cands: list[Candidate]
    feats: Features
    p: np.ndarray
    q: np.ndarray  # question-level features for refusal


class AnsweringGenerator:
    name = "extractive"

    def __init__(
        self, handle: IndexHandle, model: AnswerModel | None = None,
        params: dict[str, float] | None = None,
    ) -> None:
        self.handle = handle
        self.model = model if model is not None else AnswerModel.load(handle.embedder.name)
        self.params = {**DEFAULTS, **self.model.thresholds, **(params or {})}
        if self.params["passages_considered"] < 1:
            raise ValueError("passages_considered must be at least 1")
        self._cache = VectorCache(int(self.params["cache_size"]))

    @classmethod
    def from_retriever(cls, retriever, **kw) -> AnsweringGenerator:
        return cls(IndexHandle.from_retriever(retriever), **kw)

    # What the LLM path (assistant/generative.py) reads of its fallback: the passages an
    # answer may rest on, and the embedder its grounding guard compares sentences with.
    @property
    def passages_considered(self) -> int:
        return int(self.params["passages_considered"])

    @property
    def embedder(self):
        return self.handle.embedder

    def query_texts(self, question: str, query: str) -> list[str]:
        """The texts `analyse` embeds as queries (features.py): its search can start them."""
        dense = self.handle.dense_text
        return [dense(question)] if query == question else [dense(question), dense(query)]

    def analyse(self, question: str, query: str, passages: list[Passage]) -> Scored:
        cands = candidates(passages, int(self.params["passages_considered"]))
        feats = features(question, query, cands, passages, self.handle, self._cache,
                         self.params["history_weight"])
        p = score(self.model, feats.X, NAMES)
        return Scored(cands, feats, p, question_features(feats, p))

    def generate(self, question: str, query: str, passages: list[Passage]) -> Draft:
        s = self.analyse(question, query, passages)
        if not s.cands:
            return Draft([], False, {"reason": "no passages"})
        all_steps = asks_all_steps(question)
        chosen = choose(s.cands, s.p, self.params, all_steps)
        extra: list[Passage] = []
        if all_steps and is_step_list(chosen) and self.handle.document is not None:
            # The procedure's steps the retrieved passages miss stand in its other passages.
            known = {p.chunk_id for p in passages}
            extra = [p for p in self.handle.document(chosen[0].doc_id) if p.chunk_id not in known]
            if extra:
                every = passages + extra
                chosen = step_titles(chosen[0], candidates(every, len(every)))
        refuse_p = refusal_probability(self.model, s.q)
        refused = refuse_p >= self.params["refuse_en" if s.feats.english else "refuse"]
        signals = {
            "kind": s.feats.kind, "english": s.feats.english,
            "best": round(float(s.p.max()), 3), "refusal_p": round(refuse_p, 3),
            "dense": round(float(s.feats.dense.max()), 3),
            "unknown": round(s.feats.unknown_share, 3),
            "refusal": "the best units do not answer the question" if refused else None,
        }
        return compose(chosen, not refused, signals, extra)
