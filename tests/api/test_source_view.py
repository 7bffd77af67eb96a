"""The source view: the quoted unit marked strongly, the rest of its passage lightly, the
document's text escaped, a way back to the conversation."""

from __future__ import annotations

import html
import re

from core.sources import make_sources


def test_an_answers_quote_is_marked_inside_its_passage(client):
    r = client.post("/api/v1/ask", json={"question": "Wat is het doel van de Subsidieregeling "
                                                     "nazorg mbo?"})
    cite = r.json()["citations"][0]
    assert cite["quotes"], cite  # the answer says which units it quotes
    (source,) = make_sources([cite], {})
    page = client.get(source.url.split("#")[0]).text
    quotes = re.findall(r'<mark class="quote"[^>]*>(.*?)</mark>', page, re.S)
    passage = re.findall(r'<mark class="passage"[^>]*>(.*?)</mark>', page, re.S)
    assert quotes and 'id="quote"' in page
    text = client.get(f"/api/v1/documents/{cite['doc_id']}").json()["text"]
    # Exactly the quoted units are marked strongly: their text, nothing more.
    assert html.unescape("".join(quotes)) == "".join(text[a:b] for a, b in cite["quotes"])
    # The passage is marked around the quote, and the quote is not the whole passage.
    assert len("".join(quotes)) < cite["end"] - cite["start"]
    assert "".join(passage).strip()
    assert "terug naar het gesprek" in page and 'lang="nl"' in page


def test_the_view_escapes_and_refuses_junk(client):
    docs = client.get("/api/v1/documents").json()
    doc = docs[0]["doc_id"]
    page = client.get(f"/api/v1/documents/{doc}/view?start=0&end=20&q=0-5").text
    assert page.count('<mark class="quote"') == 1
    assert client.get(f"/api/v1/documents/{doc}/view?q=<script>").status_code == 422
    plain = client.get(f"/api/v1/documents/{doc}/view").text
    assert "<mark" not in plain.split("<main>")[1]


def test_every_document_shows_a_date_or_says_it_has_none(client):
    for d in client.get("/api/v1/documents").json():
        page = client.get(f"/api/v1/documents/{d['doc_id']}/view").text
        meta = re.search(r'<p class="meta">(.*?)</p>', page).group(1)
        assert re.search(r"(19|20)\d\d|datum onbekend", meta), meta
