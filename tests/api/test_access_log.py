"""Privacy (AVG): `lob serve` logs request paths, not the questions in their query strings."""

from __future__ import annotations

import logging
import time

import httpx

from assistant.logs import DropQueryString, uvicorn_log_config


def test_access_log_has_the_path_but_not_the_question(server, corpus_index):
    log_file = corpus_index.data_dir / "server.log"  # where the `server` fixture logs
    r = httpx.get(f"{server}/api/v1/search", params={"q": "geheimevraag over LOB", "k": 1})
    assert r.status_code == 200
    r = httpx.post(f"{server}/api/v1/ask", json={"question": "geheimevraag twee?"})
    assert r.status_code == 200
    deadline = time.time() + 10
    while "POST /api/v1/ask" not in log_file.read_text() and time.time() < deadline:
        time.sleep(0.1)
    text = log_file.read_text()
    assert '"GET /api/v1/search HTTP/1.1" 200' in text
    assert "POST /api/v1/ask" in text
    assert "geheimevraag" not in text


def test_query_strings_are_kept_only_when_asked_for():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/v1/search?q=geheim&k=2", "1.1", 200), None,
    )
    assert DropQueryString().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/v1/search HTTP/1.1" 200'
    assert uvicorn_log_config(log_questions=False)["loggers"]["uvicorn.access"]["filters"]
    assert "filters" not in uvicorn_log_config(log_questions=True)["loggers"]["uvicorn.access"]
