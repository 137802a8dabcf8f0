"""The checker's outputs: text, JSON, JUnit XML and the HTML report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from pipeline.check import CHECKS, Finding, Report
from pipeline.check import output as report
from pipeline.errors import PipelineError

FINDINGS = (
    Finding("locale/es/a.po", 12, "term-forbidden", "error", "'beneficios' is forbidden: write 'prestaciones'",
            None, "Benefits are paid.", "beneficio"),
    Finding("locale/es/a.po", 20, "inconsistent-translation", "warning", "translated differently", "ctx", "Key", None),
)
REPORT = Report(FINDINGS, (PipelineError("locale/es/b.po", "malformed line: x", 3),), 2, 40,
                {"benefit": Counter({("prestación", "preferred"): 30, ("beneficio", "forbidden"): 1, ("", "missing"): 2})})


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


def test_html_groups_by_document_and_term_and_counts_renderings() -> None:
    page = report.html(REPORT)
    assert page.index('id="documents"') < page.index("locale/es/a.po") < page.index('id="terms"')
    assert "<h3>beneficio (1)</h3>" in page
    assert "prestación</span> 30" in page and "beneficio (forbidden)</span> 1" in page
    assert "no glossary rendering</span> 2" in page
    assert "term-missing" in page  # the checks explained


def test_summary() -> None:
    assert report.summary(REPORT) == ("check: 2 catalogs, 40 translated entries: 1 error(s), 1 warning(s), "
                                      "1 unusable input(s)")


def test_the_readme_lists_every_check_as_list_checks_prints_them() -> None:
    table = report.check_table(CHECKS)
    assert all(f"| `{registered.id}` |" in table for registered in CHECKS)
    assert table in (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
