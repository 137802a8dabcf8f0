"""The translation memory: every translation the catalogs of a language
hold, live or obsolete, offered to the entries that have none.

``update`` gives a new or empty entry the translation of the same English
found anywhere (any catalog, obsolete entries included) as it is, and the
translation of a text at least ``NEAR`` % similar as a fuzzy suggestion
naming where it came from. ``tmx_bytes`` exports the memory for CAT tools.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from rapidfuzz import fuzz, process

from pipeline.catalogs import read_catalog


def has_text(string: object) -> bool:
    """Whether a msgstr (one string or plural forms) has any text."""
    return bool(string) if isinstance(string, str) else any(string) if isinstance(string, (tuple, list)) else False


# A changed message takes the translation of the most similar old one if
# they are this similar (gettext's and Babel's threshold): similarity is
# 2 × (characters in common, in order) / (sum of the lengths), which is
# msgmerge's measure and rapidfuzz's ``fuzz.ratio``.
CUTOFF = 60.0
RAREST = 8  # an old message is a candidate if it shares one of the query's rarest words...
SHORTLIST = 16  # ...and is among those sharing the most of them
BUDGET = 2000  # messages named by the rarest words, at most (but all of the rarest one's)


class Similar:
    """Finds, for a changed English text, the most similar translated old
    one, without comparing it with every old message: an index of words
    (lower case) names the old messages that share the text's rarest words,
    and only the few that share most are compared character by character
    (as msgmerge filters by n-grams). A text made only of common words is
    compared with every old message, in rapidfuzz's compiled loop."""

    def __init__(self, messages: Iterable[Message], cutoff: float = CUTOFF) -> None:
        self.cutoff = cutoff
        self.messages = [message for message in messages if message.id and has_text(message.string)]
        self.texts = [fuzzy_key(message) for message in self.messages]
        self.index: defaultdict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(self.texts):
            for word in set(text.split()):
                self.index[word].append(number)
        self.common = max(64, len(self.texts) // 20)  # a word in more old messages than this names too many

    def best(self, message: Message) -> Message | None:
        """The most similar old message (the first of equals), or None if none is similar enough."""
        text = fuzzy_key(message)
        postings = sorted((self.index[word] for word in set(text.split()) if word in self.index), key=len)
        rare: list[list[int]] = []
        for posting in postings[:RAREST]:  # the rarest words, within a budget of messages looked at
            if rare and sum(map(len, rare)) + len(posting) > BUDGET:
                break
            rare.append(posting)
        if rare and len(rare[0]) <= self.common:
            counts = Counter(number for posting in rare for number in posting)
            shortlist = sorted(number for number, _ in counts.most_common(SHORTLIST))
            found = process.extractOne(text, [self.texts[number] for number in shortlist], scorer=fuzz.ratio,
                                       processor=None, score_cutoff=self.cutoff)
            return self.messages[shortlist[found[2]]] if found else None
        found = process.extractOne(text, self.texts, scorer=fuzz.ratio, processor=None, score_cutoff=self.cutoff)
        return self.messages[found[2]] if found else None


def fuzzy_key(message: Message) -> str:
    """What is compared: the English (singular) text, in lower case, without the context."""
    return (message.id if isinstance(message.id, str) else message.id[0]).lower().strip()


NEAR = 80.0  # a translation from elsewhere is offered (fuzzy) if its English is this similar


@dataclass(frozen=True)
class Unit:
    """One translation of the memory: an English text and its translation,
    with the catalog and line it comes from."""

    source: str
    target: str
    path: str
    line: int
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" + (" (obsolete)" if self.obsolete else "")


def units(catalogs: Iterable[tuple[str, Catalog]]) -> list[Unit]:
    """The translated singular entries of the catalogs (named as given), the
    most trustworthy first: live before obsolete, reviewed before fuzzy, then
    in the order of the catalogs and of their entries."""
    found = []
    for name, catalog in catalogs:
        for obsolete, messages in ((False, list(catalog)), (True, list(catalog.obsolete.values()))):
            for message in messages:
                if message.id and isinstance(message.id, str) and isinstance(message.string, str) and message.string:
                    found.append(Unit(message.id, message.string, name, message.lineno or 0, message.fuzzy, obsolete))
    return sorted(found, key=lambda unit: (unit.fuzzy, unit.obsolete))


def catalog_units(po_dir: Path, lang: str) -> list[Unit]:
    """The memory of every catalog under ``po_dir``, named relative to it."""
    return units((str(path.relative_to(po_dir)), read_catalog(path, lang)) for path in sorted(po_dir.rglob("*.po")))


class Memory:
    """Looks up translations for an English text: the same text, or (from
    ``near``) the most similar one at least ``NEAR`` % alike."""

    def __init__(self, found: list[Unit]) -> None:
        self.exact: dict[str, Unit] = {}
        for unit in found:
            if not unit.fuzzy:
                self.exact.setdefault(unit.source, unit)
        self.found = {unit.source: unit for unit in reversed(found)}  # the first of each text
        self.messages = [Message(source, unit.target) for source, unit in self.found.items()]
        self.similar = Similar(self.messages, NEAR) if self.messages else None

    def near(self, text: str) -> tuple[Unit, float] | None:
        """The unit whose English is most similar to ``text``, and how similar (%)."""
        match = self.similar.best(Message(text)) if self.similar else None
        if match is None:
            return None
        return self.found[str(match.id)], fuzz.ratio(fuzzy_key(match), text.lower().strip())


def tmx_bytes(found: Iterable[Unit], source: str, target: str) -> bytes:
    """A TMX 1.4 file of the reviewed translations (not fuzzy), one per
    English text, each noting the catalog and line it comes from."""
    # imported here: update, which imports this module, has no use for it (40 ms)
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=source, targetlanguage=target)
    seen = set()
    for unit in found:
        if unit.fuzzy or unit.source in seen:
            continue
        seen.add(unit.source)
        store.addtranslation(unit.source, source, unit.target, target, unit.where)
    return bytes(store)


def read_tmx(data: bytes) -> list[tuple[str, str]]:
    """The (source, target) pairs of a TMX file."""
    from translate.storage.tmx import tmxfile

    store = tmxfile(data)
    return [(str(unit.source), str(unit.target)) for unit in store.units]
