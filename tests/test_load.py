"""`make load` / eval/load.py: novel questions only, 1 user and N users in the same run."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eval.load import (
    SOURCES,
    WORDINGS,
    CpuMeter,
    PoolExhausted,
    QuestionPool,
    base_questions,
    compare,
    render,
)


def test_the_pool_holds_every_question_of_the_three_sets_once():
    qs = base_questions()
    assert len(qs) == len(set(qs))
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                assert json.loads(line)["q"].strip() in qs
    assert len(qs) > 500


def test_the_pool_never_hands_out_a_text_twice_and_says_when_it_is_used_up():
    base = ["Wat is LOB?", "Wie betaalt dat?", "Wat is LOB?", "Hoe lang duurt een stage?"]
    pool = QuestionPool(list(dict.fromkeys(base)), seed=3)
    texts = [pool.take() for _ in range(3 * len(WORDINGS))]
    assert len(set(texts)) == len(texts) == len(pool.sent) and pool.unique
    # Every wording of every question, and nothing else.
    assert set(texts) == {w.format(q=q) for w in WORDINGS for q in dict.fromkeys(base)}
    with pytest.raises(PoolExhausted):
        pool.take()


def test_both_phases_of_a_run_ask_questions_of_the_same_lengths():
    # A make load run's first ~450 texts go to 1 user, the next ~750 to 20 users. Handing out
    # the plain questions first gave the second stretch texts 22 % longer (in e5 tokens).
    pool = QuestionPool(base_questions(), seed=0)
    texts = [pool.take() for _ in range(1200)]
    one, many = np.mean([len(t) for t in texts[:450]]), np.mean([len(t) for t in texts[450:]])
    assert abs(one / many - 1) < 0.04, (one, many)
    # Each stretch mixes the wordings: no wording holds more than twice its share.
    base = set(base_questions())
    for stretch in (texts[:450], texts[450:]):
        plain = sum(t in base for t in stretch) / len(stretch)
        assert plain < 2 / len(WORDINGS), plain


def test_the_pool_order_follows_the_seed():
    base = base_questions()
    first = QuestionPool(base, seed=1)
    again = QuestionPool(base, seed=1)
    other = QuestionPool(base, seed=2)
    a = [first.take() for _ in range(20)]
    assert a == [again.take() for _ in range(20)]
    assert a != [other.take() for _ in range(20)]


def test_the_cpu_meter_sees_one_busy_core():
    import os
    import time

    meter = CpuMeter(os.getpid())
    c0, t0 = time.process_time(), time.perf_counter()
    while time.process_time() < c0 + 0.4:
        pass
    # What this process got of a core, by its own clocks (less than 1 on a busy machine).
    expected = (time.process_time() - c0) / (time.perf_counter() - t0)
    cpu = meter.read()
    assert cpu["server_cores"] == pytest.approx(expected, abs=0.1), cpu
    assert cpu["machine_busy_cores"] >= cpu["server_cores"] - 0.1
    assert cpu["others_cores"] == pytest.approx(
        cpu["machine_busy_cores"] - cpu["server_cores"], abs=0.011)


def test_one_and_many_users_in_one_run_against_a_real_server(server):
    result = compare(server, users=4, seconds=3, warmup=1)
    one, many = result["one_user"], result["n_users"]
    assert one["users"] == 1 and many["users"] == 4
    assert one["requests"] >= 3 and many["requests"] >= 4
    assert one["errors"] == 0 and many["errors"] == 0
    for r in (one, many):
        assert 0 < r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"] < 60_000
        assert r["cpu"]["machine_busy_cores"] > 0
    # Every text sent (warm-up, both phases) was new to the server.
    assert result["all_novel"]
    assert result["questions_sent"] == result["questions_distinct"]
    assert result["questions_sent"] == 1 + one["requests"] + many["requests"]
    assert result["throughput_ratio"] == pytest.approx(
        many["throughput_rps"] / one["throughput_rps"], abs=0.01)
    text = render(result)
    assert "4 users / 1 user" in text and "| 1 user |" in text
