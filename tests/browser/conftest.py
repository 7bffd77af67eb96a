"""One headless Chromium per test module; axe-core once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.chromium import ARGS, CHROMIUM, axe_source


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe() -> str:
    return axe_source()
