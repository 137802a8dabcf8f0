"""Debian's headless Chromium, driven by Playwright, for the tests that read
pages as readers do (the web edition, the e-box)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PHONE, DESKTOP = 390, 1280


def chromium(playwright: Playwright, profile: Path, locale: str) -> BrowserContext:
    """Debian's Chromium with a fresh profile, reading ``locale``."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True, locale=locale,
        viewport={"width": DESKTOP, "height": 900})


def open_page(context: BrowserContext, url: str, width: int = DESKTOP) -> Page:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def wait_for_search(page: Page) -> None:
    """Wait until Sphinx has shown every result: it adds them one at a time and writes the summary last."""
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')?.innerText.trim()", timeout=20_000)
