"""Retrieval metrics over passages: a passage is a hit when it contains an evidence string."""

from __future__ import annotations

from collections.abc import Sequence


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


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
