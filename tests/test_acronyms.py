"""Abbreviations the documents define themselves: found in the text, kept with the BM25
index, and used for BM25 and the dense query alike."""

from __future__ import annotations

from core import glossary
from core.acronyms import definitions
from core.lexical import LexicalIndex
from core.text import spell_out


def test_long_form_then_short_form_and_the_reverse():
    found = definitions(
        "Het Regionaal Overstap Netwerk (RON) helpt scholen. "
        "Ook de BKO (begeleiding kiezen en overstappen) speelt mee."
    )
    assert found == {"ron": "Regionaal Overstap Netwerk",
                     "bko": "begeleiding kiezen en overstappen"}


def test_parentheses_that_define_nothing_are_left_alone():
    assert definitions("De Kamer (2021) en bijlage (zie bijlage 1) en (Vmbo) en (OK).") == {}
    # The letters must spell the short form from the first word on.
    assert definitions("Dit is een mooie dag (XYZ).") == {}


def test_an_index_learns_them_keeps_them_and_finds_each_form(tmp_path):
    texts = [
        "Het Kennisnetwerk Overstap Zuidrand (KOZR) organiseert jaarlijks een overstapdag.",
        "Scholen melden zich aan bij het KOZR voor de overstapdag.",
        "Over stages en de stagevergoeding in het mbo.",
    ]
    index = LexicalIndex.build(["a", "b", "c"], texts)
    assert index.acronyms == {"kozr": "Kennisnetwerk Overstap Zuidrand"}
    # The short form finds the chunk that writes the long form, and the other way round.
    scores = index.scores("Wat doet het Kennisnetwerk Overstap Zuidrand?")
    assert scores[1] > 0
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded.acronyms == index.acronyms
    assert "kozr" in glossary.current()
    # The dense model gets the long form spelled out beside the short one.
    assert spell_out("Wat doet het KOZR?") == (
        "Wat doet het KOZR (Kennisnetwerk Overstap Zuidrand)?"
    )


def test_the_data_file_wins_over_a_documents_definition():
    glossary.learn({"mbo": "Mooie Bonte Ochtend"})
    assert glossary.current()["mbo"] == glossary.GLOSSARY["mbo"]
