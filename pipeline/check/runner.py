"""Running the checks over catalogs and sources: in parallel, with the cache."""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pipeline import languages, pofile
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
from pipeline.check.registry import REGISTRY, Check, Finding
from pipeline.errors import PipelineError
from pipeline.glossary import Glossary, glossary_files
from pipeline.glossary import read as read_glossary_dir
from pipeline.processes import Forked
from pipeline.terms import Matcher

T = TypeVar("T")


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
    baselined: int = 0
    notes: tuple[str, ...] = ()  # what the reader should know of how the catalogs were checked
    suppressed: tuple[tuple[Finding, str], ...] = ()  # findings switched off by a translator comment, and its reason
    records: tuple[Record, ...] = ()  # every translated message checked (for the editors' report)
    languages: dict[str, str] = field(default_factory=dict)  # catalog → its target language

    @property
    def errors(self) -> int:
        return sum(finding.severity == "error" for finding in self.findings)



PARALLEL_BYTES = 4_000_000  # catalogs to read: below this, starting processes costs more than it saves
PARALLEL_MESSAGES = 1500  # distinct messages to analyse: the same


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


Analysis = tuple[list[tuple[Check, str, str | None]], tuple[tuple[str, str, str, str], ...], tuple[Mark, ...]]
Message = tuple[str, str, tuple[str, ...]]  # msgid, msgid_plural, msgstr: all a message's analysis depends on
# What the checks need of an entry: line, msgctxt, msgid, msgid_plural,
# msgstr, flags, comments, references; plain tuples cost little to send between processes.
Row = tuple[int, str | None, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


new_record = partial(tuple.__new__, Record)  # a Record from a tuple of its fields, without the keyword-handling constructor


class Catalog(NamedTuple):
    """The entries of one catalog that are checked, and its language."""

    path: str
    lang: str
    entries: tuple[Row, ...]


def entry_of(row: Row) -> pofile.Entry:
    line, msgctxt, msgid, msgid_plural, msgstr, flags, comments, references = row
    return pofile.Entry(line, msgctxt, msgid, msgid_plural, msgstr, frozenset(flags), comments, (), references)


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
    return problems, tuple(variants), found


def marks(unit: Unit) -> tuple[Mark, ...]:
    """Where the glossary terms are in the English text and the translation
    (for the editors' report)."""
    return (*(("source", hit.start, hit.end, hit.concept.id, hit.term.text, hit.term.status) for hit in unit.terms),
            *(("target", found.start, found.end, found.concept.id, found.term.text,
               found.term.status if found.accented or not found.term.approved else "unaccented")
              for found in unit.renderings))


def analyse_messages(entries: list[pofile.Entry], glossary: Glossary, lang: str,
                     enabled: frozenset[str] = frozenset()) -> list[tuple[list[tuple[str, str, str | None]], tuple[tuple[str, str, str, str], ...], tuple[Mark, ...]]]:
    """``analyse`` for each of ``entries`` (distinct messages of one language),
    with check ids for checks: what a worker process sends back."""
    terminology = Terminology.build(glossary, lang)
    found = []
    for entry in entries:
        problems, variants, where = analyse(entry, terminology, enabled)
        found.append(([(registered.id, message, term) for registered, message, term in problems], variants, where))
    return found


def read_catalogs(paths: list[Path], default_lang: str, include_fuzzy: bool) -> list[Catalog | PipelineError]:
    """The entries to check of some catalogs (translated ones, fuzzy ones too
    if ``include_fuzzy``); an unusable catalog is its error."""
    catalogs: list[Catalog | PipelineError] = []
    # One object per distinct message: the catalogs sent back from a worker process carry each text once.
    messages: dict[Message, Message] = {}
    for path in paths:
        try:
            po = pofile.read(path)
        except PipelineError as exc:
            catalogs.append(exc)
            continue
        rows = []
        for line, msgctxt, msgid, msgid_plural, msgstr, flags, comments, _, references, _, _, _, msgstr_line in po.entries:
            if any(msgstr) and (include_fuzzy or "fuzzy" not in flags):
                message = (msgid, msgid_plural, msgstr)
                # a finding points at the msgstr line: the translation is what is judged
                rows.append((msgstr_line or line, msgctxt, *messages.setdefault(message, message),
                             tuple(flags), comments, references))
        catalogs.append(Catalog(po.path, catalog_language(po, default_lang), tuple(rows)))
    return catalogs


def check_catalog(catalog: Catalog, analyses: dict[Message, Analysis]) -> FileResult:
    """The findings of one catalog's entries, from the analyses of their
    messages (``analyses`` has every one); findings a translator comment
    switches off are kept apart, with its reason."""
    findings: list[Finding] = []
    suppressed: list[tuple[Finding, str]] = []
    records = []
    path = catalog.path
    for row in catalog.entries:
        line, msgctxt, msgid, msgid_plural, msgstr, flags, comments, references = row
        found, variants, where = analyses[msgid, msgid_plural, msgstr]
        if not (found or comments or flags):  # most entries: nothing found, nothing to switch off
            records.append(new_record((path, line, msgctxt, msgid, msgstr, variants, (), references, where)))
            continue
        reasons: dict[str, str] = {}
        problems: list[tuple[Check, str, str | None]] = []
        if comments or flags:
            entry = entry_of(row)
            reasons = {check_id: reason for check_id, reason in suppressions(entry)[0].items()
                       if reason and check_id not in UNSUPPRESSIBLE}
            problems += [(suppression, text, term) for text, term in suppression.run(Unit(entry, "", "", "", (), (), ()))]
        for registered, text, term in [*problems, *found]:
            finding = Finding(path, line, registered.id, registered.severity, text, msgctxt, msgid, term)
            if registered.id in reasons:
                suppressed.append((finding, reasons[registered.id]))
            else:
                findings.append(finding)
        records.append(new_record((path, line, msgctxt, msgid, msgstr, variants, tuple(reasons.items()), references, where)))
    return FileResult(tuple(findings), tuple(records), catalog.lang, tuple(suppressed))


def shared(count: int, function: Callable[..., list[T]], items: list[Any], *args: object) -> list[T]:
    """``function(items, *args)``, the items shared out ``count`` ways: this
    process takes one share, and forked copies of it the others (a copy
    starts with the items it is given and sends back only its results)."""
    others = [Forked(partial(function, items[index::count], *args)) for index in range(1, count)]
    try:
        parts = [function(items[0::count], *args), *(other() for other in others)]
    finally:  # stopped (Ctrl-C, SIGTERM) or failed: the copies stop too
        for other in others:
            other.stop()
    return [parts[index % count][index // count] for index in range(len(items))]


def analyse_all(catalogs: list[Catalog], glossary: Glossary, enabled: frozenset[str],
                processes: int, always: bool) -> dict[str, dict[Message, Analysis]]:
    """The analysis of every distinct message of ``catalogs``, per language,
    each message once; shared out between ``processes`` where there are
    ``PARALLEL_MESSAGES`` (or ``always``)."""
    distinct: dict[str, dict[Message, Row]] = defaultdict(dict)
    for catalog in catalogs:
        mine = distinct[catalog.lang]
        for row in catalog.entries:
            mine.setdefault(row[2:5], row)
    analyses: dict[str, dict[Message, Analysis]] = {}
    for lang, rows in distinct.items():
        todo = [entry_of(row) for row in rows.values()]
        if processes > 1 and (always or len(todo) >= PARALLEL_MESSAGES):
            found = shared(processes, analyse_messages, todo, glossary, lang, enabled)
        else:
            found = analyse_messages(todo, glossary, lang, enabled)
        analyses[lang] = {key: ([(REGISTRY[check_id], text, term) for check_id, text, term in problems], variants, where)
                          for key, (problems, variants, where) in zip(rows, found, strict=True)}
    return analyses


def check_files(paths: list[Path], glossary: Glossary, default_lang: str, include_fuzzy: bool,
                enabled: frozenset[str] = frozenset(), workers: int | None = 1) -> list[FileResult | PipelineError]:
    """Check some catalogs; an unusable one is its error, and the others are
    still checked. With ``workers`` > 1, the catalogs are read, and their
    distinct messages analysed, in that many processes; with None, in as
    many as there are CPUs (up to 4) where there is enough work for them:
    ``PARALLEL_BYTES`` in more than one catalog to read, ``PARALLEL_MESSAGES``
    to analyse (a single large catalog is read in one process, and its
    messages analysed in several)."""
    processes = workers or min(os.cpu_count() or 1, 4)
    if processes > 1 and len(paths) > 1 and (workers or sum(stamp[0] for path in paths if (stamp := Cache.stamp(path))) >= PARALLEL_BYTES):
        read = shared(processes, read_catalogs, paths, default_lang, include_fuzzy)
    else:
        read = read_catalogs(paths, default_lang, include_fuzzy)
    catalogs = [catalog for catalog in read if isinstance(catalog, Catalog)]
    analyses = analyse_all(catalogs, glossary, enabled, processes, bool(workers))
    return [catalog if isinstance(catalog, PipelineError) else check_catalog(catalog, analyses[catalog.lang])
            for catalog in read]


def code_files() -> list[Path]:
    """The code results depend on: every module of the ``pipeline`` package,
    this package's and those it uses (terms, languages, inline ...)."""
    return sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))


@cache
def code_digest() -> bytes:
    """The digest of ``code_files``: computed once, as the code a process runs
    does not change while it runs (a check takes the key of its glossary,
    of its cache and of its report)."""
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.digest()


def run_key(glossary_files: list[Path], include_fuzzy: bool) -> str:
    """What cached results depend on: the glossary, this code and the options."""
    digest = hashlib.sha256(f"fuzzy={include_fuzzy}".encode() + code_digest())
    for path in glossary_files:
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes() if path.is_file() else b"")
        except OSError as exc:  # reported by the glossary's reader; results with part of it are kept apart
            digest.update(f"unreadable: {exc.errno}".encode())
    return digest.hexdigest()


def check_catalogs(paths: list[Path], glossary: Glossary, default_lang: str, include_fuzzy: bool,
                   cache: Cache, workers: int | None = 1, enabled: frozenset[str] = frozenset()) -> tuple[dict[Path, FileResult], list[PipelineError]]:
    """Check catalogs, reusing the cached results of unchanged files; with
    ``workers`` > 1 the others may be shared out between processes."""
    results: dict[Path, FileResult] = {}
    todo = []
    for path in paths:
        cached = cache.get(path)
        if cached is not None:
            results[path] = cached
        else:
            todo.append(path)
    problems = []
    for path, result in zip(todo, check_files(todo, glossary, default_lang, include_fuzzy, enabled, workers), strict=True):
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


def cache_key(glossary_files: list[Path], include_fuzzy: bool, enabled: frozenset[str]) -> str:
    return run_key(glossary_files, include_fuzzy) + "".join(f",{check_id}" for check_id in sorted(enabled))


def cached(catalogs: list[Path], sources: list[Path], glossary_files: list[Path], include_fuzzy: bool = False,
           cache_file: Path | None = None, enabled: frozenset[str] = frozenset(), records: bool = True) -> Report | None:
    """The report of the last run, if nothing it depends on has changed since
    (the glossary need not be read then); None if the checks must run.
    Without ``records`` (as a plain check needs), the report has none."""
    if cache_file is None:
        return None
    cache = Cache(cache_file, cache_key(glossary_files, include_fuzzy, enabled))
    return cache.report(tuple((str(path), Cache.stamp(path)) for path in [*catalogs, *sources]), records)


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
    cache = Cache(cache_file, cache_key(glossary_files, include_fuzzy, enabled) if cache_file else "")  # no cache: no key to compute
    stamps = tuple((str(path), Cache.stamp(path)) for path in [*catalogs, *sources])
    known = cache.report(stamps)
    if known is not None:
        return known
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
    report = Report(tuple(findings), tuple(problems), len(results), len(records), notes=notes,
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


def glossary_sources(path: Path) -> list[Path]:
    """The files ``read_glossary`` reads."""
    return glossary_files(path) if path.is_dir() else [path]


GlossaryRead = tuple[Glossary, list[Path], list[PipelineError]]


def read_glossary(path: Path, languages: Iterable[str] = ("en", "es"), cache_file: Path | None = None) -> GlossaryRead:
    """The glossary to check against: a ``glossary/`` folder of TOML files, or a
    CSV or TBX file; the files it was read from, and its problems (what could
    be read is still used). With ``cache_file`` (the check's cache), what was
    read last time from the same files by the same code is reused: reading
    the TOML took most of a check after one catalog was saved."""
    languages = tuple(languages)
    if cache_file is None:
        return read_glossary_files(path, languages)
    kept = Cache(cache_file.with_name(cache_file.stem + "-glossary.pickle"),
                 run_key(glossary_sources(path), False) + repr(languages))
    found = kept.load(kept.path)
    if isinstance(found, tuple):
        return found  # stored by the same code, under the same key
    read = read_glossary_files(path, languages)
    with suppress(PipelineError):  # not kept: read again next time (the check's own cache warns of its folder)
        kept.keep(read)
    return read


def read_glossary_files(path: Path, languages: tuple[str, ...]) -> GlossaryRead:
    if path.is_dir():
        glossary, problems = read_glossary_dir(path, languages)
        return glossary, glossary_sources(path), problems
    try:
        from pipeline import exchange  # only for a CSV or TBX glossary

        _, concepts, problems = exchange.read_file(path)
    except PipelineError as exc:
        return Glossary(), [], [exc]
    return Glossary(tuple(concepts)), [path], problems

