"""The vectors of what the glossary's abbreviations stand for, for the dense query.

The dense model does not know "ISK" or "LOB". A question's dense vector is therefore its own
vector, embedded as asked, plus `expansion_weight` times the vectors of what its
abbreviations stand for (core/text.py: `expansions`), normalised (assistant/retrieval.py).
Spelling them out in the question's text instead ("ISK (Internationale Schakelklas)") made
the dense query a second encode beside the answerer's encode of the question as asked, of a
text ~1.5x as long: with two cores, questions with an abbreviation took 1.86x a question's
encode against 1.31x for the others (docs/bench.md). Now both share one encode.

The expansions are few (the data file's and what the documents define, ~20 here) and shared
by every question, so each is embedded once per embedder and process: in the background as
soon as the glossary has it (a retriever's start, and its loading of a BM25 index, which is
where the documents' definitions are learned, at ingest or load), and at once by a question
that needs one before that. Nothing depends on a question being asked twice. They are not
stored with the index: half of them come with the code (core/vocabulary.yaml), not the
index, and all of them together are one encoder call of well under a second.

Embedded as passages: an expansion is the form the documents write, and on the tuning fold
passage vectors did as well as or better than query vectors at every weight (docs/bench.md).
"""

from __future__ import annotations

import threading
import weakref
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from core import glossary


class ExpansionVectors:
    """Passage vectors of expansion texts for one embedder; thread-safe."""

    def __init__(self, embedder: Any) -> None:
        self._embedder = embedder
        self._known: dict[str, np.ndarray] = {}
        self._running: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._version: int | None = None  # the glossary version `prefill` last started

    def prefill(self) -> None:
        """Embed, in the background, every expansion the glossary has that this lacks
        (cheap when the glossary has not changed since the last call)."""
        version = glossary.version()
        if version == self._version:
            return
        self._version = version
        missing = self._claim([forms[0] for forms in glossary.current().values() if forms])
        if missing:
            _background().submit(self._compute, missing)

    def vectors(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32: embedded here unless known or being embedded (then
        waited for)."""
        self.prefill()
        mine = self._claim(texts)
        if mine:
            self._compute(mine)
        with self._lock:
            got = [self._known[t] if t in self._known else self._running[t] for t in texts]
        return np.stack([g.result() if isinstance(g, Future) else g for g in got])

    def _claim(self, texts: list[str]) -> list[str]:
        """The texts neither known nor being embedded, now marked as being embedded."""
        with self._lock:
            mine = [t for t in dict.fromkeys(texts)
                    if t not in self._known and t not in self._running]
            for t in mine:
                self._running[t] = Future()
        return mine

    def _compute(self, texts: list[str]) -> None:
        try:
            vectors = np.asarray(self._embedder.embed_passages(texts), dtype=np.float32)
        except BaseException as exc:
            with self._lock:
                futures = [self._running.pop(t) for t in texts]
            for f in futures:
                f.set_exception(exc)
            raise
        with self._lock:
            futures = []
            for t, v in zip(texts, vectors, strict=True):
                v.flags.writeable = False
                self._known[t] = v
                futures.append(self._running.pop(t))
        for f, v in zip(futures, vectors, strict=True):
            f.set_result(v)


_BY_EMBEDDER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_POOL: ThreadPoolExecutor | None = None


def for_embedder(embedder: Any) -> ExpansionVectors:
    """The one store of expansion vectors of this embedder (retrievers share it)."""
    with _LOCK:
        store = _BY_EMBEDDER.get(embedder)
        if store is None:
            store = _BY_EMBEDDER[embedder] = ExpansionVectors(embedder)
        return store


def _background() -> ThreadPoolExecutor:
    # One thread: a handful of short texts; the engine runs questions before passages.
    global _POOL
    with _LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(1, thread_name_prefix="expansions")
        return _POOL
