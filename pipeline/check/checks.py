"""The checks. Each is one function registered with ``@check``; its docstring is what a translator reads."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from pipeline import inline, languages, pofile
from pipeline import markup as markup_filter
from pipeline.check.analysis import Unit, english
from pipeline.check.registry import REGISTRY, Check, Problem, check
from pipeline.glossary import Glossary
from pipeline.terms import Matcher

SUPPRESS = re.compile(r"ignore-([a-z][a-z-]*)\s*:\s*(\S.*)?$")



@check("term-missing", "error", example=(("Benefits are paid.", "Se pagan subsidios."),))
def term_missing(unit: Unit) -> Iterator[Problem]:
    """The English text uses a glossary term, but the translation has none of
    its approved Spanish renderings (in any number, gender or capitalization).
    Use the term the glossary hint in the PO file gives (``#. Glossary: ...``).
    If the English word is not meant in the glossary's sense here, suppress the
    finding with a comment ``# ignore-term-missing: <why>``."""
    renderings = unit.claimed
    for concept in unit.concepts:
        if any(other is concept for _, other in (*unit.acronyms, *unit.untranslated)):
            continue  # reported by term-acronym or term-english
        if renderings[concept.id] or unit.broader_rendered(concept):
            continue  # present (or reported by term-accent or term-forbidden), or rendered by its broader concept
        term = english(concept, unit.terms)
        approved = [item.text for item in concept.approved(unit.lang) if item.text.lower() != term.lower()]
        if approved:
            yield f"'{term}' is not translated with the glossary term: use {or_list(approved)}", term


@check("term-count", "warning",
       example=(("A benefit, and then another benefit.", "Una prestación y luego otro subsidio."),))
def term_count(unit: Unit) -> Iterator[Problem]:
    """The English text uses a glossary term more often than the translation
    renders it: one of them may be translated with a word outside the
    glossary. A pronoun or a verb may rightly stand for a repeated noun: then
    say so in a translator comment ``# ignore-term-count: <reason>``."""
    renderings = unit.claimed
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


@check("term-accent", "error", example=(("A benefit is paid.", "Se paga una prestacion."),))
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


@check("term-forbidden", "error", example=(("Benefits are paid monthly.", "Se pagan beneficios."),))
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


@check("term-acronym", "error", example=(("The ILO helps.", "La ILO ayuda."),))
def term_acronym(unit: Unit) -> Iterator[Problem]:
    """An English acronym is left in the translation where Spanish has its
    own (ILO → OIT, IOM → OIM, UNHCR → ACNUR). Acronyms that are the same in
    both languages (CEDAW, MERCOSUR) are fine."""
    for name, concept in dict(unit.acronyms).items():
        target = concept.acronyms(unit.lang) or concept.approved(unit.lang)[:1]
        if target:
            yield f"'{name}' is the English acronym: in Spanish write '{target[0].text}'", name


@check("term-english", "error", example=(("The migrant workers arrive.", "Los migrant workers llegan."),))
def term_english(unit: Unit) -> Iterator[Problem]:
    """A glossary term of the English text is left in English in the
    translation («la account» for *the account*) where Spanish has its own
    term. Names, code and placeholders are not prose and are not looked at
    (``%(name)s``, ``:file:`...```, ``css_file``)."""
    for written, concept in unit.untranslated:
        approved = [term.text for term in concept.approved(unit.lang)]
        if approved:
            yield f"'{written}' is English: write '{approved[0]}'", written


COPY_WORDS = 5  # a text of this many words or more is not the same in both languages
PROSE_WORD = re.compile(r"[^\W\d_]{2,}")


@check("untranslated-copy", "error", terms=False, example=(
    ("Migration is a process that involves many people.", "Migration is a process that involves many people."),))
def untranslated_copy(unit: Unit) -> Iterator[Problem]:
    """The translation is the English text unchanged: a paragraph pasted and
    never translated. A short text that is the same in both languages (a
    name, an acronym, a figure, code) is fine; one of five words or more,
    outside code and markup, is not."""
    if unit.target == unit.source and len(PROSE_WORD.findall(inline.mask(unit.source, code=True))) >= COPY_WORDS:
        yield "the translation is the English text, unchanged: translate it", None


def describe(kind: str, what: str) -> str:
    """A piece of markup as the translator typed it."""
    if kind.startswith(":"):
        return f"{kind}`…<{what}>`" if kind.strip(":") in inline.PROSE_ROLES else f"{kind}`{what}`"
    return {"literal": f"``{what}``", "link": f"link <{what}>", "substitution": f"|{what}|",
            "footnote": f"[{what}]_", "reference": f"`{what}`_", "interpreted": "`…`",
            "strong": "**…** (bold)", "emphasis": "*…* (italics)",
            "stray": f"an unmatched {what}"}.get(kind, what)


@check("markup", "error", terms=False, example=(("See :ref:`the annex <annex>`.", "Véase :ref:`el anexo <anexo>`."),))
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


@check("markup-unsafe", "error", terms=False, suppressible=False,
       example=(("See the annex.", "Véase :download:`el anexo <secret.txt>`."),))
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


@check("numbers", "error", terms=False, example=(("In 2019, 169 million.", "En 2019, 196 millones."),))
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
    from babel.core import UnknownLocaleError  # Babel writes the figure: loaded with it

    try:
        local = inline.local_figure(figure, lang)
    except (ValueError, UnknownLocaleError):
        return ""
    return f" (in '{lang}': {local})" if local != figure else ""


@check("suppression", "warning", scope="comments", example=(("See the annex.", "Véase el anexo.", "#, ignore-markup\n"),))
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

Mark = tuple[str, int, int, str, str, str]  # "source" or "target", start, end, concept id, term, status (see ``usage``)


class Record(NamedTuple):
    """What the catalog checks need of one translated message (a tuple: many are kept and cached)."""

    file: str
    line: int
    msgctxt: str | None
    msgid: str
    msgstr: tuple[str, ...]
    variants: tuple[tuple[str, str, str, str], ...]  # see ``usage``
    reasons: tuple[tuple[str, str], ...]  # (check id, reason) of each suppression
    references: tuple[str, ...] = ()  # the ``#:`` references: where the English text is
    marks: tuple[Mark, ...] = ()  # the glossary terms in both texts, for the editors' report


def approved_variants(record: Record) -> set[tuple[str, str, str]]:
    """(concept id, English term, target term) for each approved rendering of a record."""
    return {(concept_id, term, variant) for concept_id, term, variant, status in record.variants
            if status in ("preferred", "admitted")}


@check("term-variant", "warning", scope="catalogs", opt_in=True, example=(
    ("Social security agreement A.", "Acuerdo de seguridad social A."),
    ("Social security agreement B.", "Convenio de seguridad social B."),
    ("Social security agreement C.", "Convenio de seguridad social C.")))
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


@check("inconsistent-translation", "warning", scope="catalogs",
       example=(("Contents", "Contenido"), ("Contents", "Índice"), ("Contents", "Contenido")))
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


@check("source-term", "error", scope="source", example=(("Some illegal migrants arrive.",),))
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


CHECKS: tuple[Check, ...] = tuple(REGISTRY.values())
CHECK_IDS = frozenset(REGISTRY)
CONTENT_CHECKS = tuple(c for c in CHECKS if c.scope == "entry")  # what a message's text decides
TEXT_CHECKS = tuple(c for c in CONTENT_CHECKS if not c.terms)  # those that need no glossary term in the message
UNSUPPRESSIBLE = frozenset(c.id for c in CHECKS if not c.suppressible)
