"""The app on the ingested corpus, once per session, through FastAPI's TestClient."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.main import create_app
from assistant.service import LobService

TOKEN = "test-admin-token-123"


@pytest.fixture(scope="session")
def api_settings(corpus_index, tmp_path_factory):
    # Its own feedback db and uploads dir, same index (read-only tests share it).
    return corpus_index.model_copy(update={"admin_token": TOKEN})


@pytest.fixture(scope="session")
def service(api_settings, embedder):
    return LobService(api_settings, embedder=embedder)


@pytest.fixture(scope="session")
def client(api_settings, service):
    with TestClient(create_app(api_settings, service=service, with_ui=False)) as c:
        yield c


@pytest.fixture()
def admin():
    return {"Authorization": f"Bearer {TOKEN}"}
