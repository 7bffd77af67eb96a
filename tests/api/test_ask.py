"""POST /api/v1/ask, /api/v1/chat and the SSE stream."""

from __future__ import annotations

import json

import pytest

Q = "Welke scholen doen mee aan LOB – Gelijke Kansen?"
CONTRACT = {
    "answer", "answerable", "query", "citations", "timings_ms", "generator", "guard"
}
PASSAGE = {"doc_id", "title", "doc_type", "section", "page", "start", "end", "score", "text"}


def test_ask_returns_the_answer_dataclass_as_json(client, service):
    """The route's JSON is the service's `Answer` (the contract itself is tests/test_answer.py's
    job): the same keys, the same citations, each passage's public fields and its number."""
    r = client.post("/api/v1/ask", json={"question": Q})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == CONTRACT and body["answerable"]
    direct = service.ask(Q).to_dict()
    assert {k: v for k, v in body.items() if k != "timings_ms"} == {
        k: v for k, v in direct.items() if k != "timings_ms"
    }
    assert PASSAGE | {"n"} <= set(body["citations"][0])


def test_filters_limit_document_types(client):
    r = client.post(
        "/api/v1/ask", json={"question": "Wat is VSV?", "filters": {"doc_type": ["nieuws"]}}
    )
    assert r.status_code == 200
    assert {c["doc_type"] for c in r.json()["citations"]} <= {"nieuws"}


@pytest.mark.parametrize(
    "payload, word",
    [
        ({"question": ""}, "empty"),
        ({"question": "   \n "}, "empty"),
        ({"question": "x" * 5000}, "longer"),
        ({"question": "wat\x00is dit"}, "control"),
        ({"question": 42}, "string"),
        ({}, "required"),
        ({"question": "LOB?", "k": 10_000}, "less than"),
        ({"question": "LOB?", "history": [{"role": "robot", "content": "x"}]}, "user"),
        ({"question": "LOB?", "filters": {"colour": ["red"]}}, "unknown filter"),
        ({"question": "LOB?", "bogus": 1}, "extra"),
    ],
)
def test_bad_requests_get_a_422_that_says_why(client, payload, word):
    r = client.post("/api/v1/ask", json=payload)
    assert r.status_code == 422
    assert word.lower() in json.dumps(r.json()).lower()
    assert "x" * 100 not in r.text  # the input is not echoed back


def test_chat_keeps_the_conversation(client):
    first = client.post("/api/v1/chat", json={"message": Q}).json()
    sid = first["session_id"]
    second = client.post(
        "/api/v1/chat", json={"message": "Wanneer starten ze?", "session_id": sid}
    )
    assert second.status_code == 200
    assert second.json()["session_id"] == sid
    assert "februari" in second.json()["answer"]


def test_unknown_session_is_a_404(client):
    r = client.post("/api/v1/chat", json={"message": "Wat is LOB?", "session_id": "nope"})
    assert r.status_code == 404 and "session" in r.json()["detail"]


def test_stream_sends_sentences_then_citations(client):
    with client.stream("POST", "/api/v1/ask/stream", json={"question": Q}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    events = [block.split("\n")[0].removeprefix("event: ") for block in text.strip().split("\n\n")]
    assert events[0] == "sentence" and events[-2:] == ["citations", "done"]
    sentences = [
        json.loads(b.split("data: ", 1)[1])["text"]
        for b in text.strip().split("\n\n") if b.startswith("event: sentence")
    ]
    assert "Deltion College" in " ".join(sentences)


def test_a_thousand_turns_of_history_count_only_the_last_ones(client, service):
    """The service keeps the last max_history_turns turns (one rule for API, UI, CLI, eval):
    a follow-up after a thousand unrelated turns still reads the one that names its topic."""
    noise = [{"role": "user", "content": f"vraag {i}"} for i in range(1000)]
    turns = [*noise, {"role": "user", "content": Q}]
    r = client.post("/api/v1/ask", json={"question": "Wanneer starten ze?", "history": turns})
    assert r.status_code == 200 and "Gelijke Kansen" in r.json()["query"]
    assert service.settings.max_history_turns < 1000


def test_cors_is_closed_unless_configured(client):
    r = client.options(
        "/api/v1/ask",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in {k.lower() for k in r.headers}
