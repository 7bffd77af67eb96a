"""core/compounds.py: Dutch compounds split into known words, and BM25 finding them."""

from __future__ import annotations

import pytest

from core.compounds import parts
from core.lexical import LexicalIndex


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("loopbaangesprekken", ("loopbaan", "gesprekken")),
        ("loopbaandossier", ("loopbaan", "dossier")),
        ("studiekeuze", ("studie", "keuze")),
        ("beroepenweek", ("beroepen", "week")),
    ],
)
def test_a_compound_splits_into_known_words_head_last(word, expected):
    assert parts(word) == expected


@pytest.mark.parametrize("word", ["gesprekken", "begeleiding", "school", "qwertyuiopas", "2025"])
def test_known_short_unknown_and_non_words_stay_whole(word):
    # "gesprekken" is a word the dictionary knows: not "gesp" + "rekken".
    assert parts(word) == ()


def test_bm25_finds_a_compound_by_its_head_and_a_phrase_by_the_compound():
    texts = [
        "In de loopbaangesprekken bespreekt de mentor de keuzes.",
        "Het dossier over je loopbaan neem je mee naar je nieuwe school.",
        "De ouderavond begint om acht uur.",
    ]
    index = LexicalIndex.build(["a", "b", "c"], texts)
    gesprek = index.scores("Hoe lang duren de gesprekken?")
    assert gesprek[0] > 0 and gesprek[1] == 0 and gesprek[2] == 0
    dossier = index.scores("Wat gebeurt er met mijn loopbaandossier?")
    assert int(dossier.argmax()) == 1 and dossier[1] > 0


def test_the_answerers_terms_hold_a_compounds_parts_and_no_glossary_forms():
    from core.text import terms, terms_and_parts

    got = set(terms_and_parts("Hoe verlopen de loopbaangesprekken?"))
    assert set(terms("loopbaan gesprekken", expand=False)) <= got
    assert not set(terms("loopbaan gesprekken", expand=False)) <= set(
        terms("Hoe verlopen de loopbaangesprekken?", expand=False))
    # "VSV" stays itself: the glossary's long form is BM25's, not the answerer's.
    assert set(terms_and_parts("VSV")) == set(terms("VSV", expand=False))
