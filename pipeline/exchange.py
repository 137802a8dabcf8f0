"""Glossary exchange with translation tools: TBX-Basic and CSV, both ways.

* **TBX** (ISO 30042:2019, TBX-Basic dialect) carries every field. Our four
  statuses map onto TBX-Basic's ``administrativeStatus`` picklist: preferred
  and admitted as they are, *deprecated* (outdated) as ``supersededTerm`` and
  *forbidden* as ``deprecatedTerm``. Fields TBX-Basic has no category for
  (sense note, flags, irregular plural) travel as prefixed ``<note>``s.
* **CSV** (``en,es,es_forbidden,note``, one row per concept, ``|`` between
  variants, the first ``es`` variant preferred) carries only those columns.

Importing checks every row first and writes nothing if any row is bad.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from pipeline import markup
from pipeline.catalogs import write_atomic
from pipeline.errors import PipelineError, StageFailed
from pipeline.glossary import (
    CONCEPT_ID,
    PARTS_OF_SPEECH,
    Concept,
    Glossary,
    Term,
    concept_toml,
    load,
    validate,
    wordless,
)

TBX_NS = "urn:iso:std:iso:30042:ed-2"
TBX_BASIC_SCHEMA = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
                    "TBXcoreStructV03_TBX-Basic_integrated.rng")
TBX_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "supersededTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
TBX_GENDER = {"m": "masculine", "f": "feminine", "mf": "other"}
CSV_HEADER = ["en", "es", "es_forbidden", "note"]
CONTEXT, FLAGS, PLURAL, OTHER_SENSES = "Context: ", "Flags: ", "Plural: ", "Other senses near: "
FORMATS = ("tbx", "csv")


# --- TBX ---------------------------------------------------------------------

def to_tbx(glossary: Glossary, title: str = "Glossary") -> str:
    """The glossary as a TBX-Basic document."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        (f'<?xml-model href="{TBX_BASIC_SCHEMA}" type="application/xml" '
         'schematypens="http://relaxng.org/ns/structure/1.0"?>'),
        f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}">',
        f"  <tbxHeader><fileDesc><sourceDesc><p>{escape(title)}</p></sourceDesc></fileDesc></tbxHeader>",
        "  <text>",
        "    <body>",
    ]
    for concept in glossary:
        out += tbx_concept(concept)
    out += ["    </body>", "  </text>", "</tbx>", ""]
    return "\n".join(out)


def tbx_concept(concept: Concept) -> list[str]:
    def element(indent: int, tag: str, text: str, **attributes: str) -> str:
        attrs = "".join(f" {name}={quoteattr(value)}" for name, value in attributes.items())
        return f"{' ' * indent}<{tag}{attrs}>{escape(text)}</{tag}>"

    flags = [name for name in ("case_sensitive", "do_not_translate") if getattr(concept, name)]
    out = [f"      <conceptEntry id={quoteattr(concept.id)}>"]
    if concept.file:
        out.append(element(8, "descrip", Path(concept.file).stem, type="subjectField"))
    out.append(element(8, "admin", concept.source, type="source"))
    out.append(element(8, "note", concept.note))
    if concept.context:
        out.append(element(8, "note", CONTEXT + concept.context))
    if flags:
        out.append(element(8, "note", FLAGS + ", ".join(flags)))
    if concept.other_senses:
        out.append(element(8, "note", OTHER_SENSES + ", ".join(concept.other_senses)))
    out += [element(8, "ref", target, type="crossReference", target=target) for target in concept.related]
    for lang, terms in concept.terms.items():
        out.append(f"        <langSec xml:lang={quoteattr(lang)}>")
        out.append(element(10, "descrip", concept.definitions.get(lang, ""), type="definition"))
        ids = {term.text: f"{concept.id}-{lang}-{number}" for number, term in enumerate(terms, start=1)}
        for term in terms:
            out.append(f"          <termSec id={quoteattr(ids[term.text])}>")
            out.append(element(12, "term", term.text))
            out.append(element(12, "termNote", concept.pos, type="partOfSpeech"))
            out.append(element(12, "termNote", TBX_STATUS[term.status], type="administrativeStatus"))
            if term.acronym:
                out.append(element(12, "termNote", "acronym", type="termType"))
            if term.gender:
                out.append(element(12, "termNote", TBX_GENDER[term.gender], type="grammaticalGender"))
            if term.plural:
                out.append(element(12, "note", PLURAL + term.plural))
            if term.expansion:
                out.append(element(12, "ref", term.expansion, type="crossReference", target=ids.get(term.expansion, "")))
            out.append("          </termSec>")
        out.append("        </langSec>")
    out.append("      </conceptEntry>")
    return out


@dataclass
class XmlElement:
    """An XML element with the line it starts on (ElementTree keeps no lines)."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[XmlElement] = field(default_factory=list)
    text: str = ""

    def all(self, tag: str, **attrs: str) -> list[XmlElement]:
        return [child for child in self.children
                if child.tag == tag and all(child.attrs.get(key) == value for key, value in attrs.items())]

    def first(self, tag: str, **attrs: str) -> str:
        found = self.all(tag, **attrs)
        return found[0].text.strip() if found else ""


def parse_xml(text: str, path: Path) -> XmlElement:
    """Parse ``text`` into ``XmlElement``s; namespaces are dropped from tag
    names. A document type declaration is refused: untrusted input may not
    declare entities or name external ones."""
    parser = expat.ParserCreate(namespace_separator=" ")
    root = XmlElement("", {}, 0)
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        names = {name.rsplit(" ", 1)[-1] if not name.startswith("http://www.w3.org/XML/1998/namespace")
                 else "xml:" + name.rsplit(" ", 1)[-1]: value for name, value in attrs.items()}
        element = XmlElement(tag.rsplit(" ", 1)[-1], names, parser.CurrentLineNumber)
        stack[-1].children.append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        stack[-1].text += chunk

    def doctype(*_: object) -> None:
        raise PipelineError(path, "a <!DOCTYPE> is not allowed: a TBX file may not declare or fetch entities",
                            parser.CurrentLineNumber)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    parser.StartDoctypeDeclHandler = doctype  # no DTD, so no entity (external or internal) is ever declared
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise PipelineError(path, f"not well-formed XML: {expat.ErrorString(exc.code)}", exc.lineno) from None
    return root


def from_tbx(text: str, path: Path) -> tuple[list[Concept], list[PipelineError]]:
    """The concepts of a TBX document, and the problems of each bad entry."""
    root = parse_xml(text, path)
    tbx = root.children[0] if root.children else None
    if tbx is None or tbx.tag not in ("tbx", "martif"):
        return [], [PipelineError(path, "not a TBX document (the root element is not <tbx>)", 1)]
    body = next((b for t in tbx.all("text") for b in t.all("body")), None)
    entries = body.all("conceptEntry") + body.all("termEntry") if body else []
    statuses = {value: key for key, value in TBX_STATUS.items()}
    genders = {value: key for key, value in TBX_GENDER.items()}
    concepts, problems = [], []
    for entry in entries:
        if not CONCEPT_ID.match(entry.attrs.get("id", "")):
            problems.append(PipelineError(path, f"conceptEntry id {entry.attrs.get('id', '')!r} is missing or not lowercase letters, digits and hyphens", entry.line))
            continue
        notes = [note.text.strip() for note in entry.all("note")]
        flags = next((note[len(FLAGS):] for note in notes if note.startswith(FLAGS)), "")
        definitions, terms, pos = {}, {}, ""
        for section in entry.all("langSec") + entry.all("langSet"):
            lang = section.attrs.get("xml:lang", "")
            definitions[lang] = section.first("descrip", type="definition")
            found = []
            for term_sec in section.all("termSec") + section.all("tig"):
                status = term_sec.first("termNote", type="administrativeStatus") or "preferredTerm-admn-sts"
                if status not in statuses:
                    line = next((note.line for note in term_sec.all("termNote", type="administrativeStatus")), term_sec.line)
                    problems.append(PipelineError(path, f"unknown administrativeStatus '{status}'", line))
                    continue
                if not term_sec.first("term"):
                    problems.append(PipelineError(path, "empty <term>", term_sec.line))
                    continue
                plural = next((n.text.strip()[len(PLURAL):] for n in term_sec.all("note") if n.text.strip().startswith(PLURAL)), None)
                part = term_sec.first("termNote", type="partOfSpeech")
                if part and part not in PARTS_OF_SPEECH:
                    problems.append(PipelineError(path, f"partOfSpeech '{part}' is not one of {', '.join(PARTS_OF_SPEECH)}", term_sec.line))
                pos = pos or (part if part in PARTS_OF_SPEECH else "")
                found.append(Term(
                    text=term_sec.first("term"),
                    status=statuses[status],
                    gender=genders.get(term_sec.first("termNote", type="grammaticalGender")),
                    plural=plural,
                    type="acronym" if term_sec.first("termNote", type="termType") == "acronym" else "fullForm",
                    expansion=term_sec.first("ref", type="crossReference") or None,
                    line=term_sec.all("term")[0].line if term_sec.all("term") else term_sec.line,
                ))
            terms[lang] = tuple(found)
        subject = entry.first("descrip", type="subjectField")
        concepts.append(Concept(
            id=entry.attrs.get("id", ""),
            pos=pos,
            source=entry.first("admin", type="source"),
            note=next((note for note in notes if not note.startswith((CONTEXT, FLAGS, OTHER_SENSES))), ""),
            context=next((note[len(CONTEXT):] for note in notes if note.startswith(CONTEXT)), ""),
            related=tuple(ref.attrs.get("target", "") for ref in entry.all("ref", type="crossReference")),
            other_senses=next((tuple(word.strip() for word in note[len(OTHER_SENSES):].split(",")) for note in notes
                               if note.startswith(OTHER_SENSES)), ()),
            case_sensitive="case_sensitive" in flags,
            do_not_translate="do_not_translate" in flags,
            definitions=definitions,
            terms=terms,
            file=subject if re.fullmatch(r"[a-z0-9-]+", subject) else "",
            line=entry.line,
        ))
    return concepts, problems


# --- untrusted values ------------------------------------------------------------

def value_problems(concept: Concept, path: Path) -> list[PipelineError]:
    """Why an imported concept cannot be used: a term with no letter or digit,
    or a value with markup (``pipeline.markup``: an imported glossary is
    untrusted, and its values are plain text)."""
    problems = []
    values = [(concept.line, "note", concept.note), (concept.line, "source", concept.source),
              (concept.line, "context", concept.context), *((concept.line, "other sense", word) for word in concept.other_senses),
              *((concept.line, f"definition ({lang})", text) for lang, text in concept.definitions.items())]
    for terms in concept.terms.values():
        for term in terms:
            if problem := wordless(term.text):
                problems.append(PipelineError(path, problem, term.line or concept.line))
            values += [(term.line or concept.line, f"term {term.text!r}", term.text),
                       (term.line or concept.line, f"plural of {term.text!r}", term.plural or ""),
                       (term.line or concept.line, f"expansion of {term.text!r}", term.expansion or "")]
    for line, what, text in values:
        problems += [PipelineError(path, f"{what}: {reason}", line) for reason in markup.unsafe("", text)]
    return problems


def usable(concepts: list[Concept], path: Path) -> tuple[list[Concept], list[PipelineError]]:
    """The imported concepts without problems, and the problems of the others."""
    kept, problems = [], []
    for concept in concepts:
        found = value_problems(concept, path)
        problems += found
        if not found:
            kept.append(concept)
    return kept, problems


# --- CSV ---------------------------------------------------------------------

def csv_row(concept: Concept) -> list[str]:
    return [
        "|".join(term.text for term in concept.approved("en")),
        "|".join(term.text for term in concept.approved("es")),
        "|".join(term.text for term in concept.rejected("es")),
        concept.note,
    ]


def to_csv(glossary: Glossary) -> str:
    """The glossary as CSV: ``en,es,es_forbidden,note``, one row per concept."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_row(concept) for concept in glossary)
    return out.getvalue()


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "concept"


def csv_terms(variants: list[str], status: str, line: int) -> tuple[Term, ...]:
    """Terms from ``|``-separated variants: the first one ``status``; all-capital
    variants after it are acronyms of the first."""
    terms = []
    for number, text in enumerate(variants):
        acronym = number > 0 and re.fullmatch(r"[A-Z][A-Z0-9-]+", text) is not None
        terms.append(Term(text, status if number == 0 or status != "preferred" else "admitted",
                          type="acronym" if acronym else "fullForm", expansion=variants[0] if acronym else None, line=line))
    return tuple(terms)


def from_csv(text: str, path: Path) -> tuple[list[Concept], list[PipelineError]]:
    """The concepts of a CSV glossary, and the problems of each bad row."""
    reader = csv.reader(io.StringIO(text))
    problems: list[PipelineError] = []
    try:
        header = next(reader, [])
        if [name.strip() for name in header] != CSV_HEADER:
            return [], [PipelineError(path, f"the header must be {','.join(CSV_HEADER)}", 1)]
        concepts = []
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(CSV_HEADER):
                problems.append(PipelineError(path, f"{len(row)} columns; expected {len(CSV_HEADER)} ({','.join(CSV_HEADER)})", line))
                continue
            en, es, forbidden = ([part.strip() for part in cell.split("|")] if cell.strip() else [] for cell in row[:3])
            bad = [message for condition, message in (
                (not en, "empty English term"),
                (not es, "empty Spanish term"),
                ("" in en + es + forbidden, "empty variant between '|' separators"),
                (set(es) & set(forbidden), f"'{next(iter(set(es) & set(forbidden)), '')}' is both approved and forbidden"),
            ) if condition]
            problems += [PipelineError(path, message, line) for message in bad]
            if bad:
                continue
            concepts.append(Concept(
                id=slug(en[0]), pos="", source=f"Imported from {path.name}", note=row[3].strip(),
                definitions={"en": "", "es": ""},
                terms={"en": csv_terms(en, "preferred", line),
                       "es": csv_terms(es, "preferred", line) + csv_terms(forbidden, "forbidden", line)},
                line=line,
            ))
    except csv.Error as exc:
        problems.append(PipelineError(path, f"not valid CSV: {exc}", reader.line_num))
        return [], problems
    return concepts, problems


# --- import --------------------------------------------------------------------

Projection = Callable[[Concept], object]


def tbx_projection(concept: Concept) -> object:
    return concept


def csv_projection(concept: Concept) -> object:
    return csv_row(concept)


@dataclass(frozen=True)
class ImportPlan:
    """What an import adds: the new concepts, and how many were already there."""

    added: tuple[Concept, ...]
    unchanged: int


def plan_import(existing: Glossary, imported: list[Concept], same: Projection, path: Path,
                languages: tuple[str, ...]) -> tuple[ImportPlan, list[PipelineError]]:
    """Match imported concepts to existing ones (by id or English term) and
    report every conflict at the line of the imported row or entry."""
    by_id = {concept.id: concept for concept in existing}
    by_term = {term.text.casefold(): concept for concept in existing for term in concept.terms.get("en", ())}
    problems: list[PipelineError] = []
    added: list[Concept] = []
    seen: dict[str, Concept] = {}
    unchanged = 0
    for concept in imported:
        english = [term.text.casefold() for term in concept.terms.get("en", ())]
        match = by_id.get(concept.id) or next((by_term[text] for text in english if text in by_term), None)
        if match is not None and same(match) == same(concept):
            unchanged += 1
        elif match is not None:
            problems.append(PipelineError(path, f"duplicates concept '{match.id}' ({match.where}) with a different translation", concept.line))
        elif concept.id in seen:
            problems.append(PipelineError(path, f"'{concept.id}' appears twice in this file (first at line {seen[concept.id].line})", concept.line))
        else:
            seen[concept.id] = concept
            added.append(concept)
    probes = tuple(replace(concept, file=str(path)) for concept in added)
    problems += [problem for problem in validate(Glossary((*existing.concepts, *probes)), languages)
                 if problem.path == str(path)]
    return ImportPlan(tuple(added), unchanged), sorted(problems, key=lambda problem: problem.line or 0)


def import_texts(directory: Path, plan: ImportPlan) -> dict[Path, str]:
    """The new text of each glossary file the import adds concepts to: TBX
    concepts go to the file of their subject field, CSV rows to ``imported.toml``."""
    texts: dict[Path, str] = {}
    for concept in plan.added:
        target = directory / f"{concept.file or 'imported'}.toml"
        if target not in texts:
            texts[target] = target.read_text(encoding="utf-8") if target.exists() else ""
        texts[target] += ("\n" if texts[target] else "") + concept_toml(replace(concept, file=""))
    return texts


def read_file(path: Path) -> tuple[str, list[Concept], list[PipelineError]]:
    """The format ("tbx" or "csv") and the concepts of a glossary exchange file,
    with the problems of its bad entries; an unknown or unreadable file is a
    ``PipelineError``. A spreadsheet's byte-order mark is allowed."""
    kind = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv"}.get(path.suffix.lower())
    if kind is None:
        raise PipelineError(path, "unknown format: name the file .tbx or .csv")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(path, f"cannot be read: {exc}") from None
    concepts, problems = from_tbx(text, path) if kind == "tbx" else from_csv(text, path)
    concepts, bad_values = usable(concepts, path)
    return kind, concepts, sorted([*problems, *bad_values], key=lambda problem: problem.line or 0)


def import_file(directory: Path, path: Path, languages: tuple[str, ...]) -> tuple[ImportPlan, list[Path]]:
    """Import a ``.tbx`` or ``.csv`` file into the glossary in ``directory``;
    return what was added and the files written. Any bad row raises
    ``StageFailed`` with every problem, and then nothing is written."""
    kind, concepts, problems = read_file(path)
    existing = load(directory, languages)
    same = tbx_projection if kind == "tbx" else csv_projection
    plan, conflicts = plan_import(existing, concepts, same, path, languages)
    if problems or conflicts:
        found = sorted([*problems, *conflicts], key=lambda problem: problem.line or 0)
        raise StageFailed("glossary import", [str(problem) for problem in found])
    texts = import_texts(directory, plan)
    for target, content in texts.items():
        write_atomic(target, content.encode("utf-8"))
    return plan, list(texts)
