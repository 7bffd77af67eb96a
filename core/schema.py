"""The shape of what goes into the index: documents and chunks, and how they map to Chroma."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from core.blocks import Block, dump_blocks, load_blocks

CHUNKS_COLLECTION = "lob_chunks"
DOCUMENTS_COLLECTION = "lob_documents"

# Fields every document carries; loaders fill what the file says, ingest fills the rest.
DOC_FIELDS = ("title", "publisher", "doc_type", "source", "date")


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


@dataclass
class Chunk:
    """One indexed passage: text == document_text[start:end]."""

    chunk_id: str
    doc_id: str
    title: str
    doc_type: str
    section: str | None
    page: int | None
    start: int
    end: int
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
