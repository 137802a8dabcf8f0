"""A catalog set with the structure of a real translation project, for the benchmarks.

512 Spanish PO files, 57,000+ live entries and about 10 % more obsolete
ones (``#~``, at the end of most files and between entries in some), plural
entries, fuzzy entries with their previous msgid (``#|``), untranslated
entries, and one catalog over 2 MB whose tail is some 20,000 obsolete lines.
The texts are real translations: Sphinx's and its extensions' Spanish
catalogs (interface strings) and the guide's own catalogs (long RST
paragraphs with glossary hints).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import sphinx

from pipeline import pofile

ROOT = Path(__file__).resolve().parent.parent
FILES, ENTRIES, BIG_ENTRIES, BIG_OBSOLETE = 512, 106, 3000, 1200
HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: Corpus 1.0\\n"\n"Language: es\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def sources() -> list[Path]:
    """Real Spanish catalogs: Sphinx's, its extensions', the guide's."""
    site = Path(sphinx.__file__).parent.parent
    return [*sorted(site.glob("sphinx*/**/es/LC_MESSAGES/*.po")), *sorted((ROOT / "locale" / "es").rglob("*.po"))]


def pool() -> list[pofile.Entry]:
    """Their translated singular entries, without format flags (two of them
    are joined into one message below, which would mix placeholders)."""
    return [entry for path in sources() for entry in pofile.read(path).entries
            if entry.translated and not entry.plural and not entry.flags & {"python-format", "c-format"}]


def quote(keyword: str, text: str, prefix: str = "") -> str:
    """``keyword "text"`` with long texts split after spaces, as gettext writes them."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    if len(escaped) < 70:
        return f'{prefix}{keyword} "{escaped}"\n'
    lines, line = [], ""
    for word in escaped.split(" "):
        if line and len(line) + len(word) > 70:
            lines.append(line)
            line = ""
        line += word + " "
    lines.append(line[:-1])
    return f'{prefix}{keyword} ""\n' + "".join(f'{prefix}"{part}"\n' for part in lines)


def entries(messages: Iterator[pofile.Entry], count: int, number: int) -> Iterator[str]:
    """``count`` entries of one file: every tenth fuzzy with its previous
    msgid, every twentieth untranslated, every fifteenth a plural."""
    seen: set[str] = set()
    for index in range(count):
        first, second = next(messages), next(messages)
        msgid, msgstr = first.msgid, first.msgstr[0]
        if len(msgid) < 80 and len(second.msgid) < 80:
            msgid, msgstr = f"{msgid} {second.msgid}", f"{msgstr} {second.msgstr[0]}"
        while msgid in seen:
            msgid, msgstr = f"{msgid} ({index})", f"{msgstr} ({index})"
        seen.add(msgid)
        head = "".join(f"#. {note}\n" for note in first.extracted) + f"#: docs/doc{number}.rst:{index + 1}\n"
        if index % 15 == 7:
            yield (f"{head}{quote('msgid', msgid)}{quote('msgid_plural', msgid + ' (plural)')}"
                   f"{quote('msgstr[0]', msgstr)}{quote('msgstr[1]', msgstr + ' (plural)')}\n")
        elif index % 10 == 0:
            yield f"{head}#, fuzzy\n{quote('msgid', second.msgid, '#| ')}{quote('msgid', msgid)}{quote('msgstr', msgstr)}\n"
        else:
            yield f"{head}{quote('msgid', msgid)}{quote('msgstr', '' if index % 20 == 5 else msgstr)}\n"


def obsolete(messages: Iterator[pofile.Entry], count: int, number: int) -> str:
    return "".join(quote("msgid", f"{entry.msgid} [old {number}.{index}]", "#~ ") + quote("msgstr", entry.msgstr[0], "#~ ") + "\n"
                   for index, entry in zip(range(count), messages, strict=False))


def build(folder: Path) -> list[Path]:
    """Write the catalog set into ``folder``; return the file paths."""
    messages = itertools.cycle(pool())
    paths = []
    for number in range(FILES):
        live = list(entries(messages, BIG_ENTRIES if number == 0 else ENTRIES, number))
        old = obsolete(messages, BIG_OBSOLETE if number == 0 else ENTRIES // 10, number)
        if number % 7 == 3:  # obsolete entries between live ones, as some editors leave them
            body = "".join(live[:ENTRIES // 2]) + old + "".join(live[ENTRIES // 2:])
        else:
            body = "".join(live) + old
        path = folder / f"part{number // 100}" / f"doc{number:03d}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + body, encoding="utf-8")
        paths.append(path)
    return paths
