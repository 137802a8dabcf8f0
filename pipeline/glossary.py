"""The controlled glossary: load ``glossary/*.toml`` and validate it.

One ``[[concept]]`` per concept, with a table per language (see
``glossary/README.md``). Every problem is reported as ``FILE:LINE: reason``;
the line numbers come from a light scan of the TOML text, because
``tomllib`` keeps none.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError, StageFailed

STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
APPROVED = ("preferred", "admitted")
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "other")  # the TBX-Basic picklist
GENDERS = ("m", "f", "mf")
TERM_TYPES = ("fullForm", "acronym")
EXPORT_FORMATS = ("tbx", "tbx2008", "csv")  # what ``exchange`` writes: TBX v3, TBX 2008, CSV
CONCEPT_FIELDS = {"id", "pos", "source", "note", "context", "related", "other_senses", "case_sensitive", "do_not_translate"}
LANGUAGE_FIELDS = {"definition", "terms"}
TERM_FIELDS = {"term", "status", "gender", "plural", "type", "expansion"}
CONCEPT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}\Z")
WORD_CHARACTER = re.compile(r"[^\W_]")  # terms are matched as words: each needs a letter or a digit
NESTING = re.compile(r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]', re.DOTALL)
MAX_NESTING = 20  # a glossary needs 3 levels (concept, terms, term)


@dataclass(frozen=True)
class Term:
    """One term of a concept in one language."""

    text: str
    status: str
    gender: str | None = None
    plural: str | None = None
    type: str = "fullForm"
    expansion: str | None = None
    line: int = field(default=0, compare=False)

    @property
    def approved(self) -> bool:
        return self.status in APPROVED

    @property
    def acronym(self) -> bool:
        return self.type == "acronym"


@dataclass(frozen=True)
class Concept:
    """One concept: its terms and definition in each language, and its metadata."""

    id: str
    pos: str
    source: str
    note: str
    definitions: dict[str, str]
    terms: dict[str, tuple[Term, ...]]
    context: str = ""
    related: tuple[str, ...] = ()
    other_senses: tuple[str, ...] = ()  # English words that, near the term, show another sense ("debate")
    case_sensitive: bool = False
    do_not_translate: bool = False
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    related_line: int = field(default=0, compare=False)

    def preferred(self, lang: str) -> Term | None:
        """The preferred full form in ``lang`` (or the preferred acronym if that is all there is)."""
        preferred = [term for term in self.terms.get(lang, ()) if term.status == "preferred"]
        full = [term for term in preferred if not term.acronym]
        candidates = full or preferred
        return candidates[0] if candidates else None

    def approved(self, lang: str) -> tuple[Term, ...]:
        """Preferred and admitted terms, the preferred full form first."""
        first = self.preferred(lang)
        rest = [term for term in self.terms.get(lang, ()) if term.approved and term is not first]
        return tuple([first, *rest] if first else rest)

    def rejected(self, lang: str) -> tuple[Term, ...]:
        """Deprecated and forbidden terms."""
        return tuple(term for term in self.terms.get(lang, ()) if not term.approved)

    def acronyms(self, lang: str) -> tuple[Term, ...]:
        return tuple(term for term in self.terms.get(lang, ()) if term.acronym and term.approved)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Glossary:
    """All concepts, in file order."""

    concepts: tuple[Concept, ...] = ()

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, concept_id: str) -> Concept | None:
        return next((concept for concept in self.concepts if concept.id == concept_id), None)


class LineIndex:
    """Where concepts, keys and terms sit in a glossary TOML file."""

    HEADER = re.compile(r"\s*\[\[\s*concept\s*\]\]")
    TABLE = re.compile(r"\s*\[\s*concept\s*\.\s*([\w-]+)\s*\]")
    KEY = re.compile(r"\s*([\w-]+)\s*=")
    TERM = re.compile(r'\bterm\s*=\s*"((?:[^"\\]|\\.)*)"')

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.keys: dict[tuple[int, str, str], int] = {}
        self.terms: dict[tuple[int, str, str], list[int]] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), start=1):
            if self.HEADER.match(line):
                self.starts.append(number)
                table = ""
            elif match := self.TABLE.match(line):
                table = match[1]
                self.keys.setdefault((len(self.starts) - 1, table, ""), number)
            elif match := self.KEY.match(line):
                self.keys.setdefault((len(self.starts) - 1, table, match[1]), number)
            for match in self.TERM.finditer(line):
                self.terms.setdefault((len(self.starts) - 1, table, match[1]), []).append(number)

    def concept(self, index: int) -> int:
        return self.starts[index] if index < len(self.starts) else 1

    def key(self, index: int, table: str = "", key: str = "") -> int:
        return self.keys.get((index, table, key)) or self.keys.get((index, table, "")) or self.concept(index)

    def term(self, index: int, lang: str, text: str, occurrence: int = 0) -> int:
        lines = self.terms.get((index, lang, text), [])
        return lines[min(occurrence, len(lines) - 1)] if lines else self.key(index, lang, "terms")


class FileReader:
    """Turns one parsed TOML file into concepts, collecting schema problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = LineIndex(text)
        self.problems: list[PipelineError] = []
        self.unusable = False  # the concept being read has a term that cannot be matched: it is left out

    def problem(self, line: int, message: str) -> None:
        self.problems.append(PipelineError(self.path, message, line))

    def string(self, table: dict[str, Any], key: str, line: int, required: bool = True) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.problem(line, f"'{key}' must be a string")
            return ""
        if required and not value.strip():
            self.problem(line, f"'{key}' is missing or empty")
        return value.strip()

    def flag(self, table: dict[str, Any], key: str, line: int) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem(line, f"'{key}' must be true or false")
            return False
        return value

    def concepts(self, data: dict[str, Any]) -> list[Concept]:
        for key in data.keys() - {"concept"}:
            self.problem(1, f"unexpected top-level '{key}'; every entry starts with [[concept]]")
        raw = data.get("concept", [])
        if not isinstance(raw, list):
            self.problem(1, "'concept' must be an array of tables: write [[concept]]")
            return []
        return [concept for index, table in enumerate(raw) if (concept := self.concept(index, table))]

    def concept(self, index: int, table: dict[str, Any]) -> Concept | None:
        at = self.lines.concept(index)
        self.unusable = False
        languages = {key: value for key, value in table.items() if isinstance(value, dict)}
        for key in table.keys() - CONCEPT_FIELDS - languages.keys():
            self.problem(self.lines.key(index, "", key), f"unknown field '{key}'")
        concept_id = self.string(table, "id", self.lines.key(index, "", "id"))
        if concept_id and not CONCEPT_ID.match(concept_id):
            self.problem(self.lines.key(index, "", "id"), f"id '{concept_id}' must be lowercase letters, digits and hyphens")
        pos = self.string(table, "pos", self.lines.key(index, "", "pos"))
        if pos and pos not in PARTS_OF_SPEECH:
            self.problem(self.lines.key(index, "", "pos"), f"pos '{pos}' is not one of {', '.join(PARTS_OF_SPEECH)}")
        related = table.get("related", [])
        if not isinstance(related, list) or not all(isinstance(item, str) for item in related):
            self.problem(self.lines.key(index, "", "related"), "'related' must be a list of concept ids")
            related = []
        senses = table.get("other_senses", [])
        if not isinstance(senses, list) or not all(isinstance(item, str) and item.strip() for item in senses):
            self.problem(self.lines.key(index, "", "other_senses"), "'other_senses' must be a list of English words")
            senses = []
        definitions: dict[str, str] = {}
        terms: dict[str, tuple[Term, ...]] = {}
        for lang, section in languages.items():
            if not LANGUAGE_CODE.match(lang):
                self.problem(self.lines.key(index, lang), f"[concept.{lang}] is not a language code such as en or es")
                continue
            for key in section.keys() - LANGUAGE_FIELDS:
                self.problem(self.lines.key(index, lang, key), f"unknown field '{key}' in [concept.{lang}]")
            definitions[lang] = self.string(section, "definition", self.lines.key(index, lang, "definition"))
            terms[lang] = self.terms(index, lang, section.get("terms"), pos)
        if not languages:
            self.problem(at, "no language sections; add [concept.en] and [concept.es]")
        if self.unusable:
            return None
        return Concept(
            id=concept_id,
            pos=pos,
            source=self.string(table, "source", self.lines.key(index, "", "source")),
            note=self.string(table, "note", self.lines.key(index, "", "note")),
            context=self.string(table, "context", self.lines.key(index, "", "context"), required=False),
            related=tuple(related),
            other_senses=tuple(word.strip() for word in senses),
            case_sensitive=self.flag(table, "case_sensitive", self.lines.key(index, "", "case_sensitive")),
            do_not_translate=self.flag(table, "do_not_translate", self.lines.key(index, "", "do_not_translate")),
            definitions=definitions,
            terms=terms,
            file=str(self.path),
            line=at,
            related_line=self.lines.key(index, "", "related"),
        )

    def terms(self, index: int, lang: str, raw: Any, pos: str) -> tuple[Term, ...]:
        line = self.lines.key(index, lang, "terms")
        if not isinstance(raw, list) or not raw or not all(isinstance(item, dict) for item in raw):
            self.problem(line, f"[concept.{lang}] needs 'terms', a list of {{ term = ..., status = ... }}")
            return ()
        seen: list[Any] = []
        terms = []
        for item in raw:
            text = item.get("term")
            line = self.lines.term(index, lang, text, seen.count(text)) if isinstance(text, str) else self.lines.key(index, lang, "terms")
            seen.append(text)
            if term := self.term(lang, item, pos, line):
                terms.append(term)
        return tuple(terms)

    def term(self, lang: str, item: dict[str, Any], pos: str, line: int) -> Term | None:
        text = item.get("term")
        if not isinstance(text, str) or not text.strip():
            self.problem(line, f"a term in [concept.{lang}] has an empty or missing 'term'")
            return None
        for key in item.keys() - TERM_FIELDS:
            self.problem(line, f"unknown field '{key}' in term '{text}'")
        values = {key: item.get(key) for key in ("status", "gender", "plural", "type", "expansion")}
        for key, value in values.items():
            if value is not None and not isinstance(value, str):
                self.problem(line, f"'{key}' of term '{text}' must be a string")
                return None
        status, gender, kind = values["status"], values["gender"], values["type"] or "fullForm"
        if status not in STATUSES:
            self.problem(line, f"term '{text}' has status {status!r}; use one of {', '.join(STATUSES)}")
            return None
        if gender is not None and gender not in GENDERS:
            self.problem(line, f"term '{text}' has gender {gender!r}; use m, f or mf")
        if gender is None and lang != "en" and status in APPROVED and pos == "noun":
            self.problem(line, f"term '{text}' needs a gender (m, f or mf)")
        if kind not in TERM_TYPES:
            self.problem(line, f"term '{text}' has type {kind!r}; use acronym or leave it out")
        if values["expansion"] and kind != "acronym":
            self.problem(line, f"term '{text}' has an expansion but is not type = \"acronym\"")
        if text != text.strip():
            self.problem(line, f"term '{text}' has leading or trailing spaces")
        for key, value in (("term", text), ("plural", values["plural"]), ("expansion", values["expansion"])):
            if value is not None and (problem := wordless(value, key)):
                self.problem(line, problem)
                self.unusable = True
                return None
        return Term(text.strip(), status, gender, values["plural"], kind, values["expansion"], line)


def read_file(path: Path) -> tuple[list[Concept], list[PipelineError]]:
    """The concepts of one glossary file and the schema problems found in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [], [PipelineError(path, f"cannot be read: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return [], [PipelineError(path, f"cannot be read: {exc}")]
    return parse(path, text)


def wordless(text: str, what: str = "term") -> str | None:
    """Why ``text`` cannot be a term (only an emoji, only combining marks or
    punctuation, regex text such as ``.*``), or None. Terms are matched as
    words, never as patterns."""
    if WORD_CHARACTER.search(text):
        return None
    names = ", ".join(unicodedata.name(character, f"U+{ord(character):04X}") for character in text[:4])
    return f"{what} {text!r} ({names}) has no letter or digit; a term is matched as words, so write it as it appears in the text"


def nested_line(text: str, limit: int = MAX_NESTING) -> int | None:
    """The first line where arrays or inline tables nest more than ``limit``
    deep (strings and comments skipped), or None."""
    depth = 0
    for match in NESTING.finditer(text):
        token = match[0]
        if token in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth = max(depth - 1, 0)
    return None


def parse(path: Path, text: str) -> tuple[list[Concept], list[PipelineError]]:
    """The concepts in ``text``, the content of glossary file ``path``."""
    if (deep := nested_line(text)) is not None:
        return [], [PipelineError(path, f"arrays or inline tables nested more than {MAX_NESTING} deep", deep)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line.*\)|\s*\(at end of document\)", "", str(exc))
        line = int(match[1]) if match else len(text.splitlines()) or 1
        return [], [PipelineError(path, f"not valid TOML: {message}", line)]
    reader = FileReader(path, text)
    concepts = reader.concepts(data)
    return concepts, reader.problems


def glossary_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.toml"))


def read(directory: Path, languages: Iterable[str] = ("en", "es")) -> tuple[Glossary, list[PipelineError]]:
    """The glossary in ``directory`` and every problem in it, sorted by place."""
    concepts: list[Concept] = []
    problems: list[PipelineError] = []
    for path in glossary_files(directory):
        found, bad = read_file(path)
        concepts += found
        problems += bad
    glossary = Glossary(tuple(concepts))
    problems += validate(glossary, tuple(languages), complete=not problems)
    return glossary, sorted(problems, key=lambda problem: (problem.path, problem.line or 0))


def load(directory: Path, languages: Iterable[str] = ("en", "es")) -> Glossary:
    """The glossary in ``directory``; an empty one if there is none. Raises on any problem."""
    if not directory.is_dir():
        return Glossary()
    glossary, problems = read(directory, languages)
    if problems:
        raise StageFailed("glossary", [str(problem) for problem in problems], status=2)
    return glossary


def validate(glossary: Glossary, languages: tuple[str, ...], complete: bool = True) -> list[PipelineError]:
    """Problems between and within concepts (schema problems are found on
    reading). Unless the glossary is ``complete`` (every file read without a
    problem), a related concept that is not there is no problem: it may be
    in the part that could not be read, and that part's own errors say so."""
    problems: list[PipelineError] = []

    def problem(concept: Concept, line: int, message: str) -> None:
        problems.append(PipelineError(concept.file, message, line))

    first_id: dict[str, Concept] = {}
    owner: dict[tuple[str, str], tuple[Concept, Term]] = {}
    for concept in glossary:
        if concept.id in first_id:
            problem(concept, concept.line, f"id '{concept.id}' is already used at {first_id[concept.id].where}")
        first_id.setdefault(concept.id, concept)
    for concept in glossary:
        for lang in languages:
            if lang in concept.terms and not concept.preferred(lang):
                problem(concept, concept.line, f"'{concept.id}' has no preferred term in '{lang}'")
            elif lang not in concept.terms:
                problem(concept, concept.line, f"'{concept.id}' has no [concept.{lang}] section with a preferred term")
        for lang, terms in concept.terms.items():
            full = [term for term in terms if term.status == "preferred" and not term.acronym]
            if len(full) > 1:
                problem(concept, full[1].line, f"'{concept.id}' has two preferred terms in '{lang}': '{full[0].text}' and '{full[1].text}'")
            texts = {term.text for term in terms}
            for term in terms:
                key = (lang, term.text if concept.case_sensitive else term.text.casefold())
                if key in owner:
                    other, earlier = owner[key]
                    if other is concept and earlier.approved != term.approved:
                        problem(concept, term.line, f"'{term.text}' is both approved and {'forbidden' if earlier.approved else term.status} in '{concept.id}'")
                    elif other is concept:
                        problem(concept, term.line, f"'{term.text}' is listed twice in '{concept.id}'")
                    elif earlier.approved != term.approved:
                        state = "approved" if earlier.approved else earlier.status
                        problem(concept, term.line, f"'{term.text}' ({lang}) is {state} in '{other.id}' ({other.where}) but {term.status} here")
                    else:
                        problem(concept, term.line, f"'{term.text}' ({lang}) is also a term of '{other.id}' ({other.where})")
                owner.setdefault(key, (concept, term))
                if term.acronym and not term.expansion:
                    problem(concept, term.line, f"acronym '{term.text}' has no expansion")
                elif term.acronym and term.expansion not in texts:
                    problem(concept, term.line, f"expansion '{term.expansion}' of '{term.text}' is not a term of '{concept.id}' in '{lang}'")
        for target in concept.related if complete else ():
            if target not in first_id:
                problem(concept, concept.related_line, f"related concept '{target}' does not exist")
    return problems


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def term_toml(term: Term) -> str:
    fields = {"term": term.text, "status": term.status}
    if term.acronym:
        fields |= {"type": term.type, "expansion": term.expansion or ""}
    fields |= {key: value for key, value in (("gender", term.gender), ("plural", term.plural)) if value}
    return "  { " + ", ".join(f"{key} = {toml_string(value)}" for key, value in fields.items()) + " },"


def concept_toml(concept: Concept) -> str:
    """``concept`` written as an entry of a glossary file, in the layout of ``glossary/README.md``."""
    lines = ["[[concept]]"]
    lines += [f"{key} = {toml_string(getattr(concept, key))}" for key in ("id", "pos", "source", "note")]
    if concept.context:
        lines.append(f"context = {toml_string(concept.context)}")
    if concept.related:
        lines.append(f"related = [{', '.join(toml_string(target) for target in concept.related)}]")
    if concept.other_senses:
        lines.append(f"other_senses = [{', '.join(toml_string(word) for word in concept.other_senses)}]")
    lines += [f"{key} = true" for key in ("case_sensitive", "do_not_translate") if getattr(concept, key)]
    for lang, terms in concept.terms.items():
        lines += ["", f"[concept.{lang}]", f"definition = {toml_string(concept.definitions.get(lang, ''))}", "terms = ["]
        lines += [term_toml(term) for term in terms]
        lines.append("]")
    return "\n".join(lines) + "\n"
