"""Two `lob serve` replicas on one Chroma server: what one ingests, the other finds."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from conftest import CORPUS, _free_port, wait_until_up

TOKEN = "replica-admin-token"


def _serve(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
        env={**env, "LOB_PORT": str(port)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_until_up(f"http://127.0.0.1:{port}/ready", proc)
    return proc


@pytest.mark.slow
def test_replicas_share_the_index(tmp_path, chroma_server):
    base = {
        **os.environ, "LOB_CHROMA_URL": chroma_server, "LOB_COLLECTION_PREFIX": "replica",
        "LOB_ADMIN_TOKEN": TOKEN, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
    }
    env_a = {**base, "LOB_DATA_DIR": str(tmp_path / "a")}
    # Replica B ranks by BM25 alone: what it finds, its own BM25 index must know.
    env_b = {**base, "LOB_DATA_DIR": str(tmp_path / "b"), "LOB_FUSION": "bm25"}
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest", str(CORPUS), "--json"],
        env=env_a, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    port_a, port_b = _free_port(), _free_port()
    a, b = _serve(env_a, port_a), _serve(env_b, port_b)
    try:
        url_a, url_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        first = httpx.get(f"{url_b}/api/v1/search", params={"q": "startkwalificatie"}).json()
        assert first[0]["doc_id"] == "beleidsontwikkelingen"

        doc = "# Zwaluwstaartpilot\n\nDe zwaluwstaartpilot koppelt vmbo-leerlingen aan mentoren."
        r = httpx.post(
            f"{url_a}/api/v1/documents", headers={"Authorization": f"Bearer {TOKEN}"},
            files={"file": ("zwaluw.md", doc.encode(), "text/markdown")}, timeout=120,
        )
        assert r.status_code == 201, r.text
        deadline = time.time() + 20
        while time.time() < deadline:
            hits = httpx.get(f"{url_b}/api/v1/search", params={"q": "zwaluwstaartpilot"}).json()
            if hits and hits[0]["doc_id"] == "zwaluw":
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"replica B never found the document ingested through A: {hits[:1]}")
        answer = httpx.post(
            f"{url_b}/api/v1/ask", json={"question": "Wat doet de zwaluwstaartpilot?"}, timeout=60
        ).json()
        assert "mentoren" in answer["answer"]
    finally:
        for proc in (a, b):
            proc.terminate()
            proc.wait(15)
