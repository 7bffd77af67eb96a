"""Stage 5: refusal is a calibrated decision on question-level signals."""

import numpy as np
import pytest

from assistant.answer import Assistant
from assistant.answering import AnsweringGenerator
from assistant.answering.features import Features
from assistant.answering.refuse import NAMES, question_features


def test_question_features_from_the_unit_probabilities():
    f = Features(np.zeros((3, 1)), "date", False, np.array([0.8, 0.9, 0.7]),
                 np.array([0.1, 0.5, 0.0]), 0.25, np.array([False, True, False]))
    q = question_features(f, np.array([0.2, 0.7, 0.1]))
    got = dict(zip(NAMES, q))
    assert got["best_p"] == 0.7 and got["margin"] == pytest.approx(0.5)
    assert got["best_dense"] == 0.9 and got["best_lex"] == 0.5
    assert got["unknown_share"] == 0.25 and got["kind_in_best"] == 1
    assert got["concrete_missing"] == 0 and got["concrete"] == 1
    assert got["rare_missing"] == 0 and got["cover_best"] == 0  # no coverage measured
    assert got["best_misses_kind"] == 0  # the best unit holds the date asked for
    # The unit the answer would quote holds no date while another one does: the classic
    # near miss ("in welk jaar ...?" answered by a sentence without a year).
    q = question_features(f, np.array([0.7, 0.2, 0.1]))
    got = dict(zip(NAMES, q))
    assert got["best_misses_kind"] == 1 and got["kind_in_best"] == 1
    # Without the per-unit signals measured, nothing is in conflict and the passage holds
    # nothing of the question.
    assert got["best_conflict"] == 0 and got["best_passage_rare"] == 1


def test_the_quoted_units_own_signals():
    f = Features(np.zeros((2, 1)), "count", False, np.array([0.8, 0.9]), np.array([0.1, 0.5]),
                 0.0, np.array([True, True]), conflict=np.array([False, True]),
                 passage_cover=np.array([0.9, 0.4]), passage_rare=np.array([0.0, 0.7]))
    # The best unit (by probability) names another year than the one asked, and its
    # passage lacks a rare question term.
    got = dict(zip(NAMES, question_features(f, np.array([0.2, 0.7]))))
    assert got["best_conflict"] == 1
    assert got["best_passage_cover"] == 0.4 and got["best_passage_rare"] == 0.7
    got = dict(zip(NAMES, question_features(f, np.array([0.7, 0.2]))))
    assert got["best_conflict"] == 0 and got["best_passage_rare"] == 0


@pytest.fixture(scope="module")
def assistant(corpus_index, retriever):
    gen = AnsweringGenerator.from_retriever(retriever)
    return Assistant(corpus_index, retriever=retriever, generator=gen)


def test_refuses_what_the_documents_do_not_say_and_answers_what_they_do(assistant):
    off = assistant.ask("Wat is de beste pizzeria in Utrecht?")
    on = assistant.ask("Wat is een startkwalificatie?")
    assert not off.answerable and on.answerable and "mbo 2" in on.answer
    d_off = assistant.generator.generate(off.query, off.query, [])
    assert not d_off.answerable  # no passages: nothing to answer from


def test_learned_answerer_is_the_default(corpus_index, retriever):
    from assistant.answer import make_generator

    assert isinstance(make_generator(corpus_index, retriever), AnsweringGenerator)
