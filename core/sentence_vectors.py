"""Sentence vectors, computed once at ingest so an answer does not embed sentences.

The extractive answerer compares the question with every sentence of the passages it got.
Embedding those 30-60 sentences at question time was 85% of an answer's time (docs/bench.md),
so ingest embeds each chunk's sentences (as `core.sentences.split_units` cuts them) and keeps
the vectors here, keyed by a hash of the sentence text.

Why SQLite and not Chroma: a Chroma record's document is put in a full-text index and its
metadata is logged and indexed, which made 5k chunks' sentence vectors take 250 MB (document)
or 91 MB (metadata) and 20 s to write; here a vector is a 768-byte float16 blob. It is a
cache, not the index: every process serving the index keeps its own under its data dir, fills
it on a miss, and may lose it (the vectors are then computed again).

Which vectors may go is decided by a reference table kept beside them, `refs` (chunk id ->
the keys of the sentences it holds), rewritten with every write of a chunk to the index
(`IndexStore.put_chunks`, `delete_chunks`, `delete_document`): a vector is deleted when the
last chunk holding its sentence is gone, and not before. Asking the store's full-text index
instead ("does another chunk still contain this sentence?") missed sentences that the
sentence splitter normalises (a non-breaking space becomes a space), deleting shared vectors.
A file from before the table gets it at the first write to the index after the upgrade,
filled from the store's chunks (`IndexStore._sentence_refs`); until then nothing is deleted.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

_CHUNK = 500  # SQLite's limit on bound parameters is far above this; keeps statements short


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class SentenceVectors:
    """text -> unit vector (float16 on disk, float32 out), one SQLite file per embedder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the threads of a server, serialised by a lock: every
        # statement here takes well under a millisecond.
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")  # readers never wait for an ingest
            self._db.execute("CREATE TABLE IF NOT EXISTS v (k BLOB PRIMARY KEY, vec BLOB)")
            # Which chunks hold which sentence; by chunk to rewrite a chunk's, by key to ask
            # whether any chunk still holds a sentence.
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS refs (chunk TEXT NOT NULL, k BLOB NOT NULL, "
                "PRIMARY KEY (chunk, k)) WITHOUT ROWID"
            )
            self._db.execute("CREATE INDEX IF NOT EXISTS refs_k ON refs (k)")
            # "refs" = "complete" once the table covers every chunk in the index.
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value)")

    def get(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors among `texts`; missing ones are simply absent."""
        by_key = {text_key(t): t for t in dict.fromkeys(texts)}
        return {
            by_key[k]: np.frombuffer(blob, dtype=np.float16).astype(np.float32)
            for k, blob in self._select("k, vec", list(by_key))
        }

    def missing(self, texts: Iterable[str]) -> list[str]:
        """`texts` (deduplicated, in order) that have no stored vector."""
        by_key = {text_key(t): t for t in dict.fromkeys(texts)}
        have = {k for (k,) in self._select("k", list(by_key))}
        return [t for k, t in by_key.items() if k not in have]

    def _select(self, columns: str, keys: list[bytes]) -> list[tuple]:
        with self._lock:
            return self._rows_in(f"SELECT {columns} FROM v WHERE k", keys)

    def _rows_in(self, query: str, values: list) -> list[tuple]:
        """`query IN (values)`, asked in parts: SQLite bounds a statement's parameters."""
        rows: list[tuple] = []
        for i in range(0, len(values), _CHUNK):
            part = values[i : i + _CHUNK]
            rows += self._db.execute(
                f"{query} IN ({','.join('?' * len(part))})", part
            ).fetchall()
        return rows

    @staticmethod
    def _rows(texts: list[str], vectors: np.ndarray) -> list[tuple[bytes, bytes]]:
        """(key, float16 bytes) per text: how every write stores a vector."""
        if len(texts) != len(vectors):
            raise ValueError("one vector per text")
        return [
            (text_key(t), np.asarray(v, dtype=np.float16).tobytes())
            for t, v in zip(texts, vectors)
        ]

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        rows = self._rows(texts, vectors)
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO v (k, vec) VALUES (?, ?)", rows)

    def put_held(self, texts: list[str], vectors: np.ndarray) -> int:
        """`put`, but only for sentences some chunk still holds (the reference table); how
        many were stored. The background fill embeds outside the ingest lock: a sentence whose
        chunk an ingest removed meanwhile must not come back as a vector nothing will delete.
        One transaction, so an ingest's `refer`/`unrefer` (also one) is wholly before or after."""
        rows = [(k, vec, k) for k, vec in self._rows(texts, vectors)]
        with self._lock, self._db:
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR REPLACE INTO v (k, vec) SELECT ?, ? "
                "WHERE EXISTS (SELECT 1 FROM refs WHERE refs.k = ?)", rows,
            )
            return self._db.total_changes - before

    def delete(self, texts: Iterable[str]) -> None:
        keys = [(text_key(t),) for t in texts]
        with self._lock, self._db:
            self._db.executemany("DELETE FROM v WHERE k = ?", keys)

    # -- references: which chunks hold which sentence -------------------------------------
    def refs_complete(self) -> bool:
        """Whether the reference table covers every chunk in the index (see the docstring)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'refs'").fetchone()
        return row is not None and row[0] == "complete"

    def refer(self, held: dict[str, list[str]], complete: bool = False) -> None:
        """Say which sentences each chunk in `held` (chunk id -> its unit texts) holds now,
        replacing what it held before, and delete the vectors of sentences that no chunk
        holds any more. `complete`: `held` is every chunk in the index."""
        ids = list(held)
        new = {(cid, text_key(t)) for cid, texts in held.items() for t in texts}
        with self._lock, self._db:
            old = set(self._refs_of(ids))
            self._delete_refs(ids)
            self._db.executemany("INSERT INTO refs (chunk, k) VALUES (?, ?)", list(new))
            self._prune({k for _, k in old - new})
            if complete:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('refs', 'complete')")

    def unrefer(self, chunk_ids: list[str]) -> None:
        """These chunks are gone: delete the vectors of sentences no other chunk holds."""
        with self._lock, self._db:
            old = self._refs_of(chunk_ids)
            self._delete_refs(chunk_ids)
            self._prune({k for _, k in old})

    def unfilled_chunks(self, limit: int, after: str = "", skip: Iterable[str] = ()) -> list[str]:
        """Up to `limit` ids of chunks that hold a sentence without a vector, in id order,
        after `after` and not in `skip`: what a fill (core/sentence_fill.py) embeds next.
        `after` lets a fill walk the table once instead of scanning past every chunk it
        already filled at each step (at 100k chunks, ~1M references)."""
        skip = list(skip)
        where = f"AND chunk NOT IN ({','.join('?' * len(skip))})" if skip else ""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT chunk FROM refs WHERE chunk > ? AND NOT EXISTS "
                f"(SELECT 1 FROM v WHERE v.k = refs.k) {where} ORDER BY chunk LIMIT ?",
                [after, *skip, int(limit)],
            ).fetchall()
        return [c for (c,) in rows]

    def fill_state(self) -> tuple[int, int]:
        """(sentences held by a chunk that have a vector, sentences held by a chunk): the
        fill's progress. Counts what the reference table knows (see the module docstring)."""
        with self._lock:
            total, done = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM v WHERE v.k = r.k)), 0) "
                "FROM (SELECT DISTINCT k FROM refs) AS r"
            ).fetchone()
        return int(done), int(total)

    def _refs_of(self, chunk_ids: list[str]) -> list[tuple[str, bytes]]:
        return self._rows_in("SELECT chunk, k FROM refs WHERE chunk", chunk_ids)

    def _delete_refs(self, chunk_ids: list[str]) -> None:
        self._db.executemany("DELETE FROM refs WHERE chunk = ?", [(c,) for c in chunk_ids])

    def _prune(self, keys: set[bytes]) -> None:
        self._db.executemany(
            "DELETE FROM v WHERE k = ? AND NOT EXISTS (SELECT 1 FROM refs WHERE refs.k = v.k)",
            [(k,) for k in keys],
        )

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM v").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
