"""core/sources.py: the one formatter of an answer's sources (UI, OpenAI endpoint, CLI)."""

from __future__ import annotations

from core.sources import (
    date_label,
    highlight_segments,
    make_sources,
    markdown_line,
    notice_text,
    parse_quotes,
    plain_line,
    snippet,
    view_url,
)

TEXT = "Eerste zin van de passage. Tweede zin die het antwoord is. Derde zin."
CITE = {
    "n": 1, "doc_id": "map/doc een", "title": "Titel [met] haken", "doc_type": "nieuws",
    "section": "Kop", "start": 100, "end": 100 + len(TEXT), "text": TEXT,
    "quotes": [[127, 159]], "score": 0.5, "page": None,
}


def test_a_source_carries_its_quote_date_and_link():
    (s,) = make_sources([CITE], {"map/doc een": "2017-07-01"})
    assert s.quote == "Tweede zin die het antwoord is."
    assert s.date_label == "1 juli 2017"
    assert s.url == "/api/v1/documents/map/doc%20een/view?start=100&end=169&q=127-159#quote"


def test_without_quotes_the_passage_is_the_quote_and_the_link_marks_the_passage():
    (s,) = make_sources([{**CITE, "quotes": []}], {})
    assert s.quote == TEXT and s.date_label == "datum onbekend"
    assert s.url.endswith("?start=100&end=169#passage")
    assert view_url("d") == "/api/v1/documents/d/view"


def test_dates_read_for_people():
    assert date_label("2021-12-24") == "24 december 2021"
    assert date_label("2021-03") == "maart 2021"
    assert date_label("2017") == "2017"
    assert date_label(None) == date_label("") == date_label("onzin") == "datum onbekend"


def test_snippets_end_at_a_word_with_an_ellipsis():
    text = "Een woord   nog een woord en dan een heel lang woord: onderwijsvernieuwingsplan."
    cut = snippet(text, 40)
    assert cut.endswith(" …") and len(cut) <= 42
    assert text.replace("   ", " ").startswith(cut[:-2])  # whole words, in order
    assert cut[:-2].split()[-1] in text.split()
    assert snippet("kort", 40) == "kort"


def test_markdown_and_plain_lines():
    (s,) = make_sources([CITE], {"map/doc een": "2023"})
    md = markdown_line(s, "http://h")
    assert md == (
        "[1] [Titel \\[met\\] haken (2023)](http://h/api/v1/documents/map/doc%20een/view"
        "?start=100&end=169&q=127-159#quote) — Kop"
    )
    assert plain_line(s).startswith("[1] Titel [met] haken (2023) — Kop — /api/v1/")


def test_notice_names_both_years_and_numbers():
    old, new = make_sources(
        [CITE, {**CITE, "n": 2, "doc_id": "nieuw", "title": "Nieuw", "quotes": []}],
        {"map/doc een": "2017", "nieuw": "2023-05-01"},
    )
    text = notice_text(old, new)
    assert text.startswith("Let op: [1] komt uit een document van 2017;")
    assert "(2023)" in text and "[2] Nieuw" in text


def test_highlight_segments_tile_the_text():
    segs = highlight_segments(100, 10, 60, [[20, 30], [30, 40], [200, 300]])
    assert segs == [(0, 10, ""), (10, 20, "passage"), (20, 40, "quote"),
                    (40, 60, "passage"), (60, 100, "")]
    assert highlight_segments(50, None, None, []) == [(0, 50, "")]
    assert parse_quotes("5-9,x-1,9-3,10-12") == [[5, 9], [10, 12]]
