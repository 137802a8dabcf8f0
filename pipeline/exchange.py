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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from pipeline import markup
from pipeline.errors import PipelineError, StageFailed
from pipeline.files import write_atomic
from pipeline.glossary import (
    CONCEPT_ID,
    GENDERS,
    PARTS_OF_SPEECH,
    STATUSES,
    Concept,
    Glossary,
    LineIndex,
    Term,
    concept_toml,
    load,
    validate,
    wordless,
)

TBX_NS = "urn:iso:std:iso:30042:ed-2"
# The TBX-Basic dialect of LTAC Global (https://github.com/LTAC-Global/TBX-Basic_dialect):
# its RELAX NG schema (core structure) and Schematron rules (the dialect's constraints).
TBX_BASIC = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA"
TBX_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "supersededTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
TBX_GENDER = {"m": "masculine", "f": "feminine", "mf": "other"}
GENDER_NOTES = ("gender", "grammaticalGender")  # TBX-Basic's name, and TBX 2008's
CONTEXT, FLAGS, PLURAL, OTHER_SENSES = "Context: ", "Flags: ", "Plural: ", "Other senses near: "
CSV_HEADER = ["en", "es", "es_forbidden", "note"]  # the simple CSV: a list to add, one row per concept
# The full CSV: one row per term, with its concept's fields on every row.
CSV_FIELDS = ["id", "subject", "pos", "source", "note", "context", "related", "other_senses", "flags",
              "lang", "definition", "term", "status", "gender", "plural", "type", "expansion"]
CONCEPT_COLUMNS = ("subject", "pos", "source", "note", "context", "related", "other_senses", "flags")
CONCEPT_FLAGS = ("case_sensitive", "do_not_translate")


# --- TBX ---------------------------------------------------------------------

@dataclass(frozen=True)
class TbxStyle:
    """The element names of one TBX version: TBX v3 (ISO 30042:2019) or TBX 2008."""

    root: str
    header: str
    entry: str
    language: str
    term: str
    gender: str
    attributes: str


TBX_V3 = TbxStyle("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec", "gender",
                  f'type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}"')
TBX_2008 = TbxStyle("martif", "martifHeader", "termEntry", "langSet", "tig", "grammaticalGender",
                    'type="TBX-Basic" xml:lang="en"')


def to_tbx(glossary: Glossary, title: str = "Glossary", style: TbxStyle = TBX_V3) -> str:
    """The glossary as a TBX-Basic document: TBX v3 (ISO 30042:2019, the
    current TBX-Basic dialect, which its schema validates), or the TBX 2008
    form (``martif``, ``termEntry``, ``langSet``, ``tig``) that
    translate-toolkit, and so Weblate and Pootle, read."""
    models = [(f"{TBX_BASIC}.rng", "http://relaxng.org/ns/structure/1.0"),
              (f"{TBX_BASIC}.sch", "http://purl.oclc.org/dsdl/schematron")] if style is TBX_V3 else []
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    out += [f'<?xml-model href="{href}" type="application/xml" schematypens="{kind}"?>' for href, kind in models]
    out += [
        f"<{style.root} {style.attributes}>",
        f"  <{style.header}><fileDesc><sourceDesc><p>{escape(title)}</p></sourceDesc></fileDesc></{style.header}>",
        "  <text>",
        "    <body>",
    ]
    for concept in glossary:
        out += tbx_concept(concept, style)
    out += ["    </body>", "  </text>", f"</{style.root}>", ""]
    return "\n".join(out)


def tbx_concept(concept: Concept, style: TbxStyle = TBX_V3) -> list[str]:
    def element(indent: int, tag: str, text: str, **attributes: str) -> str:
        attrs = "".join(f" {name}={quoteattr(value)}" for name, value in attributes.items())
        return f"{' ' * indent}<{tag}{attrs}>{escape(text)}</{tag}>"

    flags = [name for name in ("case_sensitive", "do_not_translate") if getattr(concept, name)]
    out = [f"      <{style.entry} id={quoteattr(concept.id)}>"]
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
        out.append(f"        <{style.language} xml:lang={quoteattr(lang)}>")
        out.append(element(10, "descrip", concept.definitions.get(lang, ""), type="definition"))
        ids = {term.text: f"{concept.id}-{lang}-{number}" for number, term in enumerate(terms, start=1)}
        for term in terms:
            out.append(f"          <{style.term} id={quoteattr(ids[term.text])}>")
            out.append(element(12, "term", term.text))
            out.append(element(12, "termNote", concept.pos, type="partOfSpeech"))
            out.append(element(12, "termNote", TBX_STATUS[term.status], type="administrativeStatus"))
            if term.acronym:
                out.append(element(12, "termNote", "acronym", type="termType"))
            if term.gender:
                out.append(element(12, "termNote", TBX_GENDER[term.gender], type=style.gender))
            if term.plural:
                out.append(element(12, "note", PLURAL + term.plural))
            if term.expansion:
                out.append(element(12, "ref", term.expansion, type="crossReference", target=ids.get(term.expansion, "")))
            out.append(f"          </{style.term}>")
        out.append(f"        </{style.language}>")
    out.append(f"      </{style.entry}>")
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
                    gender=next((genders[value] for kind in GENDER_NOTES
                                 if (value := term_sec.first("termNote", type=kind)) in genders), None),
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
    """The glossary as the full CSV: one row per term (``CSV_FIELDS``), with
    its concept's fields and its language's definition on every row, so that
    sorting or filtering in a spreadsheet loses nothing; lists are joined
    with ``|``. It carries every field, and imports back as the same glossary."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for concept in glossary:
        shared = {"id": concept.id, "subject": Path(concept.file).stem if concept.file else "", "pos": concept.pos,
                  "source": concept.source, "note": concept.note, "context": concept.context,
                  "related": "|".join(concept.related), "other_senses": "|".join(concept.other_senses),
                  "flags": "|".join(flag for flag in CONCEPT_FLAGS if getattr(concept, flag))}
        for lang, terms in concept.terms.items():
            for term in terms:
                writer.writerow(shared | {"lang": lang, "definition": concept.definitions.get(lang, ""), "term": term.text,
                                          "status": term.status, "gender": term.gender or "", "plural": term.plural or "",
                                          "type": "acronym" if term.acronym else "", "expansion": term.expansion or ""})
    return out.getvalue()


def from_full_csv(rows: list[tuple[int, dict[str, str]]], path: Path) -> tuple[list[Concept], list[PipelineError]]:
    """The concepts of the full CSV's rows (line, row), one row per term; a
    concept's rows follow each other, and agree on its fields."""
    problems: list[PipelineError] = []
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    previous = ""
    for line, row in rows:
        concept_id = row["id"].strip()
        if concept_id in groups and concept_id != previous:
            problems.append(PipelineError(path, f"the rows of '{concept_id}' must follow each other "
                                                f"(it starts at line {groups[concept_id][0][0]})", line))
            continue
        groups.setdefault(concept_id, []).append((line, row))
        previous = concept_id
    concepts = []
    for concept_id, group in groups.items():
        first_line, first = group[0]
        bad = False
        for line, row in group[1:]:
            for column in (*CONCEPT_COLUMNS, *(["definition"] if row["lang"] == first["lang"] else [])):
                if row[column].strip() != first[column].strip():
                    problems.append(PipelineError(path, f"'{column}' differs from the first row of '{concept_id}' "
                                                        f"(line {first_line})", line))
                    bad = True
        definitions: dict[str, str] = {}
        terms: dict[str, list[Term]] = {}
        for line, row in group:
            lang = row["lang"].strip()
            if not lang:
                problems.append(PipelineError(path, "empty 'lang'", line))
                bad = True
                continue
            definitions.setdefault(lang, row["definition"].strip())
            if lang in terms and row["definition"].strip() != definitions[lang]:
                problems.append(PipelineError(path, f"'definition' ({lang}) differs from the earlier rows of '{concept_id}'", line))
                bad = True
            terms.setdefault(lang, []).append(Term(
                row["term"].strip(), row["status"].strip(), row["gender"].strip() or None, row["plural"].strip() or None,
                "acronym" if row["type"].strip() == "acronym" else "fullForm", row["expansion"].strip() or None, line))
        flags = {flag.strip() for flag in first["flags"].split("|") if flag.strip()}
        for flag in sorted(flags - set(CONCEPT_FLAGS)):
            problems.append(PipelineError(path, f"unknown flag '{flag}'; the flags are {', '.join(CONCEPT_FLAGS)}", first_line))
            bad = True
        if not bad:
            concepts.append(Concept(
                id=concept_id, pos=first["pos"].strip(), source=first["source"].strip(), note=first["note"].strip(),
                definitions=definitions, terms={lang: tuple(found) for lang, found in terms.items()},
                context=first["context"].strip(), related=split_list(first["related"]),
                other_senses=split_list(first["other_senses"]), case_sensitive="case_sensitive" in flags,
                do_not_translate="do_not_translate" in flags, file=first["subject"].strip(), line=first_line))
    return concepts, problems + [problem for concept in concepts for problem in term_problems(concept, path)]


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split("|") if item.strip())


def term_problems(concept: Concept, path: Path) -> list[PipelineError]:
    """What the glossary's own reader would refuse in an imported concept's
    ids and terms (statuses, genders, types), at the row of each term."""
    problems = []
    if not CONCEPT_ID.match(concept.id):
        problems.append(PipelineError(path, f"id '{concept.id}' must be lowercase letters, digits and hyphens", concept.line))
    if concept.pos and concept.pos not in PARTS_OF_SPEECH:
        problems.append(PipelineError(path, f"pos '{concept.pos}' is not one of {', '.join(PARTS_OF_SPEECH)}", concept.line))
    for terms in concept.terms.values():
        for term in terms:
            if term.status not in STATUSES:
                problems.append(PipelineError(path, f"term '{term.text}' has status '{term.status}'; use one of {', '.join(STATUSES)}", term.line))
            if term.gender is not None and term.gender not in GENDERS:
                problems.append(PipelineError(path, f"term '{term.text}' has gender '{term.gender}'; use m, f or mf", term.line))
            if not term.text:
                problems.append(PipelineError(path, "empty 'term'", term.line))
    return problems


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


def csv_rows(reader: Any, path: Path, width: int, expected: str,
             problems: list[PipelineError]) -> Iterator[tuple[int, list[str]]]:
    """The rows of ``reader`` that are not blank, with the line each starts
    on; a row of another width than ``width`` is a problem instead."""
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append(PipelineError(path, f"{len(row)} columns; expected {expected}", line))
            continue
        yield line, row


def from_csv(text: str, path: Path) -> tuple[list[Concept], list[PipelineError]]:
    """The concepts of a CSV glossary, full (``CSV_FIELDS``) or simple
    (``CSV_HEADER``), and the problems of each bad row."""
    reader = csv.reader(io.StringIO(text))
    problems: list[PipelineError] = []
    try:
        header = [name.strip() for name in next(reader, [])]
        if header == CSV_FIELDS:
            rows = [(line, dict(zip(CSV_FIELDS, row, strict=True)))
                    for line, row in csv_rows(reader, path, len(CSV_FIELDS), str(len(CSV_FIELDS)), problems)]
            concepts, more = from_full_csv(rows, path)
            return concepts, sorted(problems + more, key=lambda problem: problem.line or 0)
        if header != CSV_HEADER:
            return [], [PipelineError(path, f"the header must be {','.join(CSV_FIELDS)} (the full CSV) "
                                            f"or {','.join(CSV_HEADER)} (a simple list of new concepts)", 1)]
        concepts = []
        for line, row in csv_rows(reader, path, len(CSV_HEADER), f"{len(CSV_HEADER)} ({','.join(CSV_HEADER)})", problems):
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
    """What a TBX or full CSV row carries of a concept: all of it."""
    return concept


def csv_projection(concept: Concept) -> object:
    """What a row of the simple CSV carries of a concept."""
    return csv_row(concept)


@dataclass(frozen=True)
class ImportPlan:
    """What an import changes: the new concepts, the updated ones (before,
    after), and how many were already as imported."""

    added: tuple[Concept, ...]
    unchanged: int
    updated: tuple[tuple[Concept, Concept], ...] = ()


def plan_import(existing: Glossary, imported: list[Concept], same: Projection, path: Path,
                languages: tuple[str, ...], update: bool = False) -> tuple[ImportPlan, list[PipelineError]]:
    """Match imported concepts to existing ones (by id, or by English term)
    and report every conflict at the line of the imported row or entry. With
    ``update`` (a file that carries every field), an imported concept with
    the id of an existing one replaces it; otherwise a different one is a conflict."""
    by_id = {concept.id: concept for concept in existing}
    by_term = {term.text.casefold(): concept for concept in existing for term in concept.terms.get("en", ())}
    problems: list[PipelineError] = []
    added: list[Concept] = []
    updated: list[tuple[Concept, Concept]] = []
    seen: dict[str, Concept] = {}
    unchanged = 0
    for concept in imported:
        english = [term.text.casefold() for term in concept.terms.get("en", ())]
        match = by_id.get(concept.id) or next((by_term[text] for text in english if text in by_term), None)
        if concept.id in seen:
            problems.append(PipelineError(path, f"'{concept.id}' appears twice in this file (first at line {seen[concept.id].line})", concept.line))
            continue
        seen[concept.id] = concept
        if match is not None and same(match) == same(concept):
            unchanged += 1
        elif match is not None and update and match.id == concept.id:
            updated.append((match, concept))
        elif match is not None:
            problems.append(PipelineError(path, f"duplicates concept '{match.id}' ({match.where}) with a different translation", concept.line))
        else:
            added.append(concept)
    replaced = {old.id: replace(new, file=str(path)) for old, new in updated}
    probes = tuple(replace(concept, file=str(path)) for concept in added)
    merged = Glossary((*(replaced.get(concept.id, concept) for concept in existing.concepts), *probes))
    problems += [problem for problem in validate(merged, languages) if problem.path == str(path)]
    return ImportPlan(tuple(added), unchanged, tuple(updated)), sorted(problems, key=lambda problem: problem.line or 0)


def changes(old: Concept, new: Concept) -> list[str]:
    """What an update changes in a concept, one line each."""
    found = [f"{name}: {getattr(old, name)!r} -> {getattr(new, name)!r}"
             for name in ("pos", "source", "note", "context", "related", "other_senses", *CONCEPT_FLAGS)
             if getattr(old, name) != getattr(new, name)]
    for lang in sorted(old.definitions.keys() | new.definitions.keys()):
        if old.definitions.get(lang, "") != new.definitions.get(lang, ""):
            found.append(f"definition ({lang}): {old.definitions.get(lang, '')!r} -> {new.definitions.get(lang, '')!r}")
    for lang in sorted(old.terms.keys() | new.terms.keys()):
        before = {term.text: term for term in old.terms.get(lang, ())}
        after = {term.text: term for term in new.terms.get(lang, ())}
        found += [f"{lang} term {text!r} removed" for text in before if text not in after]
        found += [f"{lang} term {text!r} added ({term.status})" for text, term in after.items() if text not in before]
        for text in before.keys() & after.keys():
            found += [f"{lang} term {text!r}: {name} {getattr(before[text], name)!r} -> {getattr(after[text], name)!r}"
                      for name in ("status", "gender", "plural", "type", "expansion")
                      if getattr(before[text], name) != getattr(after[text], name)]
        if [term.text for term in old.terms.get(lang, ())] != [term.text for term in new.terms.get(lang, ())] and \
                before.keys() == after.keys():
            found.append(f"{lang} terms reordered")
    return found


def describe(plan: ImportPlan, directory: Path) -> list[str]:
    """What an import would do, a line per concept it changes."""
    lines = [f"{new.id}: update ({old.where}): {change}" for old, new in plan.updated for change in changes(old, new)]
    lines += [f"{concept.id}: add to {directory / f'{concept.file or IMPORTED}.toml'}" for concept in plan.added]
    return lines


IMPORTED = "imported"  # the glossary file that takes the concepts of a simple CSV


def replaced_blocks(text: str, concepts: dict[int, Concept]) -> str:
    """``text`` (a glossary file) with the ``[[concept]]`` entry starting at
    each line of ``concepts`` rewritten from the concept; the comments and
    blank lines after an entry (before the next one) are kept."""
    lines = text.splitlines(keepends=True)
    starts = [number for number, line in enumerate(lines, start=1) if LineIndex.HEADER.match(line)]
    out: list[str] = []
    at = 1
    for index, start in enumerate(starts):
        if start not in concepts:
            continue
        end = starts[index + 1] if index + 1 < len(starts) else len(lines) + 1
        last = end - 1
        while last > start and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
            last -= 1
        out += lines[at - 1:start - 1]
        out.append(concept_toml(replace(concepts[start], file="")))
        at = last + 1
    out += lines[at - 1:]
    return "".join(out)


def import_texts(directory: Path, plan: ImportPlan) -> dict[Path, str]:
    """The new text of each glossary file the import changes: an updated
    concept is rewritten where it is; new TBX and full-CSV concepts go to the
    file of their subject field, rows of a simple CSV to ``imported.toml``."""
    texts: dict[Path, str] = {}
    by_file: dict[Path, dict[int, Concept]] = {}
    for old, new in plan.updated:
        by_file.setdefault(Path(old.file), {})[old.line] = new
    for target, concepts in by_file.items():
        texts[target] = replaced_blocks(target.read_text(encoding="utf-8"), concepts)
    for concept in plan.added:
        target = directory / f"{concept.file or IMPORTED}.toml"
        if target not in texts:
            texts[target] = target.read_text(encoding="utf-8") if target.exists() else ""
        texts[target] += ("\n" if texts[target] else "") + concept_toml(replace(concept, file=""))
    return texts


def read_file(path: Path) -> tuple[str, list[Concept], list[PipelineError]]:
    """The format ("tbx", "csv": the full CSV, or "list": the simple one)
    and the concepts of a glossary exchange file, with the problems of its
    bad entries; an unknown or unreadable file is a ``PipelineError``. A
    spreadsheet's byte-order mark is allowed."""
    kind = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv"}.get(path.suffix.lower())
    if kind is None:
        raise PipelineError(path, "unknown format: name the file .tbx or .csv")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(path, f"cannot be read: {exc}") from None
    concepts, problems = from_tbx(text, path) if kind == "tbx" else from_csv(text, path)
    if kind == "csv" and text.split("\n", 1)[0].strip().split(",") == CSV_HEADER:
        kind = "list"
    concepts, bad_values = usable(concepts, path)
    return kind, concepts, sorted([*problems, *bad_values], key=lambda problem: problem.line or 0)


def import_file(directory: Path, path: Path, languages: tuple[str, ...],
                dry_run: bool = False) -> tuple[ImportPlan, list[Path]]:
    """Import a ``.tbx`` or ``.csv`` file into the glossary in ``directory``:
    new concepts are added, and (from a TBX or full CSV file) changed ones
    updated; return the plan and the files written (none if ``dry_run``).
    Any bad row raises ``StageFailed`` (status 2) with every problem, and
    then nothing is written."""
    kind, concepts, problems = read_file(path)
    existing = load(directory, languages)
    same = csv_projection if kind == "list" else tbx_projection
    plan, conflicts = plan_import(existing, concepts, same, path, languages, update=kind != "list")
    if problems or conflicts:
        found = sorted([*problems, *conflicts], key=lambda problem: problem.line or 0)
        raise StageFailed("glossary import", [str(problem) for problem in found], status=2)
    if dry_run:
        return plan, []
    texts = import_texts(directory, plan)
    for target, content in texts.items():
        write_atomic(target, content.encode("utf-8"))
    return plan, list(texts)
