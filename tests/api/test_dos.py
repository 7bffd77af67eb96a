"""Issue 13, defect 1: one long request must not stall everyone's answers.

Against a real `lob serve` whose request limits are raised far above the defaults, so the long
requests are really processed (not just refused): a 20,000-character history turn and a
60,000-character chat message are bounded by the follow-up context and the embedder's token
limit, so a normal question sent meanwhile is answered within a bound measured against an
idle baseline in the same run. With the default limits they are refused with a 422.
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from conftest import serving
from starlette.requests import Request

from assistant.api.admission import CLIENT_GONE, AnswerSlots
from assistant.followup import retrieval_query

LONG_TURN = ("Wat is LOB – Gelijke Kansen en welke scholen doen er mee aan het project? " * 300)[
    :20_000
]


@pytest.fixture(scope="module")
def roomy_server(corpus_index):
    """`lob serve` on the corpus with turn and request limits that let 60,000 characters in."""
    log = corpus_index.data_dir / "roomy-server.log"
    with serving(corpus_index.data_dir, log, LOB_MAX_TURN_CHARS="100000",
                 LOB_MAX_REQUEST_CHARS="200000") as url:
        yield url


def _timed(url: str, path: str, body: dict) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    r = httpx.post(url + path, json=body, timeout=300)
    return time.perf_counter() - start, r


def _ask(question: str) -> dict:
    return {"question": question}


@pytest.mark.parametrize(
    "path, long_body",
    [
        ("/api/v1/ask", {
            "question": "Wie betaalt dat?",
            "history": [{"role": "user", "content": LONG_TURN}],
        }),
        ("/v1/chat/completions", {"messages": [
            {"role": "user", "content": (LONG_TURN * 3)[:60_000]},
            {"role": "user", "content": "En wie betaalt dat?"},
        ]}),
    ],
    ids=["ask-20000-history", "openai-60000-message"],
)
def test_a_long_request_does_not_stall_a_normal_question(roomy_server, path, long_body):
    url = roomy_server
    _timed(url, "/api/v1/ask", _ask("Wat is LOB?"))  # warm up (first answer loads things)
    # The idle baseline: questions not asked before (query vectors are remembered).
    baseline = max(
        _timed(url, "/api/v1/ask", _ask(q))[0]
        for q in (f"Wat doet het Expertisepunt LOB? ({path})",
                  f"Welke scholen doen mee aan LOB – Gelijke Kansen? ({path})")
    )
    bound = baseline * 5 + 1.0

    long_result: dict = {}

    def send_long() -> None:
        long_result["seconds"], long_result["response"] = _timed(url, path, long_body)

    sender = threading.Thread(target=send_long)
    sender.start()
    time.sleep(0.3)  # the long request is in the server by now
    normal_s, normal = _timed(url, "/api/v1/ask", _ask(f"Wat is nazorg bij LOB? ({path})"))
    sender.join(timeout=300)

    assert normal.status_code == 200
    assert normal_s <= bound, f"normal question took {normal_s:.2f} s, baseline {baseline:.2f} s"
    long_r = long_result["response"]
    assert long_r.status_code in (200, 422), long_r.text[:300]
    if long_r.status_code == 200:
        assert long_result["seconds"] <= bound, (long_result["seconds"], baseline)
    print(f"\n{path}: baseline {baseline:.2f} s, normal during long {normal_s:.2f} s, "
          f"long {long_result['seconds']:.2f} s ({long_r.status_code})")


def test_with_default_limits_the_long_requests_are_a_422(client):
    r = client.post("/api/v1/ask", json={
        "question": "Wie betaalt dat?", "history": [{"role": "user", "content": LONG_TURN}],
    })
    assert r.status_code == 422 and "longer than" in r.text
    many = [{"role": "user", "content": "x" * 3000} for _ in range(25)]
    r = client.post("/api/v1/ask", json={"question": "Wie betaalt dat?", "history": many})
    assert r.status_code == 422 and "at most" in r.text  # the request's total
    r = client.post("/v1/chat/completions", json={"messages": [
        {"role": "user", "content": "x" * 60_000}, {"role": "user", "content": "En dat?"},
    ]})
    assert r.status_code == 422 and "messages[0]" in r.text
    r = client.post("/v1/chat/completions", json={"messages": [
        {"role": "user", "content": "x" * 3000}, {"role": "user", "content": "Wat is LOB? " * 300},
    ]})
    assert r.status_code == 422 and "question is longer" in r.text


def test_a_follow_up_carries_a_bounded_context():
    query = retrieval_query("Wie betaalt dat?", [LONG_TURN], max_context_chars=500)
    assert query.startswith("Wie betaalt dat? Wat is LOB – Gelijke Kansen")
    assert len(query) <= len("Wie betaalt dat? ") + 500
    assert LONG_TURN.startswith(query.removeprefix("Wie betaalt dat? "))  # whole words
    assert LONG_TURN[len(query) - len("Wie betaalt dat? ")] == " "


# -- admission: the deadline and gone clients (asyncio, a real Starlette Request) ---------------

def _request(disconnected: asyncio.Event) -> Request:
    async def receive() -> dict:
        await disconnected.wait()
        return {"type": "http.disconnect"}

    return Request({"type": "http", "method": "POST", "path": "/api/v1/ask", "headers": []},
                   receive)


def test_queued_work_past_its_deadline_is_not_started():
    slots = AnswerSlots(slots=1, timeout_s=0.5)
    started: list[str] = []

    def work(name: str, seconds: float) -> str:
        started.append(name)
        time.sleep(seconds)
        return name

    async def scenario() -> tuple:
        here = asyncio.Event()
        slow = asyncio.ensure_future(slots.run(_request(here), work, "slow", 1.5))
        await asyncio.sleep(0.05)
        t0 = time.perf_counter()
        try:
            await slots.run(_request(here), work, "late", 0.0)
        except Exception as exc:  # noqa: BLE001 - the HTTPException is what we check
            late = exc
        waited = time.perf_counter() - t0
        with pytest.raises(Exception) as slow_exc:  # slow itself passes its deadline too
            await slow
        await asyncio.sleep(1.2)  # let the slow thread end inside this loop
        return late, waited, slow_exc.value

    late, waited, slow_exc = asyncio.run(scenario())
    assert getattr(late, "status_code", None) == 503 and "busy" in late.detail
    assert 0.4 <= waited < 1.4  # refused at its deadline, not after the slow work
    assert getattr(slow_exc, "status_code", None) == 503
    assert started == ["slow"]  # the late work never ran


def test_a_client_that_left_while_waiting_is_dropped():
    slots = AnswerSlots(slots=1, timeout_s=10)
    started: list[str] = []

    def work(name: str) -> str:
        started.append(name)
        time.sleep(1.0)
        return name

    async def scenario() -> tuple:
        stays, leaves = asyncio.Event(), asyncio.Event()
        first = asyncio.ensure_future(slots.run(_request(stays), work, "first"))
        await asyncio.sleep(0.05)
        second = asyncio.ensure_future(slots.run(_request(leaves), work, "gone"))
        await asyncio.sleep(0.05)
        t0 = time.perf_counter()
        leaves.set()  # the second client disconnects while it waits for the slot
        with pytest.raises(Exception) as gone:
            await second
        dropped_after = time.perf_counter() - t0
        third = await slots.run(_request(stays), work, "third")  # the slot was not leaked
        return await first, gone.value, dropped_after, third

    first, gone, dropped_after, third = asyncio.run(scenario())
    assert first == "first" and third == "third"
    assert getattr(gone, "status_code", None) == CLIENT_GONE
    assert dropped_after < 0.5  # dropped at once, not when the slot came free
    assert started == ["first", "third"]
