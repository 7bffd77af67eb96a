from __future__ import annotations

from conftest import make_settings
from fastapi.testclient import TestClient

from assistant.api.main import create_app
from assistant.service import LobService


def test_health_and_ready(client):
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_not_ready_without_an_index(tmp_path, embedder):
    settings = make_settings(tmp_path / "empty")
    app = create_app(settings, service=LobService(settings, embedder=embedder), with_ui=False)
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        r = c.get("/ready")
        assert r.status_code == 503 and r.json()["chunks"] == 0


def test_openapi_describes_every_route(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/v1/ask", "/api/v1/chat", "/api/v1/ask/stream", "/api/v1/search",
        "/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/feedback",
        "/v1/chat/completions", "/v1/models", "/health", "/ready",
    } <= paths


def test_an_app_stops_the_background_work_of_the_service_it_made(tmp_path):
    app = create_app(make_settings(tmp_path / "data"), with_ui=False)
    fill = app.state.service.fill
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        assert fill._thread is not None and fill._thread.is_alive()
    # Shut down: no sentence-fill thread keeps asking a store nobody serves any more.
    assert not fill._thread.is_alive()
