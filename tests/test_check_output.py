"""The checker's outputs: text, JSON, JUnit XML and the HTML report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import REPO, ROOTS
from playwright.sync_api import Playwright

from pipeline import check, glossary
from pipeline.check import CHECKS, Finding, Report
from pipeline.check import output as report
from pipeline.check.places import Places
from pipeline.cli import main
from pipeline.errors import PipelineError

MINI = glossary.load(ROOTS / "mini" / "glossary")
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO / "_build" / "screenshots"

FINDINGS = (
    Finding("locale/es/a.po", 12, "term-forbidden", "error", "'beneficios' is forbidden: write 'prestaciones'",
            None, "Benefits are paid.", "beneficio"),
    Finding("locale/es/a.po", 20, "inconsistent-translation", "warning", "translated differently", "ctx", "Key", None),
)
REPORT = Report(FINDINGS, (PipelineError("locale/es/b.po", "malformed line: x", 3),), 2, 40)


def test_text_is_one_clickable_line_per_finding() -> None:
    assert report.text(REPORT).splitlines() == [
        "locale/es/a.po:12: error term-forbidden: 'beneficios' is forbidden: write 'prestaciones'",
        "locale/es/a.po:20: warning inconsistent-translation: translated differently"]


def test_json_has_the_documented_fields() -> None:
    data = json.loads(report.json_text(REPORT))
    assert data[0] == {"file": "locale/es/a.po", "line": 12, "msgctxt": None, "msgid": "Benefits are paid.",
                       "check": "term-forbidden", "severity": "error", "term": "beneficio",
                       "message": "'beneficios' is forbidden: write 'prestaciones'"}
    assert data[1]["msgctxt"] == "ctx" and data[1]["term"] is None


def test_junit_has_a_test_case_per_file() -> None:
    suite = ElementTree.fromstring(report.junit(REPORT, ["locale/es/a.po", "locale/es/b.po", "locale/es/c.po"]))[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = {case.get("name"): case for case in suite}
    assert "term-forbidden" in cases["locale/es/a.po"].find("failure").text
    assert "inconsistent-translation" in cases["locale/es/a.po"].find("system-out").text
    assert cases["locale/es/b.po"].find("error") is not None
    assert len(cases["locale/es/c.po"]) == 0


def test_html_shows_each_message_side_by_side_with_its_links_and_the_suppressed_apart(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "m.rst").write_text("Title\n=====\n\nIntro.\n\nPaying abroad\n-------------\n\nBenefits are paid.\n", encoding="utf-8")
    catalog = tmp_path / "locale" / "es" / "LC_MESSAGES" / "m.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
                       '#: ../../docs/m.rst:9\nmsgid "Benefits are paid."\nmsgstr "Se pagan beneficios <b>."\n\n'
                       '# ignore-term-forbidden: quoted from a law\n#: ../../docs/m.rst:4\n'
                       'msgid "A benefit."\nmsgstr "Un beneficio."\n', encoding="utf-8")
    result = check.run([catalog], [], MINI, [])
    page = report.html(result, MINI, Places(docs, tmp_path / "_build" / "html"))
    findings, suppressed = page.split('id="suppressed"')[0], page.split('id="suppressed"')[1].split('id="concordance"')[0]
    assert '<mark data-concept="benefit">Benefits</mark> are paid.' in findings
    assert ('Se pagan <mark class="bad" data-concept="benefit">beneficios</mark>'
            '<span class="visually-hidden"> (forbidden)</span> &lt;b&gt;.') in findings
    assert f'<a href="{catalog.as_uri()}">m.po</a> <code>{catalog}:{result.findings[0].line}</code>' in findings
    assert (tmp_path / "_build" / "html" / "es" / "m.html").as_uri() + "#paying-abroad" in findings
    assert '<a href="#concept-benefit">benefit</a>' in findings
    assert "<strong>Reason:</strong> quoted from a law" in suppressed and f"{catalog}:{result.suppressed[0][0].line}" in suppressed
    assert "quoted from a law" not in findings
    concordance = page.split('id="concordance"')[1]
    assert 'id="concept-benefit"' in concordance and "(es, 2 messages, 2 not approved)" in concordance
    assert '<td class="bad">beneficio (forbidden)</td><td>2</td>' in concordance
    assert '<option value="term-forbidden">term-forbidden</option>' in page and f'<option value="{catalog}">' in page


def test_html_without_a_glossary_or_places_still_lists_every_finding() -> None:
    page = report.html(REPORT)
    assert page.index('id="findings"') < page.index("<h3><code>locale/es/a.po") < page.index('id="suppressed"')
    assert "Benefits are paid." in page and "term-missing" in page  # the checks explained
    assert "locale/es/b.po:3: malformed line: x" in page


def test_summary() -> None:
    assert report.summary(REPORT) == ("check: 2 catalogs, 40 translated entries: 1 error(s), 1 warning(s), "
                                      "1 unusable input(s)")


def test_the_readme_lists_every_check_as_list_checks_prints_them() -> None:
    table = report.check_table(CHECKS)
    assert all(f"| `{registered.id}` |" in table for registered in CHECKS)
    assert table in (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_report_of_the_real_guide_in_a_browser(playwright: Playwright, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report of the guide's catalogs, with one forbidden term planted,
    in headless Chromium from file://: a filter, the concordance, axe at
    WCAG 2.2 AA, and a phone's width; screenshots in _build/screenshots/."""
    from axe_playwright_python.sync_playwright import Axe

    root = tmp_path / "guide"
    root.mkdir()
    shutil.copy(REPO / "conf.py", root)
    for folder in ("docs", "locale", "glossary"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    module1 = root / "locale" / "es" / "LC_MESSAGES" / "module1.po"
    text = module1.read_text(encoding="utf-8")
    assert " prestaciones " in text
    module1.write_text(text.replace(" prestaciones ", " beneficios ", 1), encoding="utf-8")
    target = tmp_path / "report.html"
    monkeypatch.chdir(root)  # the paths in the report as a translator in the project sees them
    assert main(["--root", str(root), "-q", "check", "--no-cache", "--format", "html", "-o", str(target)]) == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver = playwright  # the session's driver (conftest): one per process
    browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(target.as_uri())
    finding = page.locator("#findings article.finding")
    assert finding.count() == 1 and "term-forbidden" in finding.inner_text()
    assert finding.locator("mark.bad").inner_text() == "beneficios"
    assert page.locator("#shown").inner_text() == "1 of 1 findings shown"
    catalogs = page.eval_on_selector_all("select[name=catalog] option", "options => options.map(o => o.value)")
    page.select_option("select[name=catalog]", next(name for name in catalogs if name.endswith("module1.po")))
    assert finding.is_visible() and page.locator("#suppressed article:visible").count() < page.locator("#suppressed article").count()
    page.select_option("select[name=check]", "term-missing")  # suppressed in module1.po
    assert not finding.is_visible() and page.locator("#shown").inner_text() == "0 of 1 findings shown"
    page.click("button[type=reset]")
    page.wait_for_function("() => document.getElementById('shown').innerText === '1 of 1 findings shown'")
    page.select_option("select[name=concept]", "benefit")
    assert page.locator("#concordance section[data-concept]:visible").count() == 1
    page.click("button[type=reset]")
    page.screenshot(path=SCREENSHOTS / "report-1280.png")
    finding.get_by_role("link", name="benefit", exact=True).click()
    assert page.evaluate("location.hash") == "#concept-benefit"
    concept = page.locator("#concept-benefit")
    row = concept.locator("tr", has_text="beneficio (forbidden)")
    row.locator("summary").click()
    assert "module1.po" in row.locator("details li").first.inner_text()
    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    result = Axe().run(page, options=wcag)  # the whole page, a details element open (axe takes long on it: once)
    assert result.violations_count == 0, result.generate_report()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(target.as_uri() + "#findings")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than a phone
    english, spanish = finding.locator(".pair > div").all()
    assert english.bounding_box()["y"] < spanish.bounding_box()["y"]  # one above the other
    page.screenshot(path=SCREENSHOTS / "report-390.png")
    browser.close()
