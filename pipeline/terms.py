"""Find glossary terms in English prose.

Markup is not prose: inline literals, role targets, URLs, substitutions and
footnote references are masked before matching (``mask``). Terms match
whatever their number ("benefits" finds *benefit*, "workers' rights" finds
*worker*), case-insensitively unless the concept is case-sensitive, and the
longest term wins ("social security agreement" is not also "social security").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from pipeline.glossary import Concept, Glossary, Term
from pipeline.inline import MASK, mask
from pipeline.languages import Language

TOKEN = re.compile(r"[^\W_]+")
WORDS = re.compile(r"([^\W_]+)")
GAP_BREAK = re.compile(r"[.;:!?]\s+\Z")  # a sentence ends before a capital ("No. 102" does not)

# A one-word noun term is not meant in its glossary sense after these words
# ("they benefit", "can benefit") ...
VERB_BEFORE = frozenset(["can", "cannot", "could", "may", "might", "must", "shall", "should", "will", "would", "does", "do", "did", "they", "we", "i", "you", "he", "she", "it", "who",
                         "also", "often", "greatly", "directly", "mainly", "largely", "equally", "particularly", "especially"])
DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "their", "its", "his", "her", "our", "your", "my", "all", "some", "any", "each", "every", "both", "no", "such"])
# ... nor inside these phrases (words as ``english_key`` gives them).
IDIOMS = (
    ("for", "instance"), ("first", "instance"), ("for", "the", "benefit", "of"), ("to", "the", "benefit", "of"),
    ("of", "benefit", "to"), ("benefit", "of", "the", "doubt"), ("mutual", "benefit"), ("cost", "benefit"),
    ("benefit", "of", "migration"), ("benefit", "of", "labour", "migration"), ("in", "term", "of"), ("in", "case"), ("in", "any", "case"),
    ("into", "account"), ("on", "account", "of"), ("in", "place"), ("take", "place"), ("in", "return"),
    ("in", "charge"), ("free", "of", "charge"), ("scheme", "of", "thing"), ("in", "the", "interest", "of"),
    ("out", "of", "date"), ("up", "to", "date"), ("to", "date"), ("a", "class", "of"), ("first", "class"),
    ("in", "a", "word"), ("in", "other", "word"), ("in", "turn"), ("in", "order"), ("on", "the", "other", "hand"),
)



def word_places(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Each word of ``phrases`` → the phrases it is in, and at which position."""
    places: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for phrase in phrases:
        for offset, word in enumerate(phrase):
            places.setdefault(word, []).append((phrase, offset))
    return places


IDIOMS_WITH = word_places(IDIOMS)


def singular(word: str) -> str:
    """A lower-case English noun in the singular (rules, not a dictionary)."""
    if len(word) < 4 or word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def english_forms(word: str) -> tuple[str, ...]:
    """Forms that ``singular`` may bring back to ``word`` (a superset is fine)."""
    return (word, word + "s", word + "es", word[:-1] + "ies" if word.endswith("y") else word)


def english_key(word: str) -> str:
    return singular(word.lower())


@dataclass(frozen=True)
class Hit:
    """One term found in a text: where, and which term of which concept."""

    start: int
    end: int
    concept: Concept
    term: Term


class Words:
    """The words of a text (already masked), with where each starts and ends
    and the gaps between them; what a gap says (a sentence break, a comma,
    an apostrophe) is looked at only where asked: a text has hundreds of
    words, and a glossary term begins at a few. Possessives belong to their
    noun (the "s" of "worker's" is part of the gap after it). Read only."""

    __slots__ = ("ends", "gaps", "masked", "starts", "texts")

    def __init__(self, text: str) -> None:
        parts = WORDS.split(text)  # gap, word, gap, word, ..., gap
        if "'s" in text or "’s" in text:
            merged = [parts[0]]
            for index in range(1, len(parts), 2):
                if parts[index] == "s" and merged[-1][-1:] in ("'", "’"):
                    merged[-1] += parts[index] + parts[index + 1]
                else:
                    merged += parts[index:index + 2]
            parts = merged
        ends = list(accumulate(map(len, parts)))
        self.texts: list[str] = parts[1::2]
        self.starts: list[int] = ends[0:-1:2]
        self.ends: list[int] = ends[1::2]
        self.gaps: list[str] = parts[0::2]  # the gap before each word, and the one after the last
        self.masked = MASK in text

    def __len__(self) -> int:
        return len(self.texts)

    def after_break(self, index: int) -> bool:
        """Whether markup or a sentence end lies between this word and the one before."""
        gap = self.gaps[index]
        return ((len(gap) > 1 and "A" <= self.texts[index][0] <= "Z" and GAP_BREAK.search(gap) is not None)
                or (self.masked and MASK in gap))

    def after_comma(self, index: int) -> bool:
        """Whether a comma lies between this word and the one before."""
        return "," in self.gaps[index]

    def possessive(self, index: int) -> bool:
        """Whether the word is possessive: "workers'", "worker's"."""
        return self.gaps[index + 1][:1] in ("'", "’")


@lru_cache(maxsize=8)
def masked_words(text: str) -> Words:
    """``Words(mask(text))``, kept for the few texts in hand: a message's
    English and translation are looked at by several matchers. Read only."""
    return Words(mask(text))


def noun_sense(keys: list[str], index: int, words: Words) -> bool:
    """Whether the word at ``index`` is used as a noun: not a verb ("they
    benefit from", "to benefit from", "the annex lists the", "Search this
    site") and not part of an idiom ("for instance", "for the benefit of",
    "out of date"). Terms of a concept with no part of speech are taken as nouns."""
    for idiom, offset in IDIOMS_WITH.get(keys[index], ()):
        start = index - offset
        if start >= 0 and tuple(keys[start:start + len(idiom)]) == idiom:
            return False
    texts = words.texts
    before = texts[index - 1].lower() if index and not words.after_break(index) else None
    after = texts[index + 1].lower() if index + 1 < len(texts) and not words.after_break(index + 1) else None
    if before in VERB_BEFORE:
        return False
    if before is None and after in DETERMINERS - {"that"}:
        return False  # a verb opening a sentence: "Search this documentation", "lists all sections"
    if (before is not None and not words.possessive(index - 1) and english_key(before) != before
            and texts[index].islower() and texts[index] == keys[index]
            and words.starts[index] - words.ends[index - 1] == 1):
        return False  # "agreements benefit both", "refugees benefit": a plural subject and its verb
    if before == "to" and (after in DETERMINERS or after == "from"):
        return False
    if after == "from" and before is not None and before not in DETERMINERS and before not in ("of", "for", "in", "on", "with", "by", "to", "and", "or"):
        return False
    plural_form = texts[index].lower() != keys[index]
    # "the annex lists the": a verb; but "files that you wrote": "that" after a plural noun is a relative pronoun
    return not (plural_form and after in DETERMINERS - {"that"} and before is not None and before not in DETERMINERS)


SENSE_WINDOW = 5  # words either side of a term in which a cue of another sense counts


def another_sense(concept: Concept, keys: list[str], start: int, end: int) -> bool:
    """Whether a word the glossary lists as a cue of another sense (``other_senses``)
    is near the term at ``start:end``: "contribution to the debate" is not a
    social security contribution."""
    if not concept.other_senses:
        return False
    near = keys[max(0, start - SENSE_WINDOW):start] + keys[end:end + SENSE_WINDOW]
    return not {english_key(word.lower()) for word in concept.other_senses}.isdisjoint(near)


class Matcher:
    """All the terms of one language of a glossary, ready to be found in text."""

    def __init__(self, glossary: Glossary, lang: str = "en", key: Callable[[str], str] = english_key,
                 statuses: tuple[str, ...] = ("preferred", "admitted", "deprecated", "forbidden")) -> None:
        self.key = key
        self.exact: dict[tuple[str, ...], tuple[Concept, Term]] = {}  # case-sensitive terms and acronyms (+ "s")
        self.names: dict[tuple[str, ...], tuple[Concept, Term]] = {}  # titles: any case, never plural
        self.folded: dict[tuple[str, ...], tuple[Concept, Term]] = {}  # the rest: any case and number
        self.commas: dict[tuple[str, ...], frozenset[int]] = {}  # words of a term that follow a comma in it
        for concept in glossary:
            for term in concept.terms.get(lang, ()):
                if term.status not in statuses:
                    continue
                parts = Words(term.text)
                words = tuple(parts.texts)
                commas = frozenset(index for index in range(len(parts)) if parts.after_comma(index))
                if concept.case_sensitive or term.acronym:
                    entries = [(self.exact, words), (self.exact, (*words[:-1], words[-1] + "s"))]
                elif sum(word[:1].isupper() for word in words) >= 2:  # "Geneva Convention" is not "Geneva Conventions"
                    entries = [(self.names, tuple(word.lower() for word in words))]
                else:
                    entries = [(self.folded, tuple(key(word) for word in words))]
                for table, entry in entries:
                    table.setdefault(entry, (concept, term))
                    self.commas.setdefault(entry, commas)
        self.longest: dict[str, int] = {}  # first word -> most words of a term starting with it
        for words in [*self.exact, *self.names, *self.folded]:
            self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))
        # Lower-case forms a first word of each concept's terms may take.
        self.concept_firsts: dict[str, frozenset[str]] = {}
        for table in (self.exact, self.names, self.folded):
            for words, (concept, _) in table.items():
                forms = english_forms(words[0].lower())
                self.concept_firsts[concept.id] = self.concept_firsts.get(concept.id, frozenset()).union(forms)
        # Lower-case forms a first word may take: a text with none of them has no term (a quick test).
        self.firsts = frozenset(form for word in self.longest for form in english_forms(word.lower()))
        # Words whose key matters: those of terms, idioms and cues of other senses; others stand for themselves.
        keywords = {word.lower() for entry in [*self.exact, *self.names, *self.folded] for word in entry}
        keywords |= {word for idiom in IDIOMS for word in idiom}
        keywords |= {word.lower() for concept in glossary for word in concept.other_senses}
        self.keys = {form: key(form) for word in keywords for form in english_forms(word)}  # keyword form -> its key

    def find(self, text: str, other_senses: set[str] | None = None, concepts: Iterable[str] | None = None) -> list[Hit]:
        """The terms in ``text``, left to right, longest first, never overlapping.
        Concepts whose word is used in another sense are added to ``other_senses``.
        With ``concepts``, nothing is looked for where no term of these may be
        (the terms found are all the same, those of other concepts too)."""
        if not self.may_find(text, concepts):
            return []
        return list(self.iter_hits(masked_words(text), set() if other_senses is None else other_senses))

    def may_find(self, text: str, concepts: Iterable[str] | None = None) -> bool:
        """Whether a word of ``text`` may begin a term (if not, ``find`` finds
        none); with ``concepts``, a term of one of these concepts."""
        firsts = self.firsts if concepts is None else frozenset().union(
            *(self.concept_firsts.get(concept_id, ()) for concept_id in concepts))
        return not firsts.isdisjoint(TOKEN.findall(text.lower()))

    def iter_hits(self, words: Words, other_senses: set[str]) -> Iterator[Hit]:
        if not words:
            return
        texts = words.texts
        lower = "\n".join(texts).lower().split("\n")  # one call: words hold no line end
        keys = list(map(self.keys.get, lower, lower))
        index = 0  # the first word not yet part of a hit
        # (a word of ``longest`` is in ``firsts`` in lower case: the lower-case test finds every start)
        for start in [at for at, word in enumerate(lower) if word in self.firsts]:
            if start < index:
                continue
            index = start
            longest = min(max(self.longest.get(texts[index], 0), self.longest.get(keys[index], 0),
                              self.longest.get(lower[index], 0)), len(words) - index)
            for after in range(index + 1, index + longest):  # a term never spans a break
                if words.after_break(after):
                    longest = after - index
                    break
            for size in range(longest, 0, -1):
                exact, name, folded = tuple(texts[index:index + size]), tuple(lower[index:index + size]), \
                    tuple(keys[index:index + size])
                entry = exact if exact in self.exact else name if name in self.names else folded
                found = self.exact.get(exact) or self.names.get(name) or self.folded.get(folded)
                if not found:
                    continue
                if size > 1 and any(words.after_comma(index + k) and k not in self.commas[entry] for k in range(1, size)):
                    continue  # "health, care" is not "health care"
                if ((size == 1 and found[0].pos in ("noun", "") and not noun_sense(keys, index, words))
                        or another_sense(found[0], keys, index, index + size)):
                    other_senses.add(found[0].id)
                    continue
                yield Hit(words.starts[index], words.ends[index + size - 1], *found)
                index += size
                break


# --- the translation side ----------------------------------------------------

MAX_GAP = 3  # words that may come between a head and its complement: «convenios [bilaterales y multilaterales] de»


@dataclass(frozen=True)
class Pattern:
    """One term of the target language, as the forms each of its words may take."""

    concept: Concept
    term: Term
    singular: tuple[frozenset[str], ...]  # per word: its singular forms (lower case, or as written if exact)
    plural: tuple[frozenset[str], ...]
    folded: tuple[frozenset[str], ...]  # per word: all forms without accents
    exact_case: bool
    gap_before: int  # index of the word before which a gap may come (len(words): none)
    forbidden: bool  # the term's status is "forbidden"

    def word_at(self, index: int, word: str) -> bool:
        return word in self.singular[index] or word in self.plural[index]


@dataclass(frozen=True)
class Rendering:
    """A term found in a translation."""

    start: int
    end: int
    concept: Concept
    term: Term
    written: str  # the text as found
    accented: bool  # False: it matches only if accents are ignored ("prestacion")
    plural: bool
    corrected: str  # ``written`` with the accents of the term ("prestación")


class Renderings:
    """The terms of one target language, found in translations whatever their
    number, gender and capitalization (by ``inflection``), and also without
    their accents, which is then reported as such."""

    def __init__(self, glossary: Glossary, language: Language,
                 statuses: tuple[str, ...] = ("preferred", "admitted", "deprecated", "forbidden")) -> None:
        lang, inflection = language.code, language.word_forms
        self.fold = language.fold
        self.complements = language.complements
        self.index: dict[str, list[Pattern]] = {}  # first word, without accents -> patterns
        self.forbidden_firsts: set[str] = set()
        self.concept_firsts: dict[str, set[str]] = {}
        for concept in glossary:
            for term in concept.terms.get(lang, ()):
                if term.status in statuses:
                    pattern = self.pattern(concept, term, inflection)
                    for first in pattern.folded[0]:
                        self.index.setdefault(first, []).append(pattern)
                        if term.status == "forbidden":
                            self.forbidden_firsts.add(first)
                        self.concept_firsts.setdefault(concept.id, set()).add(first)
        words = "|".join(sorted(map(re.escape, self.forbidden_firsts), key=len, reverse=True))
        self.forbidden = re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])" if words else r"(?!)")  # a quick test

    def may_forbid(self, text: str) -> bool:
        """Whether a word of ``text`` may begin a forbidden term."""
        return self.forbidden.search(self.fold(text)) is not None

    def pattern(self, concept: Concept, term: Term, inflection: Callable[..., list[tuple[frozenset[str], frozenset[str]]]]) -> Pattern:
        words = Words(term.text).texts
        exact = term.acronym or concept.case_sensitive or concept.do_not_translate
        forms: list[tuple[frozenset[str], frozenset[str]]]
        if exact:
            forms = [(frozenset({word}), frozenset()) for word in words]
        else:
            plural = Words(term.plural).texts if term.plural else None
            forms = inflection(words, plural, term.gender in ("m", "mf"))
        lowered = [word.lower() for word in words]
        gap = next((index for index, word in enumerate(lowered) if index and word in self.complements), len(words))
        return Pattern(
            concept, term,
            tuple(singular for singular, _ in forms), tuple(plural for _, plural in forms),
            tuple(frozenset(self.fold(form) for form in singular | plural) for singular, plural in forms),
            exact, gap, term.status == "forbidden",
        )

    def find(self, text: str, concepts: Iterable[str] | None = None) -> list[Rendering]:
        """Every term in ``text`` (overlapping ones too), left to right; with
        ``concepts``, only the terms of these concepts and forbidden terms."""
        wanted = None if concepts is None else set(concepts)
        folded_text = self.fold(text)
        if wanted is not None and not wanted and not self.forbidden.search(folded_text):
            return []
        firsts = set(self.index) if wanted is None else self.forbidden_firsts.union(
            *(self.concept_firsts.get(concept_id, ()) for concept_id in wanted))
        if firsts.isdisjoint(TOKEN.findall(folded_text)):
            return []
        words = masked_words(text)
        if len(folded_text) == len(text) and "Σ" not in text:  # each character folded in place, whatever its context
            folded = [folded_text[start:end] for start, end in zip(words.starts, words.ends, strict=True)]
        else:
            folded = self.fold("\n".join(words.texts)).split("\n") if words else []
        found = []
        for start, key in enumerate(folded):
            if key not in firsts:
                continue
            for pattern in self.index[key]:
                if wanted is not None and not pattern.forbidden and pattern.concept.id not in wanted:
                    continue
                at = self.match(pattern, words, folded, start)
                if at is None:
                    continue
                surface = [words.texts[i] if pattern.exact_case else words.texts[i].lower() for i in at]
                begin, end = words.starts[at[0]], words.ends[at[-1]]
                written = text[begin:end]
                accented = all(pattern.word_at(k, form) for k, form in enumerate(surface))
                found.append(Rendering(
                    begin, end, pattern.concept, pattern.term, written, accented,
                    plural=any(form in pattern.plural[k] for k, form in enumerate(surface)),
                    corrected=written if accented else self.corrected(pattern, written, words, at),
                ))
        return found

    def corrected(self, pattern: Pattern, written: str, words: Words, at: list[int]) -> str:
        """``written`` with each word that lacks an accent replaced by its accented form."""
        offset = words.starts[at[0]]
        for k, i in reversed(list(enumerate(at))):
            word = words.texts[i]
            if not pattern.word_at(k, word.lower()):
                form = next((f for f in sorted(pattern.singular[k] | pattern.plural[k]) if self.fold(f) == self.fold(word)), word)
                form = form[:1].upper() + form[1:] if word[:1].isupper() else form
                written = written[:words.starts[i] - offset] + form + written[words.ends[i] - offset:]
        return written

    @staticmethod
    def match(pattern: Pattern, words: Words, folded: list[str], start: int) -> list[int] | None:
        """The positions of the words of a match of ``pattern`` at ``start``, or None."""
        at: list[int] = []
        position = start
        for index, forms in enumerate(pattern.folded):
            gap = MAX_GAP if index == pattern.gap_before else 0
            for candidate in range(position, min(position + gap + 1, len(words))):
                if index and words.after_break(candidate):
                    break
                if folded[candidate] in forms and (not pattern.exact_case or pattern.word_at(index, words.texts[candidate])):
                    at.append(candidate)
                    position = candidate + 1
                    break
            else:
                return None
            if len(at) <= index:
                return None
        return at
