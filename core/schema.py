"""The shapes of what goes into the index (documents, chunks, and how they map to Chroma) and
of what comes out (passages and citations): written here once, read by the engine, the API's
models, the CLI's JSON and the eval."""

from __future__ import annotations

import hashlib
from dataclasses import Field, asdict, dataclass, field, fields
from typing import Any

from core.blocks import Block, dump_blocks, load_blocks

CHUNKS_COLLECTION = "lob_chunks"
DOCUMENTS_COLLECTION = "lob_documents"

@dataclass
class LoadedDocument:
    """A file as a loader read it. `text` is the document's text: every offset points into it."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    # Character offset at which each page starts (PDF only); page n starts at page_starts[n-1].
    page_starts: list[int] = field(default_factory=list)
    # What each span of `text` is (headings, paragraphs, list items, tables, FAQ entries).
    blocks: list[Block] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        page = 1
        for n, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = n
            else:
                break
        return page


# Marks a field the engine uses but callers never see (not in the JSON, not in the API).
INTERNAL = {"public": False}


def is_public(f: Field) -> bool:
    return f.metadata.get("public", True)


def public_dict(obj: Any) -> dict[str, Any]:
    """A dataclass's public fields, in field order: the JSON shape of a passage or citation."""
    return {f.name: getattr(obj, f.name) for f in fields(obj) if is_public(f)}


@dataclass
class Located:
    """A piece of a document and where it stands: what the index keeps of a chunk and every
    passage that comes out of it carries (text == the document's text[start:end])."""

    chunk_id: str = field(metadata=INTERNAL)
    doc_id: str
    title: str
    doc_type: str
    section: str | None
    page: int | None
    start: int
    end: int


@dataclass
class Chunk(Located):
    """One indexed passage."""

    text: str
    # The document's blocks that overlap this chunk (document offsets): the answerer reads
    # its units from them.
    blocks: list[Block] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata: scalars only, no None values."""
        skip = ("chunk_id", "text", "blocks")
        meta = {k: v for k, v in asdict(self).items() if k not in skip}
        meta["section"] = self.section or ""
        meta["page"] = self.page if self.page is not None else -1
        meta["content_hash"] = content_hash(self.text)
        meta["blocks"] = dump_blocks(self.blocks)
        return meta

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
        page = meta.get("page", -1)
        return cls(
            chunk_id=chunk_id,
            doc_id=meta["doc_id"],
            title=meta.get("title", ""),
            doc_type=meta.get("doc_type", ""),
            section=meta.get("section") or None,
            page=page if isinstance(page, int) and page >= 0 else None,
            start=int(meta["start"]),
            end=int(meta["end"]),
            text=text,
            blocks=load_blocks(meta.get("blocks")),
        )


@dataclass
class Passage(Located):
    """A retrieved chunk. The API's search results, `lob search --json` and an answer's
    citations are its public fields."""

    score: float
    text: str
    dense_rank: int | None = field(default=None, metadata=INTERNAL)
    bm25_rank: int | None = field(default=None, metadata=INTERNAL)
    # The document's blocks this passage overlaps: the answerer reads its units from them.
    blocks: list[Block] = field(default_factory=list, repr=False, metadata=INTERNAL)

    def public(self) -> dict[str, Any]:
        """The `lob search --json` / `GET /api/v1/search` shape."""
        return public_dict(self)


@dataclass
class Citation(Passage):
    """A passage an answer cites: the `[n]` in the answer text points at it."""

    n: int = field(kw_only=True, metadata={"doc": "the number [n] in the answer"})
    quotes: list[list[int]] = field(
        default_factory=list, kw_only=True,
        metadata={"doc": "document offsets [start, end) of each unit the answer quotes from "
                         "this passage (sentence, list item, table row)"},
    )

    @classmethod
    def of(cls, passage: Passage, n: int) -> Citation:
        return cls(**{f.name: getattr(passage, f.name) for f in fields(Passage)}, n=n)


@dataclass
class DocumentInfo:
    """An indexed document as the service lists it."""

    doc_id: str
    # What every document carries (DOC_FIELDS); loaders fill what the file says, ingest the rest.
    title: str | None
    publisher: str | None
    doc_type: str | None
    source: str | None
    date: str | None
    n_chunks: int

    @classmethod
    def from_record(cls, doc_id: str, meta: dict[str, Any], **more: Any) -> DocumentInfo:
        """From the documents collection's metadata (Chroma stores no None: absent keys)."""
        values = {k: meta.get(k) for k in DOC_FIELDS}
        return cls(doc_id=doc_id, **values, n_chunks=int(meta.get("n_chunks", 0)), **more)


@dataclass
class Document(DocumentInfo):
    """A document with its text (every passage's start/end points into it)."""

    text: str = ""

    @classmethod
    def from_record(cls, doc_id: str, meta: dict[str, Any], text: str = "") -> Document:
        return super().from_record(doc_id, meta, text=text)


DOC_FIELDS = tuple(f.name for f in fields(DocumentInfo) if f.name not in ("doc_id", "n_chunks"))


def content_hash(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def make_chunk_id(doc_id: str, start: int, end: int, text: str) -> str:
    """Deterministic, so a re-ingest after a crash converges on the same ids."""
    return hashlib.sha1(f"{doc_id}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()[:20]


def index_text(chunk: Chunk) -> str:
    """What gets embedded and BM25-indexed: the passage with its title and section in front,
    so a passage that says "het project" is still found by the project's name."""
    head = chunk.title if not chunk.section else f"{chunk.title} — {chunk.section}"
    return f"{head}\n{chunk.text}"
