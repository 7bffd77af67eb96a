"""The one read-only view of the index the answerer gets: no reaching through the Retriever.

Built once from a Retriever. `lexical` is a function, not an index: the Retriever swaps in a
new BM25 index after an ingest, and the answerer must read the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.embedder import Embedder
from core.lexical import LexicalIndex
from core.sentence_vectors import SentenceVectors


@dataclass(frozen=True)
class IndexHandle:
    embedder: Embedder
    lexical: Callable[[], LexicalIndex]
    sentence_vectors: SentenceVectors | None

    @classmethod
    def from_retriever(cls, retriever) -> IndexHandle:
        store = getattr(retriever, "store", None)
        return cls(
            embedder=retriever.embedder,
            lexical=retriever.lexical,
            sentence_vectors=getattr(store, "sentence_vectors", None),
        )
