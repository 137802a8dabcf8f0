"""Reading and writing PO catalogs, and counting what is translated.

One writer and one line width for every stage (babel, 76 columns, as
sphinx-intl uses), so that re-runs are byte-stable. Writes are atomic.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import normalize, write_po

from pipeline import pofile
from pipeline.errors import PipelineError

WIDTH = 76
# Babel's line wrapping takes quadratic time on a run of this many
# characters without a space; a catalog holding one is written unwrapped.
LONG_WORD = re.compile(r"\S{2000,}")

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


def to_catalog(po: pofile.PoFile, locale: str | None = None) -> Catalog:
    """A Babel catalog of everything the reader read, to be written in UTF-8."""
    catalog = Catalog(locale=locale)
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


def quoted(keyword: str, text: str, prefix: str = "", width: int = WIDTH) -> str:
    """``keyword "text"`` wrapped as gettext writes it, each line prefixed."""
    lines = normalize(text, width=width).split("\n")
    return "".join(f"{prefix}{keyword + ' ' if i == 0 else ''}{line}\n" for i, line in enumerate(lines))


def with_previous(text: str, catalog: Catalog, width: int = WIDTH) -> str:
    """Add each fuzzy message's previous msgid as ``#| msgid`` lines.

    Babel writes them as wrapped comments, which can split a quoted string
    across lines (invalid for gettext and Poedit); these are gettext's. The
    entries are written in the catalog's order, so one pass finds them all."""
    pieces = []
    start = 0
    for message in catalog:
        if not (message.id and message.fuzzy and message.previous_id):
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        entry = "\n" + (quoted("msgctxt", message.context, width=width) if message.context else "") \
            + quoted("msgid", msgid, width=width)
        at = text.find(entry, start)
        if at < 0:
            continue
        pieces += [text[start:at + 1], quoted("msgid", message.previous_id[0], prefix="#| ", width=width)]
        start = at + 1
    return "".join([*pieces, text[start:]])


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
    """The catalog as this project writes every PO file, once the project's
    reader, reading them back, finds every live translation as it is in
    ``catalog``; otherwise a ``PipelineError`` (at the entry whose
    translation would change), and nothing may be written. ``Generated-By``
    is left out: it names a library version, and a new version of Babel is
    no change to a translator's file."""
    buffer = io.BytesIO()
    width = 0 if any(LONG_WORD.search(text) for text in texts(catalog)) else WIDTH
    write_po(buffer, catalog, width=width)
    text = GENERATED_BY.sub("", buffer.getvalue().decode(catalog.charset or "utf-8"), count=1)
    data = with_previous(text, catalog, width).encode("utf-8")
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


class ReadOnly(PipelineError):
    """A file without write permission, left as it is."""

    def __init__(self, path: str | Path, message: str = "read-only: not written (--force writes it)",
                 line: int | None = None) -> None:
        super().__init__(path, message, line)


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step: a reader sees old or new.
    A symbolic link stays a link: its target is replaced (in the target's
    folder, so still in one step). The file keeps its permissions; a file
    without write permission is ``ReadOnly`` unless ``force``. A device or
    pipe (``-o /dev/null``, ``/dev/stdout``) is written to, never replaced.
    A file that cannot be written is a ``PipelineError``."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise PipelineError(path, f"cannot be written: {exc.strerror}") from None
        return
    if mode is not None and not force and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise ReadOnly(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PipelineError(path, f"cannot be written: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PipelineError(path, f"cannot be written: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
