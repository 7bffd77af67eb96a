"""Cutting passages into sentences and list items for the extractive answerer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.sentences import split_units as _split_units
from ingest.plaintext import blocks_from_plain_text


def split_units(text: str, passage: int):
    """A whole plain text as one passage, read through its blocks as ingest reads it."""
    return _split_units(text, passage, blocks_from_plain_text(text))

TEXT = (
    "Gelijke kansen\n"
    "In het project worden scholen ondersteund. Dit gebeurt door training.\n\n"
    "Drie actielijnen:\n"
    "• deskundige LOB;\n"
    "• betere samenwerking.\n\n"
    "Gedacht kan worden aan de volgende opdrachten:\n\n"
    "Ondersteuning bij zoekgedrag naar werk\n\n"
    "Werkervaring en netwerken\n"
)


def test_sentences_items_and_offsets():
    units = split_units(TEXT, 0)
    kinds = [(u.kind, u.text) for u in units]
    assert ("sentence", "In het project worden scholen ondersteund.") in kinds
    assert ("sentence", "Dit gebeurt door training.") in kinds
    assert all(t != "Gelijke kansen" for _, t in kinds)  # a heading answers nothing
    for u in units:
        assert " ".join(TEXT[u.start : u.end].split()) == u.text


def test_bullet_list_hangs_on_its_lead_in():
    units = split_units(TEXT, 0)
    lead = next(u for u in units if u.text == "Drie actielijnen:")
    items = [u for u in units if u.list_id == lead.list_id and u.kind == "item"]
    assert lead.kind == "leadin" and [u.text for u in items] == [
        "• deskundige LOB;", "• betere samenwerking."
    ]


def test_bulletless_items_after_a_lead_in():
    units = split_units(TEXT, 0)
    lead = next(u for u in units if u.text.startswith("Gedacht kan worden"))
    items = [u.text for u in units if u.list_id == lead.list_id and u.kind == "item"]
    assert items == ["Ondersteuning bij zoekgedrag naar werk", "Werkervaring en netwerken"]


@given(st.text(max_size=400))
def test_units_always_point_into_the_text(text):
    for u in split_units(text, 3):
        assert u.passage == 3 and 0 <= u.start < u.end <= len(text)
        assert " ".join(text[u.start : u.end].replace("\u00a0", " ").split()) == u.text
