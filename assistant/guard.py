"""The grounding guard: every sentence of a generated answer must rest on the passage it cites.

A sentence is kept only when it cites a passage that exists, every number in it stands in
that passage, every name in it (a capitalised word past the first) stands in that passage,
and its words or its meaning overlap the passage enough. Text in a passage that tries to
instruct the model is removed before support is checked, so a model that obeyed it cannot
cite it as support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from core.text import STOPWORDS, fold, terms

_CITE = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")
_NAME = re.compile(r"(?<!^)(?<![.!?:] )\b[A-Z][\w'’-]*[A-Za-z]\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“\"'(\[])|(?<=\])\s+(?=[A-Z0-9‘“\"'(])|\n+")
INJECTION = re.compile(
    r"[^.!?\n]*\b(negeer|vergeet|ignore|disregard|forget)\b[^.!?\n]*"
    r"\b(instructies?|instructions?|opdrachten|prompt|regels|rules)\b[^.!?\n]*[.!?]?"
    r"|[^.!?\n]*\b(system prompt|you are now|je bent nu|jij bent nu)\b[^.!?\n]*[.!?]?",
    re.IGNORECASE,
)


@dataclass
class GuardResult:
    kept: list[tuple[str, int]] = field(default_factory=list)  # (sentence, passage index)
    dropped: list[dict] = field(default_factory=list)  # {"sentence", "reason"}


def strip_instructions(text: str) -> str:
    return INJECTION.sub(" ", text)


def split_sentences(answer: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(answer) if s and s.strip()]


def check(
    answer: str,
    passages: list[str],
    embed=None,
    min_overlap: float = 0.5,
    min_similarity: float = 0.85,
) -> GuardResult:
    """Keep the supported sentences of `answer`; `passages[i]` is citation [i+1].

    `embed(texts) -> (n, dim)` normalised vectors, for the semantic half of the overlap test.
    """
    clean = [strip_instructions(p) for p in passages]
    result = GuardResult()
    for sentence in split_sentences(answer):
        cited = [int(n) for n in _CITE.findall(sentence)]
        body = _CITE.sub("", sentence).strip()
        if not body:
            continue
        if not cited:
            result.dropped.append({"sentence": sentence, "reason": "no citation"})
            continue
        valid = [n for n in cited if 1 <= n <= len(passages)]
        if not valid:
            result.dropped.append({"sentence": sentence, "reason": f"invented citation {cited}"})
            continue
        reason, support = _support(body, [clean[n - 1] for n in valid], embed,
                                   min_overlap, min_similarity)
        if reason:
            result.dropped.append({"sentence": sentence, "reason": reason})
        else:
            result.kept.append((body, valid[support] - 1))
    return result


def _support(body, texts, embed, min_overlap, min_similarity) -> tuple[str | None, int]:
    """(None, index of the supporting passage) or (the reason it is unsupported, -1)."""
    numbers = _NUMBER.findall(body)
    names = {n for n in _NAME.findall(body) if n.lower() not in STOPWORDS}
    own = [t for t in terms(body, expand=False) if t not in STOPWORDS]
    best_reason = "unsupported"
    for i, text in enumerate(texts):
        folded = fold(text)
        missing_num = [n for n in numbers if n not in text]
        if missing_num:
            best_reason = f"number {missing_num[0]} not in the cited passage"
            continue
        missing_name = [n for n in names if fold(n) not in folded]
        if missing_name:
            best_reason = f"name {missing_name[0]} not in the cited passage"
            continue
        present = set(terms(text, expand=False))
        overlap = sum(t in present for t in own) / len(own) if own else 1.0
        if overlap >= min_overlap:
            return None, i
        if embed is not None:
            # Against the passage's sentences: one claim is diluted by a whole passage.
            parts = split_sentences(text) or [text]
            vecs = np.asarray(embed([body, *parts]))
            if float((vecs[1:] @ vecs[0]).max()) >= min_similarity:
                return None, i
        best_reason = f"unsupported (word overlap {overlap:.2f})"
    return best_reason, -1
