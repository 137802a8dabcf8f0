"""Stage 3, update: merge the ``.pot`` templates into the translators'
``locale/<lang>/LC_MESSAGES/*.po`` catalogs.

Translations are kept; a changed source paragraph keeps its old translation,
marked fuzzy with the previous English (``#| msgid``) shown; removed messages
stay as obsolete entries. A re-run on unchanged templates writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from pipeline.catalogs import catalog_bytes, content, read_catalog
from pipeline.errors import PipelineError
from pipeline.files import ReadOnly, write_atomic
from pipeline.memory import Memory, Similar, Unit, has_text, units
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
    live entry if that has none, as it was (fuzzy only if it was), as
    msgmerge revives it."""
    for key, old in list(catalog.obsolete.items()):
        live = catalog.get(old.id, old.context)
        if live is None:
            continue
        if has_text(old.string) and not has_text(live.string):
            live.string = old.string
            if old.fuzzy:
                live.flags.add("fuzzy")
        del catalog.obsolete[key]


def merge_catalog(current: Catalog, template: Catalog, memory: Memory | None = None) -> None:
    """Babel's ``Catalog.update`` with its fuzzy matching (difflib, every
    new message against every old one) replaced by ``Similar``, and the
    translation ``memory`` offered to every entry left without a translation.

    An entry whose English the memory holds as it is gets that translation.
    Otherwise a template message not in the catalog takes the translation,
    translator comments and flags of the most similar translated old message
    of the catalog, marked fuzzy with the old English as previous msgid (the
    old message is then no longer kept as obsolete); failing that, the
    memory's most similar text, if alike enough, as a fuzzy suggestion."""
    old = {(fuzzy_id(message), message.context): message for message in current if message.id}
    new = [message for message in template if message.id and (fuzzy_id(message), message.context) not in old]
    similar = Similar(old.values()) if new else None
    matched = {(fuzzy_id(message), message.context): similar.best(message) for message in new} if similar else {}
    current.update(template, no_fuzzy_matching=True, update_creation_date=False)
    for live in current:
        if not live.id or has_text(live.string):
            continue
        exact = memory.exact.get(fuzzy_id(live)) if memory else None
        match = matched.get((fuzzy_id(live), live.context))
        if exact:
            give(live, exact)
        elif match:
            take_translation(live, match)
            current.obsolete.pop(fuzzy_id(match) if match.context is None else (fuzzy_id(match), match.context), None)
        elif memory and (near := memory.near(fuzzy_id(live))):
            suggest(live, *near)


def give(live: Message, unit: Unit) -> None:
    """The memory's translation of the same English, as it is."""
    live.string = unit.target if isinstance(live.id, str) else (unit.target, *[""] * (len(live.id) - 1))
    if unit.fuzzy:
        live.flags.add("fuzzy")


def suggest(live: Message, unit: Unit, similarity: float) -> None:
    """The memory's translation of a similar English, fuzzy, saying where it
    comes from, with that English as previous msgid."""
    give(live, unit)
    live.flags.add("fuzzy")
    live.previous_id = [unit.source]
    live.user_comments = [*live.user_comments, f"Translation memory: {unit.where}, {similarity:.0f} % similar"]


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


def merged_bytes(template: Catalog, current: Catalog | None, lang: str, finish: Finish = as_is,
                 memory: Memory | None = None, purge: bool = False) -> bytes:
    """The PO file a template and the current catalog merge into, with the
    translation ``memory`` offered to the entries left empty, passed through
    ``finish`` (which adds the glossary hints); without its obsolete entries
    if ``purge``.

    If the content did not change, the catalog keeps its dates (the
    template's creation date, today's date and the version of Babel are no
    change, ``catalogs.content``) and is only written as GNU gettext writes
    it: a file msgcat, msgmerge or Poedit wrote comes back unchanged."""
    if current is None:
        current = new_catalog(template, lang)
        if memory:
            merge_catalog(current, template, memory)
        return catalog_bytes(finish(current))
    before = content(current)
    previous = {(m.id, m.context): m.previous_id for m in current if m.id and m.fuzzy and m.previous_id}
    flagged = python_format(template) | python_format(current)
    merge_catalog(current, template, memory)
    without_guessed_flags(current, flagged)
    revive_obsolete(current)
    if purge:
        current.obsolete.clear()
    for message in current:  # Babel forgets the previous msgid of a still-fuzzy message
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get((message.id, message.context), [])
    current = finish(current)
    if content(current) == before:
        return catalog_bytes(current)
    current.creation_date = template.creation_date
    return catalog_bytes(current)


class Recall:
    """The translation memory of a language's catalogs (every PO file under
    its folder), read only when a merge needs it; ``digest`` names what it
    holds, so that a memo knows when it changed."""

    def __init__(self, po_dir: Path, lang: str) -> None:
        self.po_dir = po_dir
        self.lang = lang
        self.files = {path: read_bytes(path) for path in sorted(po_dir.rglob("*.po"))}
        digest = hashlib.sha256()
        for path, data in self.files.items():
            digest.update(str(path.relative_to(po_dir)).encode() + b"\0" + hashlib.sha256(data).digest())
        self.digest = digest.digest()

    @cached_property
    def memory(self) -> Memory:
        return Memory(units((str(path.relative_to(self.po_dir)), read_catalog(path, self.lang, data))
                            for path, data in self.files.items()))


def merge_file(pot: Path, po: Path, lang: str, finish: Finish = as_is, memo: Memo | None = None,
               recall: Recall | None = None, purge: bool = False) -> tuple[bytes, bytes]:
    """Read one template and its catalog; return (new bytes, current bytes).
    A catalog that does not exist yet has empty current bytes. A pair the
    ``memo`` has seen merge into the catalog unchanged (with the same
    translation memory) is not merged again."""
    template_bytes = read_bytes(pot)
    current_bytes = read_bytes(po) if po.exists() else b""
    seen = memo.fingerprint(template_bytes, current_bytes, recall.digest if recall else b"",
                            b"purge" if purge else b"") if memo else ""
    if memo and seen in memo.known:
        memo.unchanged.add(seen)
        return current_bytes, current_bytes
    template = read_catalog(pot, data=template_bytes)
    current = read_catalog(po, locale=lang, data=current_bytes) if current_bytes or po.exists() else None
    memory = recall.memory if recall else None
    try:
        data = merged_bytes(template, current, lang, finish, memory, purge)
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

    def fingerprint(self, *inputs: bytes) -> str:
        digest = hashlib.sha256(self.key.encode())
        for data in inputs:
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
           force: bool = False, purge: bool = False) -> dict[str, str]:
    """Update every catalog of ``lang``, with the translation memory of all
    of them; map each PO path to its status (``READ_ONLY`` for a catalog
    without write permission, left as it is unless ``force``). ``purge``
    drops the obsolete entries (those without a translation always go).

    All templates and catalogs are read before anything is written, so a
    malformed file stops the run with every file as it was."""
    recall = Recall(po_dir, lang)
    merged = [(po, *merge_file(pot, po, lang, finish, memo, recall, purge)) for pot, po in plan(pot_dir, po_dir)]
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
