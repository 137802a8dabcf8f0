"""Stage 3, update: merge the ``.pot`` templates into the translators'
``locale/<lang>/LC_MESSAGES/*.po`` catalogs.

Translations are kept; a changed source paragraph keeps its old translation,
marked fuzzy with the previous English (``#| msgid``) shown; removed messages
stay as obsolete entries. A re-run on unchanged templates writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from rapidfuzz import fuzz, process

from pipeline.catalogs import (
    ReadOnly,
    catalog_bytes,
    content,
    read_catalog,
    write_atomic,
)
from pipeline.errors import PipelineError
from pipeline.pofile import read_bytes


def new_catalog(template: Catalog, lang: str) -> Catalog:
    """A fresh, empty catalog for ``lang`` with the template's messages."""
    language = Locale.parse(lang).get_display_name("en")
    comment = template.header_comment.splitlines()[1:3]  # Sphinx's copyright and licence lines
    catalog = Catalog(
        locale=lang,
        header_comment="\n".join([f"# {language} translation of {template.project}.", *comment, "#"]),
        project=template.project,
        version=template.version,
        language_team=language,
        creation_date=template.creation_date,
        fuzzy=False,
    )
    catalog.update(template, no_fuzzy_matching=True)
    return without_guessed_flags(catalog, python_format(template))


def python_format(catalog: Catalog) -> set[tuple[object, str | None]]:
    """The messages a file marks ``python-format``."""
    return {(message.id, message.context) for message in catalog if "python-format" in message.flags}


def without_guessed_flags(catalog: Catalog, flagged: set[tuple[object, str | None]]) -> Catalog:
    """Babel marks ``python-format`` every message whose English looks like
    one; keep the flag only where a file had it, as msgfmt would otherwise
    refuse a translation that was never meant as a format."""
    for message in catalog:
        if (message.id, message.context) not in flagged:
            message.flags.discard("python-format")
    return catalog


def revive_obsolete(catalog: Catalog) -> None:
    """An obsolete entry whose message is live again goes: Babel keeps it,
    and msgfmt refuses a message defined twice. Its translation fills the
    live entry if that has none, marked fuzzy for review."""
    for key, old in list(catalog.obsolete.items()):
        live = catalog.get(old.id, old.context)
        if live is None:
            continue
        if has_text(old.string) and not has_text(live.string):
            live.string = old.string
            live.flags.add("fuzzy")
        del catalog.obsolete[key]


def has_text(string: object) -> bool:
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

    def __init__(self, messages: Iterable[Message]) -> None:
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
                                       processor=None, score_cutoff=CUTOFF)
            return self.messages[shortlist[found[2]]] if found else None
        found = process.extractOne(text, self.texts, scorer=fuzz.ratio, processor=None, score_cutoff=CUTOFF)
        return self.messages[found[2]] if found else None


def fuzzy_key(message: Message) -> str:
    """What is compared: the English (singular) text, in lower case, without the context."""
    return (message.id if isinstance(message.id, str) else message.id[0]).lower().strip()


def merge_catalog(current: Catalog, template: Catalog) -> None:
    """Babel's ``Catalog.update`` with its fuzzy matching (difflib, every
    new message against every old one) replaced by ``Similar``: each
    template message not in the catalog takes the translation, translator
    comments and flags of the most similar translated old message, marked
    fuzzy with the old English as previous msgid; the old message is then
    no longer kept as obsolete."""
    old = {(fuzzy_id(message), message.context): message for message in current if message.id}
    new = [message for message in template if message.id and (fuzzy_id(message), message.context) not in old]
    similar = Similar(old.values()) if new else None
    matched = [(message, similar.best(message)) for message in new] if similar else []
    current.update(template, no_fuzzy_matching=True, update_creation_date=False)
    for message, match in matched:
        if match is None:
            continue
        live = current.get(message.id, message.context)
        if live is None:
            continue
        take_translation(live, match)
        current.obsolete.pop(fuzzy_id(match) if match.context is None else (fuzzy_id(match), match.context), None)


def fuzzy_id(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def take_translation(live: Message, old: Message) -> None:
    """What Babel's update gives a fuzzy match: the old translation (fitted
    to the new message's singular or plural form), comments and flags."""
    string = old.string
    if isinstance(live.id, (list, tuple)) and not isinstance(string, (list, tuple)):
        live.string = (string or "", *[""] * (len(live.id) - 1))
    elif not isinstance(live.id, (list, tuple)) and isinstance(string, (list, tuple)):
        live.string = string[0]
    else:
        live.string = string
    if old.user_comments:
        live.user_comments = list(dict.fromkeys(old.user_comments))
    live.flags |= old.flags | {"fuzzy"}
    live.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)


Finish = Callable[[Catalog], Catalog]


def as_is(catalog: Catalog) -> Catalog:
    return catalog


def merged_bytes(template: Catalog, current: Catalog | None, lang: str,
                 finish: Finish = as_is) -> bytes:
    """The PO file a template and the current catalog merge into, passed
    through ``finish`` (which adds the glossary hints).

    If the content did not change, the catalog keeps its dates (the
    template's creation date, today's date and the version of Babel are no
    change, ``catalogs.content``) and is only written as GNU gettext writes
    it: a file msgcat, msgmerge or Poedit wrote comes back unchanged."""
    if current is None:
        return catalog_bytes(finish(new_catalog(template, lang)))
    before = content(current)
    previous = {(m.id, m.context): m.previous_id for m in current if m.id and m.fuzzy and m.previous_id}
    flagged = python_format(template) | python_format(current)
    merge_catalog(current, template)
    without_guessed_flags(current, flagged)
    revive_obsolete(current)
    for message in current:  # Babel forgets the previous msgid of a still-fuzzy message
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get((message.id, message.context), [])
    current = finish(current)
    if content(current) == before:
        return catalog_bytes(current)
    current.creation_date = template.creation_date
    return catalog_bytes(current)


def merge_file(pot: Path, po: Path, lang: str, finish: Finish = as_is,
               memo: Memo | None = None) -> tuple[bytes, bytes]:
    """Read one template and its catalog; return (new bytes, current bytes).
    A catalog that does not exist yet has empty current bytes. A pair the
    ``memo`` has seen merge into the catalog unchanged is not merged again."""
    template_bytes = read_bytes(pot)
    current_bytes = read_bytes(po) if po.exists() else b""
    seen = memo.fingerprint(template_bytes, current_bytes) if memo else ""
    if memo and seen in memo.known:
        memo.unchanged.add(seen)
        return current_bytes, current_bytes
    template = read_catalog(pot, data=template_bytes)
    current = read_catalog(po, locale=lang, data=current_bytes) if current_bytes or po.exists() else None
    try:
        data = merged_bytes(template, current, lang, finish)
    except PipelineError as exc:  # what would be written does not keep the translations
        raise PipelineError(po, exc.message, exc.line) from None
    if memo and data == current_bytes:
        memo.unchanged.add(seen)
    return data, current_bytes


class Memo:
    """The (template, catalog) pairs that merged into an unchanged catalog,
    by the hash of both files' bytes and of what the merge depends on (the
    glossary, this code, the language): a re-run on unchanged templates
    reads and hashes the files, and merges nothing. Only what was read is
    stamped, so a file changed since is merged again."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.key = key
        self.known: set[str] = set()  # from the last run
        self.unchanged: set[str] = set()  # in this run: what is kept
        try:
            stored = json.loads(path.read_bytes()) if path and path.is_file() else {}
        except (OSError, ValueError):
            stored = {}
        if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("unchanged"), list):
            self.known = {str(item) for item in stored["unchanged"]}

    def fingerprint(self, template: bytes, current: bytes) -> str:
        digest = hashlib.sha256(self.key.encode())
        for data in (template, current):
            digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def save(self) -> str | None:
        """Keep what was learnt; a problem (it cannot be written) as one line, or None."""
        if not self.path:
            return None
        try:
            write_atomic(self.path, json.dumps({"key": self.key, "unchanged": sorted(self.unchanged)}).encode())
        except PipelineError as exc:
            return f"{exc}; update will merge every catalog again next time"
        return None


def memo_key(lang: str, inputs: Iterable[Path]) -> str:
    """What a merge depends on besides the two files: the language, the
    files named (the glossary) and this package's code."""
    digest = hashlib.sha256(lang.encode())
    for path in [*inputs, *sorted(Path(__file__).parent.rglob("*.py"))]:
        digest.update(str(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes() if path.is_file() else b"").digest())
    return digest.hexdigest()


def plan(pot_dir: Path, po_dir: Path) -> list[tuple[Path, Path]]:
    """Pair each template with the catalog it updates (same relative name)."""
    return [(pot, po_dir / pot.relative_to(pot_dir).with_suffix(".po")) for pot in sorted(pot_dir.rglob("*.pot"))]


def update(pot_dir: Path, po_dir: Path, lang: str, finish: Finish = as_is, memo: Memo | None = None,
           force: bool = False) -> dict[str, str]:
    """Update every catalog of ``lang``; map each PO path to its status
    (``READ_ONLY`` for a catalog without write permission, left as it is
    unless ``force``).

    All templates and catalogs are read before anything is written, so a
    malformed file stops the run with every file as it was."""
    merged = [(po, *merge_file(pot, po, lang, finish, memo)) for pot, po in plan(pot_dir, po_dir)]
    status: dict[str, str] = {}
    for po, data, current_bytes in merged:
        if data == current_bytes:
            status[str(po)] = "unchanged"
            continue
        try:
            write_atomic(po, data, force)
        except ReadOnly:
            status[str(po)] = READ_ONLY
        else:
            status[str(po)] = "updated" if current_bytes else "created"
    return status


READ_ONLY = "read-only, not written (--force writes it)"
