"""What is left to translate, catalog by catalog (as potodo shows it), and
what an ``update`` changed in a catalog.

Plain functions returning data, in text or JSON for people and for the
localization service.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline import pofile


@dataclass(frozen=True)
class Item:
    """An entry left to do: where it is, its state and its English."""

    path: str
    line: int
    state: str  # "untranslated" or "fuzzy"
    words: int  # of the English
    msgid: str


@dataclass(frozen=True)
class Todo:
    """One catalog's entries and what is left to do in it."""

    path: str
    entries: int
    words: int
    items: tuple[Item, ...]

    @property
    def done(self) -> int:
        """Translated entries, in per cent (rounded down: 100 only when all are done)."""
        return 100 * (self.entries - len(self.items)) // self.entries if self.entries else 100

    def count(self, state: str) -> int:
        return sum(1 for item in self.items if item.state == state)


def words(text: str) -> int:
    return len(text.split())


def catalog_todo(path: Path, data: bytes | None = None) -> Todo:
    """The entries of one catalog that are untranslated or fuzzy, in order."""
    po = pofile.read(path) if data is None else pofile.loads(data, path)
    items = tuple(Item(str(path), entry.line, "fuzzy" if entry.fuzzy else "untranslated", words(entry.msgid), entry.msgid)
                  for entry in po.entries if not entry.translated)
    return Todo(str(path), len(po.entries), sum(words(entry.msgid) for entry in po.entries), items)


def todo(paths: Iterable[Path]) -> list[Todo]:
    """Every catalog's to-do list, in the order given."""
    return [catalog_todo(path) for path in paths]


def as_data(todos: list[Todo]) -> list[dict[str, Any]]:
    """Each catalog with its counts and items, as plain data."""
    return [{"path": t.path, "entries": t.entries, "words": t.words, "done": t.done,
             "untranslated": t.count("untranslated"), "fuzzy": t.count("fuzzy"),
             "items": [asdict(item) for item in t.items]} for t in todos]


def as_json(todos: list[Todo]) -> str:
    """Each catalog with its counts and items, as JSON."""
    return json.dumps(as_data(todos), ensure_ascii=False, indent=1) + "\n"


def as_text(todos: list[Todo], limit: int = 60) -> str:
    """One line per catalog with work left, then one per entry
    (``path:line: state, N words: English``), then a total."""
    lines = []
    for t in todos:
        if not t.items:
            continue
        left = sum(item.words for item in t.items)
        lines.append(f"{t.path}: {t.done} % done, {t.count('untranslated')} untranslated, {t.count('fuzzy')} fuzzy "
                     f"({left} words)")
        for item in t.items:
            english = item.msgid if len(item.msgid) <= limit else item.msgid[:limit - 1] + "…"
            lines.append(f"  {item.path}:{item.line}: {item.state}, {item.words} words: {english}")
    items = [item for t in todos for item in t.items]
    lines.append(f"todo: {len(items)} entries ({sum(item.words for item in items)} words) in "
                 f"{sum(1 for t in todos if t.items)} of {len(todos)} catalogs")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Changes:
    """What a merge did to a catalog: entries added without a translation
    (``new``), entries that became fuzzy (a changed text, a suggestion of
    the translation memory) and entries that became obsolete."""

    new: int = 0
    fuzzy: int = 0
    obsolete: int = 0

    def __str__(self) -> str:
        return f"{self.new} new, {self.fuzzy} fuzzy, {self.obsolete} obsolete"


def changes(before: bytes, after: bytes, path: Path) -> Changes:
    """Compare a catalog before and after a merge (``before`` empty for a new one)."""
    old = pofile.loads(before, path) if before else None
    new = pofile.loads(after, path)
    live = {(e.msgctxt, e.msgid): e for e in old.entries} if old else {}
    gone = {(e.msgctxt, e.msgid) for e in old.obsolete} if old else set()
    return Changes(
        new=sum(1 for e in new.entries if (e.msgctxt, e.msgid) not in live and not any(e.msgstr)),
        fuzzy=sum(1 for e in new.entries if e.fuzzy and not ((k := (e.msgctxt, e.msgid)) in live and live[k].fuzzy)),
        obsolete=sum(1 for e in new.obsolete if (e.msgctxt, e.msgid) not in gone))
