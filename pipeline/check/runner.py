"""Running the checks over catalogs and sources: in parallel, with the cache."""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from pipeline import exchange, languages, pofile
from pipeline.check.analysis import Terminology, Unit, units, usage
from pipeline.check.cache import Cache
from pipeline.check.checks import (
    CHECKS,
    CONTENT_CHECKS,
    TEXT_CHECKS,
    UNSUPPRESSIBLE,
    Mark,
    Record,
    paragraphs,
    source_term,
    suppression,
    suppressions,
)
from pipeline.check.registry import Check, Finding
from pipeline.errors import PipelineError
from pipeline.glossary import Glossary, glossary_files
from pipeline.glossary import read as read_glossary_dir
from pipeline.terms import Matcher


class FileResult(NamedTuple):
    """The findings of one catalog, and what the catalog checks need of it."""

    findings: tuple[Finding, ...]
    records: tuple[Record, ...]
    lang: str
    suppressed: tuple[tuple[Finding, str], ...] = ()  # findings a translator comment switches off, and its reason


@dataclass(frozen=True)
class Report:
    """Everything a run found."""

    findings: tuple[Finding, ...]
    problems: tuple[PipelineError, ...]  # unusable input
    catalogs: int
    entries: int
    renderings: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)  # English term → (target term, status) used
    baselined: int = 0
    notes: tuple[str, ...] = ()  # what the reader should know of how the catalogs were checked
    suppressed: tuple[tuple[Finding, str], ...] = ()  # findings switched off by a translator comment, and its reason
    records: tuple[Record, ...] = ()  # every translated message checked (for the editors' report)
    languages: dict[str, str] = field(default_factory=dict)  # catalog → its target language

    @property
    def errors(self) -> int:
        return sum(finding.severity == "error" for finding in self.findings)



PARALLEL_BYTES = 4_000_000  # below this, starting processes costs more than it saves


def catalog_language(po: pofile.PoFile, default: str) -> str:
    """The target language: the header's, else the ``<lang>/LC_MESSAGES`` folder's, else ``default``."""
    if po.language:
        return po.language.split("_")[0]
    parts = Path(po.path).parts
    if "LC_MESSAGES" in parts:
        index = parts.index("LC_MESSAGES")
        if index:
            return parts[index - 1].split("_")[0]
    return default


Analysis = tuple[list[tuple[Check, str, str | None]], list[tuple[str, str, str, str]], tuple[Mark, ...]]


def analyse(entry: pofile.Entry, terminology: Terminology, enabled: frozenset[str] = frozenset()) -> Analysis:
    """What the checks of a message's content find (before suppressions), how
    it renders the glossary terms (see ``usage``), and where the terms are in
    both texts (``marks``); opt-in checks if ``enabled``."""
    problems: list[tuple[Check, str, str | None]] = []
    variants: list[tuple[str, str, str, str]] = []
    found: tuple[Mark, ...] = ()
    for number, unit in enumerate(units(entry, terminology)):
        for registered in CONTENT_CHECKS if unit.terms or unit.renderings else TEXT_CHECKS:
            if registered.opt_in and registered.id not in enabled:
                continue
            problems += [(registered, message, term) for message, term in registered.run(unit)]
        if unit.terms:
            variants += usage(unit)
        if number == 0:
            found = marks(unit)
    return problems, variants, found


def marks(unit: Unit) -> tuple[Mark, ...]:
    """Where the glossary terms are in the English text and the translation
    (for the editors' report)."""
    return (*(("source", hit.start, hit.end, hit.concept.id, hit.term.text, hit.term.status) for hit in unit.terms),
            *(("target", found.start, found.end, found.concept.id, found.term.text,
               found.term.status if found.accented or not found.term.approved else "unaccented")
              for found in unit.renderings))


def check_catalog(po: pofile.PoFile, terminology: Terminology, include_fuzzy: bool,
                  seen: dict[tuple[str, str, tuple[str, ...]], Analysis] | None = None,
                  enabled: frozenset[str] = frozenset()) -> FileResult:
    """Run the entry checks on every translated entry of one catalog. A message
    met before (in ``seen``: the same English and translation) is not analysed
    again. Findings a translator comment switches off are kept apart, with its reason."""
    seen = {} if seen is None else seen
    findings: list[Finding] = []
    suppressed: list[tuple[Finding, str]] = []
    records = []
    for entry in po.entries:
        if not any(entry.msgstr) or (entry.fuzzy and not include_fuzzy):
            continue
        reasons: dict[str, str] = {}
        problems: list[tuple[Check, str, str | None]] = []
        if entry.comments or entry.flags:
            reasons = {check_id: reason for check_id, reason in suppressions(entry)[0].items()
                       if reason and check_id not in UNSUPPRESSIBLE}
            problems += [(suppression, message, term) for message, term in suppression.run(Unit(entry, "", "", "", (), (), ()))]
        key = (entry.msgid, entry.msgid_plural, entry.msgstr)
        if key not in seen:
            seen[key] = analyse(entry, terminology, enabled)
        found, variants, where = seen[key]
        for registered, message, term in [*problems, *found]:
            finding = Finding(po.path, entry.line, registered.id, registered.severity, message, entry.msgctxt, entry.msgid, term)
            if registered.id in reasons:
                suppressed.append((finding, reasons[registered.id]))
            else:
                findings.append(finding)
        records.append(Record(po.path, entry.line, entry.msgctxt, entry.msgid, entry.msgstr, tuple(variants),
                              tuple(reasons.items()), entry.references, where))
    return FileResult(tuple(findings), tuple(records), terminology.lang, tuple(suppressed))


def check_files(paths: list[Path], glossary: Glossary, default_lang: str, include_fuzzy: bool,
                enabled: frozenset[str] = frozenset()) -> list[FileResult | PipelineError]:
    """Check some catalogs; an unusable one is its error, and the others are still checked."""
    terminologies: dict[str, Terminology] = {}
    seen: dict[str, dict[tuple[str, str, tuple[str, ...]], Analysis]] = defaultdict(dict)  # per language
    results: list[FileResult | PipelineError] = []
    for path in paths:
        try:
            po = pofile.read(path)
        except PipelineError as exc:
            results.append(exc)
            continue
        lang = catalog_language(po, default_lang)
        if lang not in terminologies:
            terminologies[lang] = Terminology.build(glossary, lang)
        results.append(check_catalog(po, terminologies[lang], include_fuzzy, seen[lang], enabled))
    return results


def code_files() -> list[Path]:
    """The code results depend on: every module of the ``pipeline`` package,
    this package's and those it uses (terms, languages, inline ...)."""
    return sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))


def run_key(glossary_files: list[Path], include_fuzzy: bool) -> str:
    """What cached results depend on: the glossary, this code and the options."""
    digest = hashlib.sha256(f"fuzzy={include_fuzzy}".encode())
    for path in [*glossary_files, *code_files()]:
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes() if path.is_file() else b"")
        except OSError as exc:  # reported by the glossary's reader; results with part of it are kept apart
            digest.update(f"unreadable: {exc.errno}".encode())
    return digest.hexdigest()


def check_catalogs(paths: list[Path], glossary: Glossary, default_lang: str, include_fuzzy: bool,
                   cache: Cache, workers: int = 1, enabled: frozenset[str] = frozenset()) -> tuple[dict[Path, FileResult], list[PipelineError]]:
    """Check catalogs, reusing the cached results of unchanged files; with
    ``workers`` > 1 the others are shared out between processes."""
    results: dict[Path, FileResult] = {}
    todo = []
    for path in paths:
        cached = cache.get(path)
        if cached is not None:
            results[path] = cached
        else:
            todo.append(path)
    chunks = [todo[index::workers] for index in range(workers)] if workers > 1 and len(todo) > workers else [todo]
    if len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=len(chunks)) as pool:
            done = list(pool.map(check_files, chunks, repeat(glossary), repeat(default_lang), repeat(include_fuzzy), repeat(enabled)))
    else:
        done = [check_files(todo, glossary, default_lang, include_fuzzy, enabled)]
    problems = []
    for chunk, outcome in zip(chunks, done, strict=True):
        for path, result in zip(chunk, outcome, strict=True):
            if isinstance(result, PipelineError):
                problems.append(result)
            else:
                results[path] = result
    return {path: results[path] for path in paths if path in results}, problems


def catalog_findings(records: list[Record], glossary: Glossary, lang: str, enabled: frozenset[str] = frozenset()) -> list[Finding]:
    """Run the catalog checks over the records of every catalog (opt-in ones if ``enabled``)."""
    findings = []
    for registered in (c for c in CHECKS if c.scope == "catalogs" and (not c.opt_in or c.id in enabled)):
        for record, (message, term) in registered.run(records, glossary, lang):
            findings.append(Finding(record.file, record.line, registered.id, registered.severity, message,
                                    record.msgctxt, record.msgid, term))
    return findings


def set_apart(findings: list[Finding], records: list[Record]) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """The findings of catalog checks, and those a translator comment switches off, with its reason."""
    reasons = {(record.file, record.line): dict(record.reasons) for record in records if record.reasons}
    kept, suppressed = [], []
    for finding in findings:
        reason = reasons.get((finding.file, finding.line), {}).get(finding.check)
        if reason:
            suppressed.append((finding, reason))
        else:
            kept.append(finding)
    return kept, suppressed


def check_sources(paths: list[Path], glossary: Glossary) -> tuple[list[Finding], list[PipelineError], list[tuple[Finding, str]]]:
    """Run the source check on ``.rst`` files: its findings, the unreadable
    files, and the findings a comment switches off, with its reason."""
    matcher = Matcher(glossary, "en", statuses=("deprecated", "forbidden", "preferred", "admitted"))
    findings: list[Finding] = []
    problems: list[PipelineError] = []
    suppressed: list[tuple[Finding, str]] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(PipelineError(path, f"cannot be read: {exc}"))
            continue
        for start, paragraph, ignored in paragraphs(text):
            if paragraph.lstrip().startswith(".. ") and not paragraph.lstrip().startswith(".. _"):
                continue  # a comment or a directive's options
            for offset, (message, term) in source_term.run(paragraph, matcher, "en"):
                finding = Finding(str(path), start + offset, source_term.id, source_term.severity, message, term=term)
                if ignored.get(source_term.id):
                    suppressed.append((finding, ignored[source_term.id]))
                else:
                    findings.append(finding)
    return findings, problems, suppressed


def renderings(records: list[Record]) -> dict[str, Counter[tuple[str, str]]]:
    """For each English term, how often each (target term, status) renders it."""
    used: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for record in records:
        for _, term, variant, status in set(record.variants):
            used[term][(variant, status)] += 1
    return dict(sorted(used.items(), key=lambda item: item[0].lower()))


def run(catalogs: list[Path], sources: list[Path], glossary: Glossary, glossary_files: list[Path],
        default_lang: str = "es", include_fuzzy: bool = False, cache_file: Path | None = None,
        workers: int | None = None, enabled: frozenset[str] = frozenset(),
        warn: Callable[[str], None] | None = None) -> Report:
    """Check ``catalogs`` and ``sources`` against ``glossary``: the findings,
    sorted by file and line, and the input that could not be used. Catalogs
    that name no language are taken to be in ``default_lang``; opt-in checks
    run if ``enabled`` names them. A cache that cannot be written is one line
    to ``warn``, and the report is the same."""
    with paused_gc():
        return run_checks(catalogs, sources, glossary, glossary_files, default_lang, include_fuzzy, cache_file, workers,
                          enabled, warn)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while many small objects are made and
    kept: it would scan them again and again (a third of the run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_checks(catalogs: list[Path], sources: list[Path], glossary: Glossary, glossary_files: list[Path],
               default_lang: str, include_fuzzy: bool, cache_file: Path | None, workers: int | None,
               enabled: frozenset[str] = frozenset(), warn: Callable[[str], None] | None = None) -> Report:
    warn = warn or (lambda text: print(f"warning: {text}", file=sys.stderr))
    cache = Cache(cache_file, run_key(glossary_files, include_fuzzy) + "".join(f",{check_id}" for check_id in sorted(enabled)))
    stamps = tuple((str(path), Cache.stamp(path)) for path in [*catalogs, *sources])
    known = cache.report(stamps)
    if known is not None:
        return known
    size = sum(stamp[0] for _, stamp in stamps[:len(catalogs)] if stamp)  # bytes of catalogs, from the stamps
    workers = workers or (min(os.cpu_count() or 1, 4) if size > PARALLEL_BYTES else 1)
    results, problems = check_catalogs(catalogs, glossary, default_lang, include_fuzzy, cache, workers, enabled)
    try:
        cache.save(results, stamps)
    except PipelineError as exc:
        warn(f"{exc} (the results are not kept: the next check reads every file again)")
        cache.path = None
    findings = [finding for result in results.values() for finding in result.findings]
    records = [record for result in results.values() for record in result.records]
    suppressed = [pair for result in results.values() for pair in result.suppressed]
    for lang in sorted({result.lang for result in results.values()}):
        mine = [record for result in results.values() if result.lang == lang for record in result.records]
        kept, apart = set_apart(catalog_findings(mine, glossary, lang, enabled), mine)
        findings += kept
        suppressed += apart
    source_findings, source_problems, source_suppressed = check_sources(sources, glossary)
    findings += source_findings
    problems += source_problems
    suppressed += source_suppressed
    findings.sort(key=lambda f: (f.file, f.line, f.check))
    plain = sorted({result.lang for result in results.values()} - set(languages.LANGUAGES))
    notes = tuple(f"check: no language rules for '{lang}': glossary terms are matched exactly as written "
                  f"(or as their glossary plural)" for lang in plain if glossary_has(glossary, lang))
    suppressed.sort(key=lambda pair: (pair[0].file, pair[0].line, pair[0].check))
    report = Report(tuple(findings), tuple(problems), len(results), len(records), renderings(records), notes=notes,
                    suppressed=tuple(suppressed), records=tuple(records),
                    languages={str(path): result.lang for path, result in results.items()})
    if not problems:
        try:
            cache.save_report(stamps, report)
        except PipelineError as exc:
            warn(f"{exc} (the report is not kept: the next check reads every file again)")
    return report


def glossary_has(glossary: Glossary, lang: str) -> bool:
    """Whether the glossary has terms in ``lang``."""
    return any(concept.terms.get(lang) for concept in glossary)


def read_glossary(path: Path, languages: Iterable[str] = ("en", "es")) -> tuple[Glossary, list[Path], list[PipelineError]]:
    """The glossary to check against: a ``glossary/`` folder of TOML files, or a
    CSV or TBX file; the files it was read from, and its problems (what could
    be read is still used)."""
    if path.is_dir():
        glossary, problems = read_glossary_dir(path, languages)
        return glossary, glossary_files(path), problems
    try:
        _, concepts, problems = exchange.read_file(path)
    except PipelineError as exc:
        return Glossary(), [], [exc]
    return Glossary(tuple(concepts)), [path], problems

