"""Evaluation metrics as pure functions: plain data in, plain data out.

Retrieval: a passage is a hit when it contains an evidence string (whitespace-folded,
case-insensitive). Answers: facts must appear in the answer text; citations must point at
passages that hold the evidence and be verbatim spans of their documents. Rates over an empty
set are None (undefined), never 0: "no unanswerable questions" is not "refused none of them".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

# `[n]` markers the answer uses to point at citation n.
_MARKER = re.compile(r"\[(\d+)\]")
STAGES = ("retrieve", "answer", "total")


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


# -- retrieval -------------------------------------------------------------------------------
def first_hit_rank(passages: Sequence[str], evidence: Sequence[str]) -> int | None:
    """1-based rank of the first passage that holds any evidence string (whitespace-folded)."""
    wanted = [_norm(e) for e in evidence]
    for rank, text in enumerate(passages, start=1):
        t = _norm(text)
        if any(w in t for w in wanted):
            return rank
    return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr(ranks: Sequence[int | None]) -> float:
    return sum(1.0 / r for r in ranks if r is not None) / len(ranks) if ranks else 0.0


# -- facts -----------------------------------------------------------------------------------
def missing_facts(answer: str, facts: Sequence[str]) -> list[str]:
    """The facts not found in the answer (case-insensitive, whitespace-folded), in order."""
    text = _norm(answer)
    return [f for f in facts if _norm(f) not in text]


def facts_ok(answer: str, facts: Sequence[str]) -> bool:
    """An item's fact recall: True only when every fact is in the answer."""
    return not missing_facts(answer, facts)


# -- citations -------------------------------------------------------------------------------
def cited_numbers(answer: str) -> set[int]:
    """Every n of a `[n]` marker in the answer."""
    return {int(n) for n in _MARKER.findall(answer)}


def citation_support(
    answer: str, citations: Sequence[Mapping[str, Any]], evidence: Sequence[str]
) -> bool:
    """True when some citation the answer actually refers to (`[n]`) holds an evidence string.

    Citations listed but never referred to do not count: the reader checks what is cited.
    """
    used = cited_numbers(answer)
    texts = [c.get("text", "") for c in citations if c.get("n") in used]
    return first_hit_rank(texts, evidence) is not None


def citation_problems(
    answer: str, citations: Sequence[Mapping[str, Any]], doc_texts: Mapping[str, str]
) -> list[str]:
    """What is wrong with the citations; empty when valid.

    Valid: every `[n]` in the answer names a citation n, and every citation's text is exactly
    document_text[start:end] of its document (doc_texts: doc_id -> text).
    """
    problems: list[str] = []
    numbers = {c.get("n") for c in citations}
    for n in sorted(cited_numbers(answer) - numbers):
        problems.append(f"[{n}] has no citation")
    for c in citations:
        doc = doc_texts.get(c.get("doc_id", ""))
        if doc is None:
            problems.append(f"citation {c.get('n')}: document {c.get('doc_id')!r} unknown")
            continue
        start, end = c.get("start"), c.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or doc[start:end] != c.get(
            "text"
        ):
            problems.append(
                f"citation {c.get('n')}: text is not {c.get('doc_id')}[{start}:{end}]"
            )
    return problems


def citation_valid(
    answer: str, citations: Sequence[Mapping[str, Any]], doc_texts: Mapping[str, str]
) -> bool:
    return not citation_problems(answer, citations, doc_texts)


# -- refusals --------------------------------------------------------------------------------
def _refusal_counts(refused: Sequence[bool], answerable: Sequence[bool]) -> tuple[int, int, int]:
    if len(refused) != len(answerable):
        raise ValueError("refused and answerable must have the same length")
    tp = sum(1 for r, a in zip(refused, answerable) if r and not a)
    fp = sum(1 for r, a in zip(refused, answerable) if r and a)
    fn = sum(1 for r, a in zip(refused, answerable) if not r and not a)
    return tp, fp, fn


def refusal_precision(refused: Sequence[bool], answerable: Sequence[bool]) -> float | None:
    """Of the refusals, the share that were right (expected answerable: false).

    Positive class = refused. None when nothing was refused (undefined, e.g. the baseline).
    """
    tp, fp, _ = _refusal_counts(refused, answerable)
    return tp / (tp + fp) if tp + fp else None


def refusal_recall(refused: Sequence[bool], answerable: Sequence[bool]) -> float | None:
    """Of the unanswerable questions, the share refused. None when there are none."""
    tp, _, fn = _refusal_counts(refused, answerable)
    return tp / (tp + fn) if tp + fn else None


# -- aggregation helpers ---------------------------------------------------------------------
def rate(flags: Sequence[bool | None]) -> float | None:
    """Share of True among the flags that apply (None = not applicable); None if none apply."""
    applicable = [f for f in flags if f is not None]
    return sum(1 for f in applicable if f) / len(applicable) if applicable else None


def latency_percentiles(
    timings: Sequence[Mapping[str, float]], stages: Sequence[str] = STAGES
) -> dict[str, dict[str, float | None]]:
    """p50/p95 in ms per stage. "total" is retrieve + answer unless a timing gives it."""
    out: dict[str, dict[str, float | None]] = {}
    for stage in stages:
        values = []
        for t in timings:
            if stage in t:
                values.append(float(t[stage]))
            elif stage == "total" and ("retrieve" in t or "answer" in t):
                values.append(float(t.get("retrieve", 0.0)) + float(t.get("answer", 0.0)))
        if values:
            p50, p95 = np.percentile(values, [50, 95])
            out[stage] = {"p50": round(float(p50), 1), "p95": round(float(p95), 1)}
        else:
            out[stage] = {"p50": None, "p95": None}
    return out
