"""ui/app.py's HTML: an answer's bubble links its own [n] and lists its own sources, with
every piece of document text escaped; search results are spread over documents."""

from __future__ import annotations

import re

from core.sources import Notice, make_sources
from ui.app import answer_html, diversify, plain_answer, relevance

EVIL = 'Titel <img src=x onerror="alert(1)"> [2]'
CITES = [
    {"n": 1, "doc_id": "a", "title": EVIL, "doc_type": "nieuws", "section": None,
     "start": 0, "end": 40, "text": "Zin één <b>vet</b>. Zin twee is het antwoord.",
     "quotes": [[20, 45]]},
    {"n": 2, "doc_id": "b", "title": "Nieuwer", "doc_type": "beleid", "section": "Kop",
     "start": 5, "end": 30, "text": "Een nieuwere tekst.", "quotes": []},
]


def bubble(turn: int = 3) -> str:
    sources = make_sources(CITES, {"a": "2017", "b": "2023"})
    note = Notice(1, 2, "Let op: [1] komt uit een document van 2017; zie [2].")
    return answer_html("Zin twee <i>is</i> het antwoord. [1] Meer. [2] En [9].", True,
                       sources, [note], turn)


def test_each_marker_links_its_own_source_with_a_card():
    html = bubble()
    links = re.findall(r'<a class="cite" href="([^"]+)"[^>]*aria-describedby="(t3-c\d)"', html)
    assert [d for _, d in links] == ["t3-c1", "t3-c2"]
    assert links[0][0].startswith("/api/v1/documents/a/view?start=0&amp;end=40&amp;q=20-45")
    assert 'id="t3-c1"' in html and "[9]" in html and "t3-c9" not in html  # no such source
    assert '<details class="answer-sources" open><summary>Bronnen (2)' in html
    assert html.count('class="notice"') == 1 and html.count('href="/api/v1/documents/b') == 3


def test_document_and_answer_text_is_escaped():
    html = bubble()
    assert "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    # A "[2]" inside a title is text, not a link.
    assert html.count('aria-describedby="t3-c2"') == 1


def test_feedback_gets_the_plain_answer_back():
    assert plain_answer(bubble()) == (
        "Zin twee <i>is</i> het antwoord. [1] Meer. [2] En [9]."
        "Let op: [1] komt uit een document van 2017; zie [2]."
    )


def test_search_hits_are_spread_over_documents():
    hits = [{"doc_id": d, "score": s} for d, s in
            [("a", 9), ("a", 8), ("a", 7), ("b", 6), ("a", 5), ("c", 4)]]
    assert [(h["doc_id"], h["score"]) for h in diversify(hits, 4)] == [
        ("a", 9), ("a", 8), ("b", 6), ("c", 4)]
    # Too few documents: the rest fill up, best first.
    assert [h["score"] for h in diversify(hits[:3], 3)] == [9, 8, 7]
    assert relevance(9, 9) == ("zeer relevant", 100)
    assert relevance(1, 9)[0] == "mogelijk relevant"
