"""The checker's findings for each reader: text for translators (``path:line``
their editor can open), JSON and JUnit XML for CI, and an HTML report for
editors, grouped by document and by term.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from html import escape
from xml.etree import ElementTree

from pipeline.check.checks import CHECKS
from pipeline.check.registry import Check, Finding
from pipeline.check.runner import Report

FORMATS = ("text", "json", "junit", "html")


def summary(report: Report) -> str:
    """One line: what was checked and what was found."""
    warnings = len(report.findings) - report.errors
    known = f", {report.baselined} known from the baseline" if report.baselined else ""
    unusable = f", {len(report.problems)} unusable input(s)" if report.problems else ""
    return (f"check: {report.catalogs} catalogs, {report.entries} translated entries: "
            f"{report.errors} error(s), {warnings} warning(s){known}{unusable}")


def text(report: Report) -> str:
    """``path:line: severity check-id: message``, one finding per line."""
    return "".join(f"{finding}\n" for finding in report.findings)


def json_text(report: Report) -> str:
    """A JSON list of findings: file, line, msgctxt, msgid, check, severity, term, message."""
    keys = ("file", "line", "msgctxt", "msgid", "check", "severity", "term", "message")
    return json.dumps([{key: getattr(finding, key) for key in keys} for finding in report.findings],
                      ensure_ascii=False, indent=1) + "\n"


def junit(report: Report, files: list[str]) -> str:
    """JUnit XML: one test case per file checked; its errors are a failure,
    its warnings go to the test's output, and unusable input is an error."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.file].append(finding)
    problems = {problem.path: problem for problem in report.problems}
    names = sorted(set(files) | set(by_file) | set(problems))
    failures = sum(1 for name in names if any(f.severity == "error" for f in by_file[name]))
    suites = ElementTree.Element("testsuites")
    suite = ElementTree.SubElement(suites, "testsuite", name="pipeline check", tests=str(len(names)),
                                   failures=str(failures), errors=str(len(problems)))
    for name in names:
        case = ElementTree.SubElement(suite, "testcase", classname="check", name=name)
        if name in problems:
            ElementTree.SubElement(case, "error", message=problems[name].message).text = str(problems[name])
        errors = [finding for finding in by_file[name] if finding.severity == "error"]
        if errors:
            failure = ElementTree.SubElement(case, "failure", message=f"{len(errors)} error(s)", type="check")
            failure.text = "".join(f"{finding}\n" for finding in errors)
        warnings = [finding for finding in by_file[name] if finding.severity != "error"]
        if warnings:
            ElementTree.SubElement(case, "system-out").text = "".join(f"{finding}\n" for finding in warnings)
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #1e2d78; } h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #ddd; }
th { background: #f0f2f8; } code { font-size: .9em; }
.error { color: #a4000f; font-weight: 600; } .warning { color: #8a5a00; font-weight: 600; }
.bad { color: #a4000f; } .source { color: #555; font-size: .9em; }
nav a { margin-right: 1rem; }
"""


def html(report: Report) -> str:
    """A self-contained HTML report for editors."""
    errors = report.errors
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Terminology and catalog check</title><style>{STYLE}</style></head><body>",
        "<h1>Terminology and catalog check</h1>",
        f"<p>{escape(summary(report))}.</p>",
        ('<nav><a href="#documents">By document</a><a href="#terms">By term</a>'
         '<a href="#renderings">Renderings</a><a href="#checks">The checks</a></nav>'),
    ]
    if report.problems:
        parts.append("<h2>Unusable input</h2><ul>")
        parts += [f"<li><code>{escape(str(problem))}</code></li>" for problem in report.problems]
        parts.append("</ul>")
    parts.append('<h2 id="documents">Findings by document</h2>')
    if not report.findings:
        parts.append("<p>No findings.</p>")
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.file].append(finding)
    for name, findings in sorted(by_file.items()):
        parts.append(f"<h3><code>{escape(name)}</code> ({len(findings)})</h3>")
        parts.append("<table><tr><th>Line</th><th>Check</th><th>Message</th><th>English text</th></tr>")
        parts += [finding_row(finding, finding.line) for finding in findings]
        parts.append("</table>")
    parts.append('<h2 id="terms">Findings by term</h2>')
    by_term: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.term:
            by_term[finding.term].append(finding)
    if not by_term:
        parts.append("<p>No findings concern a glossary term.</p>")
    for term, findings in sorted(by_term.items(), key=lambda item: item[0].lower()):
        parts.append(f"<h3>{escape(term)} ({len(findings)})</h3>")
        parts.append("<table><tr><th>Where</th><th>Check</th><th>Message</th><th>English text</th></tr>")
        parts += [finding_row(finding, f"{finding.file}:{finding.line}") for finding in findings]
        parts.append("</table>")
    parts.append('<h2 id="renderings">How each glossary term is rendered</h2>')
    parts.append("<p>For each English glossary term in the translated messages: the target-language terms "
                 "used for it across all catalogs, with how many messages use each.</p>")
    parts.append("<table><tr><th>English term</th><th>Renderings (messages)</th></tr>")
    for term, used in report.renderings.items():
        cells = ", ".join(rendering_cell(variant, status, count) for (variant, status), count in sorted_usage(used))
        parts.append(f"<tr><td>{escape(term)}</td><td>{cells}</td></tr>")
    parts.append("</table>")
    parts.append('<h2 id="checks">The checks</h2><table><tr><th>Check</th><th>Severity</th><th>What it means</th></tr>')
    for registered in CHECKS:
        parts.append(f'<tr><td><code>{registered.id}</code></td><td class="{registered.severity}">{registered.severity}</td>'
                     f"<td>{escape(registered.doc)}</td></tr>")
    parts.append("</table>")
    parts.append(f"<p>{'The catalogs have errors.' if errors else 'No errors.'}</p></body></html>\n")
    return "\n".join(parts)


def finding_row(finding: Finding, where: object) -> str:
    english = escape(finding.msgid or "")
    return (f"<tr><td>{escape(str(where))}</td><td class=\"{finding.severity}\">{finding.check}</td>"
            f"<td>{escape(finding.message)}</td><td class=\"source\">{english}</td></tr>")


def sorted_usage(used: Counter[tuple[str, str]]) -> list[tuple[tuple[str, str], int]]:
    return sorted(used.items(), key=lambda item: (-item[1], item[0]))


def rendering_cell(variant: str, status: str, count: int) -> str:
    if status == "missing":
        return f'<span class="bad">no glossary rendering</span> {count}'
    label = "" if status in ("preferred", "admitted") else f" ({status})"
    css = "" if not label else ' class="bad"'
    return f"<span{css}>{escape(variant)}{label}</span> {count}"


def check_table(checks: Iterable[Check]) -> str:
    """The checks as a Markdown table: id, severity, when it runs, and what it finds."""
    rows = ["| id | severity | runs on | what it finds |", "| --- | --- | --- | --- |"]
    for registered in checks:
        runs = {"entry": "each message", "comments": "translator comments", "catalogs": "all catalogs",
                "source": "docs/*.rst"}[registered.scope]
        flags = [flag for flag, on in (("opt-in: --enable", registered.opt_in), ("not suppressible", not registered.suppressible)) if on]
        rows.append(f"| `{registered.id}` | {registered.severity} | {runs}{''.join(f' ({flag})' for flag in flags)} "
                    f"| {registered.summary.replace('|', '/')} |")
    return "\n".join(rows) + "\n"
