"""The web edition as readers meet it, in a real headless Chromium (Debian's,
driven through the DevTools protocol by Playwright): screenshots at phone and
desktop width for people to look at, axe-core at WCAG 2.2 AA on every page of
both editions, and what a phone, search and a screen reader need."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, PHONE, chromium, open_page, wait_for_search
from conftest import REPO
from playwright.sync_api import BrowserContext, Playwright

from pipeline.project import Project

pytestmark = pytest.mark.slow

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = REPO / "_build" / "screenshots"
KINDS = {"module": "module1.html", "glossary": "glossary.html", "quiz": "quizzes.html", "search": "search.html?q=C157"}


@pytest.fixture(scope="module")
def site(real_site: Project) -> Project:
    """The real guide's two web editions (built once per session, in conftest)."""
    return real_site


@pytest.fixture(scope="module")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """The browser of a reader whose language the guide is not in (so the landing page stays put)."""
    context = chromium(playwright, tmp_path_factory.mktemp("profile"), "fr-FR")
    yield context
    context.close()


def url(project: Project, lang: str | None, address: str) -> str:
    """A file URL into the site (``lang`` None: the site root); ``address``
    may end with a query or a fragment."""
    folder = project.build / "html" / (lang or "")
    path, mark, rest = address.partition("?") if "?" in address else address.partition("#")
    return (folder / path).as_uri() + mark + rest


def test_screenshots_of_each_kind_of_page(site: Project, browser: BrowserContext) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = [(lang, kind, url(site, lang, address)) for lang in site.languages for kind, address in KINDS.items()]
    shots += [(None, "landing", url(site, None, "index.html#languages"))]
    for lang, kind, address in shots:
        for width in (PHONE, DESKTOP):
            page = open_page(browser, address, width)
            if kind == "search":
                wait_for_search(page)
            target = SCREENSHOTS / f"{lang or 'root'}-{kind}-{width}.png"
            page.screenshot(path=str(target))
            page.close()
            assert target.stat().st_size > 10_000


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_passes_axe_at_wcag_22_aa(site: Project, browser: BrowserContext, lang: str) -> None:
    pages = sorted(path.name for path in site.html_dir(lang).glob("*.html"))
    addresses = [url(site, lang, name) for name in pages] + [url(site, lang, "search.html?q=157")]
    if lang == site.languages[0]:
        addresses.append(url(site, None, "index.html#languages"))
    axe = Axe()
    violations = {}
    for address in addresses:
        for width in (PHONE, DESKTOP):
            page = open_page(browser, address, width)
            if "?q=" in address:
                wait_for_search(page)
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
            page.close()
            for violation in result.response["violations"]:
                violations[f"{address} @{width}px: {violation['id']}"] = [node["target"] for node in violation["nodes"]]
    assert len(pages) > 15
    assert violations == {}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_on_a_phone_no_table_or_figure_widens_the_page(site: Project, browser: BrowserContext, lang: str) -> None:
    """At 390 px, with every data table open, each page with a table or a chart
    is as wide as the screen: a table wider than the phone scrolls in its own
    box, which is named and reachable by keyboard (axe: scrollable-region-focusable)."""
    pages = [path.name for path in sorted(site.html_dir(lang).glob("*.html"))
             if "<table" in (text := path.read_text(encoding="utf-8")) or "data-chart" in text]
    assert len(pages) >= 4
    axe, boxes = Axe(), []
    for name in pages:
        page = open_page(browser, url(site, lang, name), PHONE)
        page.evaluate("() => document.querySelectorAll('details').forEach(details => { details.open = true; })")
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE, name
        scrolling = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
            .map(e => [e.getAttribute('role'), e.getAttribute('tabindex'), e.getAttribute('aria-label') || ''])""")
        assert all(role == "region" and tabindex == "0" and label for role, tabindex, label in scrolling), (name, scrolling)
        boxes += scrolling
        if scrolling:
            rules = {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable", "landmark-unique"]}}
            assert axe.run(page, options=rules).response["violations"] == [], name
        page.close()
    assert boxes  # some data table is wider than a phone, so the check above has met one


@pytest.mark.parametrize("lang", ["en", "es"])
def test_on_a_phone_navigation_and_search_come_first(site: Project, browser: BrowserContext, lang: str) -> None:
    for address in ("module1.html", "glossary.html", "quizzes.html"):
        page = open_page(browser, url(site, lang, address), PHONE)
        for selector in ("label.nav-overlay-icon", "a.guide-search", ".guide-langbar"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None and box["y"] < 120, (address, selector)
        page.locator("label.nav-overlay-icon").click()  # the menu opens without a script of ours
        assert page.locator(".sidebar-drawer .sidebar-tree a").first.is_visible()
        assert page.locator(".sidebar-drawer input[name=q]").is_visible()
        assert page.locator(".related-pages a").count() >= 1
        page.close()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("query", ["157", "C157"])
def test_searching_a_convention_number_finds_its_pages(site: Project, browser: BrowserContext, lang: str, query: str) -> None:
    page = open_page(browser, url(site, lang, f"search.html?q={query}"))
    wait_for_search(page)
    found = [href.split("#")[0].split("?")[0] for href in page.locator("#search-results ul li a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))")]
    assert "module3.html" in found
    status = page.locator("#search-results .search-summary").inner_text()
    assert str(len(set(found))) in status
    page.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_one_h1_and_no_skipped_heading_level(site: Project, browser: BrowserContext, lang: str) -> None:
    problems = []
    for name in sorted(path.name for path in site.html_dir(lang).glob("*.html")):
        page = open_page(browser, url(site, lang, name))
        levels = page.locator("h1, h2, h3, h4, h5, h6").evaluate_all(
            "headings => headings.filter(h => h.offsetParent !== null || h.closest('.sidebar-drawer, .toc-drawer'))"
            ".map(h => Number(h.tagName[1]))")
        page.close()
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{name}: h1 x{levels.count(1)}")
        problems += [f"{name}: h{a} -> h{b}" for a, b in pairwise(levels) if b > a + 1]
    assert problems == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_box_titles_end_as_written(site: Project, browser: BrowserContext, lang: str) -> None:
    page = open_page(browser, url(site, lang, "module3.html"))
    endings = page.locator("p.admonition-title").evaluate_all(
        "titles => titles.map(t => getComputedStyle(t, '::after').content)")
    page.close()
    assert endings and set(endings) <= {"none", "normal", '""'}  # no colon after «¿...?»


def test_the_landing_page_follows_the_browsers_language(site: Project, playwright: Playwright, browser: BrowserContext,
                                                        tmp_path: Path) -> None:
    for locale, expected in (("es-ES", "es/index.html"), ("en-GB", "en/index.html")):
        context = chromium(playwright, tmp_path / locale, locale)
        page = context.new_page()
        page.goto(url(site, None, "index.html"))
        page.wait_for_url(f"**/{expected}")
        context.close()
    page = open_page(browser, url(site, None, "index.html"))  # another language: the page offers both
    assert page.url.endswith("/index.html") and page.locator("a.edition").count() == 2
    page.close()


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``rgb(r, g, b)`` colours."""
    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in colour[colour.index("(") + 1:-1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("selector", [".guide-langbar a", "a.guide-pdf", ".related-pages a", ".skip-to-content"])
def test_focus_rings_stand_out(site: Project, browser: BrowserContext, selector: str) -> None:
    page = open_page(browser, url(site, "es", "module1.html"))
    page.locator(selector).first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = page.locator(selector).first.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }")
    page.close()
    assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2
    assert contrast(style[2], "rgb(255, 255, 255)") >= 3
