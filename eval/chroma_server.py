"""Starting and stopping local processes that the bench and the tests both need: a
`chroma run` server on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(path: Path, port: int, timeout: float = 60.0) -> subprocess.Popen:
    """`chroma run` on a loopback port, returned once it accepts connections; RuntimeError
    with the server's log when it exits or does not come up in time."""
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if exe is None:
        raise RuntimeError("the `chroma` command (from the chromadb package) is not installed")
    path.mkdir(parents=True, exist_ok=True)
    log = open(path / "server.log", "a")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"chroma run exited: {(path / 'server.log').read_text()[-2000:]}"
                ) from None
            time.sleep(0.2)
    stop_process(proc)
    raise RuntimeError(f"chroma run did not start within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
