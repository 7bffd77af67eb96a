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
    assert {"runner_up", "focus", "refuse", "refuse_en"} <= set(m.thresholds)
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


def test_the_unit_model_ranks_within_a_question():
    """A softmax model's probabilities are over the question's candidates: they sum to one
    and keep the order of the linear scores, whatever their height."""
    m = Logistic(["a"], np.array([0.0]), np.array([1.0]), np.array([2.0]), 0.0, "softmax")
    p = m.proba(np.array([[1.0], [0.0], [3.0]]))
    assert p.sum() == pytest.approx(1.0) and list(np.argsort(-p)) == [2, 0, 1]
    assert np.allclose(m.proba(np.array([[101.0], [100.0], [103.0]])), p)
    assert Logistic.from_dict(m.to_dict()).link == "softmax"


def test_the_recorded_command_has_no_private_paths():
    from eval.train import _command

    cmd = _command(["--set", "eval/devcorpus/tuning.jsonl=/tmp/me/dev", "--cache", "/tmp/f.pkl"])
    assert cmd == "lob train --set eval/devcorpus/tuning.jsonl=DATA_DIR1"
    assert "/tmp" not in AnswerModel.load("e5").meta["command"]


def test_each_language_gets_its_own_refusal_threshold_for_the_same_trade_off():
    from eval.train import _language_thresholds

    # Dutch questions: unanswerable ones score 0.8-0.9, answerable ones 0.1-0.5. English
    # ones score higher across the board (their words are not the documents'): one
    # threshold for both would refuse the answerable English ones or let through the
    # unanswerable Dutch ones.
    p = np.array([0.9, 0.8, 0.1, 0.2, 0.3, 0.5, 0.97, 0.95, 0.7, 0.75, 0.8])
    unans = np.array([1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0], bool)
    english = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], bool)
    dutch, eng, m = _language_thresholds(p, unans, english)
    assert 0.5 < dutch <= 0.8 and 0.8 < eng <= 0.95
    assert m == {"refusal_recall": 1.0, "false_refusals": 0.0}
    # Without unanswerable English questions to learn from, English takes the Dutch one.
    dutch2, eng2, _ = _language_thresholds(p, unans & ~english, english)
    assert eng2 == dutch2 == dutch
