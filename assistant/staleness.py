"""Does a newer document speak of what an answer cites from an older one?

For each cited passage whose document has a date, the passages of documents with a later
year are searched with the cited passage's own stored vector (its text under its title and
section: core/schema.py `index_text`, so the heading counts). The nearest one, if its
cosine similarity reaches `Settings.staleness_min_similarity`, is a newer source on the same
subject: the reader is told, and it is cited too. Nothing here knows any document: only
dates and vectors decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.sources import year


@dataclass
class Newer:
    """A newer passage on the subject of the older cited passage `of` (its number [n])."""

    of: int
    doc_id: str
    title: str
    doc_type: str
    section: str | None
    start: int
    end: int
    text: str
    similarity: float

    def citation(self, n: int) -> dict:
        """As a citation (the public JSON shape) numbered n."""
        return {
            "n": n, "doc_id": self.doc_id, "title": self.title, "doc_type": self.doc_type,
            "section": self.section, "start": self.start, "end": self.end, "text": self.text,
            "quotes": [],
        }


def newer_sources(
    chunks, citations: list, dates: dict[str, str | None], min_similarity: float
) -> list[Newer]:
    """One `Newer` per cited document that a later-dated document covers. `chunks` is the
    Chroma chunk collection (cosine space), `citations` the answer's `Citation`s (with their
    internal chunk_id), `dates` each document's stored date by doc_id."""
    out: list[Newer] = []
    seen: set[str] = set()
    for c in citations:
        y = year(dates.get(c.doc_id))
        if y is None or c.doc_id in seen:
            continue
        # A newer document the answer cites already counts too: the reader is still told
        # which of its sources is the older one.
        later = sorted(d for d, date in dates.items() if (year(date) or 0) > y)
        if not later:
            continue
        got = chunks.get(ids=[c.chunk_id], include=["embeddings"])
        if len(got["ids"]) == 0:
            continue
        where = {"doc_id": later[0]} if len(later) == 1 else {"doc_id": {"$in": later}}
        near = chunks.query(
            query_embeddings=[list(got["embeddings"][0])], n_results=1, where=where,
            include=["metadatas", "documents", "distances"],
        )
        if not near["ids"][0]:
            continue
        similarity = 1.0 - float(near["distances"][0][0])
        if similarity < min_similarity:
            continue
        meta, text = near["metadatas"][0][0], near["documents"][0][0]
        seen.add(c.doc_id)
        out.append(Newer(
            of=c.n, doc_id=meta["doc_id"], title=meta.get("title") or meta["doc_id"],
            doc_type=meta.get("doc_type", ""), section=meta.get("section") or None,
            start=int(meta["start"]), end=int(meta["end"]), text=text,
            similarity=round(similarity, 3),
        ))
    return out
