"""The web chat in real headless Chromium, as a teacher with an English browser uses it:
ask, follow up, check the first answer's sources (hover card, exact highlight, a way back),
the notice of a newer document, Dutch throughout, axe-core, keyboard only, a phone.
Screenshots and the axe results go to tests/artifacts/."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright._impl._errors import TargetClosedError
from playwright.sync_api import expect

from browser.chromium import BLOCKING, SCREENSHOTS, axe_violations

# Answered from a 2021 text about a subsidy that a 2023 text says was extended.
STALE_Q = "Tot wanneer kon je de subsidie Nazorg mbo 2022/2023 aanvragen?"
FOLLOW_UP = "Wat is het doel ervan?"
ENGLISH = ("Built with Gradio", "Use via API", "Settings", "Copy message", "Runs",
           "chatbot conversation", "bot's message", "user's message", "Scroll down")
FOOTER = ("Gemaakt met Gradio", "Gebruik via API", "Instellingen")  # Gradio's Dutch footer
AXE_RESULTS: dict[str, list] = {}


@pytest.fixture(scope="module", autouse=True)
def _save_axe_results():
    yield
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "axe.json").write_text(json.dumps(AXE_RESULTS, indent=1, ensure_ascii=False))


def check_axe(page, axe: str, name: str) -> None:
    found = axe_violations(page, axe)
    AXE_RESULTS[name] = found
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, f"{name}: {json.dumps(blocking, indent=1)}"


def english_page(browser, **kw):
    """A page in a browser whose language is English: the UI must still be Dutch."""
    ctx = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US"},
                              **kw)
    return ctx, ctx.new_page()


def ask(page, question: str, answers_before: int) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    expect(page.locator("#chat .answer")).to_have_count(answers_before + 1, timeout=60_000)


def opened(view):
    """A source tab once its page (not the about:blank before it) has loaded."""
    view.wait_for_url(re.compile(r"/view"))
    view.wait_for_load_state()
    return view


def labels_and_text(page) -> str:
    labels = page.locator("[aria-label], [title]").evaluate_all(
        "els => els.map(e => (e.getAttribute('aria-label') || '') + ' ' + "
        "(e.getAttribute('title') || ''))"
    )
    return page.locator("body").inner_text() + "\n" + "\n".join(labels)


def test_ask_follow_up_and_check_the_first_answers_source(browser, server, axe):
    ctx, page = english_page(browser, viewport={"width": 1200, "height": 1000})
    page.goto(f"{server}/ui/")
    ask(page, STALE_Q, 0)
    first = page.locator("#chat .answer").first
    cites = first.locator(".answer-text a.cite")
    assert cites.count() >= 1 and cites.first.inner_text() == "[1]"
    # The notice: an older text, a newer one on the same subject, cited too.
    notice = first.locator(".notice")
    expect(notice).to_contain_text("Let op:")
    assert re.search(r"document van 20\d\d; een nieuwer document \(20\d\d\)", notice.inner_text())
    n_sources = first.locator(".answer-sources li").count()
    assert f"[{n_sources}]" in notice.inner_text()  # the newer source is the last one

    # Hovering [1] shows its card: title, date, the quoted sentence.
    cites.first.hover()
    card = first.locator(".cite-card").first
    expect(card).to_be_visible()
    assert re.search(r"20\d\d|datum onbekend", card.locator(".m").inner_text())
    quote = card.locator(".q").inner_text().strip("“”")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ui-answer-card.png"))

    # Dutch everywhere, whatever the browser's language.
    assert page.evaluate("document.documentElement.lang") == "nl"
    shown = labels_and_text(page)
    assert not [w for w in ENGLISH + FOOTER if w in shown], shown
    assert httpx.get(f"{server}/favicon.ico").status_code == 200
    check_axe(page, axe, "Vragen")

    # A follow-up: the first answer keeps its own sources.
    href = cites.first.get_attribute("href")
    ask(page, FOLLOW_UP, 1)
    assert first.locator(".answer-text a.cite").first.get_attribute("href") == href
    page.wait_for_timeout(800)  # the page shows the new question and answer's start
    asked = page.locator("#chat .user-row").last.bounding_box()
    chat = page.locator("#chat").bounding_box()
    assert chat["y"] - 1 <= asked["y"] <= chat["y"] + chat["height"] / 2, (asked, chat)
    page.screenshot(path=str(SCREENSHOTS / "ui-answer.png"))

    with page.expect_popup() as popup:
        first.locator(".answer-text a.cite").first.click()
    view = opened(popup.value)
    assert view.url.endswith(href)
    marked = " ".join(view.locator("mark.quote").all_inner_texts())
    passage = view.locator("mark.passage").all_inner_texts()
    # The strong highlight is the quoted sentence(s), not the whole passage around it.
    assert " ".join(marked.split()).startswith(quote.split(" … ")[0].rstrip(" …"))
    assert passage and len(marked) < len(marked) + sum(map(len, passage))
    expect(view.locator("#quote")).to_be_in_viewport()
    view.screenshot(path=str(SCREENSHOTS / "ui-source.png"))
    check_axe(view, axe, "bronweergave")
    with view.expect_event("close", timeout=5_000):
        view.get_by_role("link", name="terug naar het gesprek").click()
    expect(page.locator("#chat .answer")).to_have_count(2)  # the conversation is still there
    ctx.close()


def test_keyboard_only(browser, server):
    ctx, page = english_page(browser, viewport={"width": 1200, "height": 900})
    page.goto(f"{server}/ui/")
    page.locator("#question textarea").wait_for()
    for _ in range(30):  # Tab to the question box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#question') !== null"):
            break
    page.keyboard.type("Wat is het doel van de Subsidieregeling nazorg mbo?")
    page.keyboard.press("Enter")
    expect(page.locator("#chat .answer")).to_have_count(1, timeout=60_000)
    for _ in range(40):  # Tab on to the first citation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.cite')"):
            break
    assert page.evaluate("document.activeElement.matches('a.cite')")
    expect(page.locator("#chat .cite-card").first).to_be_visible()  # the card shows on focus
    with page.expect_popup() as popup:
        page.keyboard.press("Enter")
    view = opened(popup.value)
    assert view.evaluate("document.activeElement.id") == "quote"  # reading starts there
    view.keyboard.press("Shift+Tab")
    assert view.evaluate("document.activeElement.id") == "back"
    with view.expect_event("close", timeout=5_000):
        try:
            view.keyboard.press("Enter")
        except TargetClosedError:  # it closed while the key was still going down: the point
            pass
    ctx.close()


def test_phone(browser, server):
    ctx, page = english_page(browser, viewport={"width": 390, "height": 844},
                             is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(f"{server}/ui/")
    ask(page, "Welke scholen doen mee aan LOB – Gelijke Kansen?", 0)
    page.wait_for_timeout(800)  # the page scrolls the new answer's start into view
    answer = page.locator("#chat .answer").last
    top = answer.bounding_box()["y"]
    assert 0 <= top < 844, top  # the answer's start is on screen
    summary = answer.locator(".answer-sources summary")
    # Its sources sit right under it, within the chat: no scrolling past the whole page.
    assert summary.evaluate("e => e.closest('#chat') !== null")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out
    page.screenshot(path=str(SCREENSHOTS / "ui-phone.png"))
    ctx.close()


def test_search_tab(browser, server, axe):
    ctx, page = english_page(browser, viewport={"width": 1200, "height": 1000})
    page.goto(f"{server}/ui/")
    page.get_by_role("tab", name="Zoeken").click()
    page.locator("#search-q textarea, #search-q input").first.fill("nazorg")
    page.locator("#search-btn").click()
    hits = page.locator("#search-results li")
    hits.first.wait_for(timeout=60_000)
    assert hits.count() == 5
    titles = [t.split(". ", 1)[1] for t in page.locator("#search-results .source-link")
              .all_inner_texts()]
    assert max(titles.count(t) for t in titles) <= 2, titles  # not all from one document
    text = page.locator("#search-results").inner_text()
    assert "score" not in text and re.search(r"zeer relevant|relevant", text)
    for s in page.locator("#search-results .snippet").all_inner_texts():
        assert s.endswith(("…", ".", "!", "?", ":")) or len(s) < 300, s  # whole words
    page.screenshot(path=str(SCREENSHOTS / "ui-search.png"), full_page=True)
    check_axe(page, axe, "Zoeken")

    page.get_by_role("tab", name="Documenten").click()
    docs = page.locator("#documents li")
    docs.first.wait_for(timeout=30_000)
    assert docs.count() == 5
    for line in docs.all_inner_texts():
        assert re.search(r"(19|20)\d\d|datum onbekend", line) and "passages" in line, line
    page.screenshot(path=str(SCREENSHOTS / "ui-documents.png"), full_page=True)
    check_axe(page, axe, "Documenten")
    with page.expect_popup() as popup:
        docs.first.locator("a").click()
    popup.value.wait_for_load_state()
    assert popup.value.locator("h1").inner_text() == docs.first.locator("a").inner_text()
    ctx.close()
