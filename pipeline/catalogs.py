"""Reading and writing PO catalogs, and counting what is translated.

One writer and one line width for every stage (babel, 76 columns, as
sphinx-intl uses), so that re-runs are byte-stable. Writes are atomic.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import astuple, dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, normalize, read_po, unescape, write_po

from pipeline.errors import PipelineError

WIDTH = 76

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"(?:#~ ?)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_STRING}\s*")


def syntax_error(text: str) -> tuple[int, str] | None:
    """The first line that is neither a comment nor a well-quoted PO line.

    Babel's parser silently repairs such lines (an unclosed quote, a stray
    word), which would lose text; this finds them first."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        if stripped.startswith("#~") and stripped[2:].strip()[:1] not in ('"', "m"):
            continue  # an obsolete entry's comment, e.g. "#~| msgid"
        if not _LINE.fullmatch(stripped):
            return number, f"malformed line: {stripped[:60]}"
    return None


def previous_msgids(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Blank out the ``#|`` lines (Babel misreads multi-line ones as comments)
    and return, keyed by the line of the msgid that follows, the previous
    msgid they hold. Blank lines keep every line number where it was."""
    kept, found, block = list(lines), {}, []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#|"):
            block.append(stripped[2:].strip())
            kept[index] = ""
        elif stripped.startswith("msgid ") and block:
            text = " ".join(block)
            if "msgid " in text:
                found[index + 1] = "".join(unescape(s) for s in re.findall(_STRING, text.split("msgid ", 1)[1]))
            block = []
        elif block and not stripped.startswith(("msgctxt", '"')):
            block = []
    return kept, found


def extracted_comments(lines: list[str], msgid_line: int) -> list[str]:
    """The ``#.`` comments of the entry whose msgid is on ``msgid_line``, all
    of them: Babel drops a line that repeats an earlier one, as the wrapped
    tails of two long glossary hints may."""
    index = msgid_line - 2
    while index >= 0 and lines[index].lstrip().startswith(('"', "msgctxt")):
        index -= 1
    block = []
    while index >= 0 and lines[index].startswith("#"):
        block.append(lines[index])
        index -= 1
    return [comment for line in reversed(block) if line.startswith("#.") and (comment := line[2:].strip())]


def read_catalog(path: Path, locale: str | None = None, data: bytes | None = None) -> Catalog:
    """Parse a PO or POT file (or its ``data``, already read); a malformed
    one is a ``PipelineError``."""
    try:
        text = (Path(path).read_bytes() if data is None else data).decode("utf-8")
        problem = syntax_error(text)
        if problem:
            raise PipelineError(path, problem[1], problem[0])
        lines, previous = previous_msgids(text.split("\n"))
        catalog = read_po(io.BytesIO("\n".join(lines).encode("utf-8")), locale=locale, abort_invalid=True)
        for message in catalog:
            if message.lineno in previous:
                message.previous_id = [previous[message.lineno]]
            if message.lineno and message.auto_comments:
                message.auto_comments = extracted_comments(lines, message.lineno)
        return catalog
    except PoFileError as exc:
        raise PipelineError(path, str(exc.args[0]).rsplit(" on ", 1)[0], exc.lineno + 1) from None
    except UnicodeDecodeError as exc:
        raise PipelineError(path, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except (OSError, ValueError) as exc:
        raise PipelineError(path, f"cannot be read: {exc}") from None


def quoted(keyword: str, text: str, prefix: str = "") -> str:
    """``keyword "text"`` wrapped as gettext writes it, each line prefixed."""
    lines = normalize(text, width=WIDTH).split("\n")
    return "".join(f"{prefix}{keyword + ' ' if i == 0 else ''}{line}\n" for i, line in enumerate(lines))


def with_previous(text: str, catalog: Catalog) -> str:
    """Add each fuzzy message's previous msgid as ``#| msgid`` lines.

    Babel writes them as wrapped comments, which can split a quoted string
    across lines (invalid for gettext and Poedit); these are gettext's."""
    for message in catalog:
        if not (message.id and message.fuzzy and message.previous_id):
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        entry = (quoted("msgctxt", message.context) if message.context else "") + quoted("msgid", msgid)
        previous = quoted("msgid", message.previous_id[0], prefix="#| ")
        text = text.replace("\n" + entry, "\n" + previous + entry, 1)
    return text


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


def catalog_bytes(catalog: Catalog) -> bytes:
    """The catalog as this project writes every PO file. ``Generated-By`` is
    left out: it names a library version, and a new version of Babel is no
    change to a translator's file."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH)
    text = GENERATED_BY.sub("", buffer.getvalue().decode(catalog.charset or "utf-8"), count=1)
    return with_previous(text, catalog).encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: a reader sees old or new.
    A file that cannot be written is a ``PipelineError``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PipelineError(path, f"cannot be written: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
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
