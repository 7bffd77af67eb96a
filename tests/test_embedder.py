"""The embedder interface, on the real models that ship inside PyPI packages."""

from __future__ import annotations

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
