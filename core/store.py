"""The Chroma store: embedded under the data dir, or a server when LOB_CHROMA_URL is set.

We always hand Chroma our own embeddings: its default embedding function (and `query_texts=`)
would try to download a model, which fails offline.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

import httpx

from core.config import Settings

# Chroma reads this before its settings object: stop the telemetry client from phoning home.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached."""


def make_client(settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        timeout = settings.chroma_timeout_s
        try:
            # Chroma's client connects and asks for its tenant with no timeout at all: a
            # frozen server would hang the caller forever. One heartbeat with a timeout first.
            httpx.get(
                f"{settings.chroma_url.rstrip('/')}/api/v2/heartbeat", timeout=timeout
            ).raise_for_status()
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError here
            raise StoreUnavailable(
                f"Chroma server at {settings.chroma_url} is unreachable: {exc}"
            ) from exc
        _set_timeout(client, timeout)
        return client
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _set_timeout(client: chromadb.ClientAPI, seconds: float) -> None:
    """Bound every later call to the server. chromadb (1.x) builds its httpx session with
    `timeout=None` and has no setting for it, so we set it on the session it made; a
    timed-out call raises httpx.ReadTimeout, which the API answers with a 503."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise RuntimeError("chromadb's HTTP client changed: cannot set the Chroma timeout")
    session.timeout = httpx.Timeout(seconds)


def collection_names(settings: Settings, embedder_name: str) -> tuple[str, str, str]:
    """(chunks, documents, meta) collections. One set per embedder: vectors of two models never
    mix. `meta` holds the index generation that replicas watch."""
    base = f"{settings.collection_prefix}_{embedder_name}".replace("/", "-")
    return f"{base}_chunks", f"{base}_documents", f"{base}_meta"


def get_collections(client: chromadb.ClientAPI, settings: Settings, embedder_name: str):
    chunks_name, docs_name, meta_name = collection_names(settings, embedder_name)
    chunks = client.get_or_create_collection(
        chunks_name, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
    docs = client.get_or_create_collection(docs_name, embedding_function=None)
    meta = client.get_or_create_collection(meta_name, embedding_function=None)
    return chunks, docs, meta
