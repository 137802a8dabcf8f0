"""The checker's findings for each reader: text for translators (``path:line``
their editor can open), JSON and JUnit XML for CI, and an HTML report for
editors, grouped by document and by term.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from html import escape
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from pipeline.check.checks import CHECKS, Mark, Record
from pipeline.check.concordance import concordance
from pipeline.check.registry import Check, Finding
from pipeline.check.runner import Report
from pipeline.glossary import Glossary

if TYPE_CHECKING:  # docutils, which finds the places, is loaded only for the HTML report
    from pipeline.check.places import Places

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
    values = attrgetter(*keys)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = ",\n".join([encode(dict(zip(keys, values(finding), strict=True))) for finding in report.findings])
    return f"[\n{lines}\n]\n" if lines else "[]\n"  # one finding per line (indenting is many times slower)


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
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 76rem; padding: 0 1rem 2rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #1e2d78; } h3 { margin: 1.5rem 0 .3rem; }
a { color: #1a3fa8; } a:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #1e2d78; outline-offset: 2px; }
code { font-size: .9em; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #ccc; }
th { background: #eef0f7; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: end; padding: .7rem; background: #eef0f7; }
.filters label { display: flex; flex-direction: column; font-weight: 600; min-width: 0; max-width: 100%; }
.filters select, .filters button { font: inherit; min-height: 2.2rem; }
.filters select { width: 20rem; max-width: 100%; }
.filters p { flex-basis: 100%; margin: 0; }
.finding { border-top: 1px solid #ccc; padding: .6rem 0; }
.finding p { margin: .2rem 0; }
.where { display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
.where span, td { min-width: 0; overflow-wrap: anywhere; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .2rem 1rem; margin-top: .3rem; }
.pair > div { overflow-wrap: anywhere; }
.pair h4 { margin: 0; font-size: .85rem; color: #444; }
.pair p { margin: 0; white-space: pre-wrap; }
mark { background: #fff1b8; color: #1b1b1b; border-bottom: 2px solid #8a5a00; }
mark.bad { background: #ffe0e0; border-bottom: 3px double #a4000f; }
.error { color: #a4000f; font-weight: 600; } .warning { color: #7a4f00; font-weight: 600; }
.bad { color: #a4000f; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
details ul { margin: .3rem 0; padding-left: 1.2rem; }
@media (max-width: 40rem) {
  body { padding: 0 .6rem 2rem; }
  .pair { grid-template-columns: 1fr; }
  th, td { padding: .3rem .25rem; }
  .filters label, .filters select { width: 100%; }
}
"""

SCRIPT = """
(() => {
  const form = document.getElementById('filters');
  const status = document.getElementById('shown');
  const findings = document.querySelectorAll('#findings [data-check]');
  form.hidden = false;
  function apply() {
    const check = form.elements.check.value, catalog = form.elements.catalog.value, concept = form.elements.concept.value;
    let shown = 0;
    for (const item of document.querySelectorAll('[data-check]')) {
      item.hidden = !((!check || item.dataset.check === check) && (!catalog || item.dataset.catalog === catalog)
                      && (!concept || item.dataset.concepts.split(' ').includes(concept)));
    }
    for (const item of findings) shown += item.hidden ? 0 : 1;
    for (const group of document.querySelectorAll('[data-group]')) group.hidden = !group.querySelector('[data-check]:not([hidden])');
    for (const section of document.querySelectorAll('section[data-concept]')) section.hidden = !!concept && section.dataset.concept !== concept;
    status.textContent = shown + ' of ' + findings.length + ' findings shown';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', () => setTimeout(apply));
  addEventListener('hashchange', () => {
    const target = document.getElementById(location.hash.slice(1));
    if (target && target.hidden) { form.elements.concept.value = ''; apply(); target.scrollIntoView(); }
  });
})();
"""

STATUS_LABELS = {"preferred": "preferred", "admitted": "admitted", "deprecated": "deprecated (replace it)",
                 "forbidden": "forbidden", "unaccented": "without its accents", "missing": "no glossary term"}


def html(report: Report, glossary: Glossary | None = None, places: Places | None = None) -> str:
    """A self-contained HTML report for editors: each finding with the English
    text and the translation side by side (glossary terms highlighted), a
    link to the catalog line and to the page in the built edition; the
    suppressed findings with their reasons; the concordance of each concept;
    filters by check, catalog and concept (an inline script, no server)."""
    glossary = glossary or Glossary()
    records = {(record.file, record.msgctxt, record.msgid): record for record in report.records}
    concepts = sorted({mark[3] for record in report.records for mark in record.marks})
    catalogs = sorted({finding.file for finding, _ in report.suppressed} | {finding.file for finding in report.findings})
    checks = sorted({finding.check for finding, _ in report.suppressed} | {finding.check for finding in report.findings})
    lookup = Lookup(records, places, report.languages)
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Terminology and catalog check</title><style>{STYLE}</style></head><body>",
        '<header><h1>Terminology and catalog check</h1>',
        f"<p>{escape(summary(report))}; {len(report.suppressed)} finding(s) suppressed by a comment.</p>",
        '<nav aria-label="Sections"><ul><li><a href="#findings">Findings</a></li><li><a href="#suppressed">Suppressed</a></li>'
        '<li><a href="#concordance">Concordance</a></li><li><a href="#checks">The checks</a></li></ul></nav></header>',
        '<main>',
        '<form id="filters" class="filters" hidden aria-label="Filters">',
        select("check", "Check", [(check_id, check_id) for check_id in checks]),
        select("catalog", "Catalog", [(name, name) for name in catalogs]),
        select("concept", "Concept", [(concept_id, concept_label(glossary, concept_id)) for concept_id in concepts]),
        '<button type="reset">Show all</button>',
        f'<p id="shown" role="status">{len(report.findings)} of {len(report.findings)} findings shown</p></form>',
    ]
    if report.problems:
        parts.append("<h2>Unusable input</h2><ul>")
        parts += [f"<li><code>{escape(str(problem))}</code></li>" for problem in report.problems]
        parts.append("</ul>")
    parts.append('<section id="findings" aria-labelledby="findings-title"><h2 id="findings-title">Findings by catalog</h2>')
    parts += findings_html(list(report.findings), lookup, glossary, "No findings.")
    parts.append("</section>")
    parts.append('<section id="suppressed" aria-labelledby="suppressed-title"><h2 id="suppressed-title">Suppressed findings</h2>'
                 "<p>Findings a translator switched off for one message with a comment, and the reason given.</p>")
    parts += findings_html([finding for finding, _ in report.suppressed], lookup, glossary, "No finding is suppressed.",
                           {(finding.file, finding.line, finding.check): reason for finding, reason in report.suppressed})
    parts.append("</section>")
    parts += concordance_html(report, glossary, lookup)
    parts.append('<section id="checks" aria-labelledby="checks-title"><h2 id="checks-title">The checks</h2>'
                 '<table><tr><th scope="col">Check</th><th scope="col">Severity</th><th scope="col">What it means</th></tr>')
    for registered in CHECKS:
        parts.append(f'<tr><td><code>{registered.id}</code></td><td class="{registered.severity}">{registered.severity}</td>'
                     f"<td>{escape(registered.doc)}</td></tr>")
    parts.append("</table></section>")
    parts.append(f"<p>{'The catalogs have errors.' if report.errors else 'No errors.'}</p></main>")
    parts.append(f"<script>{SCRIPT}</script></body></html>\n")
    return "\n".join(parts)


class Lookup:
    """What the report shows of a finding's message, and where it links to."""

    def __init__(self, records: dict[tuple[str, str | None, str], Record], places: Places | None,
                 languages: dict[str, str]) -> None:
        self.records, self.places, self.languages = records, places, languages

    def record(self, finding: Finding) -> Record | None:
        return self.records.get((finding.file, finding.msgctxt, finding.msgid or ""))

    def page(self, record: Record) -> str | None:
        lang = self.languages.get(record.file)
        return self.places.page(lang, record.references) if self.places and lang else None


def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    choices = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
    return f'<label>{label}<select name="{name}"><option value="">all</option>{choices}</select></label>'


def concept_label(glossary: Glossary, concept_id: str) -> str:
    concept = glossary.get(concept_id)
    english = concept.preferred("en") if concept else None
    return english.text if english else concept_id


def po_link(file: str, line: int) -> str:
    """A ``file://`` link to a catalog, and its ``path:line`` to paste into an editor."""
    return (f'<a href="{escape(Path(file).resolve().as_uri())}">{escape(Path(file).name)}</a> '
            f"<code>{escape(file)}:{line}</code>")


def findings_html(findings: list[Finding], lookup: Lookup, glossary: Glossary, empty: str,
                  reasons: dict[tuple[str, int, str], str] | None = None) -> list[str]:
    if not findings:
        return [f"<p>{empty}</p>"]
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    parts = []
    for name, found in sorted(by_file.items()):
        parts.append(f'<div data-group><h3><code>{escape(name)}</code> ({len(found)})</h3>')
        for finding in found:
            record = lookup.record(finding)
            concepts = sorted({mark[3] for mark in record.marks}) if record else []
            parts.append(f'<article class="finding" data-check="{finding.check}" data-catalog="{escape(finding.file)}" '
                         f'data-concepts="{" ".join(concepts)}">')
            parts.append(f'<p><span class="{finding.severity}">{finding.severity}</span> <code>{finding.check}</code>: '
                         f"{escape(finding.message)}</p>")
            if reasons is not None:
                parts.append(f"<p><strong>Reason:</strong> {escape(reasons.get((finding.file, finding.line, finding.check), ''))}</p>")
            links = [po_link(finding.file, finding.line)]
            page = lookup.page(record) if record else None
            if page:
                links.append(f'<a href="{escape(page)}">the page in the built edition</a>')
            if concepts:
                links.append("concepts: " + ", ".join(f'<a href="#concept-{concept_id}">{escape(concept_label(glossary, concept_id))}</a>'
                                                      for concept_id in concepts))
            parts.append(f'<p class="where">{"".join(f"<span>{link}</span>" for link in links)}</p>')
            if record:
                parts.append('<div class="pair"><div><h4>English</h4>'
                             f'<p lang="en">{marked(record.msgid, record.marks, "source")}</p></div>'
                             f'<div><h4>Translation</h4><p lang="{lookup.languages.get(record.file, "")}">'
                             f'{marked(record.msgstr[0], record.marks, "target")}</p></div></div>')
            elif finding.msgid:
                parts.append(f'<p lang="en">{escape(finding.msgid)}</p>')
            parts.append("</article>")
        parts.append("</div>")
    return parts


def marked(text: str, marks: tuple[Mark, ...], side: str) -> str:
    """``text`` escaped, with the glossary terms of ``side`` in ``<mark>``
    (a term that is not approved says so)."""
    spans = sorted((start, -end, concept_id, status) for which, start, end, concept_id, _, status in marks if which == side)
    out, at = [], 0
    for start, minus_end, concept_id, status in spans:  # the longest of the terms starting at one place
        end = -minus_end
        if start < at or end > len(text):
            continue
        approved = status in ("preferred", "admitted")
        note = "" if approved else f'<span class="visually-hidden"> ({STATUS_LABELS.get(status, status)})</span>'
        css = "" if approved else ' class="bad"'
        out += [escape(text[at:start]), f'<mark{css} data-concept="{concept_id}">',
                escape(text[start:end]), f"</mark>{note}"]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def concordance_html(report: Report, glossary: Glossary, lookup: Lookup) -> list[str]:
    parts = ['<section id="concordance" aria-labelledby="concordance-title"><h2 id="concordance-title">Concordance</h2>',
             "<p>For each glossary concept the English messages name: every rendering found in the translations, "
             "how many messages use it, and where. Renderings that are not approved are marked.</p>"]
    unused = 0
    for lang in sorted(set(report.languages.values())):
        mine = [record for record in report.records if report.languages.get(record.file) == lang]
        for used in concordance(mine, glossary, lang):
            if not used.usages:
                unused += 1
                continue
            title = f"{' / '.join(used.english)} → {used.preferred or '?'}"
            parts.append(f'<section id="concept-{used.id}" data-concept="{used.id}" aria-labelledby="concept-{used.id}-title">'
                         f'<h3 id="concept-{used.id}-title">{escape(title)} <small>({lang}, {used.messages} messages'
                         f"{f', {used.problems} not approved' if used.problems else ''})</small></h3>")
            parts.append('<table><tr><th scope="col">Rendering</th><th scope="col">Messages</th><th scope="col">Where</th></tr>')
            for usage in used.usages:
                css = "" if usage.approved else ' class="bad"'
                places = "".join(f"<li>{po_link(place.file, place.line)}</li>" for place in usage.places)
                parts.append(f"<tr><td{css}>{escape(usage.text) or '—'} ({STATUS_LABELS.get(usage.status, usage.status)})</td>"
                             f"<td>{usage.count}</td><td><details><summary>{usage.count} place(s)</summary>"
                             f"<ul>{places}</ul></details></td></tr>")
            parts.append("</table></section>")
    parts.append(f"<p>{unused} concept(s) of the glossary are not named by any translated message.</p></section>")
    return parts


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
