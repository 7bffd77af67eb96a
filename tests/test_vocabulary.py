"""The education vocabulary is data (core/vocabulary.yaml), read once by core/glossary.py."""

from __future__ import annotations

import pytest
import yaml

from core import glossary
from core.config import PROJECT_ROOT
from core.text import spell_out, terms


def test_vocabulary_is_data_with_lower_case_keys():
    raw = yaml.safe_load((PROJECT_ROOT / "core" / "vocabulary.yaml").read_text("utf-8"))
    entries = raw["abbreviations"]
    assert entries and all(k == k.lower() and v for k, v in entries.items())
    assert glossary.GLOSSARY == {k: tuple(v) for k, v in entries.items()}


def test_an_abbreviation_finds_its_expansion_and_back():
    assert "voortijdig schoolverlaten" in spell_out("Wat doet de school tegen VSV?")
    assert set(terms("voortijdig schoolverlaten")) & set(terms("vsv", expand=False))


def test_a_bad_entry_is_a_clear_error(monkeypatch):
    class Files:
        def joinpath(self, name):
            return self

        def read_text(self, encoding):
            return "abbreviations:\n  VSV: [voortijdig schoolverlaten]\n"

    monkeypatch.setattr(glossary.resources, "files", lambda package: Files())
    with pytest.raises(ValueError, match="vocabulary.yaml"):
        glossary._load()


def test_organisation_types_are_data_the_answerer_reads():
    from assistant.answering.vocab import holds_kind

    assert "Ministerie" in glossary.ORGANISATION_TYPES
    assert holds_kind("organisation", "De Stichting Loopbaan werkt mee.")
    assert not holds_kind("organisation", "de leerlingen werken mee.")
