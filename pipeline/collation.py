"""Alphabetical order as readers of each language expect it.

Three levels, as in a dictionary: letters first (accents, case and
punctuation ignored), then accents, then case. In Spanish, ñ is a letter of
its own after n, so «ñandú» comes after «nuez» and before «obra».
"""

from __future__ import annotations

import unicodedata

AFTER_N = "n\x7f"  # sorts after every "n" + letter and before "o"


def sort_key(text: str, lang: str) -> tuple[str, tuple[str, ...], tuple[bool, ...]]:
    """A key that sorts ``text`` in the alphabetical order of ``lang``."""
    primary: list[str] = []
    accents: list[str] = []
    for char in text:
        lower = char.lower()
        if lang == "es" and lower == "ñ":
            primary.append(AFTER_N)
            accents.append("")
            continue
        decomposed = unicodedata.normalize("NFD", lower)
        base, marks = decomposed[0], decomposed[1:]
        if base.isalnum() or base == " ":
            primary.append(base)
            accents.append("".join(marks))
    return "".join(primary), tuple(accents), tuple(char.isupper() for char in text)
