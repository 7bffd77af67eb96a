"""The Chroma server goes away mid-run: a 503 that says so, and service resumes by itself."""

from __future__ import annotations

import pytest
from conftest import CORPUS, _free_port, make_settings, start_chroma, stop
from fastapi.testclient import TestClient


@pytest.mark.slow
def test_store_down_is_a_503_and_recovers(tmp_path, embedder):
    from assistant.api.main import create_app
    from assistant.service import LobService
    from ingest.pipeline import ingest

    port = _free_port()
    proc = start_chroma(tmp_path / "chroma", port)
    try:
        settings = make_settings(tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}")
        ingest(CORPUS / "nazorg-en-lob.txt", settings, embedder=embedder, progress=False)
        app = create_app(settings, service=LobService(settings, embedder=embedder), with_ui=False)
        with TestClient(app, raise_server_exceptions=False) as c:
            q = {"question": "Wat is de Subsidieregeling nazorg mbo?"}
            assert c.post("/api/v1/ask", json=q).status_code == 200
            stop(proc)
            down = c.post("/api/v1/ask", json=q)
            assert down.status_code == 503
            assert "unreachable" in down.json()["detail"]
            assert "Traceback" not in down.text
            proc = start_chroma(tmp_path / "chroma", port)
            assert c.post("/api/v1/ask", json=q).status_code == 200
    finally:
        stop(proc)
