"""Alphabetical order as readers of each language expect it.

Three levels, as in a dictionary: letters first (accents, case and
punctuation ignored), then accents, then case. In Spanish, ñ is a letter of
its own after n, so «ñandú» comes after «nuez» and before «obra».
"""

from __future__ import annotations

import unicodedata

from pipeline.languages import language

AFTER = "\x7f"  # appended to a base letter: after every base + letter, before the next letter


def sort_key(text: str, lang: str) -> tuple[str, tuple[str, ...], tuple[bool, ...]]:
    """A key that sorts ``text`` in the alphabetical order of ``lang``."""
    own = language(lang).own_letters
    primary: list[str] = []
    accents: list[str] = []
    for char in text:
        lower = char.lower()
        if lower in own:  # a letter of its own (ñ): after its base letter (n), whatever follows
            primary.append(unicodedata.normalize("NFD", lower)[0] + AFTER)
            accents.append("")
            continue
        decomposed = unicodedata.normalize("NFD", lower)
        base, marks = decomposed[0], decomposed[1:]
        if base.isalnum() or base == " ":
            primary.append(base)
            accents.append("".join(marks))
    return "".join(primary), tuple(accents), tuple(char.isupper() for char in text)
