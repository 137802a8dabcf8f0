"""What the checks look at: the glossary ready for one language, and each message analysed once."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from pipeline import inline, languages, pofile
from pipeline.glossary import Concept, Glossary
from pipeline.languages import Language
from pipeline.terms import (
    Hit,
    Matcher,
    Rendering,
    Renderings,
    Words,
    english_key,
    masked_words,
)

WORD = re.compile(r"[^\W_]+")


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
    terms = [(tuple(english_key(word) for word in Words(term.text).texts), concept.id)
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

    @cached_property
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

    @cached_property
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
        named: set[str] = set()
        if terminology.has_terms and may_have_terms(source, target, terminology):
            prose, translation = inline.shared_titles(source, target) if "*" in source else (source, target)
            prose, translation = inline.code_masked(prose, translation)
            hits = tuple(terminology.english.find(prose, other_senses))
            named = {hit.concept.id for hit in hits}
            named |= {inner for concept_id in named for inner in terminology.contained.get(concept_id, ())}
            wanted = named | {other for concept_id in named for other in terminology.broader.get(concept_id, ())}
            found = tuple(terminology.target.find(translation, wanted))
            if hits and not terminology.acronyms.keys().isdisjoint(WORD.findall(translation)):
                left = tuple((word, terminology.acronyms[word]) for word in masked_words(translation).texts
                             if word in terminology.acronyms and terminology.acronyms[word].id in named)
            if hits:
                english_left = left_in_english(prose, translation, found, named, terminology)
        yield Unit(entry, source, target, terminology.lang, hits, found, left, terminology.broader,
                   frozenset(named), frozenset(other_senses), english_left)


def may_have_terms(source: str, target: str, terminology: Terminology) -> bool:
    """A quick test: False where no glossary term can be found, neither in the
    English (no word of it may begin a term) nor in the translation (no word
    may begin a forbidden term), so most of the analysis is skipped. Masking
    code only takes whole words away, except in markup and placeholders,
    which may cut a word: a text with these always gives True."""
    if "%" in source or "%" in target or inline.MARKUP_CHARS.search(source) or inline.MARKUP_CHARS.search(target):
        return True
    return terminology.english.may_find(source) or terminology.target.may_forbid(target)


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
    left = []
    for hit in terminology.english.find(translation, concepts=named):
        targets = {fold(term.text) for term in hit.concept.terms.get(terminology.lang, ())}
        written = translation[hit.start:hit.end]
        if (hit.concept.id in named and targets and not hit.term.acronym and fold(written) not in targets
                and fold(hit.term.text) not in targets
                and not any(start < hit.end and hit.start < end for start, end in taken)
                and not in_name(source, translation, hit)):
            left.append((written, hit.concept))
    return tuple(left)


QUOTATION = re.compile(r"[«“\"]([^«»“”\"]+)[»”\"]")


def in_name(source: str, translation: str, hit: Hit) -> bool:
    """Whether ``hit`` is part of a name or title the translation copies from
    the English: a capitalized term with the word before or after it as the
    English has them («Social Protection Spotlight»), or a term inside a
    quotation the English has word for word."""
    for quoted in QUOTATION.finditer(translation):
        if quoted.start() < hit.start and hit.end < quoted.end() and quoted[1] in source:
            return True  # «The cross-border portability of social security benefits»
    spans = [match.span() for match in WORD.finditer(translation)]
    inside = [index for index, (start, end) in enumerate(spans) if hit.start <= start and end <= hit.end]
    if not inside or not translation[hit.start:hit.end][:1].isupper():
        return False
    first, last = inside[0], inside[-1]
    word = [translation[start:end] for start, end in spans]
    pairs = set(pairwise(WORD.findall(source)))
    return ((first > 0 and (word[first - 1], word[first]) in pairs)
            or (last + 1 < len(word) and (word[last], word[last + 1]) in pairs))


def english(concept: Concept, hits: Iterable[Hit]) -> str:
    """The English term of ``concept`` as the English text has it."""
    return next((hit.term.text for hit in hits if hit.concept is concept), concept.id)



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
