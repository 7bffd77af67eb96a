"""Documents: list, read, source view, and the admin-only upload and delete."""

from __future__ import annotations

import pytest
from conftest import CORPUS, make_settings
from fastapi.testclient import TestClient

from api.conftest import TOKEN
from assistant.api.main import create_app
from assistant.service import LobService
from ingest.pipeline import ingest


def test_list_and_read(client):
    docs = client.get("/api/v1/documents").json()
    assert len(docs) == 5 and all(d["n_chunks"] > 0 for d in docs)
    one = client.get("/api/v1/documents/nazorg-en-lob").json()
    assert one["title"] == "Nazorg en LOB" and one["publisher"] == "Expertisepunt LOB"
    assert "Subsidieregeling nazorg" in one["text"]


def test_unknown_document_is_a_404(client):
    assert client.get("/api/v1/documents/bestaat-niet").status_code == 404
    assert client.get("/api/v1/documents/../../etc/passwd").status_code == 404


def test_source_view_highlights_the_passage(client):
    hit = client.get("/api/v1/search", params={"q": "startkwalificatie", "k": 1}).json()[0]
    page = client.get(
        f"/api/v1/documents/{hit['doc_id']}/view",
        params={"start": hit["start"], "end": hit["end"]},
    ).text
    start = '<mark class="passage" id="passage" tabindex="-1">'
    assert start in page
    marked = page.split(start, 1)[1].split("</mark>", 1)[0]
    assert "startkwalificatie" in marked


@pytest.fixture()
def writable(tmp_path, embedder):
    """An app over its own copy of the index: these tests change what is in it."""
    settings = make_settings(tmp_path / "data", admin_token=TOKEN, max_upload_mb=0.05)
    ingest(CORPUS / "nazorg-en-lob.txt", settings, embedder=embedder, progress=False)
    service = LobService(settings, embedder=embedder)
    with TestClient(create_app(settings, service=service, with_ui=False)) as c:
        yield c


def test_admin_endpoints_need_the_token(writable, admin):
    files = {"file": ("nieuw.txt", b"Een nieuwe tekst over LOB in het hbo.", "text/plain")}
    assert writable.post("/api/v1/documents", files=files).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert writable.post("/api/v1/documents", files=files, headers=bad).status_code == 403
    assert writable.delete("/api/v1/documents/nazorg-en-lob", headers=bad).status_code == 403


def test_upload_then_delete(writable, admin):
    files = {"file": ("hbo-nieuws.md", b"# Hbo\n\nHet hbo doet mee met de LOB-pilot Zeeland.",
                      "text/markdown")}
    r = writable.post("/api/v1/documents", files=files, headers=admin)
    assert r.status_code == 201 and r.json()["added"] == ["hbo-nieuws"]
    hits = writable.get("/api/v1/search", params={"q": "pilot Zeeland", "k": 1}).json()
    assert hits[0]["doc_id"] == "hbo-nieuws"
    assert writable.delete("/api/v1/documents/hbo-nieuws", headers=admin).status_code == 204
    assert writable.get("/api/v1/documents/hbo-nieuws").status_code == 404
    assert writable.delete("/api/v1/documents/hbo-nieuws", headers=admin).status_code == 404


def test_upload_reports_unread_front_matter(writable, admin):
    files = {"file": ("stage.md", b"---\ntitle: [unclosed\n---\nDe stage duurt tien weken.",
                      "text/markdown")}
    r = writable.post("/api/v1/documents", files=files, headers=admin)
    assert r.status_code == 201 and r.json()["added"] == ["stage"]
    assert len(r.json()["warnings"]) == 1 and "front matter" in r.json()["warnings"][0]


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("plaatje.png", b"\x89PNG", 415),
        ("groot.txt", b"a" * 60_000, 413),
        ("../../evil.txt", b"text", 422),
        ("leeg.txt", b"", 422),
    ],
)
def test_bad_uploads_are_refused(writable, admin, name, data, code):
    r = writable.post("/api/v1/documents", files={"file": (name, data)}, headers=admin)
    assert r.status_code == code, r.text
    assert r.json()["detail"]


def test_admin_is_off_without_a_token(tmp_path, embedder):
    settings = make_settings(tmp_path / "d")
    app = create_app(settings, service=LobService(settings, embedder=embedder), with_ui=False)
    with TestClient(app) as c:
        r = c.delete("/api/v1/documents/x", headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and "disabled" in r.json()["detail"]


def test_errors_do_not_echo_the_token(writable):
    r = writable.delete("/api/v1/documents/x", headers={"Authorization": "Bearer not-the-token"})
    assert r.status_code == 403 and TOKEN not in r.text and "not-the-token" not in r.text
