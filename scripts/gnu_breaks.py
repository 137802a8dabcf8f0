"""Measure where GNU msgcat may break a string between two characters, and
print the table of ``pipeline/linebreak.py`` (CLASSES and PAIRS).

For every pair (x, y) of the characters below, msgcat wraps a long string
``a…a x y )…)`` (no break is possible before ``)``) and ``a…a x SP y )…)``:
the line ends after x if a break is allowed there directly, after the space
if only across spaces. Characters with the same answers form a class.
Run: python scripts/gnu_breaks.py > table.txt (needs GNU gettext).
"""

from __future__ import annotations

import itertools
import subprocess
import tempfile
from pathlib import Path

CHARS = "".join(dict.fromkeys(
    [chr(c) for c in range(32, 127)] + [chr(c) for c in range(0xA0, 0x100)]
    + list("‐‑‒–—―‘’‚‛“”„†‡•…‰′″‹›€™−→←≤≥\u200b\u2009\u202f\u2007\u2060\ufeff")))


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def first_lines(texts: list[str]) -> list[str]:
    """The first line msgcat writes of each text (the whole text if one line)."""
    body = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    body += "".join(f'msgctxt "{n}"\nmsgid "{escape(text)}"\nmsgstr ""\n\n' for n, text in enumerate(texts))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probe.po"
        path.write_text(body, encoding="utf-8")
        out = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
    entries = out.split("\n\n")[1:]
    return [([line[1:-1] for line in entry.splitlines() if line.startswith('"')] or [""])[0] for entry in entries]


def main() -> None:
    pairs = list(itertools.product(CHARS, CHARS))
    lead = "a" * 70
    direct = first_lines([lead + x + y + ")" * 25 for x, y in pairs])
    spaced = first_lines([lead + x + " " + y + ")" * 25 for x, y in pairs])
    rule = {x + y: "D" if d == lead + escape(x) else "I" if s == lead + escape(x) + " " else "P"
            for (x, y), d, s in zip(pairs, direct, spaced, strict=True)}
    signature: dict[tuple[str, ...], list[str]] = {}
    for c in CHARS:
        key = (*(rule[c + y] for y in CHARS), *(rule[x + c] for x in CHARS))
        signature.setdefault(key, []).append(c)
    classes = sorted(signature.values(), key=lambda chars: ("a" not in chars, CHARS.index(chars[0])))
    print("CLASSES = (")
    print("".join(f"    {''.join(chars)!r},\n" for chars in classes), end="")
    print(")")
    print("PAIRS = (  # row: the last character before the break (spaces aside); column: the next one")
    print("".join(f'    "{"".join(rule[row[0] + column[0]] for column in classes)}",\n' for row in classes), end="")
    print(")")


if __name__ == "__main__":
    main()
