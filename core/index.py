"""The index as both sides see it: the Chroma collections, the BM25 files and the sentence
vectors, per embedder.

Ingest writes through `IndexStore`; the assistant reads through it. Everything about where
things live (data dir, server or embedded, collection names) is decided here and nowhere else.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from core import text as textmod
from core.config import Settings
from core.lexical import LexicalIndex, current_version
from core.schema import Chunk, content_hash, index_text
from core.sentence_vectors import SentenceVectors
from core.sentences import context_text, heading_path, split_units
from core.store import get_collections, make_client

# Documents carry no vector of their own; Chroma still wants one per record.
_NO_VECTOR = [0.0]
_GET_PAGE = 5000  # Chroma caps how many records one get() may return
# The generation an ingest publishes before its first write (see IndexStore.mark_changing).
PENDING = "pending-"


def chunk_sentences(chunk: Chunk) -> list[str]:
    """The texts the answerer embeds for this chunk (read through its blocks, as a passage):
    its units and what each stands under (core.sentences.context_text). Ingest embeds them
    ahead and the sentence-vector references track them, so an answer embeds its question
    only."""
    units = split_units(chunk.text, 0, chunk.blocks, chunk.start)
    contexts = (
        context_text(u, chunk.title, heading_path(u, chunk.blocks, chunk.section)) for u in units
    )
    return list(dict.fromkeys([*(u.text for u in units), *contexts]))


def is_pending(generation: str | None) -> bool:
    """Whether an ingest is under way (or died) in the store: no BM25 index matches it."""
    return generation is not None and generation.startswith(PENDING)


class IndexStore:
    def __init__(self, settings: Settings, embedder_name: str) -> None:
        self.settings = settings
        self.embedder_name = embedder_name
        self.client = make_client(settings)
        self.chunks, self.documents, self.meta = get_collections(
            self.client, settings, embedder_name
        )
        self.bm25_dir: Path = settings.bm25_dir / embedder_name
        self.sentence_vectors = SentenceVectors(
            settings.sentences_dir / f"{embedder_name}.sqlite3"
        )
        self._refs_checked = False

    # -- documents -------------------------------------------------------------------------
    def document_records(self) -> dict[str, dict[str, Any]]:
        """doc_id -> metadata of every indexed document."""
        out: dict[str, dict[str, Any]] = {}
        for ids, metas, _ in self._pages(self.documents, include=["metadatas"]):
            out.update(zip(ids, metas))
        return out

    def document(self, doc_id: str) -> tuple[str, dict[str, Any]] | None:
        got = self.documents.get(ids=[doc_id], include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return got["documents"][0], got["metadatas"][0]

    def put_documents(self, docs: list[tuple[str, str, dict[str, Any]]]) -> None:
        """(doc_id, text, metadata) records, written in as few upserts as Chroma allows."""
        for i in range(0, len(docs), _GET_PAGE):
            part = docs[i : i + _GET_PAGE]
            self.documents.upsert(
                ids=[d[0] for d in part], documents=[d[1] for d in part],
                metadatas=[d[2] for d in part], embeddings=[_NO_VECTOR] * len(part),
            )

    def delete_document(self, doc_id: str) -> None:
        self._sentence_refs()
        pages = self._pages(self.chunks, [], {"doc_id": doc_id})
        gone = [cid for ids, _, _ in pages for cid in ids]
        self.chunks.delete(where={"doc_id": doc_id})
        self.documents.delete(ids=[doc_id])
        self.sentence_vectors.unrefer(gone)

    # -- chunks ----------------------------------------------------------------------------
    def chunk_embeddings(self, doc_id: str) -> dict[str, tuple[str, list[float], str]]:
        """chunk_id -> (embed_hash, vector, text) of a document's chunks now in the index."""
        got = self.chunks.get(
            where={"doc_id": doc_id}, include=["metadatas", "embeddings", "documents"]
        )
        embs = got["embeddings"] if got["embeddings"] is not None else []
        return {
            cid: (meta.get("embed_hash", ""), list(emb), text)
            for cid, meta, emb, text in zip(got["ids"], got["metadatas"], embs, got["documents"])
        }

    def put_chunks(self, chunks: list[Chunk], embeddings: list[list[float]], extra: list[dict]):
        if not chunks:
            return
        self._sentence_refs()
        metas = [{**c.metadata(), **x} for c, x in zip(chunks, extra)]
        for i in range(0, len(chunks), _GET_PAGE):
            sl = slice(i, i + _GET_PAGE)
            self.chunks.upsert(
                ids=[c.chunk_id for c in chunks[sl]],
                documents=[c.text for c in chunks[sl]],
                metadatas=metas[sl],
                embeddings=embeddings[sl],
            )
        # After the store: should the upsert fail, the references still say what it holds.
        self.sentence_vectors.refer({c.chunk_id: chunk_sentences(c) for c in chunks})

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        if not chunk_ids:
            return
        self._sentence_refs()
        for i in range(0, len(chunk_ids), _GET_PAGE):
            self.chunks.delete(ids=chunk_ids[i : i + _GET_PAGE])
        self.sentence_vectors.unrefer(chunk_ids)

    def _sentence_refs(self) -> None:
        """Before the first write: a sentence-vector file from before the reference table
        (or one lost and started afresh) gets it, filled from every chunk in the store, so
        that no vector a chunk still needs is deleted. Writers hold the ingest lock."""
        if self._refs_checked:
            return
        if not self.sentence_vectors.refs_complete():
            held: dict[str, list[str]] = {}
            for ids, metas, docs in self._pages(self.chunks, ["metadatas", "documents"]):
                for cid, meta, text in zip(ids, metas, docs):
                    held[cid] = chunk_sentences(Chunk.from_record(cid, text, meta))
            self.sentence_vectors.refer(held, complete=True)
        self._refs_checked = True

    def all_chunks(self) -> list[Chunk]:
        out: list[Chunk] = []
        for ids, metas, docs in self._pages(self.chunks, include=["metadatas", "documents"]):
            out.extend(Chunk.from_record(i, d, m) for i, d, m in zip(ids, docs, metas))
        return out

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one document, in document order."""
        return sorted(self._chunks_of([doc_id]), key=lambda c: (c.start, c.end))

    def get_chunks(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        if not chunk_ids:
            return {}
        got = self.chunks.get(ids=chunk_ids, include=["metadatas", "documents"])
        return {
            i: Chunk.from_record(i, d, m)
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
        }

    def chunk_count(self) -> int:
        return self.chunks.count()

    # -- BM25 ------------------------------------------------------------------------------
    def load_lexical(self) -> LexicalIndex | None:
        return LexicalIndex.load(self.bm25_dir)

    def generation(self) -> str | None:
        """A token that changes with every write to the index. Every process that serves the
        index (replicas on one Chroma server each keep their own BM25 files) compares it
        with the generation of its BM25 index to know when to rebuild."""
        got = self.meta.get(ids=["generation"], include=["metadatas"])
        return got["metadatas"][0].get("value") if got["ids"] else None

    def mark_changing(self) -> None:
        """Say, before the first write of an ingest, that the store no longer matches any BM25
        index: if the ingest dies before it publishes its own, the next one (and every
        replica) sees a generation no BM25 index has and rebuilds in full."""
        self._publish(PENDING + uuid.uuid4().hex)

    def rebuild_lexical(
        self, generation: str | None = None, changed_docs: set[str] | None = None,
        save: bool = True,
    ) -> LexicalIndex:
        """BM25 over every chunk in the store, saved under this data dir (only under the
        ingest lock; `save=False` builds it in memory, for a server that must not write).
        Without a generation, this is a new state of the index and it is published for the
        others.

        With `changed_docs` (the documents an ingest added, changed or removed) and a BM25
        index here that is in step with the store apart from them, only those documents'
        chunks are read and tokenised; otherwise every chunk is read, and the terms of those
        the last index already had are reused."""
        previous = self.load_lexical()
        gen = generation or uuid.uuid4().hex
        index = None
        if changed_docs is not None and previous is not None:
            index = self._updated_lexical(previous, changed_docs, gen)
        if index is None:
            chunks = sorted(self.all_chunks(), key=lambda c: c.chunk_id)
            texts = [index_text(c) for c in chunks]
            index = LexicalIndex.build(
                [c.chunk_id for c in chunks],
                texts,
                facets={
                    "doc_id": [c.doc_id for c in chunks],
                    "doc_type": [c.doc_type for c in chunks],
                },
                generation=gen,
                keys=[content_hash(t) for t in texts],
                previous=previous,
            )
        if save:
            index.save(self.bm25_dir)
        if generation is None:
            self._publish(index.generation)
        return index

    def _updated_lexical(
        self, previous: LexicalIndex, changed_docs: set[str], generation: str
    ) -> LexicalIndex | None:
        # The caller vouches that `previous` matched the store before these documents changed.
        tokens = previous.tokens()
        if tokens is None or tokens.version != textmod.TERMS_VERSION:
            return None
        doc_ids, doc_types = previous.facets["doc_id"], previous.facets["doc_type"]
        rows = [
            (cid, None, tokens.keys[i], doc_ids[i], doc_types[i])
            for i, cid in enumerate(previous.chunk_ids)
            if doc_ids[i] not in changed_docs
        ]
        for c in self._chunks_of(sorted(changed_docs)):
            text = index_text(c)
            rows.append((c.chunk_id, text, content_hash(text), c.doc_id, c.doc_type))
        if len(rows) != self.chunk_count():
            return None  # the store holds chunks this index never saw: read them all
        rows.sort(key=lambda r: r[0])  # the order of a full rebuild: same ids, same ties
        ids, texts, keys, docs, types = (list(col) for col in zip(*rows)) if rows else ([],) * 5
        return LexicalIndex.build(
            ids, texts, facets={"doc_id": docs, "doc_type": types}, generation=generation,
            keys=keys, previous=previous,
        )

    def _chunks_of(self, doc_ids: list[str]) -> list[Chunk]:
        out: list[Chunk] = []
        for i in range(0, len(doc_ids), 100):
            where = {"doc_id": {"$in": doc_ids[i : i + 100]}}
            for ids, metas, docs in self._pages(self.chunks, ["metadatas", "documents"], where):
                out.extend(Chunk.from_record(c, d, m) for c, d, m in zip(ids, docs, metas))
        return out

    def _publish(self, generation: str) -> None:
        self.meta.upsert(
            ids=["generation"], documents=[""], metadatas=[{"value": generation}],
            embeddings=[_NO_VECTOR],
        )

    def lexical_stamp(self) -> str | None:
        """The saved BM25 version now live (None: none yet); changes whenever ingest saves
        one, so readers compare it with `LexicalIndex.version` and reload on change."""
        return current_version(self.bm25_dir)

    @staticmethod
    def _pages(collection, include: list[str], where: dict | None = None):
        offset = 0
        while True:
            got = collection.get(include=include, where=where, limit=_GET_PAGE, offset=offset)
            if not got["ids"]:
                return
            yield (
                got["ids"],
                got.get("metadatas") or [{}] * len(got["ids"]),
                got.get("documents") or [""] * len(got["ids"]),
            )
            offset += len(got["ids"])
