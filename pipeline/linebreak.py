"""Where GNU gettext may break a PO string, and where it does.

``msgcat`` and ``msgmerge`` break strings with libunistring's line
breaking: a table of pairs of Unicode line-break classes (break directly,
only across spaces, or never) and a greedy fill. ``PAIRS`` is that table as
GNU gettext 0.21 applies it, measured by ``scripts/gnu_breaks.py`` on every
pair of the characters below; any other character behaves as a letter.
"""

from __future__ import annotations

from functools import cache

from unicode_segmentation_rs import text_width

CLASSES = (
    '#&*<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz~¦§¨©ª¬®¯²³µ¶·¸¹º¼½¾ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ―†‡•™→←≤≥',
    ' ',
    '!?',
    '"',
    '$%+\\¢£¤¥°±‰′″€−',
    "'«»‘’‛“”‹›",
    '([{¡¿‚„',
    ')]',
    ',./:;',
    '-',
    '0123456789',
    '|\xad‐‒–\u2009',
    '}',
    '\xa0‑\u202f\u2007',
    '´',
    '—',
    '…',
    '\u200b',
    '\u2060\ufeff',
)
PAIRS = (  # row: the last character before the break (spaces aside); column: the next one
    "IPPIIIIPPIIIPIDDIPP",
    "DPPDDDDPPDDDPDDDDPP",
    "DPPDDIDPPIDIPIDDIPP",
    "IPPIIIPPPIIIPIIIIPP",
    "IPPDDIIPPIIIPIDDIPP",
    "IPPIIIPPPIIIPIIIIPP",
    "PPPPPPPPPPPPPPPPPPP",
    "IPPIIIDPPIIIPIDDIPP",
    "DPPDDIDPPIIIPIDDIPP",
    "DPPDDIDPPIIIPDDDIPP",
    "IPPIIIIPPIIIPIDDIPP",
    "DPPDDIDPPIDIPDDDIPP",
    "DPPIIIDPPIDIPIDDIPP",
    "IPPIIIIPPIIIPIIIIPP",
    "IPPIIIIPPIIIPIIIIPP",
    "DPPDDIDPPIDIPIDPIPP",
    "DPPDDIDPPIDIPIDDIPP",
    "DPDDDDDDDDDDDDDDDPD",
    "IPPIIIIPPIIIPIIIIPP",
)

CLASS = {char: number for number, chars in enumerate(CLASSES) for char in chars}


@cache
def width(char: str) -> int:
    """The columns a character takes (a control character none)."""
    return max(text_width(char), 0) if char >= "\u0300" else 1


def breaks(text: str, prohibited: set[int]) -> list[int]:
    """The positions before which a break is allowed, none at ``prohibited``."""
    allowed = []
    last = None
    spaces = False
    for at, char in enumerate(text):
        if char == " ":
            spaces = last is not None
            continue
        number = CLASS.get(char, 0)
        if last is not None and at not in prohibited:
            pair = PAIRS[last][number]
            if pair == "D" or (pair == "I" and spaces):
                allowed.append(at)
        last, spaces = number, False
    return allowed


def fill(text: str, width_: int, start: int = 0, prohibited: frozenset[int] = frozenset()) -> list[int]:
    """The positions where GNU gettext breaks ``text`` into lines of at most
    ``width_`` columns, the first starting at column ``start``: a line ends
    at the last allowed break before the text passes the width (a word
    longer than a line stays whole)."""
    chosen = []
    last_break = None
    column = start  # where the current piece starts
    piece = 0
    allowed = set(breaks(text, set(prohibited)))
    for at, char in enumerate(text):
        if at in allowed:
            if last_break is not None and column + piece > width_:
                chosen.append(last_break)
                column = 0
            last_break = at
            column += piece
            piece = 0
        piece += width(char)
    if last_break is not None and column + piece > width_:
        chosen.append(last_break)
    return chosen
