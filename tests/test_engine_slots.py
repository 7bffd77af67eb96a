"""The e5 engine on both cores (issue 18): one encode per core at once, questions before
passage pieces, and vectors that do not depend on how texts were grouped."""

from __future__ import annotations

import threading
import time

import numpy as np

from core import embedder as emb


def _hold_in_thread(slots, query: bool, started: list, release: threading.Event, name: str):
    def run():
        with slots.hold(query=query):
            started.append(name)
            release.wait(10)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def _wait_for(cond, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


def test_two_slots_let_two_encodes_run_and_the_third_waits():
    slots = emb._EngineSlots(2)
    started: list[str] = []
    release = threading.Event()
    threads = [_hold_in_thread(slots, True, started, release, f"q{i}") for i in range(3)]
    assert _wait_for(lambda: len(started) == 2)
    time.sleep(0.1)
    assert len(started) == 2  # the third waits for a slot
    release.set()
    for t in threads:
        t.join(5)
    assert sorted(started) == ["q0", "q1", "q2"]


def test_a_waiting_question_goes_before_a_waiting_passage_piece():
    slots = emb._EngineSlots(1)
    started: list[str] = []
    first, rest = threading.Event(), threading.Event()
    running = _hold_in_thread(slots, False, started, first, "piece-1")
    assert _wait_for(lambda: started == ["piece-1"])
    piece = _hold_in_thread(slots, False, started, rest, "piece-2")
    time.sleep(0.05)
    question = _hold_in_thread(slots, True, started, rest, "question")
    time.sleep(0.05)
    first.set()
    assert _wait_for(lambda: len(started) >= 2)
    assert started[1] == "question"
    rest.set()
    for t in (running, piece, question):
        t.join(5)


def test_pieces_keep_order_and_stay_small():
    texts = ["x" * 700] * 5 + ["kort"] * 100 + ["y" * 5000]
    pieces = emb._pieces(texts)
    assert [i for p in pieces for i in p] == list(range(len(texts)))
    for p in pieces:
        size = sum(len(texts[i]) for i in p)
        assert len(p) <= emb._PASSAGES_PER_HOLD
        assert size <= emb._CHARS_PER_HOLD or len(p) == 1


def test_vectors_are_the_same_whatever_the_grouping(embedder):
    """Pieces on two threads, duplicates encoded once: each text gets exactly the vector
    that a call of its own gives (the answers depend on it)."""
    base = [f"Zin {i}: de decaan bespreekt de keuze voor een vervolgopleiding." for i in range(30)]
    texts = base + ["Een lange passage over stages en begeleiding. " * 60] + base[:4]
    got = embedder.embed_passages(texts)
    alone = np.stack([embedder.embed_passages([t])[0] for t in texts])
    assert got.shape == (len(texts), embedder.dim)
    assert np.array_equal(got, alone)
    assert np.array_equal(got[0], got[len(base) + 1])  # the duplicate, mapped back


def test_questions_from_two_threads_run_at_once(embedder):
    """Both cores: while one thread's question is in the engine, another's can be too."""
    if embedder._lock.slots < 2:
        return  # one CPU: nothing to share
    inside, most = [0], [0]
    lock = threading.Lock()
    real = embedder._model.query

    def counting(text):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            return real(text)
        finally:
            with lock:
                inside[0] -= 1

    embedder._model.query = counting
    try:
        def ask(k):
            for i in range(12):
                embedder.embed_query(f"vraag {k}-{i}: hoe lang duurt een stage op het mbo?")

        threads = [threading.Thread(target=ask, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        del embedder._model.query
    assert most[0] == 2
