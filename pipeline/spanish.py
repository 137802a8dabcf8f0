"""Spanish inflection of glossary terms, by rule rather than by word list.

A term such as «trabajador migrante» must be found as «trabajadoras
migrantes»; «convenio de seguridad social» as «convenios bilaterales de
seguridad social». The words before the first preposition (the head and its
adjectives) take number and, for masculine and common-gender nouns
(``gender = "m"`` or ``"mf"``), gender; the complement after the preposition does not change. A glossary
``plural`` overrides the rules (``régimen`` → ``regímenes``).

These are forms of *one* term, generated from it; unlike a stemmer they
never merge two different words («seguridad» and «seguro» stay apart).
"""

from __future__ import annotations

# Words that end the inflecting head of a noun phrase.
BOUNDARIES = frozenset(
    ["a", "al", "ante", "bajo", "con", "contra", "de", "del", "desde", "durante", "en", "entre", "hacia", "hasta", "mediante", "para", "por", "según", "sin", "sobre", "tras", "y", "e", "o", "u", "ni", "que", "la", "las", "el", "los", "lo", "un", "una", "unos", "unas", "su", "sus"]
)
VOWELS = "aeiouáéíóú"
UNACCENT = str.maketrans("áéíóú", "aeiou")
FOLD = str.maketrans("áéíóúàèìòùâêîôû", "aeiouaeiouaeiou")
ACCENT = str.maketrans("aeiou", "áéíóú")


def fold(text: str) -> str:
    """``text`` in lower case without accents (ñ and ü keep theirs: «año» is not «ano»)."""
    return text.lower().translate(FOLD)


STRONG = "aeoáéóíú"  # an accented i or u is as strong as a, e, o: it makes a hiatus (país, baúl)
# Plurals whose stress moves to another syllable (RAE, Ortografía 2010, § 3.4.2.1).
# and a few whose ending the rules do not give.
IRREGULAR_PLURALS = {"carácter": "caracteres", "régimen": "regímenes", "espécimen": "especímenes",
                     "hipérbaton": "hipérbatos", "álbum": "álbumes", "club": "clubes", "menú": "menús",
                     "champú": "champús", "jersey": "jerséis", "lord": "lores", "ciempiés": "ciempiés"}


def nuclei(word: str) -> list[list[int]]:
    """The vowel nuclei of a lower-case word, one per syllable, as positions:
    diphthongs are one nucleus («cien-cia»), hiatus two («pa-ís», «le-ón»);
    the u of «que», «gui» is silent and a final y after a vowel is a vowel («rey»)."""
    groups: list[list[int]] = []
    for index, ch in enumerate(word):
        vowel = ch in VOWELS or ch == "ü" or (ch == "y" and index == len(word) - 1 and index and word[index - 1] in VOWELS)
        if ch == "u" and index and word[index - 1] in "qg" and word[index + 1:index + 2] in ("e", "é", "i", "í"):
            vowel = False
        if not vowel:
            continue
        if groups and groups[-1][-1] == index - 1 and not (ch in STRONG and word[index - 1] in STRONG):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def stressed(word: str, groups: list[list[int]]) -> int:
    """Which nucleus (counted from the first) carries the stress: the one with
    the written accent, else the next-to-last in a word ending in a vowel, n or
    s, else the last."""
    for number, group in enumerate(groups):
        if any(word[index] in "áéíóú" for index in group):
            return number
    if len(groups) > 1 and word[-1:] in VOWELS + "ns":
        return len(groups) - 2
    return len(groups) - 1


def with_accent(word: str, groups: list[list[int]], number: int) -> str:
    """``word`` (unaccented) with a written accent on nucleus ``number``: on its
    strong vowel, or on the second of two weak ones («cuídate»)."""
    group = groups[number]
    index = next((i for i in group if word[i] in "aeo"), group[-1])
    return word[:index] + word[index].translate(ACCENT) + word[index + 1:]


def spelled(word: str, number: int) -> str:
    """``word`` with its accent written as the RAE's rules ask, the stress being
    on nucleus ``number``: an oxytone ending in a vowel, n or s, a paroxytone
    ending otherwise, every proparoxytone, and a stressed i or u in hiatus."""
    groups = nuclei(word)
    plain = word.translate(UNACCENT)
    group = groups[number]
    hiatus = len(group) == 1 and word[group[0]] in "íú" and any(
        word[i] in VOWELS for i in (group[0] - 1, group[0] + 1) if 0 <= i < len(word))
    from_end = len(groups) - 1 - number
    ends_open = plain[-1:] in VOWELS + "n" or (plain[-1:] == "s" and plain[-2:-1] in VOWELS)  # robots, bíceps
    needed = hiatus or from_end >= 2 or (from_end == 1 and not ends_open) or (from_end == 0 and ends_open and len(groups) > 1)
    return with_accent(plain, nuclei(plain) if not hiatus else groups, number) if needed else plain


def plural_word(word: str) -> str:
    """The plural of one lower-case Spanish word, by the RAE's rules: the
    ending from the last letter and the stress, then the written accent from
    the syllables and the stress of the plural (carácter → caracteres is one
    of the few whose stress moves: ``IRREGULAR_PLURALS``)."""
    if not word or not word[-1].isalpha():
        return word
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    groups = nuclei(word)
    if not groups:
        return word
    stress = stressed(word, groups)
    last = word[-1]
    oxytone = stress == len(groups) - 1
    if len(groups) == 1 and last in "áéó":
        return word + "s"  # té → tés: a monosyllable keeps its diacritic accent
    if last in "aeoáéó" or (last in "iu" and not oxytone):
        plural = word + "s"  # casa, café, sofá; taxi
    elif last in "íú":
        plural = word + "es"  # tabú → tabúes, alhelí → alhelíes
    elif last == "z":
        plural = word[:-1] + "ces"
    elif last in "sx":
        if not (oxytone or len(groups) == 1):
            return word  # crisis, lunes, tórax
        plural = word + "es"  # mes, país, inglés
    elif (last in "lrndjyh" and word[-2:-1] in VOWELS) or word.endswith("ch"):
        plural = word + "es"  # árbol, joven, canción, ciudad, reloj, rey, sándwich
    else:
        plural = word + "s"  # robot, récord, cómic, test
    return spelled(plural, stress)


def feminine_word(word: str) -> str:
    """The feminine of a lower-case masculine noun or adjective (or the word itself)."""
    if word.endswith("o"):
        return word[:-1] + "a"
    if word.endswith("os"):
        return word[:-2] + "as"
    if word.endswith(("or", "ón", "és")) and not word.endswith("ión") and len(word) > 3:
        return word.translate(UNACCENT) + "a"
    if word.endswith("ores"):
        return word[:-2] + "as"
    return word


def head_length(words: list[str]) -> int:
    """How many leading words inflect: up to the first preposition, article,
    conjunction, number or bracket."""
    for index, word in enumerate(words):
        if index and (word.lower() in BOUNDARIES or not word.isalpha()):
            return index
    return len(words)


def word_forms(words: list[str], plural: list[str] | None, both_genders: bool) -> list[tuple[frozenset[str], frozenset[str]]]:
    """For each word of a term, its (singular forms, plural forms) in lower case;
    with ``both_genders``, the feminine forms of a masculine head too
    («trabajador migrante» → «trabajadoras migrantes»)."""
    lower = [word.lower() for word in words]
    head = head_length(words)
    out = []
    for index, word in enumerate(lower):
        if index >= head:
            other = plural[index].lower() if plural and len(plural) == len(words) else word
            out.append((frozenset({word}), frozenset({other}) - {word}))  # «agencias de empleo privadas»
            continue
        singular = {word}
        plurals = {plural_word(word)}
        if plural and len(plural) == len(words):
            plurals.add(plural[index].lower())
        if both_genders:
            singular.add(feminine_word(word))
            plurals |= {feminine_word(form) for form in plurals} | {plural_word(feminine_word(word))}
        out.append((frozenset(singular), frozenset(plurals - singular)))
    return out


def same_case(form: str, model: str) -> str:
    """``form`` with the initial capital of ``model``, if it has one."""
    return form[:1].upper() + form[1:] if model[:1].isupper() else form


def inflect(text: str, plural: str | None, number_plural: bool, capital: bool) -> str:
    """``text`` (a term, or its glossary plural) in the number and initial case asked for."""
    if number_plural:
        if plural:
            text = plural
        else:
            words = text.split(" ")
            head = head_length(words)
            text = " ".join([*(same_case(plural_word(word.lower()), word) for word in words[:head]), *words[head:]])
    return same_case(text, "A") if capital else text
