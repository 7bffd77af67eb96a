"""The embedder interface, on the real models that ship inside PyPI packages."""

from __future__ import annotations

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


def test_model_is_loaded_once_per_process():
    assert get_embedder("e5") is get_embedder("e5")


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
