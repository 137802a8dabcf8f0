"""Where GNU gettext may break a PO string, and where it does.

``msgcat`` and ``msgmerge`` break strings with libunistring's line
breaking: a table of pairs of Unicode line-break classes (break directly,
only across spaces, or never) and a greedy fill. ``PAIRS`` is that table as
GNU gettext 0.21 applies it, measured by ``scripts/gnu_breaks.py`` on every
pair of the characters below; any other character behaves as a letter.
"""

from __future__ import annotations

import re

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
# A break between two characters needs a space between them or one of these
# (two letters never break); only their neighbourhoods are looked at.
CANDIDATE = re.compile("[" + re.escape("".join(CLASSES[1:])) + "]+")
WIDE = re.compile("[\u0300-\U0010ffff]")  # characters that may take other than one column


def breaks(text: str, prohibited: frozenset[int] = frozenset()) -> list[int]:
    """The positions before which GNU gettext may break ``text``, in order,
    none at ``prohibited`` positions and none before the first non-space."""
    candidates = sorted({at for match in CANDIDATE.finditer(text) for at in range(match.start(), match.end() + 1)})
    allowed = []
    for at in candidates:
        if at >= len(text) or text[at] == " " or at in prohibited:
            continue
        last = at - 1
        while last >= 0 and text[last] == " ":
            last -= 1
        if last >= 0:
            pair = PAIRS[CLASS.get(text[last], 0)][CLASS.get(text[at], 0)]
            if pair == "D" or (pair == "I" and last < at - 1):
                allowed.append(at)
    return allowed


def columns(text: str) -> list[int] | None:
    """The column at which each position of ``text`` starts; None if every
    character takes one column (the column is the position)."""
    if not WIDE.search(text):
        return None
    starts = [0]
    for char in text:
        starts.append(starts[-1] + max(text_width(char), 0))
    return starts


def fill(text: str, allowed: list[int], width: int, start: int = 0) -> list[int]:
    """The positions where GNU gettext breaks ``text`` (libunistring's
    ``ulc_width_linebreaks``) into lines of at most ``width`` columns, the
    first starting at column ``start``: a line ends at the last allowed
    break before the text passes the width; a word longer than a line stays
    whole. ``allowed`` are the positions where it may break (``breaks``)."""
    at_column = columns(text)
    def column(at: int) -> int:
        return at if at_column is None else at_column[at]
    chosen: list[int] = []
    last_break = None
    line = start  # the column where the current piece starts
    piece_start = 0
    for at in [*allowed, len(text)]:
        piece = column(at) - column(piece_start)
        if last_break is not None and line + piece > width:
            chosen.append(last_break)
            line = 0
        last_break, line, piece_start = at, line + piece, at
    return chosen
