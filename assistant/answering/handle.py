"""The one read-only view of the index the answerer gets: no reaching through the Retriever.

Built once from a Retriever. `lexical` is a function, not an index: the Retriever swaps in a
new BM25 index after an ingest, and the answerer must read the current one. `dense_text` is
the text a question's dense vector is made of (its abbreviations spelled out, by the
configured way): the answerer reads the vector retrieval made, so a question costs one encode
(the answer model is trained on the same vectors). `document` gives a document's passages in
order (None: the answer reads only what was retrieved).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.embedder import Embedder
from core.lexical import LexicalIndex
from core.schema import Passage
from core.sentence_vectors import SentenceVectors


@dataclass(frozen=True)
class IndexHandle:
    embedder: Embedder
    lexical: Callable[[], LexicalIndex]
    sentence_vectors: SentenceVectors | None
    dense_text: Callable[[str], str] = str
    document: Callable[[str], list[Passage]] | None = None

    @classmethod
    def from_retriever(cls, retriever) -> IndexHandle:
        store = getattr(retriever, "store", None)
        return cls(
            embedder=retriever.embedder,
            lexical=retriever.lexical,
            sentence_vectors=getattr(store, "sentence_vectors", None),
            dense_text=getattr(retriever, "dense_text", str),
            document=getattr(retriever, "document_passages", None),
        )
