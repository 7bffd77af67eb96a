"""ingest/dates.py: every document gets a date from its file, else from its text, else none;
the ingest records it as document metadata."""

from __future__ import annotations

from datetime import datetime

from conftest import make_settings

from core.index import IndexStore
from core.sources import year
from ingest.dates import date_in_text, document_date, normalise
from ingest.pipeline import ingest


def test_metadata_dates_are_normalised():
    assert normalise("2017") == "2017"
    assert normalise("D:20210312101500+01'00'") == "2021-03-12"  # a PDF info date
    assert normalise(datetime(2020, 5, 4, 13, 0)) == "2020-05-04"  # a DOCX core property
    assert normalise("1 juli 2017") == "2017-07-01"
    assert normalise("") is None and normalise(None) is None


def test_the_latest_full_date_in_the_text():
    text = "Aanvragen van 10 november 2021 tot en met 24-12-2021. Zie ook 2019."
    assert date_in_text(text) == "2021-12-24"


def test_without_a_full_date_the_most_named_year():
    text = "In 2021 begon het. In 2021 ging het door. Het plan loopt tot 2027."
    assert date_in_text(text) == "2021"
    assert date_in_text("Geen jaartal hier, alleen 12 leerlingen.") is None


def test_the_file_wins_over_the_text():
    assert document_date({"date": "2023"}, "Op 1 juli 2017 begon het.") == ("2023", "bestand")
    assert document_date({"date": ""}, "Op 1 juli 2017 begon het.") == ("2017-07-01", "tekst")
    assert document_date({}, "Zonder datum.") == (None, "")
    assert year("2017-07-01") == 2017 and year(None) is None


def test_ingest_records_the_date(tmp_path, embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "met.md").write_text("---\ntitle: Met\ndate: 2019\n---\nTekst van 3 maart 2015.\n")
    (docs / "tekst.txt").write_text("Gestart op 1 juli 2017 met twaalf scholen.\n")
    (docs / "zonder.txt").write_text("Een tekst zonder enig jaartal.\n")
    settings = make_settings(tmp_path / "data")
    ingest(docs, settings, embedder=embedder, progress=False)
    records = IndexStore(settings, embedder.name).document_records()
    assert records["met"]["date"] == "2019"
    assert records["tekst"]["date"] == "2017-07-01"
    assert records["tekst"]["date_source"] == "tekst"
    assert "date" not in records["zonder"]
