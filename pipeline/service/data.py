"""What the service shows, as plain data computed by the pipeline's own
functions: the glossary (searched, and where each concept is used), the
catalogs' progress (``catalog_stats``), the checker's findings (``check.run``)
and the terms' concordance. Values are kept until a file they were made from
changes (``Memo``)."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from pipeline import check, languages, pofile
from pipeline import todo as todo_lists
from pipeline.catalogs import CatalogStats, catalog_stats, read_catalog
from pipeline.check.checks import Record
from pipeline.check.concordance import ConceptUsage
from pipeline.check.concordance import concordance as check_concordance
from pipeline.collation import sort_key
from pipeline.errors import PipelineError
from pipeline.glossary import Concept, Glossary, glossary_files
from pipeline.glossary import read as read_glossary
from pipeline.project import Project
from pipeline.terms import Matcher

T = TypeVar("T")
Stamp = tuple[tuple[str, int, int], ...]


def stamp(files: list[Path]) -> Stamp:
    """What says a set of files changed: each one's name, size and modification time."""
    stamps = []
    for path in files:
        try:
            info = path.stat()
            stamps.append((str(path), info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((str(path), -1, -1))
    return tuple(stamps)


class Memo:
    """Values made from files, made again when one of the files changes."""

    def __init__(self) -> None:
        self.values: dict[str, tuple[Stamp, Any]] = {}
        self.lock = threading.RLock()

    def get(self, name: str, files: list[Path], make: Callable[[], T]) -> T:
        current = stamp(files)
        with self.lock:
            known = self.values.get(name)
            if known is not None and known[0] == current:
                return known[1]
            value = make()
            self.values[name] = (current, value)
            return value


def catalogs(project: Project, lang: str) -> list[Path]:
    """The PO catalogs of one target language."""
    return sorted(path for path in project.po_dir(lang).rglob("*.po") if path.is_file())


def all_catalogs(project: Project) -> list[Path]:
    return [path for lang in project.targets for path in catalogs(project, lang)]


def catalog_name(project: Project, lang: str, path: Path) -> str:
    """``module1`` for ``locale/es/LC_MESSAGES/module1.po``: the document it translates."""
    return str(path.relative_to(project.po_dir(lang)).with_suffix(""))


def page_url(lang: str, document: str) -> str:
    """Where the preview serves a document of the guide."""
    return f"/{lang}/{document}.html"


# The glossary

def glossary(project: Project, memo: Memo) -> tuple[Glossary, list[PipelineError]]:
    """The glossary, and its problems (what could be read is still used)."""
    return memo.get("glossary", glossary_files(project.glossary_dir),
                    lambda: read_glossary(project.glossary_dir, project.languages))


def search(found: Glossary, query: str, langs: tuple[str, ...]) -> list[Concept]:
    """The concepts with a term (in any of ``langs``) containing ``query``,
    case and accents ignored as each language folds them; whole-term
    matches first, then the start of a term, then anywhere, each in
    alphabetical order of the English term."""
    ranked = []
    for concept in found:
        best = None
        for lang in langs:
            fold = languages.language(lang).fold
            wanted = fold(query.strip())
            for term in concept.terms.get(lang, ()):
                text = fold(term.text)
                rank = 0 if text == wanted else 1 if text.startswith(wanted) else 2 if wanted in text else None
                if rank is not None and (best is None or rank < best):
                    best = rank
        if best is not None:
            ranked.append((best, sort_key(title(concept, langs[0]), langs[0]), concept))
    return [concept for *_, concept in sorted(ranked, key=lambda item: item[:2])]


def title(concept: Concept, lang: str) -> str:
    """The concept's preferred term in ``lang``, or its id."""
    preferred = concept.preferred(lang)
    return preferred.text if preferred else concept.id


def concept_data(concept: Concept, langs: tuple[str, ...]) -> dict[str, Any]:
    """A concept as the API gives it."""
    return {
        "id": concept.id,
        "url": f"/glossary/{concept.id}",
        "definitions": {lang: concept.definitions[lang] for lang in langs if lang in concept.definitions},
        "terms": {lang: [{"term": term.text, "status": term.status, "type": term.type, "gender": term.gender}
                         for term in concept.terms.get(lang, ())] for lang in langs},
        "source": concept.source,
        "note": concept.note,
        "related": list(concept.related),
    }


@dataclass(frozen=True)
class Use:
    """One message of a catalog whose English text names a concept."""

    lang: str
    document: str
    line: int
    source: str
    translation: str
    translated: bool

    @property
    def place(self) -> tuple[str, str]:
        """The catalog: its language and document."""
        return self.lang, self.document


def usages(project: Project, memo: Memo) -> dict[str, list[Use]]:
    """For each concept id, the messages of every catalog that name it in English."""
    found, _ = glossary(project, memo)
    files = [*glossary_files(project.glossary_dir), *all_catalogs(project)]
    return memo.get("usages", files, lambda: find_usages(project, found))


def find_usages(project: Project, found: Glossary) -> dict[str, list[Use]]:
    matcher = Matcher(found, project.source_language)
    used: dict[str, list[Use]] = defaultdict(list)
    for lang in project.targets:
        for path in catalogs(project, lang):
            try:
                po = pofile.read(path)
            except PipelineError:
                continue  # a broken catalog is reported by the dashboard
            for entry in po.entries:
                for concept_id in dict.fromkeys(hit.concept.id for hit in matcher.find(entry.msgid)):
                    used[concept_id].append(Use(lang, catalog_name(project, lang, path), entry.line, entry.msgid,
                                                "\n".join(entry.msgstr), entry.translated))
    return dict(used)


# Progress and findings

@dataclass(frozen=True)
class Progress:
    """The counts of one catalog."""

    document: str
    stats: CatalogStats

    @property
    def percent(self) -> float:
        return 100 * self.stats.translated / self.stats.total if self.stats.total else 100.0


def progress(project: Project, memo: Memo) -> tuple[dict[str, list[Progress]], list[PipelineError]]:
    """Each target language's catalogs with their counts (as ``pipeline stats``), and the unreadable ones."""
    return memo.get("progress", all_catalogs(project), lambda: count(project))


def count(project: Project) -> tuple[dict[str, list[Progress]], list[PipelineError]]:
    result: dict[str, list[Progress]] = {}
    problems = []
    for lang in project.targets:
        result[lang] = []
        for path in catalogs(project, lang):
            try:
                result[lang].append(Progress(catalog_name(project, lang, path), catalog_stats(read_catalog(path, locale=lang))))
            except PipelineError as exc:
                problems.append(exc)
    return result, problems


def total(rows: list[Progress]) -> Progress:
    return Progress("TOTAL", sum((row.stats for row in rows), CatalogStats()))


def stats_data(project: Project, memo: Memo) -> dict[str, Any]:
    """The progress as the API gives it."""
    rows, problems = progress(project, memo)

    def counts(row: Progress) -> dict[str, Any]:
        return {"document": row.document, "percent": round(row.percent, 1), **asdict(row.stats)}

    return {"languages": {lang: {"catalogs": [counts(row) for row in mine], "total": counts(total(mine))}
                          for lang, mine in rows.items()},
            "problems": [str(problem) for problem in problems]}


def report(project: Project, memo: Memo) -> check.Report:
    """The checker's report on every catalog and source, as ``pipeline check`` gives it."""
    sources = sorted(project.docs.rglob("*.rst"))
    files = [*glossary_files(project.glossary_dir), *all_catalogs(project), *sources]
    return memo.get("report", files, lambda: run_checks(project, sources))


def run_checks(project: Project, sources: list[Path]) -> check.Report:
    found, files, problems = check.read_glossary(project.glossary_dir, project.languages)
    result = check.run(all_catalogs(project), sources, found, files, project.targets[0] if project.targets else "es",
                       cache_file=project.check_cache, warn=lambda text: None)
    return check.with_problems(result, problems)


@dataclass(frozen=True)
class Row:
    """A finding with the message's source and translation side by side."""

    file: str
    line: int
    check: str
    severity: str
    message: str
    source: str
    translation: str
    concept: str | None
    document: str | None
    lang: str | None

    @property
    def url(self) -> str | None:
        return page_url(self.lang, self.document) if self.lang and self.document else None


def rows(project: Project, memo: Memo) -> list[Row]:
    """Every finding of the report, with its translation and its concept."""
    result = report(project, memo)
    found, _ = glossary(project, memo)
    concepts = {term.text.lower(): concept.id for concept in found for terms in concept.terms.values() for term in terms}
    places = {(str(path), lang): path for lang in project.targets for path in catalogs(project, lang)}
    translations: dict[str, dict[int, str]] = {}
    made = []
    for finding in result.findings:
        if finding.file not in translations:
            translations[finding.file] = read_translations(Path(finding.file))
        lang, document = next(((lang, catalog_name(project, lang, path)) for (name, lang), path in places.items()
                               if name == finding.file), (None, None))
        made.append(Row(relative(project, finding.file), finding.line, finding.check, finding.severity, finding.message,
                        finding.msgid or "", translations[finding.file].get(finding.line, ""),
                        concepts.get((finding.term or "").lower()), document, lang))
    return made


def read_translations(path: Path) -> dict[int, str]:
    """Each entry's translation by the line of its msgstr, where findings point (nothing for a source file or a broken catalog)."""
    if path.suffix != ".po":
        return {}
    try:
        return {entry.msgstr_line or entry.line: "\n".join(entry.msgstr) for entry in pofile.read(path).entries}
    except PipelineError:
        return {}


def relative(project: Project, name: str) -> str:
    """A path as the project's root sees it."""
    path = Path(name)
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else name


def concordance(result: check.Report, glossary: Glossary) -> dict[str, list[ConceptUsage]]:
    """Per language, how the catalogs render each concept, with where (the
    editors' report's concordance); concepts no message uses are left out."""
    by_lang: dict[str, list[Record]] = defaultdict(list)
    for record in result.records:
        by_lang[result.languages.get(record.file, "")].append(record)
    return {lang: [usage for usage in check_concordance(records, glossary, lang) if usage.usages]
            for lang, records in sorted(by_lang.items()) if lang}


def todo(project: Project) -> list[dict[str, Any]]:
    """The to-do list: each catalog's untranslated and fuzzy entries, as ``pipeline todo --format json`` gives it."""
    found = []
    for path in all_catalogs(project):
        try:
            found.append(todo_lists.catalog_todo(path))
        except PipelineError:  # an unusable catalog is reported with the progress, not here
            continue
    listed = todo_lists.as_data(found)
    for catalog in listed:
        catalog["path"] = relative(project, catalog["path"])
        for item in catalog["items"]:
            item["path"] = catalog["path"]
    return listed
