"""Document text that tries to inject HTML or script is shown as text and runs nothing;
links in document text stay text (no anchors) in the chat, the sources and the search tab."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import _free_port, make_settings, wait_until_up
from playwright.sync_api import expect

from browser.chromium import ARGS, CHROMIUM
from ingest.pipeline import ingest

EVIL = (
    "---\ntitle: \"Kwaadaardige <b>titel</b> <img src=x onerror=\\\"window.__pwned=3\\\">\"\n"
    "doc_type: handreiking\n---\n"
    "Pwnproef handreiking\n\n"
    "De pwnproef bevat <script>window.__pwned=1</script> en ook "
    "<img src=x onerror=\"window.__pwned=2\"> als tekst. Het pwnproef-portfolio is veilig.\n"
)
# A phishing link as an injected sentence would carry it into an answer: bare, as Markdown,
# and with www. (Markdown autolinks all three).
LINKS = (
    "---\ntitle: \"Linkproef https://evil.example/titel\"\ndoc_type: handreiking\n---\n"
    "Linkproef handreiking\n\n"
    "Het linkproef-loket vraagt je wachtwoord op https://evil.example/login en "
    "[klik](https://evil.example) of www.evil.example voor het linkproef-loket.\n"
)


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("evil")
    (root / "docs").mkdir()
    # Plain text keeps what is typed: a Markdown file's raw HTML and link syntax are read by
    # its parser at ingest (tests/formats/test_markdown.py); here the UI alone must cope.
    (root / "docs" / "pwnproef.txt").write_text(EVIL, encoding="utf-8")
    (root / "docs" / "linkproef.txt").write_text(LINKS, encoding="utf-8")
    settings = make_settings(root / "data")
    ingest(root / "docs", settings, embedder=embedder, progress=False)
    port = _free_port()
    env = {**os.environ, "LOB_DATA_DIR": str(settings.data_dir), "LOB_PORT": str(port),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/ready", proc)
    yield url
    proc.terminate()
    proc.wait(10)


def test_evil_document_is_escaped_everywhere(evil_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(f"{evil_server}/ui/")
        page.locator("#question textarea").fill("Wat bevat de pwnproef?")
        page.locator("#ask").click()
        expect(page.locator("#chat .message").last).to_contain_text("<script>", timeout=60_000)
        sources = page.locator("#chat .answer-sources")
        expect(sources).to_contain_text("<img src=x", timeout=10_000)
        assert "<b>titel</b>" in sources.inner_text()
        # The hover card of [1] carries the same title, as text.
        page.locator("#chat a.cite").first.hover()
        assert "<b>titel</b>" in page.locator("#chat .cite-card").first.inner_text()
        assert page.evaluate("() => window.__pwned") is None

        with page.expect_popup() as popup:
            page.locator("#chat .source-link").first.click()
        view = popup.value
        view.wait_for_url(re.compile(r"/view"))
        view.wait_for_load_state()
        assert "<script>window.__pwned=1</script>" in view.locator(".doc").inner_text()
        assert "<b>titel</b>" in view.locator("h1").inner_text()
        assert view.evaluate("() => window.__pwned") is None
        browser.close()


EVIL_ANCHORS = "a[href*='evil.example']"


def test_links_in_documents_stay_text(evil_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(f"{evil_server}/ui/")
        page.locator("#question textarea").fill("Wat vraagt het linkproef-loket?")
        page.locator("#ask").click()
        answer = page.locator("#chat .message").last
        expect(answer).to_contain_text("https://evil.example/login", timeout=60_000)
        expect(page.locator("#chat .source-link").first).to_be_visible()
        assert page.locator(f"#chat {EVIL_ANCHORS}").count() == 0
        expect(answer).to_contain_text("[klik](https://evil.example)")  # shown as typed
        # The only anchors are the UI's own links to sources.
        hrefs = page.locator("#chat a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        assert all(h.startswith("/api/v1/documents/") for h in hrefs), hrefs

        page.get_by_role("tab", name="Zoeken").click()
        page.locator("#search-q textarea").fill("linkproef-loket wachtwoord")
        page.locator("#search-btn").click()
        results = page.locator("#search-results")
        expect(results).to_contain_text("https://evil.example/login", timeout=30_000)
        assert page.locator(f"#search-results {EVIL_ANCHORS}").count() == 0

        page.get_by_role("tab", name="Documenten").click()
        expect(page.locator("#documents")).to_contain_text("evil.example/titel")
        assert page.locator(f"#documents {EVIL_ANCHORS}").count() == 0
        assert page.locator(EVIL_ANCHORS).count() == 0  # nowhere on the page
        browser.close()
