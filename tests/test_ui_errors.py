"""The web UI tells teachers in plain Dutch when the document store is down; the exception's
text (`[Errno 111] Connection refused`, ...) goes to the log only."""

from __future__ import annotations

import logging

import pytest
from conftest import CORPUS, _free_port, make_settings, start_chroma, stop

from ui.app import STORE_DOWN, answer_turn, run_search

RAW = ("Errno", "Connection", "refused", "Traceback", "httpx", "chroma", "Exception")


@pytest.mark.slow
def test_store_down_is_plain_dutch_in_the_ui(tmp_path, embedder, caplog):
    from assistant.service import LobService
    from ingest.pipeline import ingest

    port = _free_port()
    proc = start_chroma(tmp_path / "chroma", port)
    service = None
    try:
        settings = make_settings(tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}")
        ingest(CORPUS / "nazorg-en-lob.txt", settings, embedder=embedder, progress=False)
        service = LobService(settings, embedder=embedder)
        q = "Wat is de Subsidieregeling nazorg mbo?"
        _, chat, sources, asked = answer_turn(service, q, [], [], None)
        assert "nazorg" in chat[-1]["content"].lower() and asked == [q]  # up: answered

        stop(proc)
        with caplog.at_level(logging.ERROR, logger="lob.ui"):
            box, chat, sources, asked = answer_turn(service, "Wie betaalt dat?", chat, asked, None)
            html = run_search(service, "nazorg", None, 5)
        said = chat[-1]["content"]
        assert said == STORE_DOWN and "documentenopslag" in html
        assert not any(w in said or w in html for w in RAW), (said, html)
        assert box == "Wie betaalt dat?" and sources == "" and asked == [q]
        ours = [r for r in caplog.records if r.name == "lob.ui"]
        assert len(ours) == 2 and all(r.exc_info for r in ours)  # details in the log
        assert not any("Wie betaalt" in r.getMessage() for r in ours)  # not the question
    finally:
        if service is not None:
            service.close()  # its sentence fill must not ask the stopped server after the test
        stop(proc)
