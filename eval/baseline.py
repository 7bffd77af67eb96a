"""A plain LangChain RAG baseline over the same Chroma chunks the assistant uses.

What the assistant's extra machinery (BM25 fusion, follow-up rewriting, sentence selection,
refusals) buys is measured against this: dense similarity alone through
`langchain_chroma.Chroma`, the top chunk as the answer, never a refusal. It reads the
assistant's collection, so its vectors are e5 vectors: the adapter below must embed queries
with the very same model, or the similarities mean nothing.
"""

from __future__ import annotations

import time
from typing import Any

from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from core.config import Settings
from core.embedder import Embedder, get_embedder
from core.index import IndexStore
from core.store import collection_names


class EmbedderAdapter(Embeddings):
    """Our embedder behind LangChain's interface (e5 prefixes are added by the embedder)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def citation_from(n: int, doc: Document, distance: float) -> dict[str, Any]:
    """A contract citation from a chunk's Chroma metadata (see core.schema.Chunk.metadata)."""
    meta = doc.metadata
    page = meta.get("page", -1)
    return {
        "n": n,
        "doc_id": meta["doc_id"],
        "title": meta.get("title", ""),
        "doc_type": meta.get("doc_type", ""),
        # Chroma stores no None: "" and -1 stand for "no section" / "no page".
        "section": meta.get("section") or None,
        "page": page if isinstance(page, int) and page >= 0 else None,
        "start": int(meta["start"]),
        "end": int(meta["end"]),
        # The collection uses cosine distance; report the similarity, higher is better.
        "score": round(1.0 - float(distance), 6),
        "text": doc.page_content,
    }


class Baseline:
    """Dense top-k over the assistant's chunks collection; answer = top chunk + " [1]"."""

    name = "langchain-dense"

    def __init__(self, settings: Settings, embedder: Embedder | None = None, k: int = 5) -> None:
        self.k = k
        embedder = embedder or get_embedder(settings.embedder)
        self.store = IndexStore(settings, embedder.name)
        chunks_name = collection_names(settings, embedder.name)[0]
        self.vectorstore = Chroma(
            client=self.store.client,
            collection_name=chunks_name,
            embedding_function=EmbedderAdapter(embedder),
            # The collection is the assistant's: read it, never create or reconfigure it.
            create_collection_if_not_exists=False,
        )

    def chunk_count(self) -> int:
        return self.store.chunk_count()

    def ask(self, question: str, history: list[str] | None = None) -> dict[str, Any]:
        """The Answer.to_dict() shape. A plain pipeline: the history is ignored, the question
        is the query. Citations are the whole top-k (its retrieval); the answer cites [1]."""
        t0 = time.perf_counter()
        hits = self.vectorstore.similarity_search_with_score(question, k=self.k)
        t1 = time.perf_counter()
        citations = [citation_from(n, doc, dist) for n, (doc, dist) in enumerate(hits, start=1)]
        answer = citations[0]["text"] + " [1]" if citations else ""
        t2 = time.perf_counter()
        return {
            "answer": answer,
            "answerable": True,  # never refuses: that is the point of the comparison
            "query": question,
            "citations": citations,
            "timings_ms": {
                "retrieve": round(1000 * (t1 - t0), 1),
                "answer": round(1000 * (t2 - t1), 1),
            },
        }
