"""Document text that tries to inject HTML or script is shown as text and runs nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import _free_port, make_settings, wait_until_up
from playwright.sync_api import expect

from browser.test_browser import ARGS, CHROMIUM
from ingest.pipeline import ingest

EVIL = (
    "---\ntitle: \"Kwaadaardige <b>titel</b> <img src=x onerror=\\\"window.__pwned=3\\\">\"\n"
    "doc_type: handreiking\n---\n"
    "Pwnproef handreiking\n\n"
    "De pwnproef bevat <script>window.__pwned=1</script> en ook "
    "<img src=x onerror=\"window.__pwned=2\"> als tekst. Het pwnproef-portfolio is veilig.\n"
)


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("evil")
    (root / "docs").mkdir()
    (root / "docs" / "pwnproef.md").write_text(EVIL, encoding="utf-8")
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
        expect(page.locator("#sources")).to_contain_text("<img src=x", timeout=10_000)
        assert "<b>titel</b>" in page.locator("#sources").inner_text()
        assert page.evaluate("() => window.__pwned") is None

        with page.expect_popup() as popup:
            page.locator("#sources .source-link").first.click()
        view = popup.value
        view.wait_for_load_state()
        assert "<script>window.__pwned=1</script>" in view.locator("pre").inner_text()
        assert view.evaluate("() => window.__pwned") is None
        browser.close()
