"""What the benchmark feeds in: its settings, the questions, and the texts ingest embeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.config import Settings


def bench_settings(data_dir: Path, **overrides: Any) -> Settings:
    # _env_file=None: a developer's .env must not change what is measured.
    return Settings(_env_file=None, data_dir=Path(data_dir), **overrides)


def load_queries(path: Path, n: int, warmup: int) -> tuple[list[dict], list[dict]]:
    """(measured, warm-up) questions {q, history} from the test set: the measured ones spread
    evenly over the file, the warm-up ones from those left over (so they differ)."""
    items = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            items.append({"q": obj["q"], "history": list(obj.get("history") or [])})
    if not items:
        raise ValueError(f"no questions in {path}")
    if n <= len(items):
        picked = sorted({(i * len(items)) // n for i in range(n)})
    else:  # more queries than questions: go round again (later rounds hit warm caches)
        picked = [i % len(items) for i in range(n)]
    rest = [i for i in range(len(items)) if i not in set(picked)] or list(range(len(items)))
    return [items[i] for i in picked], [items[i] for i in rest[:warmup]]


def index_texts(folder: Path, settings: Settings) -> list[str]:
    """The chunk texts ingest embeds for `folder`, in order (load, metadata, chunk, index_text)."""
    from ingest.chunking import chunk_document, index_text
    from ingest.loaders import load_document
    from ingest.pipeline import discover, doc_id_for

    root, files, _ = discover(Path(folder))
    texts = []
    for file in files:
        doc = load_document(file, max_bytes=int(settings.max_file_mb * 1024 * 1024))
        meta = {k: str(v) for k, v in doc.metadata.items() if v not in (None, "")}
        meta.setdefault("title", file.stem)
        meta.setdefault("doc_type", "onbekend")
        doc.metadata = meta
        chunks = chunk_document(
            doc_id_for(root, file), doc, settings.chunk_size, settings.chunk_overlap
        )
        texts.extend(index_text(c) for c in chunks)
    return texts
