"""Find glossary terms in English prose.

Markup is not prose: inline literals, role targets, URLs, substitutions and
footnote references are masked before matching (``mask``). Terms match
whatever their number ("benefits" finds *benefit*, "workers' rights" finds
*worker*), case-insensitively unless the concept is case-sensitive, and the
longest term wins ("social security agreement" is not also "social security").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.glossary import Concept, Glossary, Term

MASK = "\x00"
# Roles whose text is prose: :term:`benefits <benefit>`, :ref:`the facts <m1-facts>`.
PROSE_ROLES = ("term", "ref", "doc")
MARKUP = re.compile(
    r"``.+?``"                                   # inline literal
    r"|:(?P<role>[\w.:-]+):`(?P<body>[^`]*)`"    # role
    r"|`(?P<link>[^`<]*?)\s*<[^`>]*>`__?"       # hyperlink with text
    r"|https?://[^\s>`]+"                        # bare URL
    r"|\|[^|\s][^|]*\|(?:__?)?"                  # substitution
    r"|\[(?:#[\w-]*|\d+|\*)\]_"                  # footnote reference
)
EXPLICIT = re.compile(r"(?P<text>.*?)\s*<[^<>]*>\s*$", re.DOTALL)
TOKEN = re.compile(r"[^\W_]+")
SENTENCE_BREAK = re.compile(r"[.;:!?]\s+[A-Z]")  # not "No. 102"


def mask(text: str) -> str:
    """``text`` with markup overwritten by ``MASK`` characters, so positions stay."""
    def keep(match: re.Match[str], visible: str | None) -> str:
        if not visible:
            return MASK * len(match[0])
        start = match[0].index(visible)
        return MASK * start + visible + MASK * (len(match[0]) - start - len(visible))

    def replace(match: re.Match[str]) -> str:
        if match["role"] is not None:
            if match["role"] not in PROSE_ROLES:
                return keep(match, None)
            explicit = EXPLICIT.match(match["body"])
            return keep(match, explicit["text"] if explicit else (match["body"] if match["role"] == "term" else None))
        if match["link"] is not None:
            return keep(match, match["link"])
        return keep(match, None)

    return MARKUP.sub(replace, text)


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


def english_key(word: str) -> str:
    return singular(word.lower())


@dataclass(frozen=True)
class Hit:
    """One term found in a text: where, and which term of which concept."""

    start: int
    end: int
    concept: Concept
    term: Term


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    after_break: bool  # markup or a sentence end lies between this token and the previous one


def tokens(text: str) -> list[Token]:
    """The words of ``text`` (already masked); possessives belong to their noun."""
    out: list[Token] = []
    previous_end = 0
    for match in TOKEN.finditer(text):
        if match[0] == "s" and text[match.start() - 1: match.start()] in ("'", "’"):
            continue  # the "s" of "worker's"
        gap = text[previous_end:match.start() + 1]  # with the next word's first letter
        out.append(Token(match[0], match.start(), match.end(), MASK in gap or bool(SENTENCE_BREAK.search(gap))))
        previous_end = match.end()
    return out


class Matcher:
    """All the terms of one language of a glossary, ready to be found in text."""

    def __init__(self, glossary: Glossary, lang: str = "en", key: Callable[[str], str] = english_key,
                 statuses: tuple[str, ...] = ("preferred", "admitted", "deprecated", "forbidden")) -> None:
        self.key = key
        self.exact: dict[tuple[str, ...], tuple[Concept, Term]] = {}
        self.folded: dict[tuple[str, ...], tuple[Concept, Term]] = {}
        for concept in glossary:
            for term in concept.terms.get(lang, ()):
                if term.status not in statuses:
                    continue
                words = [token.text for token in tokens(term.text)]
                if concept.case_sensitive:
                    self.exact.setdefault(tuple(words), (concept, term))
                else:
                    self.folded.setdefault(tuple(key(word) for word in words), (concept, term))
        self.longest: dict[str, int] = {}  # first word -> most words of a term starting with it
        for words in [*self.exact, *self.folded]:
            self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))

    def find(self, text: str) -> list[Hit]:
        """The terms in ``text``, left to right, longest first, never overlapping."""
        return list(self.iter_hits(tokens(mask(text))))

    def iter_hits(self, words: list[Token]) -> Iterator[Hit]:
        keys = [self.key(word.text) for word in words]
        index = 0
        while index < len(words):
            longest = max(self.longest.get(words[index].text, 0), self.longest.get(keys[index], 0))
            for size in range(min(longest, len(words) - index), 0, -1):
                if any(word.after_break for word in words[index + 1:index + size]):
                    continue
                found = (self.exact.get(tuple(word.text for word in words[index:index + size]))
                         or self.folded.get(tuple(keys[index:index + size])))
                if found:
                    yield Hit(words[index].start, words[index + size - 1].end, *found)
                    index += size
                    break
            else:
                index += 1
