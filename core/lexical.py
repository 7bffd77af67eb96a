"""The BM25 side of the index: built by ingest, saved under the data dir, loaded once to query."""

from __future__ import annotations

import json
import os
from pathlib import Path

import bm25s
import numpy as np

from core import text as textmod

_IDS_FILE = "chunk_ids.json"
_FACETS_FILE = "facets.json"
_GENERATION_FILE = "generation.txt"


class LexicalIndex:
    """BM25 (bm25s, Lucene variant) over chunk texts, addressed by chunk id.

    `facets` are per-chunk labels (doc_id, doc_type) kept beside the index so that filters
    can be applied as a numpy mask without asking the store.
    """

    def __init__(
        self,
        chunk_ids: list[str],
        retriever: bm25s.BM25 | None,
        facets: dict[str, list[str]] | None = None,
        generation: str | None = None,
    ) -> None:
        self.chunk_ids = chunk_ids
        # Which state of the store this index was built from (see IndexStore.generation).
        self.generation = generation
        self.facets = {k: np.asarray(v, dtype=object) for k, v in (facets or {}).items()}
        self._retriever = retriever
        self._vocab: dict[str, int] = retriever.vocab_dict if retriever is not None else {}

    @classmethod
    def build(
        cls,
        chunk_ids: list[str],
        texts: list[str],
        facets: dict[str, list[str]] | None = None,
        generation: str | None = None,
    ) -> LexicalIndex:
        lengths = {len(chunk_ids), len(texts), *(len(v) for v in (facets or {}).values())}
        if len(lengths) > 1:
            raise ValueError("chunk_ids, texts and facets differ in length")
        if not texts:
            return cls([], None, facets, generation)
        retriever = bm25s.BM25()
        retriever.index([textmod.terms(t) for t in texts], show_progress=False)
        return cls(list(chunk_ids), retriever, facets, generation)

    def mask(self, **wanted: list[str] | None) -> np.ndarray | None:
        """Boolean mask of chunks whose facets are among the wanted values (None = no filter)."""
        mask = None
        for key, values in wanted.items():
            if not values:
                continue
            m = np.isin(self.facets[key], list(values))
            mask = m if mask is None else mask & m
        return mask

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def knows(self, term: str) -> bool:
        return term in self._vocab

    def idf(self, term: str) -> float:
        """ln(1 + (N - df + .5) / (df + .5)) of a BM25 term; 0 for a term no chunk has."""
        tid = self._vocab.get(term)
        if tid is None or self._retriever is None:
            return 0.0
        indptr = self._retriever.scores["indptr"]
        df = int(indptr[tid + 1] - indptr[tid])
        n = len(self.chunk_ids)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5))) if df else 0.0

    def idf_unknown(self) -> float:
        """The idf a term would have if one chunk held it: what an unseen word weighs."""
        n = len(self.chunk_ids)
        return float(np.log(1 + (n - 0.5) / 1.5)) if n else 0.0

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (0 where nothing matches); a query of unknown words is fine."""
        if self._retriever is None:
            return np.zeros(0, dtype=np.float32)
        # Terms bm25s has never seen would raise; they also cannot score, so drop them.
        known = [t for t in textmod.terms(query, expand=False) if t in self._vocab]
        if not known:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def save(self, directory: Path) -> None:
        """Write to a fresh folder, then swap it in: a reader never sees half an index."""
        directory = Path(directory)
        tmp = directory.with_name(directory.name + ".tmp")
        if tmp.exists():
            _rmtree(tmp)
        tmp.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(tmp), show_progress=False)
        (tmp / _IDS_FILE).write_text(json.dumps(self.chunk_ids), encoding="utf-8")
        facets = {k: v.tolist() for k, v in self.facets.items()}
        (tmp / _FACETS_FILE).write_text(json.dumps(facets), encoding="utf-8")
        (tmp / _GENERATION_FILE).write_text(self.generation or "", encoding="utf-8")
        old = directory.with_name(directory.name + ".old")
        if directory.exists():
            if old.exists():
                _rmtree(old)
            os.replace(directory, old)
        os.replace(tmp, directory)
        if old.exists():
            _rmtree(old)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        """None when there is no index yet."""
        directory = Path(directory)
        ids_file = directory / _IDS_FILE
        if not ids_file.exists():
            return None
        chunk_ids = json.loads(ids_file.read_text(encoding="utf-8"))
        facets_file = directory / _FACETS_FILE
        facets = json.loads(facets_file.read_text(encoding="utf-8")) if facets_file.exists() else {}
        gen_file = directory / _GENERATION_FILE
        generation = (gen_file.read_text(encoding="utf-8") if gen_file.exists() else "") or None
        if not chunk_ids:
            return cls([], None, facets, generation)
        retriever = bm25s.BM25.load(str(directory), show_progress=False)
        return cls(chunk_ids, retriever, facets, generation)


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
