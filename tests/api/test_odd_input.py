"""Issue 13, defects 7 and 4: odd request bodies get a 4xx that says what is wrong, never a
500; feedback is bounded; and the client's keep-alive connection survives all of it.

Real HTTP against `lob serve` over one kept-alive connection (http.client, so we see the
socket), plus an in-process uvicorn for what a 500 does to the connection.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from urllib.parse import urlsplit

import pytest
import uvicorn
from conftest import _free_port

from assistant.api.main import create_app
from assistant.feedback import FeedbackStore

LONE = "\ud800 LOB"  # json.dumps writes it as the escape "\\ud800": valid JSON, invalid text


def _odd_bodies() -> list[tuple[str, str, bytes]]:
    def body(path: str, data: dict) -> tuple[str, str, bytes]:
        return "POST", path, json.dumps(data).encode()

    parts = [{"type": "text", "text": t} for t in (5, None, {"a": 1})]
    return [
        body("/api/v1/ask", {"question": LONE}),
        body("/api/v1/ask", {"question": "Wie betaalt dat?",
                             "history": [{"role": "user", "content": LONE}]}),
        body("/api/v1/ask", {"question": "Wat is LOB?", "filters": {"doc_type": [LONE]}}),
        body("/api/v1/ask/stream", {"question": LONE}),
        body("/api/v1/chat", {"message": LONE}),
        body("/v1/chat/completions", {"messages": [{"role": "user", "content": LONE}]}),
        body("/v1/chat/completions", {"messages": [
            {"role": "user", "content": [{"type": "text", "text": LONE}]}]}),
        *[body("/v1/chat/completions", {"messages": [{"role": "user", "content": [p]}]})
          for p in parts],
        body("/v1/chat/completions", {"messages": [{"role": "user", "content": ["x", 3]}]}),
        body("/api/v1/feedback", {"question": LONE, "answer": "a", "rating": "up"}),
        body("/api/v1/feedback", {"question": "q", "answer": "a", "rating": "up",
                                  "history": [LONE]}),
        # The same lone surrogate as raw UTF-8-ish bytes: Python's json lets it through too.
        ("POST", "/api/v1/ask", b'{"question": "\xed\xa0\x80 LOB"}'),
    ]


class _Connection:
    """One HTTP/1.1 connection; every request must leave it open."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        self.sock = None

    def send(self, method: str, path: str, body: bytes | None = None) -> tuple[int, str]:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        assert (r.getheader("connection") or "").lower() != "close", (path, r.status, text[:200])
        assert self.conn.sock is not None, f"{path}: the server closed the connection"
        if self.sock is None:
            self.sock = self.conn.sock
        assert self.conn.sock is self.sock, f"{path}: a new connection was opened"
        return r.status, text


def test_odd_bodies_get_a_4xx_that_says_why_on_one_connection(server):
    c = _Connection(server)
    status, _ = c.send("POST", "/api/v1/ask", json.dumps({"question": "Wat is LOB?"}).encode())
    assert status == 200
    for method, path, body in _odd_bodies():
        status, text = c.send(method, path, body)
        assert 400 <= status < 500, (path, body[:120], status, text[:300])
        detail = json.dumps(json.loads(text)["detail"])
        assert any(w in detail for w in ("Unicode", "string", "type")), (path, detail)
    # The pooled connection still answers a normal question.
    status, text = c.send(
        "POST", "/v1/chat/completions",
        json.dumps({"messages": [{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": "x"}},
            {"type": "text", "text": "Welke scholen doen mee aan LOB – Gelijke Kansen?"}]}]}
        ).encode(),
    )
    assert status == 200 and "Deltion College" in text


def test_content_part_errors_name_the_part(client):
    for text, kind in ((5, "int"), (None, "null"), ({"a": 1}, "dict")):
        r = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": [
            {"type": "text", "text": "Wat is LOB?"}, {"type": "text", "text": text}]}]})
        assert r.status_code == 422
        assert f'content[1] is a text part whose \\"text\\" is {kind}' in r.text


def test_feedback_cannot_fill_the_disk(server, corpus_index):
    store = FeedbackStore(corpus_index.feedback_db)
    before = store.count()
    c = _Connection(server)
    # Each turn within bounds, together far over max_feedback_chars: a 422 that says so.
    many = {"question": "q", "answer": "a", "rating": "down", "history": ["x" * 3000] * 20}
    status, text = c.send("POST", "/api/v1/feedback", json.dumps(many).encode())
    assert status == 422 and "at most" in text
    long_turn = {"question": "q", "answer": "a", "rating": "down", "history": ["x" * 50_000]}
    status, text = c.send("POST", "/api/v1/feedback", json.dumps(long_turn).encode())
    assert status == 422 and "longer than" in text
    # The 47 MB body of the issue: refused as too large before it is read.
    huge = json.dumps({"question": "q", "answer": "a", "rating": "down",
                       "history": ["x" * 235_000] * 200}).encode()
    assert len(huge) > 47_000_000
    started = time.perf_counter()
    status, text = c.send("POST", "/api/v1/feedback", huge)
    assert status == 413 and "larger than" in text
    assert time.perf_counter() - started < 30
    assert store.count() == before  # nothing stored
    ok = {"question": "Wat is LOB?", "answer": "…", "rating": "up", "history": ["Hoi"]}
    status, _ = c.send("POST", "/api/v1/feedback", json.dumps(ok).encode())
    assert status == 201 and store.count() == before + 1


@pytest.fixture()
def failing_server(api_settings, service):
    """The real app in a real uvicorn, plus one route that fails: the only way left to see
    what an unexpected error does to the connection."""
    app = create_app(api_settings, service=service, with_ui=False)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_500_keeps_the_connection_open(failing_server):
    c = _Connection(failing_server)
    assert c.send("GET", "/health")[0] == 200
    status, text = c.send("GET", "/boom")
    assert status == 500 and json.loads(text) == {"detail": "internal error"}
    assert c.send("GET", "/health")[0] == 200  # same socket: _Connection checks it
