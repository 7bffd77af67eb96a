"""The embedder interface, on the real models that ship inside PyPI packages."""

from __future__ import annotations

import itertools
import random
import time

import numpy as np
import pytest

from core.embedder import get_embedder


def test_e5_is_normalised_and_cross_lingual(embedder):
    p = embedder.embed_passages(["De subsidie is bedoeld voor nazorg.", "Pizza met kaas."])
    q = embedder.embed_query("What is the subsidy for?")
    assert p.shape == (2, embedder.dim) and p.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert p[0] @ q > p[1] @ q
    assert embedder.embed_passages([]).shape == (0, embedder.dim)


def test_unknown_embedder_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown embedder"):
        get_embedder("gpt-9")


@pytest.mark.slow
def test_minilm_loads_offline_from_its_package():
    pytest.importorskip("sentence_transformers")
    m = get_embedder("minilm")
    # English pairs: MiniLM does not know Dutch well (why e5 is the default).
    v = m.embed_passages(
        ["career guidance for students", "helping pupils choose a career", "pizza with cheese"]
    )
    assert v.shape == (3, 384) and m.name == "minilm"
    assert v[0] @ v[1] > v[0] @ v[2]


# Issue 13: the model reads 512 tokens; a longer text must cost no more than that.
_LONG = (
    "De subsidie voor LOB – Gelijke Kansen is bedoeld voor nazorg van leerlingen die van "
    "school gaan, en scholen werken daarbij samen met gemeenten en het mbo. "
) * 150


def test_a_long_text_is_cut_to_what_the_model_reads(embedder):
    assert len(_LONG) > 20_000
    cut = embedder.fit(_LONG)
    tokens = embedder._model.token_count
    assert tokens(cut, False) <= embedder.max_tokens < tokens(_LONG, False)
    assert _LONG.startswith(cut) and len(cut) > 1000  # a prefix, not a stub
    # The cut is the longest prefix that fits (a few more characters do not).
    assert tokens(_LONG[: len(cut) + 10], False) > embedder.max_tokens
    assert embedder.fit("Wat is LOB?", is_query=True) == "Wat is LOB?"
    # Queries and passages: the long text's vector is the vector of what the model reads.
    np.testing.assert_allclose(
        embedder.embed_passages([_LONG])[0], embedder.embed_passages([cut])[0], atol=1e-6
    )
    q_cut = embedder.fit(_LONG, is_query=True)
    assert tokens(q_cut, True) <= embedder.max_tokens
    np.testing.assert_allclose(
        embedder.embed_query(_LONG), embedder.embed_query(q_cut), atol=1e-6
    )


def test_a_text_fit_takes_without_counting_does_fit(embedder):
    # `fit` passes a text whose prefixed UTF-8 bytes plus <s> and </s> stay within
    # max_tokens without asking the tokenizer: no token is shorter than a byte. Texts at that
    # bound fit by the count. Punctuation and digits come nearest (about a token a byte),
    # with one- to four-byte characters among them.
    rng = random.Random(7)
    alphabets = (list(".,;:!?"),
                 list(".,;:!?()[]-0123456789 a") + ["é", "龘", "🙂", "\u0301", "ﬁ", "𝔘"])
    most = 0
    for is_query, alphabet in itertools.product((True, False), alphabets):
        budget = embedder.max_tokens - len("query: " if is_query else "passage: ") - 2
        for _ in range(20):
            text = ""
            while True:
                ch = rng.choice(alphabet)
                if len((text + ch).encode("utf-8")) > budget:
                    break
                text += ch
            assert embedder.fit(text, is_query=is_query) == text
            n = embedder._model.token_count(text, is_query)
            assert n <= embedder.max_tokens
            most = max(most, n)
    assert most > 0.8 * embedder.max_tokens  # the texts came near the bound


def test_embedding_20000_characters_costs_about_one_window(embedder):
    # ~500 tokens (the most the model reads at once), found without the code under test.
    n = 2500
    while embedder._model.token_count(_LONG[:n], False) > embedder.max_tokens:
        n -= 50
    window = _LONG[:n]
    assert embedder._model.token_count(window, False) > 400
    text = _LONG[:20_000]

    def seconds(t: str) -> float:
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            embedder.embed_passages([t])
            best = min(best, time.perf_counter() - start)
        return best

    seconds(window)  # warm
    one_window, long_text = seconds(window), seconds(text)
    # Before the cut, 20,000 characters ran as ~10 windows (~10x one window).
    assert long_text <= 2 * one_window + 0.05, (long_text, one_window)


def test_a_question_does_not_wait_behind_an_ingest(embedder):
    """An ingest thread embedding batch after batch: a question waits for at most the small
    piece of work that is running, not for whole batches (a plain lock let it wait 35 s)."""
    import threading

    passage = "Loopbaanbegeleiding helpt leerlingen bij het kiezen van een vervolgopleiding. " * 9
    batch = [f"{i} {passage}" for i in range(32)]  # ingest's default embed_batch_size
    t0 = time.perf_counter()
    embedder.embed_passages(batch)
    one_batch = time.perf_counter() - t0
    idle = []
    for i in range(3):
        t0 = time.perf_counter()
        embedder.embed_query(f"hoe lang duurt stage {i} in het idle geval?")
        idle.append(time.perf_counter() - t0)

    stop = threading.Event()

    def ingest() -> None:
        while not stop.is_set():
            embedder.embed_passages(batch)

    worker = threading.Thread(target=ingest, daemon=True)
    worker.start()
    try:
        time.sleep(one_batch / 2)
        busy = []
        for i in range(6):
            t0 = time.perf_counter()
            embedder.embed_query(f"wie betaalt de nazorg voor vraag {i} tijdens het inlezen?")
            busy.append(time.perf_counter() - t0)
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join()
    # A whole batch holds the engine for `one_batch`; a question may wait for a quarter of
    # one (the running piece) plus its own encode, with room for a busy machine.
    bound = 0.5 * one_batch + 3 * max(idle) + 0.2
    assert max(busy) <= bound, (busy, one_batch, idle)


def test_a_query_embedded_ahead_is_encoded_once_and_waited_for(embedder, monkeypatch):
    """An answer starts its question's encode before it searches; asking for the vector while
    that encode runs waits for it instead of encoding the question a second time."""
    real = embedder._encode_query
    calls: list[str] = []

    def slow_encode(text: str) -> np.ndarray:
        calls.append(text)
        time.sleep(0.2)  # still running when the vector is asked for
        return real(text)

    q = "Hoeveel uur stage lopen leerlingen als hun vraag vooruit wordt ingebed?"
    embedder.forget_queries()
    monkeypatch.setattr(embedder, "_encode_query", slow_encode)
    embedder.embed_queries_ahead([q])
    time.sleep(0.05)
    vec = embedder.embed_query(q)
    assert len(calls) == 1
    monkeypatch.setattr(embedder, "_encode_query", real)
    embedder.forget_queries()
    assert np.array_equal(vec, embedder.embed_query(q))  # the vector of a plain encode


def test_a_failed_encode_ahead_fails_the_caller_waiting_for_it(embedder, monkeypatch):
    def broken(text: str) -> np.ndarray:
        time.sleep(0.1)
        raise RuntimeError("engine broke")

    q = "Een vraag waarvan het inbedden mislukt?"
    embedder.forget_queries()
    monkeypatch.setattr(embedder, "_encode_query", broken)
    embedder.embed_queries_ahead([q])
    time.sleep(0.02)
    with pytest.raises(RuntimeError, match="engine broke"):
        embedder.embed_query(q)
