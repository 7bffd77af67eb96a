"""The LLM path through langchain's fake chat models: guard, fallback, refusal, rewrite."""

from __future__ import annotations

import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage

from assistant.answer import Assistant, make_generator
from assistant.answering import AnsweringGenerator
from assistant.generative import REFUSAL_TOKEN, LLMGenerator

Q = "Wie betaalt LOB – Gelijke Kansen?"


def _assistant(corpus_index, retriever, replies, **settings):
    settings = corpus_index.model_copy(update={"generator": "llm", **settings})
    model = FakeListChatModel(responses=replies)
    gen = LLMGenerator(settings, AnsweringGenerator.from_retriever(retriever), chat_model=model)
    return Assistant(settings, retriever=retriever, generator=gen)


def test_supported_llm_answer_is_used(corpus_index, retriever):
    a = _assistant(corpus_index, retriever, [
        "Het ministerie van OCW heeft gelden beschikbaar gesteld voor het project [1]."
    ])
    passages = retriever.search(Q, k=5)
    # The reply must cite the passage that says so: find its number in this retrieval.
    n = next(i for i, p in enumerate(passages, 1) if "gelden beschikbaar" in p.text)
    a.generator.model = FakeListChatModel(responses=[
        f"Het ministerie van OCW heeft hiervoor gelden beschikbaar gesteld [{n}]."
    ])
    r = a.ask(Q)
    assert r.generator == "llm" and r.answerable
    assert r.answer.endswith("[1]") and "ministerie van OCW" in r.answer
    assert r.guard["dropped"] == []
    text, _ = retriever.store.document(r.citations[0].doc_id)
    assert text[r.citations[0].start : r.citations[0].end] == r.citations[0].text


def test_invented_answer_falls_back_to_extractive(corpus_index, retriever):
    a = _assistant(corpus_index, retriever, [
        "Het project wordt betaald door Philips en kost 12 miljoen euro [1]. "
        "De minister Jan Pietersen is blij [9]."
    ])
    r = a.ask(Q)
    assert r.generator == "extractive" and "fallback" in r.guard
    assert len(r.guard["dropped"]) == 2
    assert r.answer == Assistant(corpus_index, retriever=retriever).ask(Q).answer


def test_model_refusal_is_honoured(corpus_index, retriever):
    r = _assistant(corpus_index, retriever, [REFUSAL_TOKEN]).ask("Wat is de beste pizzeria?")
    assert not r.answerable and r.generator == "llm" and r.guard["refused_by_model"]


class SlowModel(FakeListChatModel):
    def invoke(self, *args, **kwargs):
        time.sleep(30)
        return AIMessage(content="te laat [1].")


def test_slow_server_falls_back_within_the_deadline(corpus_index, retriever):
    settings = corpus_index.model_copy(update={"generator": "llm", "llm_timeout_s": 0.5})
    gen = LLMGenerator(settings, AnsweringGenerator.from_retriever(retriever),
                       chat_model=SlowModel(responses=["x"]))
    t = time.perf_counter()
    r = Assistant(settings, retriever=retriever, generator=gen).ask(Q)
    assert time.perf_counter() - t < 15  # not the 30 s the server takes
    assert r.generator == "extractive" and "did not answer" in r.guard["fallback"]
    assert r.answer == Assistant(corpus_index, retriever=retriever).ask(Q).answer


def test_unreachable_server_falls_back(corpus_index, retriever):
    settings = corpus_index.model_copy(update={
        "generator": "llm", "llm_provider": "openai", "llm_url": "http://127.0.0.1:9/v1",
        "llm_model": "x", "llm_timeout_s": 5,
    })
    r = Assistant(settings, retriever=retriever).ask(Q)
    assert r.generator == "extractive" and "unavailable" in r.guard["fallback"]


def test_followup_is_rewritten_by_the_model(corpus_index, retriever):
    a = _assistant(corpus_index, retriever, [
        "Wie financiert het project LOB – Gelijke Kansen?",
        "Het ministerie van OCW heeft hiervoor gelden beschikbaar gesteld [1].",
    ])
    r = a.ask("Wie betaalt dat?", ["Welke scholen doen mee aan LOB – Gelijke Kansen?"])
    assert r.query.startswith("Wie financiert het project LOB – Gelijke Kansen?")


def test_the_learned_answerer_is_the_fallback_too(corpus_index, retriever):
    """LOB_ANSWERER=learned with an LLM: a dead server falls back to the learned answer."""
    settings = corpus_index.model_copy(update={"generator": "llm", "llm_timeout_s": 0.5})
    learned = AnsweringGenerator.from_retriever(retriever)
    gen = LLMGenerator(settings, learned, chat_model=SlowModel(responses=["x"]))
    r = Assistant(settings, retriever=retriever, generator=gen).ask(Q)
    assert r.generator == "extractive" and "did not answer" in r.guard["fallback"]
    alone = Assistant(settings, retriever=retriever, generator=learned).ask(Q)
    assert r.answer == alone.answer and r.answerable == alone.answerable
    # And the grounding guard embeds with the learned answerer's embedder.
    a = Assistant(settings, retriever=retriever, generator=LLMGenerator(
        settings, learned, chat_model=FakeListChatModel(responses=["Philips betaalt [9]."])))
    assert "fallback" in a.ask(Q).guard


def test_without_an_llm_nothing_changes(corpus_index, retriever):
    assert isinstance(make_generator(corpus_index, retriever), AnsweringGenerator)
    with pytest.raises(ValueError, match="no LLM configured"):
        make_generator(corpus_index.model_copy(update={"generator": "llm"}), retriever)
