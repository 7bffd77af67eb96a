"""docker-compose.yml and the Dockerfile: their wiring, and the app run the way compose wires it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS, PROJECT_ROOT, make_settings
from fastapi.testclient import TestClient

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()


def test_compose_wiring():
    services = COMPOSE["services"]
    assert set(services) == {"chroma", "assistant"}
    chroma, app = services["chroma"], services["assistant"]
    assert chroma["image"].startswith("chromadb/chroma")
    assert any(v.endswith(":/data") for v in chroma["volumes"])
    env = app["environment"]
    # The app reaches Chroma by its service name on Chroma's container port.
    assert env["LOB_CHROMA_URL"] == "http://chroma:8000"
    assert env["GRADIO_ANALYTICS_ENABLED"] == "False" and env["LOB_HOST"] == "0.0.0.0"
    assert app["ports"] == ["8000-8003:8000"] and app["deploy"]["replicas"] >= 2
    assert app["depends_on"]["chroma"]["condition"] == "service_healthy"
    named = set(COMPOSE["volumes"])
    for service in services.values():
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in named


def test_dockerfile_entry_point():
    assert DOCKERFILE.startswith("FROM python:3.11")
    assert "EXPOSE 8000" in DOCKERFILE
    cmd = re.search(r"^CMD (.+)$", DOCKERFILE, re.M).group(1)
    assert "lob ingest corpus/" in cmd and "lob serve --host 0.0.0.0 --port 8000" in cmd
    for folder in ("assistant", "core", "ingest", "eval", "ui", "corpus"):
        assert f"COPY {folder} {folder}" in DOCKERFILE


@pytest.mark.slow
def test_app_against_a_chroma_server_as_compose_wires_it(tmp_path, chroma_server, embedder):
    from assistant.api.main import create_app
    from assistant.service import LobService
    from ingest.pipeline import ingest

    env = COMPOSE["services"]["assistant"]["environment"]
    # Same wiring, with the compose service name replaced by the test server's address.
    url = env["LOB_CHROMA_URL"].replace("http://chroma:8000", chroma_server)
    settings = make_settings(tmp_path / "data", chroma_url=url, collection_prefix="compose")
    ingest(CORPUS, settings, embedder=embedder, progress=False)
    service = LobService(settings, embedder=embedder)
    app = create_app(settings, service=service, with_ui=False)
    try:
        with TestClient(app) as c:
            assert c.get("/ready").json()["status"] == "ready"
            r = c.post("/api/v1/ask", json={"question": "Wat is een startkwalificatie?"}).json()
            assert r["answerable"] and "mbo 2" in r["answer"]
    finally:
        service.close()  # its sentence fill must not outlive the server the fixture stops


def test_the_installed_package_carries_the_answer_models(tmp_path):
    """The Dockerfile runs `pip install .`: the wheel must hold the data the code loads."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(PROJECT_ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    models = sorted(Path(PROJECT_ROOT / "assistant" / "answering" / "models").glob("*.json"))
    assert models
    for m in models:
        assert f"assistant/answering/models/{m.name}" in names
    assert "core/vocabulary.yaml" in names
    assert "ui/examples.yaml" in names
