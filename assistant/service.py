"""The assistant as a service: the one entry for the CLI, the API, the UI and the eval.

One object per process: it loads the model and the index once. Each method checks its input
(assistant/checks.py: a refusal is a typed `LobError`) and returns typed results: an
`Answer`, `Passage`s, `DocumentInfo`s, an `IngestSummary`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from assistant import checks
from assistant.answer import Answer, Assistant
from assistant.checks import (  # noqa: F401 (re-exported: callers see errors via the service)
    InvalidInput,
    LobError,
    NotFound,
    QuestionTooLong,
    UploadRejected,
)
from assistant.feedback import FeedbackStore
from assistant.retention import DailyJob, Purged, purge_expired
from assistant.retrieval import Retriever
from assistant.sessions import SessionStore, UnknownSession
from assistant.staleness import newer_sources
from core.config import Settings
from core.embedder import Embedder, get_embedder
from core.index import IndexStore
from core.schema import Document, DocumentInfo, Passage
from core.sentence_fill import SentenceFill
from core.sources import Notice, Source, make_sources, notice_text
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import IngestSummary, ingest, remove_document

log = logging.getLogger("lob.service")


@dataclass
class ChatAnswer:
    """An answer within a server-side chat session."""

    answer: Answer
    session_id: str

    def to_dict(self) -> dict:
        return {**self.answer.to_dict(), "session_id": self.session_id}


class LobService:
    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, *, retention: bool = True
    ) -> None:
        """`retention=False` for a one-off command (lob ask, the eval): no purge, no daily
        job, and no feedback database is created unless feedback is given."""
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embedder)
        self.store = IndexStore(settings, self.embedder.name)
        self.retriever = Retriever(settings, embedder=self.embedder, store=self.store)
        self.assistant = Assistant(settings, retriever=self.retriever)
        self.sessions = SessionStore(
            settings.session_ttl_s, settings.max_sessions, settings.max_history_turns
        )
        self._retention = DailyJob(self.purge_expired)
        # Sentence vectors an ingest left to fill (LOB_SENTENCE_FILL=background), here or in
        # another process on this data dir: filled behind the questions by a serving process.
        self.fill = SentenceFill(self.store, self.embedder, one_core=True)
        if not retention:
            return
        if settings.fills_sentences_later:
            self.fill.start(settings.generation_check_s)
        # Retention (AVG): purge now, then daily on a sleeping daemon thread.
        try:
            self.purge_expired()
        except Exception:  # e.g. a locked feedback db: serve anyway, say so, retry daily
            log.exception("retention purge at start-up failed")
        if settings.retention_days > 0:
            self._retention.start()

    @cached_property
    def feedback_store(self) -> FeedbackStore:
        return FeedbackStore(self.settings.feedback_db)

    @property
    def max_question_chars(self) -> int:
        """For a form's input limit; the check itself is the service's."""
        return self.settings.max_question_chars

    def close(self) -> None:
        """Stop the background threads (the sentence fill, the daily retention): a server
        shutting down, or a test done with its store, leaves no thread asking a store that
        is gone."""
        self.fill.stop(timeout=5)
        self._retention.stop()

    def purge_expired(self) -> Purged:
        """Drop feedback, upload copies and sessions older than LOB_RETENTION_DAYS."""
        purged = purge_expired(
            self.settings.retention_days, self.feedback_store, self.settings.uploads_dir,
            self.sessions,
        )
        if purged != Purged():
            log.info("retention: removed %s older than %d days", purged,
                     self.settings.retention_days)
        return purged

    # -- questions ---------------------------------------------------------------------------
    def ask(
        self, question: str, history: list[str] | None = None, k: int | None = None,
        doc_types: list[str] | None = None,
    ) -> Answer:
        """Raises InvalidInput (QuestionEmpty, QuestionTooLong, TurnTooLong, ...)."""
        question = checks.question(question, self.settings)
        history = checks.history(history, self.settings)
        return self.assistant.ask(question, history, k=k, doc_types=doc_types)

    def sources(self, answer: Answer) -> tuple[list[Source], list[Notice]]:
        """An answer's numbered sources for a reader (core/sources.py: title, date, section,
        quoted text, link to the source view) and a notice for each cited document that a
        newer document covers (assistant/staleness.py); that newer passage is a source too."""
        dates = {d.doc_id: d.date for d in self.documents()}
        cites = [c.public() for c in answer.citations]
        newer = newer_sources(
            self.store.chunks, answer.citations, dates, self.settings.staleness_min_similarity
        ) if answer.answerable else []
        # A newer passage the answer cites already keeps its number; another is added.
        cited = {c.doc_id: c.n for c in reversed(answer.citations)}
        extra: list[dict] = []
        pairs: list[tuple[int, int]] = []
        for nw in newer:
            if nw.doc_id not in cited:
                extra.append(nw.citation(len(cites) + len(extra) + 1))
                cited[nw.doc_id] = extra[-1]["n"]
            pairs.append((nw.of, cited[nw.doc_id]))
        found = make_sources(cites + extra, dates)
        by_n = {s.n: s for s in found}
        notices = [Notice(old, new, notice_text(by_n[old], by_n[new])) for old, new in pairs]
        return found, notices

    def chat(self, message: str, session_id: str | None = None, k: int | None = None) -> ChatAnswer:
        """Raises NotFound for a session id that was never issued or has expired."""
        try:
            earlier = self.sessions.history(session_id) if session_id else []
        except UnknownSession:
            raise NotFound(
                "unknown or expired session_id; start a new chat without session_id"
            ) from None
        result = self.ask(message, earlier, k=k)
        sid = session_id or self.sessions.new()
        self.sessions.append(sid, message.strip())
        return ChatAnswer(result, sid)

    def search(
        self, query: str, k: int = 5, doc_types: list[str] | None = None,
        doc_ids: list[str] | None = None,
    ) -> list[Passage]:
        query = checks.question(query, self.settings)
        return self.retriever.search(query, k=k, doc_types=doc_types, doc_ids=doc_ids)

    def feedback(
        self, question: str, answer: str, rating: str, comment: str | None = None,
        history: list[str] | None = None,
    ) -> int:
        """Store a thumbs up/down; returns its id. All its text is bounded together."""
        question = checks.question(question, self.settings)
        history = checks.history(history, self.settings)
        checks.total(
            sum(map(len, [question, answer, comment or "", *history])),
            self.settings.max_feedback_chars,
        )
        return self.feedback_store.add(question, answer, rating, comment, history)

    # -- documents ---------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        records = self.store.document_records()
        return sorted(
            (DocumentInfo.from_record(doc_id, meta) for doc_id, meta in records.items()),
            key=lambda d: d.doc_id,
        )

    def document(self, doc_id: str) -> Document:
        """Raises NotFound."""
        got = self.store.document(doc_id)
        if got is None:
            raise NotFound(f"no document with doc_id {doc_id!r}")
        text, meta = got
        return Document.from_record(doc_id, meta, text)

    def doc_types(self) -> list[str]:
        return sorted({d.doc_type for d in self.documents() if d.doc_type})

    def upload(self, filename: str, data: bytes) -> IngestSummary:
        """Ingest one uploaded file (kept under the data dir's uploads/). Raises
        UploadRejected (UploadTooLarge, UnsupportedFileType) for what cannot be ingested."""
        name = checks.upload_name(filename, len(data), SUPPORTED_SUFFIXES, self.settings)
        folder = self.settings.uploads_dir
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        tmp = folder / f".{name}.part"
        tmp.write_bytes(data)
        tmp.replace(target)
        summary = ingest(target, self.settings, embedder=self.embedder, progress=False)
        if summary.skipped:
            target.unlink(missing_ok=True)
            raise UploadRejected(f"{name}: {summary.skipped[0].reason}")
        return summary

    def upload_limit_bytes(self) -> int:
        """How much of an upload to read: one byte past this is enough to refuse it."""
        return int(self.settings.max_upload_mb * 1024 * 1024)

    def delete(self, doc_id: str) -> None:
        """Raises NotFound."""
        if not remove_document(doc_id, self.settings, self.embedder.name):
            raise NotFound(f"no document with doc_id {doc_id!r}")
        upload = self._upload_path(doc_id)
        if upload is not None:
            upload.unlink(missing_ok=True)

    def _upload_path(self, doc_id: str) -> Path | None:
        """The uploaded file behind a doc_id, if any; never a path outside uploads/."""
        folder = self.settings.uploads_dir.resolve()
        for p in folder.glob("*") if folder.exists() else []:
            if p.stem == doc_id and p.resolve().parent == folder:
                return p
        return None

    # -- health ------------------------------------------------------------------------------
    def ready(self) -> dict:
        chunks = self.store.chunk_count()
        lexical = len(self.retriever.lexical())
        # Ready once both sides of the index are loaded. While an ingest runs the store holds
        # more chunks than the BM25 index it will publish at its end: still ready to answer,
        # and so while sentence vectors are being filled (answers embed what they miss).
        sentences = self.fill.progress()
        return {
            "ready": chunks > 0 and lexical > 0, "chunks": chunks, "bm25": lexical,
            "sentences_filled": sentences["filled"], "sentences_total": sentences["total"],
            "fill_eta_s": sentences["eta_s"],
        }
