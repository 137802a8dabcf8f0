"""reStructuredText inline markup in one message, as a translator sees it.

``mask`` hides markup so that only prose is searched for terms; ``markup``
lists the pieces a translation must carry over unchanged (role targets,
inline literals, URLs, substitutions, footnote references); ``figures``
lists the figures of a text, read with the decimal and group separators of
its language.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

MASK = "\x00"
# Roles whose text is prose and whose target (in <...>, or the text itself) stays untranslated.
PROSE_ROLES = ("term", "ref", "doc", "numref", "any", "download")
# Roles whose text is translated and that have no target.
TEXT_ROLES = ("abbr", "emphasis", "strong", "sub", "sup", "subscript", "superscript", "title-reference",
              "t", "dfn", "guilabel", "menuselection", "file", "samp")
MARKUP = re.compile(
    r"``.+?``"                                          # inline literal
    r"|:(?P<role>[\w.:+-]+):`(?P<body>(?:[^`\\]|\\.)*)`"  # role
    r"|`(?P<link>(?:[^`<\\]|\\.)*?)\s*<(?P<url>[^`>]*)>`__?"  # hyperlink with its target
    r"|`(?P<named>(?:[^`\\]|\\.)+)`__?"                  # named reference or interpreted text
    r"|(?P<bare>https?://[^\s>`]*[^\s>`.,;:)])"          # bare URL
    r"|\|(?P<sub>[^|\s](?:[^|]*[^|\s])?)\|(?:__?)?"       # substitution
    r"|\[(?P<note>#[\w-]*|\d+|\*)\]_"                   # footnote reference
)
# Roles whose content is code, a path, a key or a label of a program: masked
# when terms are looked for, though the markup checks treat some as text.
CODE_ROLES = frozenset(["file", "samp", "command", "kbd", "envvar", "option", "program", "mimetype", "guilabel",
                        "menuselection", "makevar", "regexp", "code", "literal"])
# Code-like text outside markup: placeholders; and words (runs of text without
# spaces or quotes) that are e-mail addresses, paths, identifiers or options.
# Words are classified one by one: linear in the length of the text.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"                # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdrifgeExXoc](?!\w)"          # %s, %d, %r
    r"|\{[\w.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}"              # {name}, {0}
)
# A chunk (a run of text without spaces or quotes) that may be code: one with
# a character that ``code_word`` looks for (the others are prose), a full stop
# or colon at its end aside («ends.» is prose, as ``code_masked`` reads it).
CHUNK = re.compile(r"(?<![^\s\"“”«»‘’'(),;!?])[^\s\"“”«»‘’'(),;!?]*?"
                   r"(?:[_@/\\~-]|\.(?=[^\s\"“”«»‘’'(),;!?]*[^\s\"“”«»‘’'(),;!?.:]))[^\s\"“”«»‘’'(),;!?]*")
# A character that makes a chunk ``CHUNK`` looks at (a quick test: a text without one has none).
CODE_CHARACTER = re.compile(r"[_@/\\~-]|\.[^\s\"“”«»‘’'(),;!?]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PATH = re.compile(r"\w\w[./\\]+[-\w./\\]*\w\w|^[./\\~]+\w")  # ab/cd, ab.cd (not «n.º», «e.g.»), /etc, ./x
OPTION = re.compile(r"--?[^\W\d_]")
SHARED_CODE = re.compile(r"\w[()=<>\[\]{}_/\\]\w")  # «openid(ENTER)profile(ENTER)», «a=b»
QUOTED = re.compile(r"[\"“«'‘](:?[\w][\w.:-]*)[\"”»'’]")
HYPHENATED = re.compile(r"(?<![\w-])\w+-\w[\w-]*")


def code_word(word: str) -> bool:
    """Whether a word (no spaces) is code rather than prose: an e-mail address,
    a path, an identifier (``css_file``, ``sys.path``), an option (``--full``)
    or a name of three or more hyphenated parts (``class-doc-from``)."""
    if not any(ch.isalpha() for ch in word):
        return False
    return ("_" in word or ("@" in word and EMAIL.fullmatch(word) is not None) or PATH.search(word) is not None
            or OPTION.match(word) is not None or (word.count("-") >= 2 and "--" not in word.strip("-")))


MARKUP_CHARS = re.compile(r"[`|\[*]|https?:")  # a text without these has no markup
EXPLICIT = re.compile(r"(?P<text>.*?)\s*<(?P<target>[^<>]*)>\s*$", re.DOTALL)
STRAY = re.compile(r"`|(?<![\w*])\*\*?(?=\S)|(?<=\S)\*\*?(?![\w*])")

# Figures: with group separators first, then section numbers («1.1», «25.655»
# as a law's number) in Spanish, then plain ones with their decimals.
# (Each pattern begins with its first digit, outside the alternatives: the
# regular expression engine then skips to the next digit, twelve times faster.)
NUMBER = {
    "en": re.compile(r"\d(?:\d*(?:\.\d+){2,}|\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"),
    "es": re.compile(r"\d(?:\d{0,2}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?|\d*(?:\.\d+)+|\d*(?:,\d+)?)"),
}
GROUP = {"en": ",", "es": "."}
DECIMAL = {"en": ".", "es": ","}
# CLDR's minimumGroupingDigits, which Babel does not apply: in Spanish (and as
# the RAE's Ortografía rules) a four-digit number takes no separator (4100),
# a five-digit one does (10.000). Languages not listed group from four digits.
MIN_GROUPING = {"es": 2}
DIGIT = re.compile(r"\d")
# What follows an amount: «4.9 per cent» must become «4,9 por ciento», where «version 2.5» stays.
QUANTITY = re.compile(r"\s*(?:%|per\s*cent|percent|million|billion|thousand|years?|months?|weeks?|days?|hours?|"
                      r"points?|times|dollars?|euros?|US\$)\b", re.IGNORECASE)
DOTTED = re.compile(r"\d+(?:\.\d+)+")
THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")  # grouped by periods: «25.000»
BILLION = re.compile(r"\s+billion")
YEAR_RANGE = re.compile(r"\b(\d\d)(\d\d)([–-])(\d\d)\b")  # 2020–22 → 2020–2022
# Words after which a dotted number is a label («Box 1.1», «Target 8.8»), as at the start of a heading.
LABEL = re.compile(r"(?:^|\b(?:Box|Table|Figure|Section|Chapter|Module|Annex|Part|Article|Paragraph|Target|Goal|"
                   r"Indicator|Guideline|Principle|Step|Activity|Exercise|Unit|No|Nos|version)\.?)\s*$", re.IGNORECASE)
STRONG = re.compile(r"(?<![*\w])\*\*[^*\s](?:[^*]*[^*\s])?\*\*(?![*\w])")
EMPHASIS = re.compile(r"(?<![*\w])\*[^*\s](?:[^*]*[^*\s])?\*(?![*\w])")


@dataclass(frozen=True)
class Figure:
    """A figure as written, and the values that count as the same figure."""

    written: str
    values: frozenset[str]


def target(role: str, body: str) -> str | None:
    """The untranslated part of a role: the target of a cross-reference, or
    the whole body of a role whose content is data (``:number:`60```)."""
    if role in TEXT_ROLES:
        return None
    explicit = EXPLICIT.match(body)
    if role in PROSE_ROLES:
        return explicit["target"] if explicit else body
    return body


def mask(text: str, code: bool = False) -> str:
    """``text`` with markup overwritten by ``MASK`` characters, so positions
    stay; the visible text of links and cross-references remains. With
    ``code``, the content of code roles (``:file:``, ``:samp:`` ...) goes too."""
    def keep(match: re.Match[str], visible: str | None) -> str:
        if not visible:
            return MASK * len(match[0])
        start = match[0].index(visible)
        return MASK * start + visible + MASK * (len(match[0]) - start - len(visible))

    def replace(match: re.Match[str]) -> str:
        if match["role"] is not None:
            if match["role"] in TEXT_ROLES and not (code and match["role"] in CODE_ROLES):
                return keep(match, match["body"])
            if match["role"] not in PROSE_ROLES:
                return keep(match, None)
            explicit = EXPLICIT.match(match["body"])
            return keep(match, explicit["text"] if explicit else (match["body"] if match["role"] == "term" else None))
        if match["link"] is not None:
            return keep(match, match["link"])
        return keep(match, match["named"])

    return MARKUP.sub(replace, text) if MARKUP_CHARS.search(text) else text


def markup(text: str) -> Counter[tuple[str, str]]:
    """The markup a translation must keep, as (kind, what) pairs: a role's
    target, an inline literal, a URL, a substitution, a footnote reference, a
    named reference; ``("stray", ...)`` for a backquote or asterisk left open."""
    found: Counter[tuple[str, str]] = Counter()
    if not MARKUP_CHARS.search(text):
        return found
    for match in MARKUP.finditer(text):
        if match["role"] is not None:
            found[(f":{match['role']}:", target(match["role"], match["body"]) or "")] += 1
        elif match["url"] is not None:
            found[("link", match["url"].strip())] += 1
        elif match["named"] is not None:
            found[("reference" if match[0].endswith("_") else "interpreted", match["named"] if match[0].endswith("_") else "")] += 1
        elif match["bare"] is not None:
            found[("link", match["bare"])] += 1
        elif match["sub"] is not None:
            found[("substitution", match["sub"])] += 1
        elif match["note"] is not None:
            found[("footnote", match["note"])] += 1
        else:
            found[("literal", match[0][2:-2])] += 1
    rest = MARKUP.sub(" ", text)
    for kind, pattern in (("strong", STRONG), ("emphasis", EMPHASIS)):
        if "*" in rest:  # (each pattern, and what is left open, is made of asterisks or backquotes)
            count = len(pattern.findall(rest))
            if count:
                found[(kind, "")] = count
            rest = pattern.sub(" ", rest)
    if "*" in rest or "`" in rest:
        for stray in STRAY.findall(rest):
            found[("stray", stray)] += 1
    return found


def value(figure: str, lang: str) -> str | None:
    """The value of a figure written in ``lang`` («1.000,5» → "1000.5"); None for
    a dotted number that is not one («1.1», a section)."""
    group, decimal = GROUP.get(lang, ","), DECIMAL.get(lang, ".")
    bare = figure.replace("\u00a0", "").replace("\u202f", "")
    if bare.count(".") > 1 and group != ".":
        return None  # «2.5.1»
    if group == "." and DOTTED.fullmatch(bare) and not THOUSANDS.fullmatch(bare):
        return None
    whole, _, decimals = bare.replace(group, "").partition(decimal)
    return str(int(whole)) + (f".{decimals}" if decimals else "")


def grouped(number: Decimal, lang: str) -> bool:
    """Whether ``number`` takes group separators in ``lang``: from 3 +
    CLDR's minimum grouping digits of integer digits (5 in Spanish, 4 in English)."""
    digits = len(str(abs(int(number))))
    return digits >= 3 + MIN_GROUPING.get(lang.replace("-", "_").split("_")[0], 1)


def format_figure(number: Decimal, lang: str, group: bool = True) -> str:
    """``number`` written in ``lang``: Babel's separators, CLDR's minimum
    grouping digits (es: 4100, 10.000), the decimals as given; ``group=False``
    for a number never grouped (a year)."""
    # loaded where a figure is written out: most checks never do
    from babel.numbers import format_decimal

    return format_decimal(number, locale=lang, decimal_quantization=False,
                          group_separator=group and grouped(number, lang))


def local_figure(figure: str, lang: str) -> str:
    """An English figure written in ``lang`` (1,000.5 → 1000,5; 10,000 →
    10.000); one written without a group separator (a year: 2021) keeps
    none; one that is not an amount («2.5.1») stays as it is."""
    number = value(figure, "en")
    if number is None:
        return figure
    return format_figure(Decimal(number), lang, group=GROUP["en"] in figure)


def misgrouped(figure: str, lang: str) -> str | None:
    """How a figure written with group separators in ``lang`` should be
    written, if it is too short for them («4.100» → «4100» in Spanish)."""
    number = value(figure, lang)
    if number is None or figure.partition(DECIMAL.get(lang, "."))[0].isdigit():
        return None
    return None if grouped(Decimal(number), lang) else format_figure(Decimal(number), lang)


def figures(text: str, lang: str) -> list[Figure]:
    """The figures in the prose of ``text`` (markup excluded). Figures match
    by value whatever the language writes (``1,000.5`` in English is
    ``1000,5`` in Spanish); a numbered label matches by its text («Box 1.1»,
    «Law No. 25.655»); an English figure in billions also matches its
    thousands of millions (4.1 billion = 4100 millones)."""
    if not DIGIT.search(text):
        return []
    prose = mask(text)
    if "-" in prose or "–" in prose:
        prose = YEAR_RANGE.sub(r"\1\2\3\1\4", prose)
    found = []
    for match in NUMBER.get(lang, NUMBER["en"]).finditer(prose):
        figure = match[0]
        number = value(figure, lang)
        values = {number} if number is not None else set()
        label = DOTTED.fullmatch(figure) and (LABEL.search(prose, 0, match.start()) or not QUANTITY.match(prose, match.end()))
        if lang != "en" or label:
            values.add("=" + figure)  # in English: a label or a version («Box 1.1», «Python 2.5»), not an amount
        if lang == "en" and number is not None and BILLION.match(prose, match.end()):
            values.add(str(Decimal(number) * 1000).removesuffix(".0"))
        found.append(Figure(figure, frozenset(values)))
    return found


def shared_titles(source: str, target: str) -> tuple[str, str]:
    """Both texts with the emphasized spans that the translation copies
    verbatim (titles of English publications) masked: they are names, not
    prose to translate."""
    for span in set(EMPHASIS.findall(source)):
        if span in target:
            source = source.replace(span, MASK * len(span))
            target = target.replace(span, MASK * len(span))
    return source, target


def code_masked(source: str, target: str) -> tuple[str, str]:
    """Both texts with what is code rather than prose masked: the content of
    code roles, placeholders (``%(name)s``, ``{name}``), e-mail addresses,
    paths, identifiers and options (``css_file``, ``sys.path``, ``--full``),
    and the quoted or hyphenated names that the translation copies verbatim
    (``"version"``, ``csv-table``): they are not words of the translation."""
    def hide(text: str) -> str:
        text = mask(text, code=True) if MARKUP_CHARS.search(text) else text
        text = PLACEHOLDER.sub(lambda match: MASK * len(match[0]), text) if "%" in text or "{" in text else text
        if not CODE_CHARACTER.search(text):  # most texts: no chunk to look at
            return text
        return CHUNK.sub(lambda match: MASK * len(match[0]) if code_word(match[0].rstrip(".:")) else match[0], text)

    source, target = hide(source), hide(target)
    shared = {match[1] for match in QUOTED.finditer(source)}
    if "-" in source:
        shared |= {match[0] for match in HYPHENATED.finditer(source)}
    if SHARED_CODE.search(source):  # a match lies within one word: most texts have none
        shared |= {word for word in source.split() if SHARED_CODE.search(word)}
    for name in shared:
        if name not in target:  # most names: no pattern to make
            continue
        pattern = re.compile(rf"(?<![\w:-]){re.escape(name)}(?![\w:-])")
        if pattern.search(target):
            source, target = (pattern.sub(MASK * len(name), text) for text in (source, target))
    return source, target
