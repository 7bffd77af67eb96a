"""Ingest a folder: load, chunk, embed and index, incrementally and idempotently.

Documents are written in batches (`_Writes`); per batch the order of writes is: chunks
(upsert), stale chunks (delete), then the document records with their content hash. A record
is written after its chunks, so a crash anywhere before it leaves the old hash in place and
the next run redoes that document; chunk ids are deterministic, so redoing converges on
exactly the index a clean run builds. Before its first write a run marks
the store as changing; at its end it updates BM25 with the documents it changed (reading
and tokenising only theirs), swaps it in atomically and publishes its generation. A run that
finds the mark of one that died rebuilds BM25 from every chunk.
"""

from __future__ import annotations

import fcntl
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from core.config import Settings
from core.embedder import Embedder, get_embedder
from core.index import IndexStore
from core.schema import DOC_FIELDS, content_hash
from core.sentences import unit_texts
from ingest.chunking import chunk_document, index_text
from ingest.loaders import SUPPORTED_SUFFIXES, LoaderError, is_sidecar, load_document

# Bump when chunking changes in a way that settings do not show: forces a re-chunk.
CHUNKER_VERSION = "2"


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks_embedded: int = 0
    sentences_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict:
        return asdict(self)


def fingerprint(settings: Settings, embedder_name: str) -> str:
    return json.dumps(
        [
            embedder_name, settings.chunk_size, settings.chunk_overlap, CHUNKER_VERSION,
            settings.sentence_vectors,
        ]
    )


def discover(path: Path) -> tuple[Path, list[Path], list[Skipped]]:
    """(root, files to ingest, files passed over). Hidden files and sidecars are not documents."""
    path = path.resolve()
    if path.is_file():
        return path.parent, [path], []
    if not path.is_dir():
        raise FileNotFoundError(f"no such file or folder: {path}")
    files, skipped = [], []
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path)
        if not p.is_file() or any(part.startswith(".") for part in rel.parts) or is_sidecar(p):
            continue
        if p.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(p)
        else:
            skipped.append(Skipped(str(rel), f"unsupported file type: {p.suffix or '(none)'}"))
    return path, files, skipped


def doc_id_for(root: Path, file: Path) -> str:
    """Stable id from the path below the ingested folder: 'beleid/nazorg' for beleid/nazorg.pdf."""
    return file.relative_to(root).with_suffix("").as_posix()


@contextmanager
def _write_lock(settings: Settings) -> Iterator[None]:
    """One writer per data dir: a second `lob ingest` waits instead of interleaving."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / ".ingest.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ingest(
    path: Path,
    settings: Settings,
    embedder: Embedder | None = None,
    progress: bool = True,
) -> IngestSummary:
    t0 = time.perf_counter()
    embedder = embedder or get_embedder(settings.embedder)
    root, files, skipped = discover(Path(path))
    summary = IngestSummary(skipped=skipped)
    timings = {"parse": 0.0, "chunk": 0.0, "embed": 0.0, "index": 0.0}
    fp = fingerprint(settings, embedder.name)

    with _write_lock(settings):
        store = IndexStore(settings, embedder.name)
        known = store.document_records()
        in_step = _lexical_in_step(store)
        writes = _Writes(store)
        seen_ids: set[str] = set()
        seen_content: dict[str, str] = {}
        bar = tqdm(files, desc="ingest", unit="file", disable=not progress, leave=False)
        for file in bar:
            rel = file.relative_to(root).as_posix()
            doc_id = doc_id_for(root, file)
            if doc_id in seen_ids:
                summary.skipped.append(Skipped(rel, f"another file already has doc_id {doc_id!r}"))
                continue
            seen_ids.add(doc_id)
            t = time.perf_counter()
            try:
                doc = load_document(file, max_bytes=int(settings.max_file_mb * 1024 * 1024))
            except LoaderError as exc:
                summary.skipped.append(Skipped(rel, str(exc)))
                continue
            finally:
                timings["parse"] += time.perf_counter() - t
            meta = {k: str(v) for k, v in doc.metadata.items() if v not in (None, "")}
            meta.setdefault("title", file.stem)
            meta.setdefault("doc_type", "onbekend")
            digest = content_hash(doc.text + json.dumps(meta, sort_keys=True))
            text_digest = content_hash(doc.text)
            if text_digest in seen_content:
                summary.skipped.append(
                    Skipped(rel, f"same text as {seen_content[text_digest]!r} (duplicate)")
                )
                continue
            seen_content[text_digest] = doc_id
            old = known.get(doc_id)
            if old and old.get("content_hash") == digest and old.get("fingerprint") == fp:
                summary.unchanged.append(doc_id)
                continue

            t = time.perf_counter()
            doc.metadata = meta
            chunks = chunk_document(doc_id, doc, settings.chunk_size, settings.chunk_overlap)
            timings["chunk"] += time.perf_counter() - t

            # Reuse vectors of chunks whose embedded text did not change.
            previous = store.chunk_embeddings(doc_id) if old else {}
            cache = {h: v for h, v, _ in previous.values()}
            texts = [index_text(c) for c in chunks]
            hashes = [content_hash(x) for x in texts]
            todo = [i for i, h in enumerate(hashes) if h not in cache]
            t = time.perf_counter()
            batch = settings.embed_batch_size
            for i in range(0, len(todo), batch):
                idx = todo[i : i + batch]
                vecs = embedder.embed_passages([texts[j] for j in idx])
                for j, v in zip(idx, vecs):
                    cache[hashes[j]] = v.tolist()
            timings["embed"] += time.perf_counter() - t
            summary.chunks_embedded += len(todo)
            if settings.sentence_vectors:
                summary.sentences_embedded += _embed_sentences(
                    [c.text for c in chunks], store, embedder, batch, timings
                )

            t = time.perf_counter()
            doc_meta = {k: meta[k] for k in DOC_FIELDS if k in meta}
            doc_meta.update(
                content_hash=digest,
                fingerprint=fp,
                root=str(root),
                path=rel,
                n_chunks=len(chunks),
                page_starts=json.dumps(doc.page_starts),
            )
            stale = sorted(set(previous) - {c.chunk_id for c in chunks})
            writes.add(
                chunks, [cache[h] for h in hashes], [{"embed_hash": h} for h in hashes],
                stale, [previous[c][2] for c in stale], (doc_id, doc.text, doc_meta),
            )
            timings["index"] += time.perf_counter() - t
            (summary.updated if old else summary.added).append(doc_id)

        t = time.perf_counter()
        writes.flush()
        timings["index"] += time.perf_counter() - t

        # Documents once ingested from this folder whose file is gone. Ingesting a single
        # file says nothing about its neighbours, so that removes nothing.
        if not Path(path).resolve().is_file():
            for doc_id, meta in known.items():
                if meta.get("root") == str(root) and doc_id not in seen_ids:
                    writes.mark()
                    store.delete_document(doc_id)
                    summary.removed.append(doc_id)

        t = time.perf_counter()
        if summary.changed or not in_step:
            changed = {*summary.added, *summary.updated, *summary.removed}
            store.rebuild_lexical(changed_docs=changed if in_step else None)
        timings["index"] += time.perf_counter() - t
        summary.chunks_total = store.chunk_count()

    summary.timings = {k: round(v, 3) for k, v in timings.items()}
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary


def _embed_sentences(
    texts: list[str], store: IndexStore, embedder: Embedder, batch: int, timings: dict
) -> int:
    """Store vectors for the answerable sentences of these chunk texts that have none yet
    (unchanged sentences keep theirs); returns how many were embedded."""
    t = time.perf_counter()
    todo = store.sentence_vectors.missing(s for text in texts for s in unit_texts(text))
    timings["index"] += time.perf_counter() - t
    for i in range(0, len(todo), batch):
        part = todo[i : i + batch]
        t = time.perf_counter()
        vecs = embedder.embed_passages(part)
        t1 = time.perf_counter()
        store.sentence_vectors.put(part, vecs)
        timings["embed"] += t1 - t
        timings["index"] += time.perf_counter() - t1
    return len(todo)


class _Writes:
    """The writes of several documents, sent to Chroma together: an upsert costs ~50 ms
    whatever its size (building 100k chunks one document at a time spent 750 of 845 s in
    13.6k upserts). Within a batch the order is still chunks, stale chunks, then the
    documents' records, so a crash never leaves a record ahead of its chunks. A batch is
    also sent after `max_seconds`: a crash loses at most that much embedding work."""

    def __init__(self, store: IndexStore, max_chunks: int = 500, max_seconds: float = 5.0):
        self.store, self.max_chunks, self.max_seconds = store, max_chunks, max_seconds
        self.marked = False
        self._clear()

    def _clear(self) -> None:
        self.chunks: list = []
        self.vectors: list[list[float]] = []
        self.extra: list[dict] = []
        self.stale: list[str] = []
        self.old_texts: list[str] = []
        self.docs: list[tuple[str, str, dict]] = []
        self.since = time.monotonic()

    def mark(self) -> None:
        if not self.marked:
            self.store.mark_changing()
            self.marked = True

    def add(self, chunks, vectors, extra, stale, old_texts, doc) -> None:
        self.chunks += chunks
        self.vectors += vectors
        self.extra += extra
        self.stale += stale
        self.old_texts += old_texts
        self.docs.append(doc)
        if (
            len(self.chunks) >= self.max_chunks
            or time.monotonic() - self.since >= self.max_seconds
        ):
            self.flush()

    def flush(self) -> None:
        if not self.docs:
            return
        self.mark()
        self.store.put_chunks(self.chunks, self.vectors, self.extra)
        self.store.delete_chunks(self.stale)
        self.store.forget_sentences(self.old_texts, keep=[c.text for c in self.chunks])
        self.store.put_documents(self.docs)
        self._clear()


def _lexical_in_step(store: IndexStore) -> bool:
    """Whether the BM25 index here was built from the store as it is now. Not so after an
    ingest that died between its writes and its BM25 rebuild, or one through another
    replica: the next rebuild then reads every chunk instead of only the changed ones."""
    index = store.load_lexical()
    return index is not None and index.generation == store.generation()


def remove_document(doc_id: str, settings: Settings, embedder_name: str) -> bool:
    """Delete a document and its chunks; False when there is no such document."""
    with _write_lock(settings):
        store = IndexStore(settings, embedder_name)
        if store.document(doc_id) is None:
            return False
        in_step = _lexical_in_step(store)
        store.mark_changing()
        store.delete_document(doc_id)
        store.rebuild_lexical(changed_docs={doc_id} if in_step else None)
        return True
