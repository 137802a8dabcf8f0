"""Target languages as data: what the checker and the glossary enforcement
need to know of a language, behind one small interface.

A language with rules (Spanish, ``pipeline/spanish.py``) finds a term in any
number, gender and capitalization, and without its accents (reported as
such). A language with no rules yet gets exact matching: a term is found as
the glossary writes it (in any case) or as its glossary plural, and the
checker says so once. Adding a language is one ``Language`` in
``LANGUAGES`` (see the README's maintainer section).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline import spanish

Forms = list[tuple[frozenset[str], frozenset[str]]]  # per word of a term: (singular forms, plural forms)


@dataclass(frozen=True)
class Language:
    """How terms of one language are matched and rewritten."""

    code: str
    rules: bool  # False: no inflection rules; terms match exactly
    fold: Callable[[str], str]  # lower case, without what a typist may drop (accents)
    word_forms: Callable[[list[str], list[str] | None, bool], Forms]  # (words, glossary plural, both genders)
    inflect: Callable[[str, str | None, bool, bool], str]  # (term, glossary plural, plural?, capital?) → text
    same_variant: Callable[[str], str]  # a key under which gender forms of one term are one variant
    complements: frozenset[str]  # words that open a term's complement, before which other words may come
    own_letters: frozenset[str] = frozenset()  # letters sorted apart, after their base letter (Spanish ñ after n)


def exact_forms(words: list[str], plural: list[str] | None, both_genders: bool) -> Forms:
    """No inflection rules: a term matches as written (in any case), or as its glossary plural."""
    plurals = plural if plural and len(plural) == len(words) else list(words)
    return [(frozenset({word.lower()}), frozenset({form.lower()}) - {word.lower()}) for word, form in zip(words, plurals, strict=True)]


def exact_inflect(text: str, plural: str | None, number_plural: bool, capital: bool) -> str:
    """A term as the glossary writes it (its plural, if it gives one), with an initial capital if asked."""
    text = plural if number_plural and plural else text
    return text[:1].upper() + text[1:] if capital else text


def spanish_variant(text: str) -> str:
    return " ".join(spanish.feminine_word(word) for word in spanish.fold(text).split())


SPANISH = Language("es", True, spanish.fold, spanish.word_forms, spanish.inflect, spanish_variant,
                   frozenset(["de", "del", "sobre", "para", "por", "en"]), frozenset("ñ"))
LANGUAGES = {language.code: language for language in (SPANISH,)}


def language(code: str) -> Language:
    """The language ``code`` (``es``, ``es_MX``, ``es-419``: its first part), or exact matching if it has no rules."""
    base = code.replace("-", "_").split("_")[0].lower()
    return LANGUAGES.get(base) or Language(base, False, str.lower, exact_forms, exact_inflect, str.lower, frozenset())
