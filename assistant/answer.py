"""Answering: question + history -> retrieval query -> passages -> answer with citations.

`Assistant.ask` is the engine's entry point; callers reach it through assistant/service.py,
which checks the question first. What produces the answer text is a `Generator`; the
default, `assistant.answering.AnsweringGenerator`, needs no LLM: it quotes the units
(sentences, list items, table rows, FAQ answers) of the retrieved passages that a model
trained per embedder (`lob train`) scores as the answer, verbatim, each followed by `[n]`
naming the passage it comes from, and says plainly when they do not answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from assistant import followup
from assistant.answering import AnsweringGenerator, Draft
from assistant.answering.vocab import STEP_TITLE
from assistant.retrieval import Passage, Retriever
from core.config import Settings
from core.schema import Citation, public_dict
from core.sentences import split_units
from core.text import LIST_ITEM

REFUSAL = (
    "Dat kan ik niet beantwoorden met de documenten die ik heb: ze zeggen er niets over. "
    "Probeer de vraag anders te stellen of vraag het na bij de decaan of LOB-coördinator."
)
REFUSAL_WITH_HINT = " Mogelijk relevant: zie de bronnen hieronder."


@dataclass
class Answer:
    answer: str
    answerable: bool
    query: str
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    # Which path wrote the answer and, for the LLM, what the grounding guard dropped and
    # whether it fell back.
    generator: str = field(
        default="extractive",
        metadata={"doc": '"extractive" or "llm": which path wrote the answer'},
    )
    guard: dict | None = field(default=None, metadata={"doc": "what the grounding guard dropped"})

    def to_dict(self) -> dict:
        """The `lob ask --json` / `POST /api/v1/ask` shape."""
        return {**public_dict(self), "citations": [c.public() for c in self.citations]}


class Generator(Protocol):
    name: str

    def generate(self, question: str, query: str, passages: list[Passage]) -> Draft: ...


def make_generator(settings: Settings, retriever: Retriever, chat_model=None) -> Generator:
    """The extractive answerer, or the LLM one (with the extractive one as its fallback)
    when an LLM server is configured (or LOB_GENERATOR=llm)."""
    # Raises MissingModel (one line naming the embedder and `lob train`) without a model.
    extractive = AnsweringGenerator.from_retriever(retriever)
    wanted = settings.generator
    if wanted == "extractive" or (wanted == "auto" and not settings.llm_provider):
        return extractive
    from assistant.generative import LLMGenerator

    return LLMGenerator(settings, extractive, chat_model=chat_model)


# -- the assistant ---------------------------------------------------------------------------
class Assistant:
    """The answer pipeline; load once, call `ask` many times (thread-safe reads)."""

    def __init__(
        self,
        settings: Settings,
        retriever: Retriever | None = None,
        generator: Generator | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        self.generator = generator or make_generator(settings, self.retriever)

    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        k: int | None = None,
        doc_types: list[str] | None = None,
    ) -> Answer:
        # The caller (assistant/service.py) has checked the question and the history.
        history = history or []
        t0 = time.perf_counter()
        query, passages = followup.search(
            self.retriever, question, history, k or self.settings.top_k,
            # The previous answer's documents come from the extractive answerer (the LLM
            # path keeps it as its fallback): cheap, and the same answer the user saw.
            generator=getattr(self.generator, "fallback", self.generator),
            doc_types=doc_types, rewrite=getattr(self.generator, "rewrite", None),
            ahead=(lambda query: self.generator.query_texts(question, query))
            if hasattr(self.generator, "query_texts") else None,
        )
        t1 = time.perf_counter()
        draft = self.generator.generate(question, query, passages)
        t2 = time.perf_counter()
        timings = {"retrieve": round(1000 * (t1 - t0), 1), "answer": round(1000 * (t2 - t1), 1)}
        signals = draft.signals or {}
        path = {"generator": signals.get("generator", "extractive"), "guard": signals.get("guard")}

        if not draft.answerable or not draft.sentences:
            near = passages[:2]
            cites = [_citation(n, p) for n, p in enumerate(near, start=1)]
            text = REFUSAL + (REFUSAL_WITH_HINT if cites else "")
            return Answer(text, False, query, cites, timings, **path)

        passages = passages + draft.extra  # the sentences' indices run on into these
        # Number the passages in the order the answer first uses them.
        numbers: dict[int, int] = {}
        quotes: dict[int, list[list[int]]] = {}
        parts = []
        spans = draft.spans or [None] * len(draft.sentences)
        for (sentence, pi), at in zip(draft.sentences, spans):
            n = numbers.setdefault(pi, len(numbers) + 1)
            parts.append(f"{sentence} [{n}]")
            span = _quote_span(passages[pi], sentence, at)
            if span is not None:
                quotes.setdefault(pi, []).append(span)
        # A passage's quoted spans in document order, as its source view marks them (the
        # answer opens with its best unit, which may stand later in the passage).
        cites = [_citation(n, passages[pi], sorted(quotes.get(pi, [])))
                 for pi, n in numbers.items()]
        return Answer(_join(parts), True, query, cites, timings, **path)


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        # List items and numbered step titles ("Stap 2: meld je aan") each on a line.
        item = bool(LIST_ITEM.match(part) or STEP_TITLE.match(part))
        out += ("\n" if item else (" " if out else "")) + part
    return out.strip()


def _citation(n: int, p: Passage, quotes: list[list[int]] | None = None) -> Citation:
    cite = Citation.of(p, n)
    cite.quotes = quotes or []
    return cite


def _quote_span(p: Passage, sentence: str, at: tuple[int, int] | None = None
                ) -> list[int] | None:
    """Where the quoted unit stands in its document, [start, end): the source view
    highlights it. `at`: where it stands in the passage, when the generator said so (the
    passage is not split again). A sentence that is no unit of the passage (an LLM's) has
    none."""
    if at is not None:
        return [p.start + at[0], p.start + at[1]]
    for u in split_units(p.text, 0, p.blocks, p.start):
        if u.text == sentence:
            return [p.start + u.start, p.start + u.end]
    return None
