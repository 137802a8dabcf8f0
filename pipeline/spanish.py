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


def syllable_nuclei(word: str) -> int:
    """The number of vowel groups, a fair count of syllables."""
    count, previous = 0, False
    for ch in word:
        vowel = ch in VOWELS
        count += vowel and not previous
        previous = vowel
    return count


def accent_penultimate(word: str) -> str:
    """Write the accent on the next-to-last syllable, which becomes the third
    from last in the plural («joven» → «jóvenes», «examen» → «exámenes»)."""
    groups: list[list[int]] = []
    for index, ch in enumerate(word):
        if ch in "aeiou":
            if groups and groups[-1][-1] == index - 1:
                groups[-1].append(index)
            else:
                groups.append([index])
    if len(groups) < 2:
        return word
    group = groups[-2]
    strong = next((index for index in group if word[index] in "aeo"), group[-1])
    return word[:strong] + word[strong].translate(ACCENT) + word[strong + 1:]


def drop_final_accent(word: str) -> str:
    """``word`` without the written accent of a stressed last syllable, which
    the plural no longer needs (acción → acciones); a hiatus keeps it (país → países)."""
    for index in range(len(word) - 1, max(len(word) - 4, -1), -1):
        if word[index] in "áéíóú":
            if word[index] in "íú" and index and word[index - 1] in VOWELS:
                return word
            return word[:index] + word[index].translate(UNACCENT) + word[index + 1:]
    return word


def plural_word(word: str) -> str:
    """The plural of one lower-case Spanish word, by the RAE's regular rules."""
    if not word or not word[-1].isalpha():
        return word
    last = word[-1]
    if last in "aeiouáéó":
        return word + "s"
    if last in "íú":
        return word + "es"
    if last == "z":
        return word[:-1] + "ces"
    if last in "sx":
        if len(word) > 1 and word[-2] in "áéíóú":
            return drop_final_accent(word) + "es"  # inglés → ingleses, país → países
        return word + "es" if syllable_nuclei(word) == 1 else word  # mes → meses; crisis → crisis
    if last in "lrndjy":
        if any(ch in "áéíóú" for ch in word[-3:]):  # acción → acciones, baúl → baúles
            return drop_final_accent(word) + "es"
        if last == "n" and syllable_nuclei(word) > 1:  # joven → jóvenes, régimen → regímenes
            return accent_penultimate(word.translate(UNACCENT)) + "es"
        return word + "es"
    return word + "s"


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
