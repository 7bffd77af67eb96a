"""An admin uploads while teachers ask: no failed request, no failed upload, no changed answer.

A real `lob serve` on a copy of the ingested corpus. Answers to answerable test-set questions
are recorded first; then 20 users ask those questions while ~20 small documents on an
unrelated topic (school canteen menus) are uploaded one after another. Every answer given
meanwhile must be one that an index at rest gives: the uploads add chunks no question is
about, so another answer can only come from an index seen half-written or rebuilt mid-ingest.

One caveat, measured: the bundled corpus is 19 chunks, so 20 uploads double it, and BM25's
idf (which the answerer also weighs sentences by) shifts for every term; that moves the
answer to a few questions, in a clean index too: some for good, one after the first upload
only (it comes back at the second). So an answer given meanwhile is checked against every
answer a clean index gives after 0, 1, ..., 20 uploads (made one at a time in another copy,
with no ingest running while it answers): an answer none of those states gives is an error.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import time

import httpx
import pytest
from conftest import serving

from core.config import PROJECT_ROOT
from eval.testset import load_testset

TOKEN = "ingest-while-serving-token"
USERS = 20
UPLOADS = 20
BUDGET_S = 75  # uploads stop after this, whatever their number: the run stays bounded

DISHES = [
    "erwtensoep", "lasagne", "broodje kaas", "tomatensoep", "pannenkoeken", "rijstschotel",
    "groentecurry", "wraps met kip", "pasta pesto", "bloemkoolschotel", "falafel", "stamppot",
]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]


def _menu(week: int) -> str:
    rng = random.Random(week)
    lines = [f"# Kantinemenu week {week}", ""]
    for day in DAYS:
        a, b = rng.sample(DISHES, 2)
        price = rng.randint(250, 450) / 100
        lines.append(
            f"Op {day} van week {week} serveert de kantine {a} en {b} voor {price:.2f} euro."
        )
    lines.append(f"Het fruit van week {week} komt van de markt; de soep is vegetarisch.")
    return "\n".join(lines) + "\n"


def _questions() -> list[str]:
    items = load_testset(PROJECT_ROOT / "eval" / "testset.jsonl")
    return [it.q for it in items if it.answerable and not it.history][:12]


def _key(body: dict) -> tuple:
    cites = tuple((c.get("doc_id"), c.get("start"), c.get("end")) for c in body["citations"])
    return body["answer"], body["answerable"], cites


def _ask_all(url: str, questions: list[str]) -> dict[str, tuple]:
    out = {}
    with httpx.Client(timeout=60) as client:
        for q in questions:
            r = client.post(f"{url}/api/v1/ask", json={"question": q})
            assert r.status_code == 200, r.text
            out[q] = _key(r.json())
    return out


async def _load(url: str, questions: list[str]) -> tuple[dict, list[tuple[str, tuple]]]:
    """Users ask until the uploads are done; returns the counts and every (question, answer)."""
    stats = {"requests": 0, "errors": 0, "uploads": 0, "upload_errors": 0, "not_ready": 0}
    examples: list[str] = []
    answers: list[tuple[str, tuple]] = []
    done = asyncio.Event()

    async def user(seed: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed)
        while not done.is_set():
            q = rng.choice(questions)
            stats["requests"] += 1
            try:
                r = await client.post(f"{url}/api/v1/ask", json={"question": q}, timeout=60)
            except httpx.HTTPError as exc:
                stats["errors"] += 1
                examples.append(f"{q!r}: {exc!r}")
                continue
            if r.status_code != 200:
                stats["errors"] += 1
                examples.append(f"{q!r}: {r.status_code} {r.text[:200]}")
            else:
                answers.append((q, _key(r.json())))

    async def uploader(client: httpx.AsyncClient) -> None:
        start = time.monotonic()
        try:
            for week in range(1, UPLOADS + 1):
                if time.monotonic() - start > BUDGET_S:
                    break
                files = {"file": (f"kantine-week-{week}.md", _menu(week).encode(), "text/markdown")}
                try:
                    r = await client.post(
                        f"{url}/api/v1/documents", files=files, timeout=120,
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    )
                    ok = r.status_code == 201
                except httpx.HTTPError as exc:
                    ok, r = False, exc
                stats["uploads"] += 1
                if not ok:
                    stats["upload_errors"] += 1
                    examples.append(f"upload {week}: {getattr(r, 'text', r)!r:.200}")
        finally:
            done.set()

    async def prober(client: httpx.AsyncClient) -> None:
        # A readiness probe must not take the server out of rotation during an upload.
        while not done.is_set():
            r = await client.get(f"{url}/ready", timeout=60)
            if r.status_code != 200:
                stats["not_ready"] += 1
                examples.append(f"/ready: {r.status_code} {r.text[:200]}")
            await asyncio.sleep(0.2)

    limits = httpx.Limits(max_connections=USERS + 1)
    async with httpx.AsyncClient(limits=limits) as client, httpx.AsyncClient() as admin:
        await asyncio.gather(
            uploader(admin), prober(admin), *(user(i, client) for i in range(USERS))
        )
    stats["examples"] = examples[:10]
    return stats, answers


def _answers_of_each_state(settings, questions: list[str], uploads: int) -> dict[str, set]:
    """Every answer each question gets from an index at rest after 0, 1, ..., `uploads` of
    the menus, uploaded one at a time through the service as the users' server got them."""
    from assistant.service import LobService

    service = LobService(settings, retention=False)
    try:
        states: dict[str, set] = {q: set() for q in questions}
        for week in range(uploads + 1):
            if week:
                service.upload(f"kantine-week-{week}.md", _menu(week).encode())
            for q in questions:
                states[q].add(_key(service.ask(q).to_dict()))
        return states
    finally:
        service.close()


@pytest.mark.slow
def test_uploads_while_users_ask_change_no_answer(corpus_index, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(corpus_index.data_dir, data, ignore=shutil.ignore_patterns("*.log"))
    at_rest = tmp_path / "at-rest"
    shutil.copytree(corpus_index.data_dir, at_rest, ignore=shutil.ignore_patterns("*.log"))
    # The store's generation is asked ten times as often as by default: each ask is a
    # chance for a request thread to see an ingest half-way.
    with serving(data, tmp_path / "server.log", LOB_ADMIN_TOKEN=TOKEN,
                 LOB_GENERATION_CHECK_S="0.1") as url:
        questions = _questions()
        before = _ask_all(url, questions)
        assert sum(answerable for _, answerable, _ in before.values()) >= len(questions) // 2

        t = time.monotonic()
        stats, answers = asyncio.run(_load(url, questions))
        seconds = time.monotonic() - t
        after = _ask_all(url, questions)
        moved = [q for q in questions if after[q] != before[q]]  # see the module docstring
        states = _answers_of_each_state(
            corpus_index.model_copy(update={"data_dir": at_rest}), questions, stats["uploads"])
        assert all(before[q] in states[q] and after[q] in states[q] for q in questions)
        changed = [(q, a) for q, a in answers if a not in states[q]]
        print(
            f"\ningest while serving: {stats['requests']} requests, {stats['errors']} errors, "
            f"{len(changed)} changed answers; {stats['uploads']} uploads, "
            f"{stats['upload_errors']} failed; {seconds:.0f} s; answered differently by the "
            f"grown corpus: {moved}; answered otherwise at some state at "
            f"rest: {[q for q in questions if len(states[q]) > 1]}"
        )
        assert stats["uploads"] >= 5 and stats["requests"] > 50, stats
        assert stats["errors"] == 0 and stats["upload_errors"] == 0, stats
        assert stats["not_ready"] == 0, stats
        assert changed == [], changed[:5]
        assert len(moved) <= len(questions) // 2, moved  # the count covers most questions
        docs = httpx.get(f"{url}/api/v1/documents", timeout=30).json()
        assert sum(d["doc_id"].startswith("kantine-week-") for d in docs) == stats["uploads"]

