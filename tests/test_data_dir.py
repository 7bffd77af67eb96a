"""A wrong LOB_DATA_DIR ends `lob serve` / `lob ingest` with one clear line, not a traceback,
and `lob serve` does not answer (refusals) from an empty index."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import CORPUS, _free_port

LOB = [sys.executable, "-m", "assistant.cli"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(data_dir: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    env = {
        **os.environ, "LOB_DATA_DIR": str(data_dir), "LOB_PORT": str(_free_port()),
        "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
    }
    t = time.perf_counter()
    out = subprocess.run(
        [*LOB, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    return out, time.perf_counter() - t


def assert_one_clear_line(out: subprocess.CompletedProcess, seconds: float, *words: str):
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    assert 1 <= len(lines) <= 3, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    assert "LOB_DATA_DIR" in out.stderr
    for w in words:
        assert w in out.stderr, out.stderr
    assert seconds < 60, seconds


def test_serve_with_a_missing_data_dir(tmp_path):
    missing = tmp_path / "nope" / "data"
    out, seconds = run(missing, "serve")
    assert_one_clear_line(out, seconds, str(missing), "lob ingest")
    assert seconds < 15
    assert not missing.exists()  # not created silently


def test_serve_with_a_file_as_data_dir(tmp_path):
    f = tmp_path / "data"
    f.write_text("not a folder")
    out, seconds = run(f, "serve")
    assert_one_clear_line(out, seconds, str(f), "is a file")
    assert seconds < 15


def test_serve_with_an_empty_index(tmp_path):
    out, seconds = run(tmp_path, "serve")
    assert_one_clear_line(out, seconds, str(tmp_path), "empty", "lob ingest")


@pytest.fixture()
def unwritable_dir(tmp_path):
    """A folder this process cannot write: a 0555 folder, or for root (who writes there
    anyway) sysfs, which refuses new files even to root."""
    if not IS_ROOT:
        data = tmp_path / "data"
        data.mkdir()
        data.chmod(0o555)
        yield data
        data.chmod(0o755)
        return
    sysfs = Path("/sys")
    try:
        with tempfile.TemporaryFile(dir=sysfs):
            pass
    except OSError:
        yield sysfs
        return
    pytest.skip("running as root and /sys is writable: no folder here refuses a write")


def test_serve_with_a_read_only_data_dir(unwritable_dir):
    out, seconds = run(unwritable_dir, "serve")
    assert_one_clear_line(out, seconds, str(unwritable_dir), "not writable", "feedback")
    assert seconds < 15


def test_ingest_with_a_file_as_data_dir(tmp_path):
    f = tmp_path / "data"
    f.write_text("not a folder")
    out, seconds = run(f, "ingest", str(CORPUS / "nazorg-en-lob.txt"))
    assert_one_clear_line(out, seconds, str(f), "is a file")


def test_ingest_with_a_read_only_data_dir(unwritable_dir):
    out, seconds = run(unwritable_dir, "ingest", str(CORPUS / "nazorg-en-lob.txt"))
    assert_one_clear_line(out, seconds, str(unwritable_dir), "not writable")
