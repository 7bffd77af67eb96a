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
        rows: list[tuple] = []
        with self._lock:
            for i in range(0, len(keys), _CHUNK):
                part = keys[i : i + _CHUNK]
                rows += self._db.execute(
                    f"SELECT {columns} FROM v WHERE k IN ({','.join('?' * len(part))})", part
                ).fetchall()
        return rows

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        if len(texts) != len(vectors):
            raise ValueError("one vector per text")
        rows = [
            (text_key(t), np.asarray(v, dtype=np.float16).tobytes())
            for t, v in zip(texts, vectors)
        ]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO v (k, vec) VALUES (?, ?)", rows)

    def delete(self, texts: Iterable[str]) -> None:
        keys = [(text_key(t),) for t in texts]
        with self._lock, self._db:
            self._db.executemany("DELETE FROM v WHERE k = ?", keys)

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM v").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
