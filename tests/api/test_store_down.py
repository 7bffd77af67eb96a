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
    service = None
    try:
        settings = make_settings(tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}")
        ingest(CORPUS / "nazorg-en-lob.txt", settings, embedder=embedder, progress=False)
        service = LobService(settings, embedder=embedder)
        app = create_app(settings, service=service, with_ui=False)
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
        if service is not None:
            service.close()  # its sentence fill must not ask the stopped server after the test
        stop(proc)


@pytest.mark.slow
def test_frozen_store_is_a_503_within_seconds(tmp_path, embedder):
    """A server that accepts connections but never answers (SIGSTOP): each call gives up after
    LOB_CHROMA_TIMEOUT_S and the API says 503; after SIGCONT it answers again."""
    import signal
    import time

    from assistant.api.main import create_app
    from assistant.service import LobService
    from ingest.pipeline import ingest

    port = _free_port()
    proc = start_chroma(tmp_path / "chroma", port)
    service = None
    try:
        settings = make_settings(
            tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}", chroma_timeout_s=1.0,
            generation_check_s=0.0,
        )
        ingest(CORPUS / "nazorg-en-lob.txt", settings, embedder=embedder, progress=False)
        service = LobService(settings, embedder=embedder)
        app = create_app(settings, service=service, with_ui=False)
        q = {"question": "Wat is de Subsidieregeling nazorg mbo?"}
        with TestClient(app, raise_server_exceptions=False) as c:
            assert c.post("/api/v1/ask", json=q).status_code == 200
            proc.send_signal(signal.SIGSTOP)
            try:
                for method, path, body in [
                    ("GET", "/ready", None),
                    ("POST", "/api/v1/ask", {"question": "Wie betaalt de nazorg in het mbo?"}),
                    ("GET", "/api/v1/documents", None),
                ]:
                    t0 = time.monotonic()
                    r = c.request(method, path, json=body)
                    took = time.monotonic() - t0
                    assert r.status_code == 503, (path, r.status_code, r.text[:200])
                    assert "unreachable" in r.json()["detail"]
                    # A few calls' worth of timeouts at most, never the 130 s hang.
                    assert took < 4 * settings.chroma_timeout_s + 2, (path, took)
            finally:
                proc.send_signal(signal.SIGCONT)
            assert c.post("/api/v1/ask", json=q).status_code == 200
    finally:
        if service is not None:
            service.close()  # its sentence fill must not ask the stopped server after the test
        stop(proc)
