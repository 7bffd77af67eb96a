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
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from core.config import Settings
from core.embedder import Embedder, get_embedder
from core.index import IndexStore, chunk_sentences
from core.schema import DOC_FIELDS, Chunk, content_hash
from ingest.chunking import chunk_document, index_text
from ingest.dates import document_date
from ingest.loaders import (
    SIDECAR_SUFFIX,
    SUPPORTED_SUFFIXES,
    LoaderError,
    is_sidecar,
    load_document,
)

# Bump when chunking changes in a way that settings do not show: forces a re-chunk.
CHUNKER_VERSION = "3"  # 3: plain-text FAQ entries (a question line, its answer under it)


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class IngestWarning:
    """A document that was ingested, but not entirely as written (e.g. its front matter)."""

    path: str
    warning: str


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
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
    """(root, files to ingest, what was passed over and why).

    Only regular files inside the folder are read. Symbolic links are never followed: one
    that leaves the folder would make any file the server can read (/etc/passwd) a
    searchable document, and one that stays inside only gives a second name to a file that
    is ingested under its own. Hidden files and folders are listed as skipped. A sidecar
    (`<file>.meta.yaml`) is metadata, not a document: silent, unless nothing sits beside it.
    A path given by name (the folder itself, or one file) is resolved: whoever typed it chose it.
    """
    path = path.resolve()
    if path.is_file():
        return path.parent, [path], []
    if not path.is_dir():
        raise FileNotFoundError(f"no such file or folder: {path}")
    files: list[Path] = []
    skipped: list[Skipped] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename or path)
        rel = where.relative_to(path).as_posix() if where != path else "."
        skipped.append(Skipped(rel + "/", f"cannot read folder: {exc.strerror or exc}"))

    # followlinks=False: a linked folder is listed, never entered, so link loops cannot trap us.
    for dirpath, dirnames, filenames in os.walk(path, onerror=unreadable, followlinks=False):
        here = Path(dirpath)
        for name in list(dirnames):
            p = here / name
            reason = _passed_over(path, p, name)
            if reason:
                dirnames.remove(name)
                skipped.append(Skipped(p.relative_to(path).as_posix() + "/", reason))
        for name in filenames:
            p = here / name
            rel = p.relative_to(path).as_posix()
            reason = _passed_over(path, p, name)
            if reason is None and is_sidecar(p):
                reason = _orphan_sidecar(p)
                if reason is None:
                    continue
            if reason is None and not p.is_file():
                reason = "not a regular file"
            if reason is None and p.suffix.lower() not in SUPPORTED_SUFFIXES:
                reason = f"unsupported file type: {p.suffix or '(none)'}"
            if reason is None:
                files.append(p)
            else:
                skipped.append(Skipped(rel, reason))
    skipped.sort(key=lambda s: s.path)
    return path, sorted(files), skipped


def _passed_over(root: Path, p: Path, name: str) -> str | None:
    """Why a folder entry is not read at all (a symbolic link, a hidden name), or None."""
    if p.is_symlink():
        if not Path(os.path.realpath(p)).is_relative_to(root):
            return "symlink points outside the folder"
        return "symbolic link: not followed (the file it names is read under its own name)"
    if name.startswith("."):
        return "hidden folder" if p.is_dir() else "hidden file"
    return None


def _orphan_sidecar(p: Path) -> str | None:
    """Why a sidecar will not be read, or None when a document sits beside it."""
    if not p.name.endswith(SIDECAR_SUFFIX):
        return f"metadata sidecar not read: its name must end in {SIDECAR_SUFFIX} (lower case)"
    document = p.name[: -len(SIDECAR_SUFFIX)]
    if not os.path.lexists(p.with_name(document)):
        return f"metadata sidecar without a document: there is no {document!r} beside it"
    return None


def doc_id_for(root: Path, file: Path) -> str:
    """Stable id from the path below the ingested folder: 'beleid/nazorg' for beleid/nazorg.pdf."""
    return file.relative_to(root).with_suffix("").as_posix()


def _claim_order(files: list[Path], root: Path, known: dict[str, dict]) -> list[Path]:
    """The files in path order, except that of several files with one doc_id, the one the
    index already holds goes first and keeps it: adding bericht.docx beside an ingested
    bericht.txt does not silently replace it. Otherwise the first in path order wins."""
    first: dict[str, int] = {}
    keyed = []
    for n, file in enumerate(files):
        doc_id = doc_id_for(root, file)
        meta = known.get(doc_id) or {}
        indexed = meta.get("root") == str(root) and meta.get("path") == _rel(root, file)
        keyed.append((first.setdefault(doc_id, n), not indexed, n, file))
    return [file for *_, file in sorted(keyed)]


def _rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _still_inside(root: Path, file: Path) -> None:
    """Refuse a file that became a link out of the folder after it was listed (the loader
    itself does not follow a link in the last step of the path; this checks the folders)."""
    if not Path(os.path.realpath(file)).is_relative_to(root):
        raise LoaderError("symlink points outside the folder")


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
        embeds = _Embeds(settings, store, embedder, writes, summary, timings)
        # Every document file present, loadable or not: a file that fails to load today keeps
        # what it was indexed as (it is listed as skipped), rather than being removed.
        seen_ids = {doc_id_for(root, f) for f in files}
        # doc_id -> the file that holds it. Only a file that loads claims its doc_id, so a
        # broken bericht.docx never hides a good bericht.txt.
        claimed: dict[str, str] = {}
        seen_content: dict[str, str] = {}
        files = _claim_order(files, root, known)
        bar = tqdm(files, desc="ingest", unit="file", disable=not progress, leave=False)
        for file in bar:
            rel = file.relative_to(root).as_posix()
            doc_id = doc_id_for(root, file)
            t = time.perf_counter()
            notes: list[str] = []
            try:
                _still_inside(root, file)
                doc = load_document(
                    file,
                    max_bytes=int(settings.max_file_mb * 1024 * 1024),
                    max_pdf_pages=settings.max_pdf_pages,
                    max_chars=settings.max_document_chars,
                    warnings=notes,
                )
            except LoaderError as exc:
                summary.skipped.append(Skipped(rel, str(exc)))
                continue
            finally:
                timings["parse"] += time.perf_counter() - t
            if doc_id in claimed:
                summary.skipped.append(
                    Skipped(
                        rel,
                        f"doc_id {doc_id!r} is already taken by {claimed[doc_id]!r}; "
                        "rename one of the two files",
                    )
                )
                continue
            claimed[doc_id] = rel
            summary.warnings += [IngestWarning(rel, note) for note in notes]
            meta = {k: str(v) for k, v in doc.metadata.items() if v not in (None, "")}
            meta.setdefault("title", file.stem)
            meta.setdefault("doc_type", "onbekend")
            # Every document gets a date if one can be found (ingest/dates.py).
            meta.pop("date", None)
            found, date_from = document_date(doc.metadata, doc.text)
            if found:
                meta.update(date=found, date_source=date_from)
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
            doc_meta = {k: meta[k] for k in DOC_FIELDS if k in meta}
            doc_meta.update(
                content_hash=digest,
                fingerprint=fp,
                root=str(root),
                path=rel,
                n_chunks=len(chunks),
                page_starts=json.dumps(doc.page_starts),
            )
            if meta.get("date_source"):
                doc_meta["date_source"] = meta["date_source"]
            embeds.add(_Pending(
                doc_id, bool(old), chunks, previous, (doc_id, doc.text, doc_meta)
            ))

        embeds.flush()
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


@dataclass
class _Pending:
    """A document read and chunked, waiting for its chunks' vectors."""

    doc_id: str
    old: bool  # in the index before this run
    chunks: list[Chunk]
    previous: dict[str, tuple[str, list[float], str]]  # its chunks in the index now
    record: tuple[str, str, dict]  # (doc_id, text, metadata) for the documents collection
    texts: list[str] = field(default_factory=list)  # what is embedded per chunk
    hashes: list[str] = field(default_factory=list)
    new: int = 0  # chunks whose text the index holds no vector for


class _Embeds:
    """The new chunks of several documents embedded in one call, then handed to `_Writes`.

    One document's chunks (~15, ~10 k characters) make a few pieces for the embedder's
    threads, and its last piece leaves a core idle: embedding document by document, ingest
    used ~1.44 of 2 cores (docs/bench.md). A batch is `embed_batch_size` new chunks or more,
    whichever documents they come from. Crash safety is `_Writes`': a document's record is
    still written after its chunks."""

    def __init__(self, settings: Settings, store: IndexStore, embedder: Embedder,
                 writes: _Writes, summary: IngestSummary, timings: dict) -> None:
        self.settings, self.store, self.embedder = settings, store, embedder
        self.writes, self.summary, self.timings = writes, summary, timings
        self.docs: list[_Pending] = []
        self.todo = 0

    def add(self, doc: _Pending) -> None:
        self.docs.append(doc)
        doc.texts = [index_text(c) for c in doc.chunks]
        doc.hashes = [content_hash(x) for x in doc.texts]
        known = {h for h, _, _ in doc.previous.values()}
        doc.new = sum(h not in known for h in doc.hashes)
        self.todo += doc.new
        if self.todo >= self.settings.embed_batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.docs:
            return
        docs, self.docs, self.todo = self.docs, [], 0
        cache = {h: v for d in docs for h, v, _ in d.previous.values()}
        # Each new text once, even when two documents share a chunk's text.
        todo = list(dict.fromkeys(
            (h, x) for d in docs for h, x in zip(d.hashes, d.texts) if h not in cache
        ))
        t = time.perf_counter()
        if todo:
            vecs = self.embedder.embed_passages([x for _, x in todo])
            for (h, _), v in zip(todo, vecs):
                cache[h] = v.tolist()
        self.timings["embed"] += time.perf_counter() - t
        self.summary.chunks_embedded += sum(d.new for d in docs)
        if self.settings.sentence_vectors and not self.settings.fills_sentences_later:
            self.summary.sentences_embedded += _embed_sentences(
                [c for d in docs for c in d.chunks], self.store, self.embedder,
                self.settings.embed_batch_size, self.timings,
            )
        t = time.perf_counter()
        for d in docs:
            stale = sorted(set(d.previous) - {c.chunk_id for c in d.chunks})
            self.writes.add(
                d.chunks, [cache[h] for h in d.hashes], [{"embed_hash": h} for h in d.hashes],
                stale, d.record,
            )
            (self.summary.updated if d.old else self.summary.added).append(d.doc_id)
        self.timings["index"] += time.perf_counter() - t


def _embed_sentences(
    chunks: list[Chunk], store: IndexStore, embedder: Embedder, batch: int, timings: dict
) -> int:
    """Store vectors for the answerable sentences of these chunks (as the answerer reads
    them, through their blocks) that have none yet (unchanged sentences keep theirs);
    returns how many were embedded."""
    t = time.perf_counter()
    todo = store.sentence_vectors.missing(s for c in chunks for s in chunk_sentences(c))
    timings["index"] += time.perf_counter() - t
    # A sentence is about a sixth of a chunk: batches of as much text as the chunks' give the
    # embedder pieces for every core (core/embedder.py).
    batch *= 6
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
        self.docs: list[tuple[str, str, dict]] = []
        self.since = time.monotonic()

    def mark(self) -> None:
        if not self.marked:
            self.store.mark_changing()
            self.marked = True

    def add(self, chunks, vectors, extra, stale, doc) -> None:
        self.chunks += chunks
        self.vectors += vectors
        self.extra += extra
        self.stale += stale
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
