"""Shared fixtures, real parts only: the bundled e5 model, embedded Chroma, `chroma run`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from core.config import PROJECT_ROOT, Settings  # noqa: E402
from core.embedder import get_embedder  # noqa: E402
from eval.chroma_server import free_port, stop_process  # noqa: E402
from eval.chroma_server import start_chroma as _start_chroma  # noqa: E402

CORPUS = PROJECT_ROOT / "corpus"


def make_settings(data_dir: Path, **overrides) -> Settings:
    # _env_file=None: a developer's .env must not leak into tests.
    return Settings(_env_file=None, data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def embedder():
    return get_embedder("e5")


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embedder) -> Settings:
    """The bundled corpus ingested once into an embedded store, for read-only tests."""
    from core.sentence_fill import fill_after_ingest
    from ingest.pipeline import ingest

    settings = make_settings(tmp_path_factory.mktemp("corpus-index"))
    ingest(CORPUS, settings, embedder=embedder, progress=False)
    fill_after_ingest(settings, embedder)  # complete, as `lob ingest` leaves it
    return settings


@pytest.fixture(scope="session")
def retriever(corpus_index, embedder):
    from assistant.retrieval import Retriever

    return Retriever(corpus_index, embedder=embedder)


# The names the test modules import.
_free_port = free_port
stop = stop_process


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    """`chroma run` on a loopback port, returned once it accepts connections."""
    try:
        return _start_chroma(path, port)
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server on a free loopback port; yields its URL."""
    port = _free_port()
    proc = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield f"http://127.0.0.1:{port}"
    stop(proc)


@contextmanager
def serving(data_dir: Path, log_path: Path, **env: str) -> Iterator[str]:
    """`lob serve` as a user starts it on `data_dir` (extra LOB_* settings in `env`), logging
    to `log_path`; yields its base URL once /ready answers, stops it after."""
    port = _free_port()
    full_env = {
        **os.environ, "LOB_DATA_DIR": str(data_dir), "LOB_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", **env,
    }
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1"],
            env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(f"{url}/ready", proc)
            yield url
        finally:
            stop_process(proc)


@pytest.fixture(scope="session")
def server(corpus_index):
    """`lob serve` on the ingested corpus; yields its base URL (log: <data dir>/server.log)."""
    with serving(corpus_index.data_dir, corpus_index.data_dir / "server.log") as url:
        yield url


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    """Poll `url` until it answers 200; fail clearly if the process dies or time runs out."""
    import httpx

    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{proc.args[:4]} exited with {proc.returncode} before {url} was up")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{url} did not come up within {seconds:g} s")
