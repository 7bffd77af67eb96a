"""Gradio's own upload route under /ui stores nothing: the UI has no upload component."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient


def _stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_gradio_upload_is_rejected_and_nothing_is_stored(
    api_settings, service, tmp_path, monkeypatch
):
    from assistant.api.main import create_app

    # Gradio reads its upload folder when the app is built: point it at a folder we watch.
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    app = create_app(api_settings, service=service, with_ui=True)
    with TestClient(app) as c:
        assert c.get("/ui/").status_code == 200  # the UI itself is served
        for size in (2 * 1024 * 1024, 10):
            r = c.post(
                "/ui/gradio_api/upload",
                files={"files": ("vraag.txt", b"x" * size, "text/plain")},
            )
            assert 400 <= r.status_code < 500, (size, r.status_code, r.text[:200])
            assert r.status_code == 413
    assert _stored_files(tmp_path / "gradio") == []
