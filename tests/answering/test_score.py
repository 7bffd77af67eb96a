"""Stage 3: the trained model, loaded per embedder, applied with plain numpy."""

import json

import numpy as np
import pytest

from assistant.answering.features import NAMES
from assistant.answering.refuse import NAMES as Q_NAMES
from assistant.answering.score import AnswerModel, Logistic, MissingModel, score


def test_logistic_is_standardise_weigh_squash():
    m = Logistic(["a", "b"], np.array([1.0, 0.0]), np.array([2.0, 1.0]),
                 np.array([1.0, -1.0]), 0.5)
    X = np.array([[3.0, 1.0], [1.0, 0.0]])
    z = np.array([(3 - 1) / 2 - 1 + 0.5, 0.5])
    assert np.allclose(m.proba(X), 1 / (1 + np.exp(-z)))
    assert Logistic.from_dict(m.to_dict()).to_dict() == m.to_dict()


def test_the_e5_model_matches_the_code_and_says_how_it_was_trained():
    m = AnswerModel.load("e5")
    assert m.unit.names == list(NAMES) and m.refuse.names == list(Q_NAMES)
    assert {"runner_up", "focus", "refuse"} <= set(m.thresholds)
    assert m.meta["command"].startswith("lob train") and m.meta["trained_on"]
    assert "heldout" not in json.dumps(m.meta["trained_on"])
    p = score(m, np.zeros((3, len(NAMES))), NAMES)
    assert p.shape == (3,) and ((p > 0) & (p < 1)).all()


def test_a_missing_model_names_the_embedder_and_lob_train(tmp_path):
    with pytest.raises(MissingModel, match=r"embedder 'minilm'.*lob train"):
        AnswerModel.load("minilm", directory=tmp_path)


def test_features_that_differ_from_the_models_are_refused():
    m = AnswerModel.load("e5")
    with pytest.raises(MissingModel, match="retrain"):
        score(m, np.zeros((1, 2)), ("a", "b"))
