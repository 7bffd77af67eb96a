"""The web chat in real headless Chromium: ask, see numbered sources, open one highlighted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT
from playwright.sync_api import expect

SCREENSHOTS = PROJECT_ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def test_ask_and_open_a_source(browser, server):
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    page.goto(f"{server}/ui/")
    page.locator("#question textarea").fill("Welke scholen doen mee aan LOB – Gelijke Kansen?")
    page.locator("#ask").click()
    first = page.locator("#sources .source-link").first
    first.wait_for(timeout=60_000)
    expect(page.locator("#chat .message").last).to_contain_text("Deltion College")
    assert "[1]" in page.locator("#chat .message").last.inner_text()
    assert first.inner_text().startswith("[1] ")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ui-answer.png"), full_page=True)

    with page.expect_popup() as popup:
        first.click()
    source = popup.value
    source.wait_for_load_state()
    mark = source.locator("mark#passage")
    assert mark.is_visible()
    assert "scholen" in mark.inner_text()
    source.screenshot(path=str(SCREENSHOTS / "ui-source.png"))

    # A follow-up uses the conversation.
    page.locator("#question textarea").fill("Wanneer starten ze?")
    page.locator("#ask").click()
    expect(page.locator("#chat .message").last).to_contain_text("februari", timeout=60_000)
    page.close()


def test_search_tab(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/ui/")
    page.get_by_role("tab", name="Zoeken").click()
    page.locator("#search-q textarea, #search-q input").first.fill("startkwalificatie")
    page.locator("#search-btn").click()
    hit = page.locator("#search-results .source-link").first
    hit.wait_for(timeout=60_000)
    assert "Beleidsontwikkelingen" in hit.inner_text()
    page.close()
