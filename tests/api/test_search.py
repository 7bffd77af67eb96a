"""GET /api/v1/search: ranked passages in the `lob search --json` shape."""

from __future__ import annotations


def test_search_returns_ranked_passages(client):
    r = client.get("/api/v1/search", params={"q": "sterk beroepsonderwijs", "k": 3})
    assert r.status_code == 200
    hits = r.json()
    assert len(hits) == 3
    assert set(hits[0]) == {
        "doc_id", "title", "doc_type", "section", "page", "start", "end", "score", "text"
    }
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_filters(client):
    hits = client.get("/api/v1/search", params={"q": "LOB", "type": "nieuws", "k": 5}).json()
    assert hits and {h["doc_type"] for h in hits} == {"nieuws"}
    hits = client.get("/api/v1/search", params={"q": "LOB", "doc_id": "nazorg-en-lob"}).json()
    assert hits and {h["doc_id"] for h in hits} == {"nazorg-en-lob"}


def test_search_errors(client):
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search", params={"q": "  "}).status_code == 422
    assert client.get("/api/v1/search", params={"q": "LOB", "k": 0}).status_code == 422
    assert client.get("/api/v1/search", params={"q": "x" * 5000}).status_code == 422
