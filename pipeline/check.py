"""Stage 4, check: terminology drift and broken catalogs, found before the build.

Each check is a small function registered with ``@check(id, severity)``; its
docstring is what a translator reads in the report. Entry checks look at one
translated message (its English text and its translation, analysed once into
a ``Unit``); catalog checks compare messages across all catalogs; the source
check reads the English ``.rst`` files.

A finding is switched off for one entry by a translator comment
``# ignore-<check>: <reason>`` (the Weblate flag ``#, ignore-<check>`` works too,
with the same comment giving the reason), and in an ``.rst`` file by a comment
``.. ignore-source-term: <reason>`` before the paragraph.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import inspect
import json
import os
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from pathlib import Path
from typing import NamedTuple

from babel.core import UnknownLocaleError

from pipeline import exchange, inline, languages, pofile
from pipeline import markup as markup_filter
from pipeline.catalogs import write_atomic
from pipeline.errors import PipelineError
from pipeline.glossary import Concept, Glossary, glossary_files
from pipeline.glossary import read as read_glossary_dir
from pipeline.languages import Language
from pipeline.terms import Hit, Matcher, Rendering, Renderings, english_key, tokens

SEVERITIES = ("error", "warning")
WORD = re.compile(r"[^\W_]+")
SUPPRESS = re.compile(r"ignore-([a-z][a-z-]*)\s*:\s*(\S.*)?$")


class Finding(NamedTuple):
    """One problem, where a translator or editor can jump to it."""

    file: str
    line: int
    check: str
    severity: str
    message: str
    msgctxt: str | None = None
    msgid: str | None = None
    term: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.check}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


@dataclass(frozen=True)
class Check:
    """A registered check: a stable id, a severity, and the function."""

    id: str
    severity: str
    scope: str  # "entry", "catalogs" or "source"
    run: Callable[..., Iterator]
    opt_in: bool = False  # runs only when asked for (``check --enable <id>``)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.run.__doc__ or "")


def check(check_id: str, severity: str, scope: str = "entry", opt_in: bool = False) -> Callable[[Callable[..., Iterator]], Check]:
    """Register a function as the check ``check_id``."""
    assert severity in SEVERITIES
    return lambda function: Check(check_id, severity, scope, function, opt_in)


# --- what the checks look at -----------------------------------------------------------

@dataclass(frozen=True)
class Terminology:
    """The glossary, ready to be found in English and in one target language."""

    glossary: Glossary
    lang: str
    language: Language
    english: Matcher
    target: Renderings
    acronyms: dict[str, Concept]  # English acronyms that the target language writes differently
    has_terms: bool  # whether the glossary has terms in ``lang`` at all
    broader: dict[str, frozenset[str]]  # concept id → ids of the concepts its English head names
    contained: dict[str, frozenset[str]]  # concept id → ids of the concepts named inside its English terms

    @classmethod
    def build(cls, glossary: Glossary, lang: str, source: str = "en") -> Terminology:
        language = languages.language(lang)
        acronyms = {}
        for concept in glossary:
            target = {term.text for term in concept.approved(lang)}
            for term in concept.acronyms(source):
                if term.text not in target and concept.terms.get(lang):
                    acronyms[term.text] = concept
        return cls(glossary, lang, language, Matcher(glossary, source), Renderings(glossary, language), acronyms,
                   any(concept.terms.get(lang) for concept in glossary), *inner_concepts(glossary, source))


PREPOSITIONS = frozenset(["of", "for", "in", "on", "to", "with", "by", "from", "at", "under"])


def inner_concepts(glossary: Glossary, source: str = "en") -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """For each concept, the concepts named inside its English terms: those
    named by the tail of a compound (*broader*: *multilateral social security
    agreement* → *social security agreement*, *survivors' benefit* →
    *benefit*), and all of them (*contained*: *payment of benefits abroad* →
    *benefit*). A translation may render the broader concept where Spanish
    distributes the words («convenios ... bilaterales o multilaterales»,
    «prestaciones de invalidez y de sobrevivientes»); phrases with a
    preposition have their head first, and get no broader concept."""
    terms = [(tuple(english_key(token.text) for token in tokens(term.text)), concept.id)
             for concept in glossary for term in concept.terms.get(source, ())]
    by_word: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for words, concept_id in terms:
        if words:
            by_word[words[0]].append((words, concept_id))
    broader: dict[str, set[str]] = defaultdict(set)
    contained: dict[str, set[str]] = defaultdict(set)
    for words, concept_id in terms:
        for start in range(1, len(words)):
            for inner, other in by_word[words[start]]:
                if other != concept_id and words[start:start + len(inner)] == inner:
                    contained[concept_id].add(other)
                    if start + len(inner) == len(words) and PREPOSITIONS.isdisjoint(words):
                        broader[concept_id].add(other)
        for inner, other in by_word[words[0]] if len(words) > 1 else ():
            if other != concept_id and len(inner) < len(words) and words[:len(inner)] == inner:
                contained[concept_id].add(other)
    return ({key: frozenset(value) for key, value in broader.items()},
            {key: frozenset(value) for key, value in contained.items()})


@dataclass(frozen=True)
class Unit:
    """One translated message (one plural form), analysed once for every check."""

    entry: pofile.Entry
    source: str
    target: str
    lang: str
    terms: tuple[Hit, ...]  # glossary terms in the English text
    renderings: tuple[Rendering, ...]  # glossary terms in the translation
    acronyms: tuple[tuple[str, Concept], ...]  # English acronyms left in the translation
    broader: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    named: frozenset[str] = frozenset()  # concepts the English text names, also inside longer terms
    other_senses: frozenset[str] = frozenset()  # concepts whose word the English uses in another sense
    untranslated: tuple[tuple[str, Concept], ...] = ()  # English terms of the English text left in the translation

    def rendered(self, concept: Concept) -> list[Rendering]:
        """The renderings of ``concept``; the longest only, where they overlap."""
        mine = [found for found in self.renderings if found.concept is concept]
        return [found for found in mine if not any(
            other.start <= found.start and found.end <= other.end and other.end - other.start > found.end - found.start
            for other in mine)]

    def claimed(self) -> dict[str, list[Rendering]]:
        """The renderings of each concept of the English text, a word of the
        translation rendering one term only: where two concepts may share a
        rendering («usuario» for *user* and *username*), the concept with
        fewer renderings claims it first."""
        mine = {concept.id: self.rendered(concept) for concept in self.concepts}
        taken: set[tuple[int, int]] = set()
        claimed: dict[str, list[Rendering]] = {}
        for concept_id in sorted(mine, key=lambda key: len(mine[key])):
            claimed[concept_id] = [found for found in mine[concept_id] if (found.start, found.end) not in taken]
            taken |= {(found.start, found.end) for found in claimed[concept_id]}
        return claimed

    def broader_rendered(self, concept: Concept) -> bool:
        """Whether a broader concept of ``concept`` is rendered on its own: not
        as part of the rendering of another term of the English text, and not
        where the English names that broader concept itself."""
        broader = self.broader.get(concept.id, frozenset())
        english = {hit.concept.id for hit in self.terms}
        taken = [(found.start, found.end) for found in self.renderings
                 if found.concept.id in english and found.concept.id not in broader and found.term.approved]
        return any(found.concept.id in broader and found.concept.id not in english and found.term.approved
                   and not any(start <= found.start and found.end <= end for start, end in taken)
                   for found in self.renderings)

    @property
    def concepts(self) -> list[Concept]:
        """The concepts of the English text, each once, in order."""
        return list({hit.concept.id: hit.concept for hit in self.terms}.values())


def units(entry: pofile.Entry, terminology: Terminology) -> Iterator[Unit]:
    """The units of an entry: one, or one per plural form."""
    pairs = [(entry.msgid, entry.msgstr[0])]
    pairs += [(entry.msgid_plural, string) for string in entry.msgstr[1:]]
    for source, target in pairs:
        hits: tuple[Hit, ...] = ()
        found: tuple[Rendering, ...] = ()
        left: tuple[tuple[str, Concept], ...] = ()
        english_left: tuple[tuple[str, Concept], ...] = ()
        other_senses: set[str] = set()
        if terminology.has_terms:
            prose, translation = inline.shared_titles(source, target) if "*" in source else (source, target)
            prose, translation = inline.code_masked(prose, translation)
            hits = tuple(terminology.english.find(prose, other_senses))
            named = {hit.concept.id for hit in hits}
            named |= {inner for concept_id in named for inner in terminology.contained.get(concept_id, ())}
            wanted = named | {other for concept_id in named for other in terminology.broader.get(concept_id, ())}
            found = tuple(terminology.target.find(translation, wanted))
            if hits and not terminology.acronyms.keys().isdisjoint(WORD.findall(translation)):
                left = tuple((word.text, terminology.acronyms[word.text]) for word in tokens(inline.mask(translation))
                             if word.text in terminology.acronyms and terminology.acronyms[word.text].id in named)
            if hits:
                english_left = left_in_english(prose, translation, found, named, terminology)
        yield Unit(entry, source, target, terminology.lang, hits, found, left, terminology.broader,
                   frozenset(named) if terminology.has_terms else frozenset(), frozenset(other_senses), english_left)


def left_in_english(source: str, translation: str, found: tuple[Rendering, ...], named: set[str],
                    terminology: Terminology) -> tuple[tuple[str, Concept], ...]:
    """The English terms of concepts the English text names that the
    translation copies, where the target language has a term of its own
    («la account» for «la cuenta»); not where a target term is found
    (a forbidden loanword is reported as such) or spelled alike («version»
    is «versión» without its accent)."""
    if terminology.lang == "en":
        return ()
    taken = [(rendering.start, rendering.end) for rendering in found]
    fold = terminology.target.fold
    words = WORD.findall(source)
    pairs = set(pairwise(words))
    spans = [match.span() for match in WORD.finditer(translation)]
    left = []
    for hit in terminology.english.find(translation):
        targets = {fold(term.text) for term in hit.concept.terms.get(terminology.lang, ())}
        written = translation[hit.start:hit.end]
        if (hit.concept.id in named and targets and not hit.term.acronym and fold(written) not in targets
                and fold(hit.term.text) not in targets
                and not any(start < hit.end and hit.start < end for start, end in taken)
                and not in_name(source, translation, spans, hit, pairs)):
            left.append((written, hit.concept))
    return tuple(left)


QUOTATION = re.compile(r"[«“\"]([^«»“”\"]+)[»”\"]")


def in_name(source: str, translation: str, spans: list[tuple[int, int]], hit: Hit, pairs: set[tuple[str, str]]) -> bool:
    """Whether ``hit`` is part of a name or title the translation copies from
    the English: a capitalized term with the word before or after it as the
    English has them («Social Protection Spotlight»), or a term inside a
    quotation the English has word for word."""
    for quoted in QUOTATION.finditer(translation):
        if quoted.start() < hit.start and hit.end < quoted.end() and quoted[1] in source:
            return True  # «The cross-border portability of social security benefits»
    inside = [index for index, (start, end) in enumerate(spans) if hit.start <= start and end <= hit.end]
    if not inside or not translation[hit.start:hit.end][:1].isupper():
        return False
    first, last = inside[0], inside[-1]
    word = [translation[start:end] for start, end in spans]
    return ((first > 0 and (word[first - 1], word[first]) in pairs)
            or (last + 1 < len(word) and (word[last], word[last + 1]) in pairs))


def english(concept: Concept, hits: Iterable[Hit]) -> str:
    """The English term of ``concept`` as the English text has it."""
    return next((hit.term.text for hit in hits if hit.concept is concept), concept.id)


# --- entry checks ---------------------------------------------------------------------

Problem = tuple[str, str | None]  # a message, and the glossary term concerned


@check("term-missing", "error")
def term_missing(unit: Unit) -> Iterator[Problem]:
    """The English text uses a glossary term, but the translation has none of
    its approved Spanish renderings (in any number, gender or capitalization).
    Use the term the glossary hint in the PO file gives (``#. Glossary: ...``).
    If the English word is not meant in the glossary's sense here, suppress the
    finding with a comment ``# ignore-term-missing: <why>``."""
    renderings = unit.claimed()
    for concept in unit.concepts:
        if any(other is concept for _, other in (*unit.acronyms, *unit.untranslated)):
            continue  # reported by term-acronym or term-english
        if renderings[concept.id] or unit.broader_rendered(concept):
            continue  # present (or reported by term-accent or term-forbidden), or rendered by its broader concept
        term = english(concept, unit.terms)
        approved = [item.text for item in concept.approved(unit.lang) if item.text.lower() != term.lower()]
        if approved:
            yield f"'{term}' is not translated with the glossary term: use {or_list(approved)}", term


@check("term-count", "warning", opt_in=True)
def term_count(unit: Unit) -> Iterator[Problem]:
    """The English text uses a glossary term more often than the translation
    renders it: one of them may be translated with a word outside the
    glossary. A pronoun or a verb often stands for a repeated noun, so this
    check is off unless asked for (``check --enable term-count``)."""
    renderings = unit.claimed()
    for concept in unit.concepts:
        times = sum(hit.concept is concept for hit in unit.terms)
        rendered = renderings[concept.id]
        approved = [item.text for item in concept.approved(unit.lang)]
        if rendered and approved and len(rendered) < times:
            term = english(concept, unit.terms)
            yield (f"'{term}' is in the English {times} times but its glossary term only {len(rendered)}× in the"
                   f" translation: translate each one with {or_list(approved)}"), term


def or_list(terms: list[str]) -> str:
    """Up to three target-language terms, quoted: "'a' or 'b'"."""
    return " or ".join(f"'{text}'" for text in terms[:3])


@check("term-accent", "error")
def term_accent(unit: Unit) -> Iterator[Problem]:
    """A glossary term of the English text is written without its accent (or
    with a wrong one) in the translation, e.g. «prestacion» for «prestación».
    Write the accents as the glossary does (house style: «período»)."""
    seen: set[tuple[int, int]] = set()
    accented = {(found.start, found.end) for found in unit.renderings if found.accented and found.term.approved}
    for found in unit.renderings:
        if (found.term.approved and not found.accented and found.concept.id in unit.named
                and (found.start, found.end) not in accented | seen):
            seen.add((found.start, found.end))
            yield f"'{found.written}' is missing an accent: write '{found.corrected}'", found.term.text


@check("term-forbidden", "error")
def term_forbidden(unit: Unit) -> Iterator[Problem]:
    """The translation uses a variant the glossary forbids («beneficio» for
    *benefit*, «esquema» for *scheme*), or one it deprecates where the English
    has the term. The message gives the approved term, in the same number.
    Where the English uses the word in another sense («for the benefit of» →
    «en beneficio de») there is no finding, and words that merely contain
    the variant are fine: «beneficiario» is correct."""
    approved = [(found.start, found.end) for found in unit.renderings if found.term.approved]
    for found in unit.renderings:
        if found.term.approved or any(start <= found.start and found.end <= end and (start, end) != (found.start, found.end)
                                      for start, end in approved):
            continue
        if found.concept.id not in unit.named and (found.term.status == "deprecated" or found.concept.id in unit.other_senses):
            continue
        preferred = found.concept.preferred(unit.lang)
        if preferred is None:
            continue
        replacement = preferred.text if preferred.acronym else languages.language(unit.lang).inflect(
            preferred.text, preferred.plural, found.plural, found.written[:1].isupper())
        english_term = found.concept.preferred("en")
        sense = f" for '{english_term.text}'" if english_term else ""
        yield f"'{found.written}' is {found.term.status} in the glossary{sense}: write '{replacement}'", found.term.text


@check("term-acronym", "error")
def term_acronym(unit: Unit) -> Iterator[Problem]:
    """An English acronym is left in the translation where Spanish has its
    own (ILO → OIT, IOM → OIM, UNHCR → ACNUR). Acronyms that are the same in
    both languages (CEDAW, MERCOSUR) are fine."""
    for name, concept in dict(unit.acronyms).items():
        target = concept.acronyms(unit.lang) or concept.approved(unit.lang)[:1]
        if target:
            yield f"'{name}' is the English acronym: in Spanish write '{target[0].text}'", name


@check("term-english", "error")
def term_english(unit: Unit) -> Iterator[Problem]:
    """A glossary term of the English text is left in English in the
    translation («la account» for *the account*) where Spanish has its own
    term. Names, code and placeholders are not prose and are not looked at
    (``%(name)s``, ``:file:`...```, ``css_file``)."""
    for written, concept in unit.untranslated:
        approved = [term.text for term in concept.approved(unit.lang)]
        if approved:
            yield f"'{written}' is English: write '{approved[0]}'", written


def describe(kind: str, what: str) -> str:
    """A piece of markup as the translator typed it."""
    if kind.startswith(":"):
        return f"{kind}`…<{what}>`" if kind.strip(":") in inline.PROSE_ROLES else f"{kind}`{what}`"
    return {"literal": f"``{what}``", "link": f"link <{what}>", "substitution": f"|{what}|",
            "footnote": f"[{what}]_", "reference": f"`{what}`_", "interpreted": "`…`",
            "strong": "**…** (bold)", "emphasis": "*…* (italics)",
            "stray": f"an unmatched {what}"}.get(kind, what)


@check("markup", "error")
def markup(unit: Unit) -> Iterator[Problem]:
    """The reStructuredText markup of the translation differs from the English:
    every role (``:term:``, ``:ref:``, ``:doc:``, ``:number:`` ...) with its
    target, inline literal, link, substitution and footnote reference must be
    carried over. Translate the text of a reference, not its target: write
    ``:term:`prestaciones <benefit>``` for ``:term:`benefits <benefit>```.
    Sphinx would otherwise fail late, without a PO line."""
    if not (inline.MARKUP_CHARS.search(unit.source) or inline.MARKUP_CHARS.search(unit.target)):
        return
    source, target = inline.markup(unit.source), inline.markup(unit.target)
    missing, extra = source - target, target - source
    for kind in sorted({kind for kind, _ in missing} | {kind for kind, _ in extra}):
        gone = sorted(what for k, what in missing.elements() if k == kind)
        added = sorted(what for k, what in extra.elements() if k == kind)
        if kind == "stray":
            if added:
                yield f"{describe(kind, added[0])}: inline markup is opened but not closed", None
            continue
        if len(gone) == 1 and len(added) == 1:
            hint = f"; write {kind}`{added[0]} <{gone[0]}>`" if kind == ":term:" else ""
            yield f"{describe(kind, gone[0])} became {describe(kind, added[0])}: keep it as in the English{hint}", None
            continue
        for what in gone:
            yield f"{describe(kind, what)} is in the English but not in the translation", None
        for what in added:
            yield f"{describe(kind, what)} is in the translation but not in the English", None


@check("markup-unsafe", "error")
def markup_unsafe(unit: Unit) -> Iterator[Problem]:
    """The translation adds markup that would make the build do something
    instead of printing text: a directive (``.. include::``, ``.. raw::``,
    ``.. image::`` ...), a role definition (``.. role::``), a substitution
    definition (``.. |x| replace::``), a link target (``.. _x:``, ``__``), a
    comment, a role the English does not use (``:download:``), or a link whose
    scheme is not http, https or mailto (``javascript:``, ``data:``).
    Translate the text only, keeping the English markup. The build refuses
    such a translation too, so this finding cannot be suppressed."""
    for reason in markup_filter.unsafe(unit.source, unit.target):
        yield reason, None


@check("numbers", "error")
def numbers(unit: Unit) -> Iterator[Problem]:
    """A figure of the English text is missing, different or badly written in
    the translation. Figures are compared by value, so write them the
    Spanish way: a comma for decimals (4,9 por ciento), a period between
    groups from five digits on (10.000; 169.000), none in four-digit numbers
    (4100 millones; 1500) or in years (2021). An English «1,000» left in
    Spanish reads as 1. Labels and versions («Box 1.1», «2.5.1») stay as
    they are."""
    source = inline.figures(unit.source, "en")
    if not source:
        return
    target = inline.figures(unit.target, unit.lang)
    available = Counter(value for figure in target for value in figure.values)
    for figure in source:
        match = next((value for value in sorted(figure.values) if available[value] > 0), None)
        if match is None:
            yield f"the figure {figure.written} of the English text is not in the translation{local_figure(figure.written, unit.lang)}", None
        else:
            available[match] -= 1
    amounts = {value for figure in source for value in figure.values}
    for figure in target:
        better = inline.misgrouped(figure.written, unit.lang)
        if better is not None and figure.values & amounts:
            yield f"the figure {figure.written} takes no group separator: write {better}", None


def local_figure(figure: str, lang: str) -> str:
    """How ``figure`` (English) is written in ``lang``, as a hint: " (in 'es': 1.000)"."""
    try:
        local = inline.local_figure(figure, lang)
    except (ValueError, UnknownLocaleError):
        return ""
    return f" (in '{lang}': {local})" if local != figure else ""


@check("suppression", "warning")
def suppression(unit: Unit) -> Iterator[Problem]:
    """A suppression that does not work: a flag ``ignore-<check>`` without a
    comment ``# ignore-<check>: <reason>`` giving the reason, or a check id
    that does not exist."""
    reasons, flagged = suppressions(unit.entry)
    for check_id in sorted(flagged - set(reasons)):
        yield f"'ignore-{check_id}' needs a reason: add a translator comment '# ignore-{check_id}: <why>'", None
    for check_id in sorted((set(reasons) | flagged) - CHECK_IDS):
        yield f"'ignore-{check_id}' names no check; the checks are: {', '.join(sorted(CHECK_IDS))}", None
    for check_id in sorted((set(reasons) | flagged) & UNSUPPRESSIBLE):
        yield f"'ignore-{check_id}' has no effect: the build refuses such a translation too", None
    for check_id, reason in sorted(reasons.items()):
        if not reason:
            yield f"'# ignore-{check_id}:' needs a reason after the colon", None


def suppressions(entry: pofile.Entry) -> tuple[dict[str, str], frozenset[str]]:
    """The checks switched off in an entry: those with a reason comment
    (id → reason), and those named by an ``ignore-<check>`` flag."""
    reasons = {}
    for comment in entry.comments:
        found = SUPPRESS.match(comment.strip())
        if found:
            reasons[found[1]] = (found[2] or "").strip()
    flags = frozenset(flag[len("ignore-"):] for flag in entry.flags if flag.startswith("ignore-"))
    return reasons, flags


# --- checks across catalogs --------------------------------------------------------

class Record(NamedTuple):
    """What the catalog checks need of one translated message (a tuple: many are kept and cached)."""

    file: str
    line: int
    msgctxt: str | None
    msgid: str
    msgstr: tuple[str, ...]
    variants: tuple[tuple[str, str, str, str], ...]  # see ``usage``
    ignored: frozenset[str]


def approved_variants(record: Record) -> set[tuple[str, str, str]]:
    """(concept id, English term, target term) for each approved rendering of a record."""
    return {(concept_id, term, variant) for concept_id, term, variant, status in record.variants
            if status in ("preferred", "admitted")}


@check("term-variant", "warning", scope="catalogs", opt_in=True)
def term_variant(records: list[Record], glossary: Glossary, lang: str) -> Iterator[tuple[Record, Problem]]:
    """The same English term is rendered with different admitted variants
    across the catalogs («convenio de seguridad social» here, «acuerdo de
    seguridad social» there). Pick one, usually the preferred term; the
    message gives how often each variant is used; in a tie, the preferred term
    counts as the main one. Gender forms
    («trabajador/trabajadora migrante») and an acronym with its expansion
    count as one variant. Admitted variants are correct, so this per-entry
    warning is off unless asked for (``check --enable term-variant``); the
    editors' report always shows how each term is rendered."""
    expansions = {(concept.id, term.text): term.expansion or term.text
                  for concept in glossary for term in concept.terms.get(lang, ()) if term.acronym}
    keys: dict[tuple[str, str], str] = {}
    same_variant = languages.language(lang).same_variant

    def key(concept_id: str, variant: str) -> str:
        if (concept_id, variant) not in keys:
            full = expansions.get((concept_id, variant), variant)
            keys[(concept_id, variant)] = same_variant(full)
        return keys[(concept_id, variant)]

    used: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    per_record = []
    for record in records:
        if not record.variants:
            continue
        mine: dict[str, set[str]] = defaultdict(set)
        for concept_id, term, variant in approved_variants(record):
            variant_key = key(concept_id, variant)
            mine[term].add(variant_key)
            names.setdefault(variant_key, expansions.get((concept_id, variant), variant))
        for term, variants in mine.items():
            used[term].update(variants)
        per_record.append((record, mine))
    preferred = {concept.id: key(concept.id, chosen.text) for concept in glossary if (chosen := concept.preferred(lang))}
    for record, mine in per_record:
        concept_of = {term: concept_id for concept_id, term, _ in approved_variants(record)}
        for term, variants in sorted(mine.items()):
            counts = used[term]
            main = max(counts, key=lambda variant: (counts[variant], variant == preferred.get(concept_of[term])))
            if len(counts) > 1 and main not in variants:
                spread = ", ".join(f"'{names[variant]}' {count}×" for variant, count in counts.most_common())
                here = " / ".join(sorted(names[variant] for variant in variants))
                yield record, (f"'{term}' is rendered '{here}' here but mostly '{names[main]}' elsewhere ({spread})", term)


@check("inconsistent-translation", "warning", scope="catalogs")
def inconsistent_translation(records: list[Record], glossary: Glossary, lang: str) -> Iterator[tuple[Record, Problem]]:
    """The same English text is translated differently in another place.
    Headings, captions and recurring sentences should read the same
    everywhere; if the difference is intended, suppress it with a reason."""
    groups: dict[tuple[str | None, str], list[Record]] = defaultdict(list)
    for record in records:
        groups[(record.msgctxt, record.msgid)].append(record)
    for group in groups.values():
        if len(group) < 2 or all(record.msgstr == group[0].msgstr for record in group):
            continue
        translations = Counter(record.msgstr for record in group)
        if len(translations) < 2:
            continue
        main = translations.most_common(1)[0][0]
        first = next(record for record in group if record.msgstr == main)
        for record in group:
            if record.msgstr != main:
                message = (f"the same English text is translated differently at {first.file}:{first.line}: "
                           f"'{shorten(main[0])}' ({translations[main]}×)")
                yield record, (message, None)


def shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


# --- the English sources ---------------------------------------------------------------

RST_SUPPRESS = re.compile(r"^\.\.\s+ignore-([a-z][a-z-]*)\s*:\s*(\S.*)?$")


@check("source-term", "error", scope="source")
def source_term(paragraph: str, matcher: Matcher, lang: str) -> Iterator[tuple[int, Problem]]:
    """A deprecated or forbidden English term is used in the guide's sources
    («illegal migrant», «undocumented migrant»). Use the preferred term; where
    the text discusses the word itself, put ``.. ignore-source-term: <why>``
    on the line before the paragraph."""
    for hit in matcher.find(paragraph):
        preferred = hit.concept.preferred("en")
        if preferred and not hit.term.approved:
            line = paragraph.count("\n", 0, hit.start)
            yield line, (f"'{paragraph[hit.start:hit.end]}' is {hit.term.status} in the glossary: use '{preferred.text}'", hit.term.text)


def paragraphs(text: str) -> Iterator[tuple[int, str, dict[str, str]]]:
    """The paragraphs of an .rst file: first line, text, and the checks that a
    comment before it switches off (id → reason). Comments are skipped."""
    block: list[str] = []
    start = 0
    ignored: dict[str, str] = {}
    pending: dict[str, str] = {}
    for number, line in enumerate([*text.split("\n"), ""], 1):
        found = RST_SUPPRESS.match(line.strip())
        if found:
            pending[found[1]] = (found[2] or "").strip()
            continue
        if line.strip():
            if not block:
                start, ignored, pending = number, pending, {}
            block.append(line)
        elif block:
            yield start, "\n".join(block), ignored
            block = []


# --- running the checks ---------------------------------------------------------------

class FileResult(NamedTuple):
    """The findings of one catalog, and what the catalog checks need of it."""

    findings: tuple[Finding, ...]
    records: tuple[Record, ...]
    lang: str


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

    @property
    def errors(self) -> int:
        return sum(finding.severity == "error" for finding in self.findings)


CHECKS: tuple[Check, ...] = (term_missing, term_accent, term_forbidden, term_acronym, term_english, term_count, markup, markup_unsafe, numbers,
                             suppression, term_variant, inconsistent_translation, source_term)
CHECK_IDS = frozenset(c.id for c in CHECKS)
CONTENT_CHECKS = tuple(c for c in CHECKS if c.scope == "entry" and c is not suppression)  # what a message's text decides
TEXT_CHECKS = (markup, markup_unsafe, numbers)  # those that need no glossary term in the message
UNSUPPRESSIBLE = frozenset({markup_unsafe.id})  # the build refuses these whatever a comment says
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


Analysis = tuple[list[tuple[Check, str, str | None]], list[tuple[str, str, str, str]]]


def analyse(entry: pofile.Entry, terminology: Terminology, enabled: frozenset[str] = frozenset()) -> Analysis:
    """What the checks of a message's content find (before suppressions), and
    how it renders the glossary terms (see ``usage``); opt-in checks if ``enabled``."""
    problems: list[tuple[Check, str, str | None]] = []
    variants: list[tuple[str, str, str, str]] = []
    for unit in units(entry, terminology):
        for registered in CONTENT_CHECKS if unit.terms or unit.renderings else TEXT_CHECKS:
            if registered.opt_in and registered.id not in enabled:
                continue
            problems += [(registered, message, term) for message, term in registered.run(unit)]
        if unit.terms:
            variants += usage(unit)
    return problems, variants


def check_catalog(po: pofile.PoFile, terminology: Terminology, include_fuzzy: bool,
                  seen: dict[tuple[str, str, tuple[str, ...]], Analysis] | None = None,
                  enabled: frozenset[str] = frozenset()) -> FileResult:
    """Run the entry checks on every translated entry of one catalog. A message
    met before (in ``seen``: the same English and translation) is not analysed again."""
    seen = {} if seen is None else seen
    findings: list[Finding] = []
    records = []
    for entry in po.entries:
        if not any(entry.msgstr) or (entry.fuzzy and not include_fuzzy):
            continue
        ignored: frozenset[str] = frozenset()
        problems: list[tuple[Check, str, str | None]] = []
        if entry.comments or entry.flags:
            reasons, _ = suppressions(entry)
            ignored = frozenset(check_id for check_id, reason in reasons.items() if reason) - UNSUPPRESSIBLE
            problems += [(suppression, message, term) for message, term in suppression.run(Unit(entry, "", "", "", (), (), ()))]
        key = (entry.msgid, entry.msgid_plural, entry.msgstr)
        if key not in seen:
            seen[key] = analyse(entry, terminology, enabled)
        found, variants = seen[key]
        findings += [Finding(po.path, entry.line, registered.id, registered.severity, message, entry.msgctxt, entry.msgid, term)
                     for registered, message, term in [*problems, *found] if registered.id not in ignored]
        records.append(Record(po.path, entry.line, entry.msgctxt, entry.msgid, entry.msgstr, tuple(variants), ignored))
    return FileResult(tuple(findings), tuple(records), terminology.lang)


def usage(unit: Unit) -> list[tuple[str, str, str, str]]:
    """How each glossary term of the English text is rendered: (concept id,
    English term, target term or "", status: preferred, admitted, deprecated,
    forbidden, unaccented or missing)."""
    used = []
    for concept in unit.concepts:
        term = english(concept, unit.terms)
        found = unit.rendered(concept)
        for rendering in found:
            status = rendering.term.status if rendering.accented or not rendering.term.approved else "unaccented"
            used.append((concept.id, term, rendering.term.text, status))
        if not found:
            used.append((concept.id, term, "", "missing"))
    return used


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


class Cache:
    """Results of catalogs that have not changed since the last run with the
    same glossary, code and options: a file is matched by size and mtime. A
    second, small file keeps the whole report of the last run, for a re-run
    where nothing changed at all."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.key = key
        self.files: dict[str, tuple[tuple[int, int], FileResult]] = {}
        self.loaded = False

    @property
    def report_path(self) -> Path | None:
        return self.path.with_name(self.path.stem + "-report.pickle") if self.path else None

    def load(self, path: Path | None) -> object:
        """What ``path`` holds for this key, or None (also if it is damaged or older)."""
        if not path or not path.is_file():
            return None
        try:
            stored_key, value = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return value if stored_key == self.key else None

    def report(self, stamps: tuple[tuple[str, tuple[int, int] | None], ...]) -> Report | None:
        stored = self.load(self.report_path)
        return stored[1] if isinstance(stored, tuple) and stored[0] == stamps else None

    def save_report(self, stamps: tuple[tuple[str, tuple[int, int] | None], ...], report: Report) -> None:
        if self.report_path:
            write_atomic(self.report_path, pickle.dumps((self.key, (stamps, report)), protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def stamp(path: Path) -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    def get(self, path: Path) -> FileResult | None:
        if not self.loaded:
            stored = self.load(self.path)
            self.files, self.loaded = stored if isinstance(stored, dict) else {}, True
        stored = self.files.get(str(path))
        return stored[1] if stored and stored[0] == self.stamp(path) else None

    def save(self, results: dict[Path, FileResult]) -> None:
        if not self.path:
            return
        files = {str(path): (stamp, result) for path, result in results.items() if (stamp := self.stamp(path))}
        if files != self.files:
            write_atomic(self.path, pickle.dumps((self.key, files), protocol=pickle.HIGHEST_PROTOCOL))


def run_key(glossary_files: list[Path], include_fuzzy: bool) -> str:
    """What cached results depend on: the glossary, this code and the options."""
    digest = hashlib.sha256(f"fuzzy={include_fuzzy}".encode())
    for path in [*glossary_files, *sorted(Path(__file__).parent.glob("*.py"))]:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
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
            if registered.id not in record.ignored:
                findings.append(Finding(record.file, record.line, registered.id, registered.severity, message,
                                        record.msgctxt, record.msgid, term))
    return findings


def check_sources(paths: list[Path], glossary: Glossary) -> tuple[list[Finding], list[PipelineError]]:
    """Run the source check on ``.rst`` files."""
    matcher = Matcher(glossary, "en", statuses=("deprecated", "forbidden", "preferred", "admitted"))
    findings, problems = [], []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(PipelineError(path, f"cannot be read: {exc}"))
            continue
        for start, paragraph, ignored in paragraphs(text):
            if paragraph.lstrip().startswith(".. ") and not paragraph.lstrip().startswith(".. _"):
                continue  # a comment or a directive's options
            if ignored.get(source_term.id):
                continue
            for offset, (message, term) in source_term.run(paragraph, matcher, "en"):
                findings.append(Finding(str(path), start + offset, source_term.id, source_term.severity, message, term=term))
    return findings, problems


def renderings(records: list[Record]) -> dict[str, Counter[tuple[str, str]]]:
    """For each English term, how often each (target term, status) renders it."""
    used: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for record in records:
        for _, term, variant, status in set(record.variants):
            used[term][(variant, status)] += 1
    return dict(sorted(used.items(), key=lambda item: item[0].lower()))


def run(catalogs: list[Path], sources: list[Path], glossary: Glossary, glossary_files: list[Path],
        default_lang: str = "es", include_fuzzy: bool = False, cache_file: Path | None = None,
        workers: int | None = None, enabled: frozenset[str] = frozenset()) -> Report:
    """Check ``catalogs`` and ``sources`` against ``glossary``: the findings,
    sorted by file and line, and the input that could not be used. Catalogs
    that name no language are taken to be in ``default_lang``; opt-in checks
    run if ``enabled`` names them."""
    with paused_gc():
        return run_checks(catalogs, sources, glossary, glossary_files, default_lang, include_fuzzy, cache_file, workers, enabled)


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
               enabled: frozenset[str] = frozenset()) -> Report:
    cache = Cache(cache_file, run_key(glossary_files, include_fuzzy) + "".join(f",{check_id}" for check_id in sorted(enabled)))
    stamps = tuple((str(path), Cache.stamp(path)) for path in [*catalogs, *sources])
    known = cache.report(stamps)
    if known is not None:
        return known
    size = sum(stamp[0] for _, stamp in stamps[:len(catalogs)] if stamp)  # bytes of catalogs, from the stamps
    workers = workers or (min(os.cpu_count() or 1, 4) if size > PARALLEL_BYTES else 1)
    results, problems = check_catalogs(catalogs, glossary, default_lang, include_fuzzy, cache, workers, enabled)
    cache.save(results)
    findings = [finding for result in results.values() for finding in result.findings]
    records = [record for result in results.values() for record in result.records]
    for lang in sorted({result.lang for result in results.values()}):
        mine = [record for result in results.values() if result.lang == lang for record in result.records]
        findings += catalog_findings(mine, glossary, lang, enabled)
    source_findings, source_problems = check_sources(sources, glossary)
    findings += source_findings
    problems += source_problems
    findings.sort(key=lambda f: (f.file, f.line, f.check))
    plain = sorted({result.lang for result in results.values()} - set(languages.LANGUAGES))
    notes = tuple(f"check: no language rules for '{lang}': glossary terms are matched exactly as written "
                  f"(or as their glossary plural)" for lang in plain if glossary_has(glossary, lang))
    report = Report(tuple(findings), tuple(problems), len(results), len(records), renderings(records), notes=notes)
    if not problems:
        cache.save_report(stamps, report)
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


# --- baselines ----------------------------------------------------------------------

def baseline_key(finding: Finding) -> str:
    """What identifies a finding across edits: not its line, which moves."""
    return json.dumps([finding.file, finding.check, finding.msgctxt, finding.msgid, finding.term,
                       finding.message if finding.msgid is None else ""], ensure_ascii=False)


def baseline_text(findings: Iterable[Finding]) -> str:
    """A baseline file: the findings to tolerate, one JSON list per line, sorted."""
    return "".join(f"{key}\n" for key in sorted(baseline_key(finding) for finding in findings))


def read_baseline(path: Path) -> Counter[str]:
    """The findings recorded in a baseline file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(path, f"cannot be read: {exc}") from None
    known: Counter[str] = Counter()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PipelineError(path, f"not a baseline line: {exc.msg}", number) from None
        if not (isinstance(value, list) and len(value) == 6):
            raise PipelineError(path, "not a baseline line: expected a list of 6 values", number)
        known[json.dumps(value, ensure_ascii=False)] += 1
    return known


def with_problems(report: Report, problems: list[PipelineError]) -> Report:
    """``report`` with more unusable input added."""
    return dataclasses.replace(report, problems=(*problems, *report.problems))


def without_baseline(report: Report, known: Counter[str]) -> Report:
    """``report`` without the findings a baseline already records."""
    left = Counter(known)
    kept = []
    for finding in report.findings:
        key = baseline_key(finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(finding)
    return dataclasses.replace(report, findings=tuple(kept), baselined=len(report.findings) - len(kept))
