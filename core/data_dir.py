"""Check LOB_DATA_DIR before a command uses it, so a mistake is one clear line, not a traceback.

`lob serve` must not create a missing data dir (it would then answer every question with a
refusal from an empty index), and it needs to write there (feedback, uploads). `lob ingest`
creates the data dir but must be able to write it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from core.config import Settings


class DataDirError(RuntimeError):
    """LOB_DATA_DIR cannot be used; the message says what is wrong and what to do."""


def check_data_dir(settings: Settings, for_serving: bool) -> Path:
    """The resolved data dir, or DataDirError. For ingest (or serving from a Chroma server)
    a missing dir is created."""
    path = Path(settings.data_dir).expanduser().resolve()
    what = (
        "lob serve stores feedback and uploads there" if for_serving
        else "lob ingest writes the index there"
    )
    if path.exists() and not path.is_dir():
        raise DataDirError(f"LOB_DATA_DIR {path} is a file, not a folder: point it at a folder")
    if not path.exists():
        # With LOB_CHROMA_URL the index lives in the server and a replica's data dir holds
        # only what it rebuilds (BM25) and writes (feedback): a new one is normal there.
        if for_serving and not settings.chroma_url:
            raise DataDirError(
                f"LOB_DATA_DIR {path} does not exist: run `lob ingest <folder>` first "
                "(or point LOB_DATA_DIR at the folder that holds the index)"
            )
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise DataDirError(
                f"LOB_DATA_DIR {path} cannot be created ({exc.strerror or exc}): {what}"
            ) from None
    # Try a real write: os.access says yes to root on a read-only mount, and no to nothing.
    try:
        with tempfile.TemporaryFile(dir=path, prefix=".lob-write-check-"):
            pass
    except OSError as exc:
        raise DataDirError(
            f"LOB_DATA_DIR {path} is not writable ({exc.strerror or exc}): {what}"
        ) from None
    db = settings.feedback_db
    if for_serving and db.exists() and not os.access(db, os.W_OK):
        raise DataDirError(f"LOB_DATA_DIR: {db.resolve()} is not writable: {what}")
    return path


def check_index_not_empty(settings: Settings, chunks: int) -> None:
    """Serving an empty index answers every question with a refusal: refuse to start instead."""
    if chunks <= 0:
        path = Path(settings.data_dir).expanduser().resolve()
        raise DataDirError(
            f"the index in LOB_DATA_DIR {path} is empty: run `lob ingest <folder>` first"
        )
