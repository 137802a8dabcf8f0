"""Reading and writing PO catalogs, and counting what is translated.

One writer for every stage, writing exactly what GNU ``msgcat`` and
``msgmerge`` write (79 columns, the same breaks, the same order), so that
re-runs are byte-stable and a pass through the gettext tools, Poedit or
Weblate changes no byte. Writes are atomic.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from pipeline import linebreak, pofile
from pipeline.errors import PipelineError

PAGE_WIDTH = 79  # GNU gettext's

def to_message(entry: pofile.Entry) -> Message:
    """The Babel message of an entry the reader read."""
    previous = entry.previous
    locations: list[Any] = [location(word) for word in entry.references]  # Babel's own reader gives None lines too
    message = Message((entry.msgid, entry.msgid_plural) if entry.plural else entry.msgid,
                   entry.msgstr if entry.plural else entry.msgstr[0],
                   locations, entry.flags, entry.extracted, entry.comments,
                   ([previous[1], previous[2]] if previous[2] else [previous[1]]) if previous else [],
                   lineno=entry.line, context=entry.msgctxt)
    message.flags = set(entry.flags)  # as read: Babel guesses python-format from the English
    return message


def location(word: str) -> tuple[str, int | None]:
    """``docs/a.rst:12`` as (file, line); a word without a line number is a file."""
    name, _, number = word.rpartition(":")
    return (name, int(number)) if name and number.isdigit() else (word, None)


class FileCatalog(Catalog):
    """A Babel catalog that keeps its file's header fields: those Babel does
    not know (``X-Generator``, ``X-Poedit-*``...), dropped by Babel, and the
    file's order and spelling of every field whose value did not change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.fields: list[tuple[str, str]] = []
        self.read: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _set_fields(self, headers: Iterable[tuple[str, str]]) -> None:
        self.fields = list(headers)
        self._set_mime_headers(self.fields)
        self.read = dict(self._get_mime_headers())

    def _get_fields(self) -> list[tuple[str, str]]:
        now = {name: value for name, value in self._get_mime_headers() if name != "Generated-By"}
        names = {name.lower(): name for name in now}
        fields = []
        for name, value in self.fields:
            known = names.pop(name.lower(), None)
            fields.append((name, now[known] if known and now[known] != self.read.get(known) else value))
        return fields + [(name, now[name]) for name in names.values() if now[name] != self.read.get(name)]

    mime_headers = property(_get_fields, _set_fields)


def to_catalog(po: pofile.PoFile, locale: str | None = None) -> Catalog:
    """A Babel catalog of everything the reader read, to be written in UTF-8."""
    catalog = FileCatalog(locale=locale)
    if po.header is not None:
        catalog[""] = to_message(po.header)
    catalog.charset = "utf-8"
    for entry in po.entries:
        catalog[entry.msgid] = to_message(entry)
    for entry in po.obsolete:
        catalog.obsolete[entry.msgid if entry.msgctxt is None else (entry.msgid, entry.msgctxt)] = to_message(entry)
    return catalog


def read_catalog(path: Path, locale: str | None = None, data: bytes | None = None) -> Catalog:
    """Read a PO or POT file (or its ``data``, already read) with the
    project's reader, the gate to every stage that writes: what it refuses is
    a ``PipelineError`` and nothing is written from it."""
    po = pofile.read(path) if data is None else pofile.loads(data, path)
    try:
        return to_catalog(po, locale)
    except ValueError as exc:  # e.g. a Language header Babel does not know
        raise PipelineError(path, f"the header cannot be used: {exc}", po.header.line if po.header else None) from None


ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
           "\\": "\\\\", '"': '\\"'}
ESCAPE = re.compile('[\a\b\f\n\r\t\v\\\\"]|[^\a\b\f\n\r\t\v\\\\"]+')  # an escaped character, or a run of others
PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def quote(portion: str) -> tuple[str, list[int]]:
    """A ``\\n``-ended portion of a string as a PO file quotes it, and the
    positions where GNU gettext may break it: never inside an escape, nor
    before the closing ``\\n``."""
    pieces, prohibited, at = [], set(), 0
    for char in ESCAPE.findall(portion) if ESCAPE.search(portion) else [portion]:
        piece = ESCAPES.get(char, char)
        if len(piece) > 1 and char in ESCAPES:
            prohibited.add(at + 1)
        pieces.append(piece)
        at += len(piece)
    if portion.endswith("\n"):
        prohibited.add(at - 2)
    text = "".join(pieces)
    return text, linebreak.breaks(text, frozenset(prohibited))


def wrapped(keyword: str, text: str, prefix: str = "", wrap: bool = True) -> list[str]:
    """``keyword "text"`` as GNU gettext writes it (write-po.c, ``wrap``): one
    quoted line per ``\\n``-ended portion, each broken where GNU does
    (``linebreak``) so that no line passes column 79; ``keyword ""`` first
    when the text does not fit on the keyword's line or has several portions."""
    width = (PAGE_WIDTH if wrap else sys.maxsize) - len(prefix) - 2  # the two quotes
    portions = [quote(portion) for portion in PORTION.findall(text)] or [("", [])]
    start = len(keyword) + 1
    if len(portions) == 1 and start <= width and not linebreak.fill(*portions[0], width=width, start=start):
        return [f'{prefix}{keyword} "{portions[0][0]}"']
    lines = [f'{prefix}{keyword} ""']
    for portion, allowed in portions:
        cuts = [0, *linebreak.fill(portion, allowed, width=width), len(portion)]
        lines += [f'{prefix}"{portion[a:b]}"' for a, b in itertools.pairwise(cuts)]
    return lines


def references(locations: Iterable[tuple[str, int | None]]) -> list[str]:
    """``#:`` lines as GNU gettext writes them: a new line when the next
    reference would pass column 79."""
    lines = ["#:"]
    for name, number in locations:
        word = name if number is None else f"{name}:{number}"
        if len(lines[-1]) > 2 and len(lines[-1]) + len(word) + 1 > PAGE_WIDTH:
            lines.append("#:")
        lines[-1] += " " + word
    return lines if len(lines[0]) > 2 else []


# The flags GNU gettext writes after ``fuzzy``, in its order; others follow.
FORMATS = ("c-format", "objc-format", "python-format", "python-brace-format")


def flag_order(flag: str) -> tuple[int, str]:
    name = flag.removeprefix("no-")
    return (FORMATS.index(name) if name in FORMATS else len(FORMATS) + (flag in ("wrap", "no-wrap")), flag)


def entry_lines(message: Message, obsolete: bool = False) -> list[str]:
    """One message's lines, as msgcat writes a live or an obsolete (``#~``) entry."""
    strings = [message.string] if isinstance(message.string, str) else list(message.string or [""])
    flags = sorted((flag for flag in message.flags if flag != "fuzzy"), key=flag_order)
    if message.fuzzy and (strings[0] or obsolete):
        flags.insert(0, "fuzzy")
    wrap = "no-wrap" not in message.flags
    keep = "#~ " if obsolete else ""
    lines = [f"# {comment}" if comment else "#" for text in message.user_comments for comment in text.split("\n")]
    lines += [f"#. {comment}" if comment else "#." for comment in message.auto_comments]
    lines += references(message.locations)
    lines += [f"#, {', '.join(flags)}"] if flags else []
    for keyword, previous in zip(("msgid", "msgid_plural"), message.previous_id, strict=False):
        lines += wrapped(keyword, previous, "#~| " if obsolete else "#| ", wrap)
    if message.context is not None:
        lines += wrapped("msgctxt", message.context, keep, wrap)
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    lines += wrapped("msgid", ids[0], keep, wrap)
    if len(ids) > 1:
        lines += wrapped("msgid_plural", ids[1], keep, wrap)
        for index, string in enumerate(strings):
            lines += wrapped(f"msgstr[{index}]", string, keep, wrap)
    else:
        lines += wrapped("msgstr", strings[0], keep, wrap)
    return lines


def po_text(catalog: Catalog) -> str:
    """The catalog as GNU msgcat writes it: header, live entries, then the
    obsolete entries that have a translation (msgcat drops the others)."""
    # a file's own header as it is (Babel's adds its name and fills in placeholders)
    ours = isinstance(catalog, FileCatalog)
    fields = catalog.mime_headers if ours else [(n, v) for n, v in catalog.mime_headers if n != "Generated-By"]
    comment = (catalog._header_comment if ours else catalog.header_comment) or ""
    header = Message("", "".join(f"{name}: {value}\n" for name, value in fields),
                     flags=["fuzzy"] if catalog.fuzzy else [],
                     user_comments=[line[1:].removeprefix(" ") for line in comment.splitlines()])
    entries = [entry_lines(header)]
    entries += [entry_lines(message) for message in catalog if message.id]
    entries += [entry_lines(message, obsolete=True) for message in catalog.obsolete.values()
                if (message.string if isinstance(message.string, str) else (message.string or [""])[0])]
    return "\n".join("".join(line + "\n" for line in lines) for lines in entries)


# Header fields that say when the template was made and which library wrote
# the file: no change of their own is a reason to rewrite a catalog.
VOLATILE = ("POT-Creation-Date", "Generated-By")
GENERATED_BY = re.compile(r'^"Generated-By: [^"\n]*\\n"\n', re.MULTILINE)


def content(catalog: Catalog) -> tuple[object, ...]:
    """Everything a catalog says except the ``VOLATILE`` header fields: two
    catalogs with the same content are the same file to a translator,
    whatever the date or the version of the library that wrote them.
    Comments are compared as text: a long one read back is several lines."""
    header = tuple((name, value) for name, value in catalog.mime_headers if name not in VOLATILE)
    messages = tuple(
        (m.id, m.context, m.string, tuple(sorted(m.flags)), " ".join(m.auto_comments), " ".join(m.user_comments),
         tuple(m.previous_id), tuple(m.locations))
        for m in (*catalog, *catalog.obsolete.values()))
    return catalog.header_comment, header, messages


def texts(catalog: Catalog) -> Iterator[str]:
    """Every msgid and msgstr of a catalog, obsolete ones included."""
    for message in [*catalog, *catalog.obsolete.values()]:
        for text in (message.id, message.string):
            yield from [text] if isinstance(text, str) else text


def catalog_bytes(catalog: Catalog, path: str | Path = "catalog") -> bytes:
    """The catalog as this project writes every PO file (``po_text``), once
    the project's reader, reading them back, finds every live translation as
    it is in ``catalog``; otherwise a ``PipelineError`` (at the entry whose
    translation would change), and nothing may be written. ``Generated-By``
    is left out: it names a library version, and a new version of Babel is
    no change to a translator's file."""
    data = po_text(catalog).encode("utf-8")
    try:
        written = {(entry.msgctxt, entry.msgid): entry for entry in pofile.loads(data, path).entries}
    except PipelineError as exc:
        raise PipelineError(path, f"not written: what would be written does not read back ({exc.message})", exc.line) from None
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        meant = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        entry = written.get((message.context, msgid))
        got = entry.msgstr if entry else None
        if got is None or got[:len(meant)] != meant or any(got[len(meant):]):
            raise PipelineError(path, "not written: the translation of this entry would not read back as it is",
                                message.lineno or None)
    return data


@dataclass(frozen=True)
class CatalogStats:
    """Counts of messages (and of their English words) by state."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    def __add__(self, other: CatalogStats) -> CatalogStats:
        return CatalogStats(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def catalog_stats(catalog: Catalog) -> CatalogStats:
    """Count the catalog's live messages; fuzzy ones are not translated."""
    counts = [0, 0, 0]
    words = [0, 0, 0]
    for message in catalog:
        if not message.id:
            continue  # the header
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        done = bool(message.string) if isinstance(message.string, str) else all(message.string or ("",))
        state = 1 if message.fuzzy else (0 if done else 2)
        counts[state] += 1
        words[state] += len(msgid.split())
    return CatalogStats(*counts, *words)
