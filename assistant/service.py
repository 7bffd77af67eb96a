"""The assistant as a service: what the API and the UI both call.

One object per process: it loads the model and the index once. Every method takes and
returns plain data (dicts in the shapes of the CLI's --json output).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from assistant.answer import Assistant
from assistant.feedback import FeedbackStore
from assistant.retention import DailyJob, Purged, purge_expired
from assistant.retrieval import Retriever
from assistant.sessions import SessionStore
from core.config import Settings
from core.embedder import Embedder, get_embedder
from core.schema import DOC_FIELDS
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import IngestSummary, ingest, remove_document

log = logging.getLogger("lob.service")


class UploadRejected(ValueError):
    """An upload that cannot be ingested (type, size, name, or a broken file)."""


class LobService:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embedder)
        self.retriever = Retriever(settings, embedder=self.embedder)
        self.assistant = Assistant(settings, retriever=self.retriever)
        self.sessions = SessionStore(
            settings.session_ttl_s, settings.max_sessions, settings.max_history_turns
        )
        self.feedback = FeedbackStore(settings.feedback_db)
        # Retention (AVG): purge now, then daily on a sleeping daemon thread.
        try:
            self.purge_expired()
        except Exception:  # e.g. a locked feedback db: serve anyway, say so, retry daily
            log.exception("retention purge at start-up failed")
        self._retention = DailyJob(self.purge_expired)
        if settings.retention_days > 0:
            self._retention.start()

    def purge_expired(self) -> Purged:
        """Drop feedback, upload copies and sessions older than LOB_RETENTION_DAYS."""
        purged = purge_expired(
            self.settings.retention_days, self.feedback, self.settings.uploads_dir,
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
    ) -> dict:
        history = (history or [])[-self.settings.max_history_turns :]
        return self.assistant.ask(question, history, k=k, doc_types=doc_types).to_dict()

    def chat(self, message: str, session_id: str | None = None, k: int | None = None) -> dict:
        """Raises sessions.UnknownSession for an id that was never issued or has expired."""
        sid = session_id or self.sessions.new()
        result = self.ask(message, self.sessions.history(sid), k=k)
        self.sessions.append(sid, message)
        return {**result, "session_id": sid}

    def search(
        self, query: str, k: int = 5, doc_types: list[str] | None = None,
        doc_ids: list[str] | None = None,
    ) -> list[dict]:
        hits = self.retriever.search(query, k=k, doc_types=doc_types, doc_ids=doc_ids)
        return [p.public() for p in hits]

    # -- documents ---------------------------------------------------------------------------
    def documents(self) -> list[dict]:
        records = self.retriever.store.document_records()
        return sorted(
            (
                {"doc_id": doc_id, **{k: meta.get(k) for k in DOC_FIELDS},
                 "n_chunks": int(meta.get("n_chunks", 0))}
                for doc_id, meta in records.items()
            ),
            key=lambda d: d["doc_id"],
        )

    def document(self, doc_id: str) -> dict | None:
        got = self.retriever.store.document(doc_id)
        if got is None:
            return None
        text, meta = got
        return {
            "doc_id": doc_id, **{k: meta.get(k) for k in DOC_FIELDS},
            "n_chunks": int(meta.get("n_chunks", 0)), "text": text,
        }

    def doc_types(self) -> list[str]:
        return sorted({d["doc_type"] for d in self.documents() if d.get("doc_type")})

    def upload(self, filename: str, data: bytes) -> IngestSummary:
        """Ingest one uploaded file (kept under the data dir's uploads/)."""
        name = Path(filename or "").name
        if name != (filename or "") or "\\" in name:
            raise UploadRejected("file name must not contain a path")
        if not re.fullmatch(r"[\w\-. ]{1,120}", name) or name.startswith("."):
            raise UploadRejected("file name: use letters, digits, '-', '_', '.' and spaces")
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
            raise UploadRejected(f"unsupported file type {suffix or '(none)'}; allowed: {allowed}")
        limit = int(self.settings.max_upload_mb * 1024 * 1024)
        if len(data) > limit:
            raise UploadRejected(f"file too large: more than {self.settings.max_upload_mb:g} MB")
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

    def delete(self, doc_id: str) -> bool:
        removed = remove_document(doc_id, self.settings, self.embedder.name)
        upload = self._upload_path(doc_id)
        if removed and upload is not None:
            upload.unlink(missing_ok=True)
        return removed

    def _upload_path(self, doc_id: str) -> Path | None:
        """The uploaded file behind a doc_id, if any; never a path outside uploads/."""
        folder = self.settings.uploads_dir.resolve()
        for p in folder.glob("*") if folder.exists() else []:
            if p.stem == doc_id and p.resolve().parent == folder:
                return p
        return None

    # -- health ------------------------------------------------------------------------------
    def ready(self) -> dict:
        chunks = self.retriever.store.chunk_count()
        lexical = len(self.retriever.lexical())
        # Ready once both sides of the index are loaded. While an ingest runs the store holds
        # more chunks than the BM25 index it will publish at its end: still ready to answer.
        return {"ready": chunks > 0 and lexical > 0, "chunks": chunks, "bm25": lexical}
