"""English questions about Dutch documents (core/english.py): their Dutch words, from the
vocabulary's data, reach BM25, the dense query and the answerer's overlap features."""

from __future__ import annotations

import pytest

from core import glossary
from core.english import dutch_words, in_dutch, is_dutch, is_english
from core.text import query_terms, terms


def test_language_is_told_by_function_words():
    assert is_english("How long does the assignment take?")
    assert not is_english("Hoe lang duurt de opdracht?")
    assert not is_english("Wat is een workshop over feedback?")
    # A short text with the function words of neither is neither language.
    assert is_dutch("Het aanbod is er ten behoeve van docenten.")
    assert not is_dutch("Ten schools take part.") and not is_english("Ten schools take part.")


def test_an_english_question_gets_the_dutch_words_phrases_first():
    words = dutch_words("When is the open day for pupils?")
    assert words[: len(glossary.ENGLISH["open day"])] == list(glossary.ENGLISH["open day"])
    assert set(glossary.ENGLISH["pupils"]) <= set(words)
    assert "dag" not in words  # "day" was part of the phrase, not a word of its own
    assert dutch_words("How many early school leavers?")[1:] == list(
        glossary.ENGLISH["early school leavers"])


def test_a_dutch_question_is_left_as_it_is():
    question = "Krijgt een student een test over zijn stage?"
    assert dutch_words(question) == []
    assert in_dutch(question) == question
    assert query_terms(question) == query_terms(question.replace("?", ""))


def test_in_dutch_keeps_what_it_does_not_know():
    out = in_dutch("Do pupils in Zwolle get a grade for it?")
    assert "zwolle" in out and "pupils" not in out
    assert glossary.ENGLISH["pupils"][0] in out


def test_bm25_searches_an_english_question_under_its_dutch_words():
    got = set(query_terms("How many pupils visited the open day?"))
    assert set(terms("leerlingen open dag", expand=False)) <= got
    # Nothing is added to a Dutch question.
    assert set(query_terms("Hoeveel leerlingen?")) == set(terms("leerlingen", expand=False))


def test_the_dense_query_carries_the_dutch_words(tmp_path):
    from assistant.retrieval import Retriever
    from core.config import Settings

    class NoEmbedder:
        name, dim = "none", 3

    retriever = Retriever(Settings(data_dir=tmp_path), embedder=NoEmbedder())
    assert retriever.dense_text("Hoe lang duurt de opdracht?") == "Hoe lang duurt de opdracht?"
    text = retriever.dense_text("How long does the assignment take?")
    assert text.startswith("How long does the assignment take?")
    assert glossary.ENGLISH["assignment"][0] in text


@pytest.mark.parametrize(
    "entry", ["Pupil: [leerling]", "open day in june: [open dag]", "pupil: []"]
)
def test_a_bad_english_entry_is_a_clear_error(entry):
    import yaml

    with pytest.raises(ValueError, match="vocabulary.yaml"):
        glossary._english(yaml.safe_load(f"english:\n  {entry}\n"))
