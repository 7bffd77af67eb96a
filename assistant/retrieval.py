"""Hybrid retrieval: BM25 with Dutch stemming fused with dense e5 similarity.

The two rankings fail differently: BM25 nails names, numbers and jargon in Dutch questions;
the dense model finds paraphrases and English questions that share no word with the text.
Weighted reciprocal rank fusion combines their ranks (not their scores, which live on
different scales). The fusion's defaults (core/config.py) are chosen by `lob train` on the
tuning fold of the development corpus; the comment there has the command and the numbers.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from core.config import Settings
from core.embedder import Embedder, get_embedder
from core.english import dutch_words
from core.expansions import for_embedder
from core.index import IndexStore, is_pending
from core.lexical import LexicalIndex
from core.schema import Chunk, Passage  # the one passage type; answering code imports it from here
from core.text import expansions, spell_out


class Retriever:
    """Loads the model and the BM25 index once; `search` is safe to call from many threads."""

    def __init__(
        self, settings: Settings, embedder: Embedder | None = None,
        store: IndexStore | None = None,
    ) -> None:
        if settings.top_k < 1:
            raise ValueError("top_k must be at least 1")
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embedder)
        # Given by the service, which reads documents from the same store.
        self.store = store or IndexStore(settings, self.embedder.name)
        self._lexical: LexicalIndex | None = None
        self._stamp: str | None = None  # the saved BM25 version `_lexical` was loaded from
        self._checked = float("-inf")
        self._lock = threading.Lock()
        # The chunks of an index small enough for an exact dense ranking (`_exact`).
        self._snapshot: _Snapshot | None = None
        self._snapshot_lock = threading.Lock()
        # What the glossary's abbreviations stand for, as vectors (core/expansions.py).
        self._expansions = for_embedder(self.embedder)
        if self._adds_expansions:
            self._expansions.prefill()

    @property
    def _adds_expansions(self) -> bool:
        s = self.settings
        return s.fusion != "bm25" and s.dense_spell_out == "vector" and s.expansion_weight > 0

    def dense_text(self, query: str) -> str:
        """The text the dense query embeds: the query with its abbreviations spelled out
        (settings.dense_spell_out "text"), or as asked ("vector", see `query_vector`); an
        English query with the Dutch words for its words after it (core/english.py: on the
        tuning fold this found the evidence of 16 English questions in 20, against 14).
        The longer text costs an English question's encode up to twice the time. Tried and
        left: no Dutch words in the dense text (false refusals on the fresh fold 0.060 ->
        0.083), and each English word replaced by its first Dutch word (as short as the
        question; refusal recall cross-validated over all 1,113 development questions 0.612
        -> 0.585)."""
        text = spell_out(query) if self.settings.dense_spell_out == "text" else query
        dutch = dutch_words(query)
        return f"{text} ({', '.join(dutch)})" if dutch else text

    def lexical(self) -> LexicalIndex:
        """The BM25 index, kept in step with the store. Request threads never write it.

        Two signals: a new BM25 version saved under this data dir (an ingest here; a small
        file read per call), or the store's generation differing from the index's (asked at
        most every `generation_check_s`). While an ingest is under way (a "pending-"
        generation) the index at hand keeps answering: it matches every chunk of the
        documents the ingest does not touch. A published generation that this data dir's
        files lack comes from an ingest through another replica (replicas do not share data
        dirs): this process then builds BM25 from the store in memory, without saving.
        One thread refreshes; meanwhile the others answer from the index they have.
        """
        current = self._lexical
        due = time.monotonic() - self._checked >= self.settings.generation_check_s
        if current is not None and not due and self.store.lexical_stamp() == self._stamp:
            return current
        if not self._lock.acquire(blocking=current is None):
            return current
        try:
            self._reload_if_saved()
            now = time.monotonic()
            if now - self._checked >= self.settings.generation_check_s:
                self._checked = now
                remote = self.store.generation()
                if remote != self._lexical.generation and remote and not is_pending(remote):
                    self._reload_if_saved()  # the ingest may have saved it since we looked
                    if remote != self._lexical.generation:
                        self._lexical = self.store.rebuild_lexical(generation=remote, save=False)
        finally:
            self._lock.release()
        if self._adds_expansions:
            self._expansions.prefill()  # the index's own definitions, learned as it loaded
        return self._lexical

    def _reload_if_saved(self) -> None:
        if self._lexical is None or self.store.lexical_stamp() != self._stamp:
            loaded = self.store.load_lexical()
            self._lexical = loaded or LexicalIndex([], None)
            self._stamp = loaded.version if loaded is not None else None

    def search(
        self,
        query: str,
        k: int | None = None,
        doc_types: list[str] | None = None,
        doc_ids: list[str] | None = None,
        topic: list[str] | None = None,
        ahead: Sequence[str] = (),
    ) -> list[Passage]:
        """The k best passages for the query. `topic`: the documents a conversation is about
        (a follow-up's previous answer cited them); their passages count as a third ranking
        of weight settings.topic_weight, so the follow-up stays with them unless other
        documents answer it clearly better. `ahead`: texts whose query vectors the caller
        asks for next (the answerer's question), embedded in the background meanwhile."""
        k = k or self.settings.top_k
        pool = max(50, 4 * k)
        mode = self.settings.fusion
        # The texts this search does not encode itself go to the background at once.
        own = self.dense_text(query) if mode != "bm25" else None
        self.embed_ahead([], [t for t in ahead if t != own])
        # Both rankings read one state of the index (an exact dense ranking ranks its chunks).
        index = self.lexical()
        if mode == "rrf":
            # BM25 does not need the vector: it runs beside the encode (which lets go of the
            # GIL) and is done when the encode returns. The encode stays in this thread, so
            # no wake-up of a waiting thread lies between the vector and the Chroma query.
            side = _side_pool().submit(self._bm25, query, pool, doc_types, doc_ids, index)
            dense = self._dense(own, pool, doc_types, doc_ids, index)
            lexical = side.result()
        else:
            lexical = (self._bm25(query, pool, doc_types, doc_ids, index)
                       if mode != "dense" else [])
            dense = self._dense(own, pool, doc_types, doc_ids, index) if own is not None else []
        return self._fuse(dense, lexical, k, self._in_documents(topic, index), index)

    def embed_ahead(self, queries: Sequence[str] = (), texts: Sequence[str] = ()) -> None:
        """Start, in the background, the query encodes that searches of `queries` and the
        answers after them (`texts`, embedded as they are) will ask for."""
        embed = getattr(self.embedder, "embed_queries_ahead", None)
        if embed is None:
            return
        dense = [self.dense_text(q) for q in queries] if self.settings.fusion != "bm25" else []
        embed([*dense, *texts])

    def _in_documents(self, doc_ids: list[str] | None, index: LexicalIndex) -> set[str]:
        if not doc_ids or self.settings.topic_weight <= 0:
            return set()
        mask = index.mask(doc_id=doc_ids) if len(index) else None
        if mask is None:
            return set()
        return {index.chunk_ids[i] for i in np.flatnonzero(mask)}

    def query_vector(self, text: str) -> np.ndarray:
        """The dense query vector of `dense_text(query)`. With dense_spell_out "vector": the
        query's vector as asked (the answerer asks for the same one, so one encode serves
        both) plus `expansion_weight` times the vectors of what its abbreviations stand for
        (core/expansions.py), normalised."""
        vec = self.embedder.embed_query(text)
        found = expansions(text) if self._adds_expansions else []
        if not found:
            return vec
        out = vec + self.settings.expansion_weight * self._expansions.vectors(found).sum(axis=0)
        return (out / np.linalg.norm(out)).astype(np.float32)

    def _dense(self, text, n, doc_types, doc_ids, index: LexicalIndex | None = None
               ) -> list[str]:
        """The dense ranking for `dense_text(query)` (made once per search by the caller):
        exact up to settings.exact_dense_max_chunks chunks of `index` (the BM25 index the
        search reads), else Chroma's HNSW."""
        vec = self.query_vector(text)
        exact = self._exact(index if index is not None else self.lexical())
        if exact is not None:
            index = exact.index
            scores = np.where(exact.alive, exact.matrix @ vec, -np.inf)
            mask = index.mask(doc_id=doc_ids, doc_type=doc_types)
            if mask is not None:
                scores = np.where(mask, scores, -np.inf)
            n = min(n, int(np.isfinite(scores).sum()))
            return [index.chunk_ids[i] for i in _best(scores, n)]
        where = _where(doc_types, doc_ids)
        # No min(n, count): Chroma returns what it has, and count() is a scan (7.8 ms at 100k).
        got = self.store.chunks.query(
            query_embeddings=[vec.tolist()], n_results=n, where=where, include=[]
        )
        return list(got["ids"][0])

    def _exact(self, index: LexicalIndex) -> _Snapshot | None:
        """The BM25 index's chunks, their vectors unit length in its order, and which of them
        the store still has; None above settings.exact_dense_max_chunks. Fetched once per
        index state: dense and BM25 then rank the same chunks, also while an ingest is under
        way, and the passages a search returns come from the same state (`_chunks`)."""
        if not 0 < len(index) <= self.settings.exact_dense_max_chunks:
            return None
        cached = self._snapshot
        if cached is not None and cached.index is index:
            return cached
        with self._snapshot_lock:
            cached = self._snapshot
            if cached is not None and cached.index is index:
                return cached
            got = self.store.chunks.get(
                ids=list(index.chunk_ids), include=["embeddings", "documents", "metadatas"]
            )
            at = {cid: i for i, cid in enumerate(got["ids"])}
            vectors = np.asarray(got["embeddings"], dtype=np.float32)
            matrix = np.zeros((len(index), vectors.shape[1] if vectors.ndim == 2 else 0),
                              dtype=np.float32)
            alive = np.zeros(len(index), dtype=bool)
            for i, cid in enumerate(index.chunk_ids):
                j = at.get(cid)
                if j is not None:  # not deleted by an ingest since the index was built
                    matrix[i], alive[i] = vectors[j], True
            if not alive.any():
                return None  # nothing of this index left in the store: ask Chroma
            # Cosine, as the collection's HNSW space is.
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            matrix /= np.where(norms == 0, 1, norms)
            records = dict(zip(got["ids"], zip(got["documents"], got["metadatas"])))
            self._snapshot = _Snapshot(index, alive, matrix, records)
            return self._snapshot

    def _chunks(self, chunk_ids: list[str], index: LexicalIndex | None) -> dict[str, Chunk]:
        """The chunks of these ids: from the snapshot of the index state the search ranked
        (a small index: no store round trip, ~1.5 ms and a GIL hand-off a question), else
        from the store, which also answers for what the snapshot lacks."""
        snap = self._snapshot
        if snap is None or snap.index is not index:
            return self.store.get_chunks(chunk_ids)
        out = {cid: snap.chunk(cid) for cid in chunk_ids if cid in snap.records}
        missing = [cid for cid in chunk_ids if cid not in out]
        return {**out, **self.store.get_chunks(missing)} if missing else out

    def _bm25(self, query, n, doc_types, doc_ids, index: LexicalIndex | None = None
              ) -> list[str]:
        index = index if index is not None else self.lexical()
        if len(index) == 0:
            return []
        scores = index.scores(query)
        mask = index.mask(doc_id=doc_ids, doc_type=doc_types)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        n = min(n, int((scores > 0).sum()))
        return [index.chunk_ids[i] for i in _best(scores, n)]

    def _fuse(
        self, dense: list[str], lexical: list[str], k: int, topical: set[str] | None = None,
        index: LexicalIndex | None = None,
    ) -> list[Passage]:
        c, w = self.settings.rrf_k, self.settings.dense_weight
        scores: dict[str, float] = {}
        for rank, cid in enumerate(dense, start=1):
            scores[cid] = scores.get(cid, 0.0) + w / (c + rank)
        for rank, cid in enumerate(lexical, start=1):
            scores[cid] = scores.get(cid, 0.0) + (1.0 - w) / (c + rank)
        if not dense or not lexical:  # a single ranking: keep its order, score by it alone
            scores = {cid: 1.0 / (c + r) for r, cid in enumerate(dense or lexical, start=1)}
        if topical:
            ranked = [cid for cid in sorted(scores, key=lambda x: -scores[x]) if cid in topical]
            for rank, cid in enumerate(ranked, start=1):
                scores[cid] += self.settings.topic_weight / (c + rank)
        top = sorted(scores, key=lambda cid: -scores[cid])[:k]
        chunks = self._chunks(top, index)
        d_rank = {cid: r for r, cid in enumerate(dense, start=1)}
        b_rank = {cid: r for r, cid in enumerate(lexical, start=1)}
        return [
            _passage(chunks[cid], round(scores[cid], 6), d_rank.get(cid), b_rank.get(cid))
            for cid in top
            if cid in chunks  # not deleted by an ingest between ranking and fetching
        ]

    def document_passages(self, doc_id: str) -> list[Passage]:
        """Every passage of one document in document order, unranked (score 0): what an
        answer reads beyond the retrieved ones (a procedure's other steps)."""
        return [_passage(ch, 0.0, None, None) for ch in self.store.document_chunks(doc_id)]


class _Snapshot:
    """One state of a small index, read once: its BM25 index, the unit vectors of its chunks
    in that index's order, which of them the store held, and their records."""

    def __init__(self, index: LexicalIndex, alive: np.ndarray, matrix: np.ndarray,
                 records: dict[str, tuple[str, dict]]) -> None:
        self.index, self.alive, self.matrix, self.records = index, alive, matrix, records
        self._parsed: dict[str, Chunk] = {}

    def chunk(self, chunk_id: str) -> Chunk:
        # Parsed on first use (its blocks are JSON); two threads may both parse one: alike.
        got = self._parsed.get(chunk_id)
        if got is None:
            text, meta = self.records[chunk_id]
            got = self._parsed[chunk_id] = Chunk.from_record(chunk_id, text, meta)
        return got


def _best(scores: np.ndarray, n: int) -> np.ndarray:
    """The indices of the n highest scores, best first (equal scores in partition order)."""
    if n <= 0:
        return np.zeros(0, dtype=int)
    top = np.argpartition(-scores, n - 1)[:n]
    return top[np.argsort(-scores[top], kind="stable")]


def _passage(ch: Chunk, score: float, dense_rank: int | None, bm25_rank: int | None) -> Passage:
    return Passage(
        chunk_id=ch.chunk_id, doc_id=ch.doc_id, title=ch.title, doc_type=ch.doc_type,
        section=ch.section, page=ch.page, start=ch.start, end=ch.end, score=score,
        text=ch.text, dense_rank=dense_rank, bm25_rank=bm25_rank, blocks=ch.blocks,
    )


_SIDE: ThreadPoolExecutor | None = None
_SIDE_LOCK = threading.Lock()


def _side_pool() -> ThreadPoolExecutor:
    """Threads for the BM25 half of searches, one per core (it is short: ~1.5 ms at 100k)."""
    global _SIDE
    with _SIDE_LOCK:
        if _SIDE is None:
            _SIDE = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="bm25")
        return _SIDE


def _where(doc_types: list[str] | None, doc_ids: list[str] | None) -> dict | None:
    clauses = []
    if doc_types:
        clauses.append({"doc_type": {"$in": list(doc_types)}})
    if doc_ids:
        clauses.append({"doc_id": {"$in": list(doc_ids)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
