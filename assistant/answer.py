"""Answering: question + history -> retrieval query -> passages -> answer with citations.

`Assistant.ask` is the one entry point (CLI, API and eval all call it). What produces the
answer text is a `Generator`; the default `ExtractiveGenerator` needs no LLM: it quotes the
sentences of the retrieved passages that answer the question, verbatim, each followed by
`[n]` naming the passage it comes from, and says plainly when the passages do not answer.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from typing import Protocol

import numpy as np

from assistant.followup import retrieval_query
from assistant.retrieval import Passage, Retriever
from core.config import Settings
from core.text import LIST_ITEM, SENTENCE_END, STOPWORDS, terms

REFUSAL = (
    "Dat kan ik niet beantwoorden met de documenten die ik heb: ze zeggen er niets over. "
    "Probeer de vraag anders te stellen of raadpleeg het Expertisepunt LOB."
)
REFUSAL_WITH_HINT = " Mogelijk relevant: zie de bronnen hieronder."


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    doc_type: str
    section: str | None
    page: int | None
    start: int
    end: int
    score: float
    text: str


@dataclass
class Answer:
    answer: str
    answerable: bool
    query: str
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Draft:
    """What a generator returns: sentences, each with the passage (index) it rests on."""

    sentences: list[tuple[str, int]]
    answerable: bool


class Generator(Protocol):
    name: str

    def generate(self, question: str, query: str, passages: list[Passage]) -> Draft: ...


# -- what kind of answer a question asks for -------------------------------------------------
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
)
_NUMBER_WORDS = (
    "één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|honderd"
)
ANSWER_TYPES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # type: (question asks for it, a sentence holds it)
    "phone": (
        re.compile(r"telefoon|bellen|phone|call\b", re.I),
        re.compile(r"(?:\+31|\b0)[\d\s-]{8,}\d"),
    ),
    "email": (
        re.compile(r"e-?mail|mailadres", re.I),
        re.compile(r"\S+@\S+\.\w+"),
    ),
    "money": (
        re.compile(r"hoeveel (geld|euro)|welk bedrag|bedrag|kost|how much money|budget", re.I),
        re.compile(r"€|\beuro\b|\bmiljoen\b|\bbedrag", re.I),
    ),
    "date": (
        re.compile(r"wanneer|welke datum|welk jaar|in welke maand|sinds wanneer|"
                   r"tot wanneer|\bwhen\b|what year|which year|what date", re.I),
        re.compile(rf"\b(19|20)\d\d\b|\b({_MONTHS})\b|\bmedio\b|\bzomer\b", re.I),
    ),
    "number": (
        re.compile(r"hoeveel|how many|hoe lang|how long|how much", re.I),
        re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.I),
    ),
    "person": (
        re.compile(r"hoe heet|wat is de naam|wie is de (minister|projectleider|directeur|"
                   r"voorzitter|contactpersoon)|what is the name|who is the", re.I),
        re.compile(r"\b[A-Z][a-z]+ (?:(?:van|de|der|den) )*[A-Z][a-z]+"),
    ),
    "place": (
        re.compile(r"in welke (stad|plaats|provincie|gemeente)|waar (werd|wordt|is|was) .*"
                   r"(gehouden|gevestigd|georganiseerd)|\bwhere (is|was)\b", re.I),
        re.compile(r"\b(in|te) [A-Z][a-z]{2,}"),
    ),
    "url": (
        re.compile(r"welke website|wat is de website|webadres|\burl\b|which website", re.I),
        re.compile(r"www\.|https?://", re.I),
    ),
}


def expected_type(question: str) -> str | None:
    for name, (asks, _) in ANSWER_TYPES.items():
        if asks.search(question):
            return name
    return None


def holds_type(kind: str | None, text: str) -> bool:
    return kind is None or bool(ANSWER_TYPES[kind][1].search(text))


_EN_HINTS = {"the", "what", "which", "who", "when", "how", "does", "is", "are", "of", "for"}


def is_english(question: str) -> bool:
    words = re.findall(r"[a-z]+", question.lower())
    return sum(w in _EN_HINTS for w in words) >= 2


_LIST_QUESTION = re.compile(r"^\s*(en\s+)?(welke|noem|which|what are the|wat zijn de)\b", re.I)
_ENUM_SEP = re.compile(r"[,;]\s|\sen\s")


# -- cutting passages into sentences and list items ----------------------------------------


@dataclass
class _Unit:
    passage: int
    start: int  # offsets into the passage text
    end: int
    kind: str  # "sentence" | "item" | "leadin"
    text: str
    list_id: int | None = None


def _units(passage: Passage, pi: int) -> list[_Unit]:
    out: list[_Unit] = []
    pos = 0
    list_id = None
    for line in passage.text.split("\n"):
        lstart, pos = pos, pos + len(line) + 1
        stripped = line.strip().replace("\u00a0", " ").strip()
        if not stripped:
            continue
        if LIST_ITEM.match(line):
            if list_id is None:
                list_id = lstart
                if out and out[-1].kind in ("sentence", "leadin") and out[-1].text.endswith(":"):
                    out[-1].kind, out[-1].list_id = "leadin", list_id
            out.append(_Unit(pi, lstart, lstart + len(line), "item", stripped, list_id))
            continue
        list_id = None
        # Headings and link labels (short, no closing punctuation) answer nothing.
        if len(stripped) < 60 and stripped[-1] not in ".!?:;)" and len(stripped.split()) < 9:
            continue
        bounds = [0] + [m.end() for m in SENTENCE_END.finditer(line)] + [len(line)]
        for a, b in zip(bounds, bounds[1:]):
            seg = line[a:b].strip().replace("\u00a0", " ").strip()
            if len(seg) >= 12:
                out.append(_Unit(pi, lstart + a, lstart + b, "sentence", seg))
    return out


# -- the extractive generator --------------------------------------------------------------
class ExtractiveGenerator:
    """Quotes the best sentences (whole lists where the answer is a list); refuses honestly.

    A sentence is scored on: the share of the question's informative (high-idf) terms it
    holds, its e5 similarity to the question, whether it holds the kind of answer asked for
    (a date for "wanneer", a number for "hoeveel", ...), and its passage's rank. Refusal
    combines signals no single threshold gives: question terms that occur nowhere in the
    corpus, a missing answer type, and low lexical and semantic support.
    """

    name = "extractive"

    def __init__(self, retriever: Retriever, passages_considered: int = 5) -> None:
        if passages_considered < 1:
            raise ValueError("passages_considered must be at least 1")
        self.retriever = retriever
        self.passages_considered = passages_considered

    def generate(self, question: str, query: str, passages: list[Passage]) -> Draft:
        passages = passages[: self.passages_considered]
        units = [u for i, p in enumerate(passages) for u in _units(p, i)]
        if not units:
            return Draft([], False)
        lexical = self.retriever.lexical()
        english = is_english(question)
        kind = expected_type(question)

        q_terms = _weighted_terms(question, 1.0) | {
            t: 0.3 for t in _weighted_terms(query, 1.0) if t not in _weighted_terms(question, 1.0)
        }
        idf = {t: lexical.idf(t) for t in q_terms}
        total = sum(idf[t] * w for t, w in q_terms.items()) or 1.0

        def lex(text: str) -> float:
            present = set(terms(text))
            return sum(idf[t] * w for t, w in q_terms.items() if t in present) / total

        emb = self.retriever.embedder
        sv = emb.embed_passages([u.text for u in units])
        dense = sv @ emb.embed_query(question)
        # A follow-up's own words say what is asked; with its history they say about what.
        topical = dense if query == question else sv @ emb.embed_query(query)
        # A sentence inherits part of its passage's match: "De twaalf scholen ... zijn: ..."
        # answers a question about "LOB – Gelijke Kansen" that only its neighbours name.
        context = [lex(p.title + " " + (p.section or "") + " " + p.text) for p in passages]
        wants_list = _LIST_QUESTION.match(question)
        # "Welke scholen ...": the answer names the scholen; its head noun must be there.
        head = terms(question[wants_list.end():], expand=False)[:1] if wants_list else []
        scores = []
        for u, d in zip(units, dense):
            s = 0.35 * lex(u.text) + 0.15 * context[u.passage] + 0.4 * float(d)
            s += 0.1 / (1 + u.passage)
            if kind and holds_type(kind, u.text):
                s += 0.15
            if wants_list and (u.list_id is not None or len(_ENUM_SEP.findall(u.text)) >= 3):
                s += 0.1
                if head and head[0] in terms(u.text, expand=False):
                    s += 0.1
            scores.append(s)
        order = np.argsort(scores)[::-1]
        best = units[order[0]]

        # -- is this answerable? ---------------------------------------------------------
        own_terms = [t for t in _weighted_terms(question, 1.0) if len(t) > 2]
        unknown = [t for t in own_terms if not lexical.knows(t)]
        support = max(lex(passages[i].text) for i in range(len(passages)))
        chosen = self._expand(best, units, [units[i] for i in order[1:]], scores, order)
        chosen_text = " ".join(u.text for u in chosen)
        best_dense = float(max(dense.max(), topical.max()))
        unknown_share = len(unknown) / len(own_terms) if own_terms else 0.0
        # A name the corpus never mentions ("regio Noord", "Utrecht") is asked about, not
        # paraphrased; a long unknown word with weak semantic support is off-topic.
        unknown_names = [w for w in _proper_nouns(question) if not lexical.knows(w)]
        long_unknown = [t for t in unknown if len(t) >= 10]
        answerable = True
        if kind and not holds_type(kind, chosen_text):
            answerable = False
        elif not english and unknown_names:
            answerable = False
        elif not english and long_unknown and best_dense < 0.83:
            answerable = False
        elif not english and unknown_share >= 0.5 and best_dense < 0.84:
            answerable = False
        elif not english and support < 0.4:
            answerable = False
        elif not english and support < 0.5 and best_dense < 0.86:
            answerable = False
        elif english and best_dense < 0.80:
            answerable = False
        self.last_signals = {
            "kind": kind, "unknown": unknown, "support": round(support, 3),
            "dense": round(best_dense, 3), "english": english,
        }
        sentences = [(u.text, u.passage) for u in chosen]
        return Draft(sentences, answerable)

    @staticmethod
    def _expand(best, units, rest, scores, order) -> list[_Unit]:
        """The best unit, with its whole list if it is part of one, plus close runners-up."""
        chosen = [best]
        if best.list_id is not None:
            chosen = [u for u in units if u.passage == best.passage and u.list_id == best.list_id]
        top = scores[order[0]]
        extra = 0
        for i in order[1:6]:
            u = units[i]
            if extra >= 2:
                break
            if scores[i] >= 0.8 * top and u not in chosen and u.list_id is None:
                chosen.append(u)
                extra += 1
        return sorted(chosen, key=lambda u: (u.passage, u.start))


def _proper_nouns(question: str) -> list[str]:
    """BM25 terms of capitalised words after the first (names, places), minus abbreviations."""
    words = re.findall(r"\b[A-Z][a-zà-ÿ]{2,}\b", question)[1:] if question else []
    first = question.split()[0] if question.split() else ""
    out = []
    for w in words:
        if w == first:
            continue
        out.extend(terms(w, expand=False))
    return out


def _weighted_terms(text: str, weight: float) -> dict[str, float]:
    return {t: weight for t in terms(text, expand=False) if t not in STOPWORDS}


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
        self.generator = generator or ExtractiveGenerator(self.retriever)

    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        k: int | None = None,
        doc_types: list[str] | None = None,
    ) -> Answer:
        question = question.strip()
        if not question:
            raise ValueError("question is empty")
        history = [h for h in (history or []) if h and h.strip()]
        t0 = time.perf_counter()
        query = retrieval_query(question, history)
        passages = self.retriever.search(query, k=k or self.settings.top_k, doc_types=doc_types)
        t1 = time.perf_counter()
        draft = self.generator.generate(question, query, passages)
        t2 = time.perf_counter()
        timings = {"retrieve": round(1000 * (t1 - t0), 1), "answer": round(1000 * (t2 - t1), 1)}

        if not draft.answerable or not draft.sentences:
            near = passages[:2]
            cites = [_citation(n, p) for n, p in enumerate(near, start=1)]
            text = REFUSAL + (REFUSAL_WITH_HINT if cites else "")
            return Answer(text, False, query, cites, timings)

        # Number the passages in the order the answer first uses them.
        numbers: dict[int, int] = {}
        parts = []
        for sentence, pi in draft.sentences:
            n = numbers.setdefault(pi, len(numbers) + 1)
            parts.append(f"{sentence} [{n}]")
        cites = [_citation(n, passages[pi]) for pi, n in numbers.items()]
        return Answer(_join(parts), True, query, cites, timings)


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        item = bool(LIST_ITEM.match(part))
        out += ("\n" if item else (" " if out else "")) + part
    return out.strip()


def _citation(n: int, p: Passage) -> Citation:
    return Citation(n=n, **p.public())
