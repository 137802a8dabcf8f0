"""A fast, read-only view of a PO file, for checks that run on every save.

Babel and polib build full catalog objects line by line; the checker only
needs each live entry's texts, flags, translator comments and line. One
regular expression walks the file entry by entry, so a file is parsed in C
speed; anything it cannot walk is a malformed line, reported where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError

_STR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*\n'
_STRS = rf"{_STR}(?:[ \t]*{_STR})*"
ENTRY = re.compile(
    rf"((?P<comments>(?:#[^\n]*\n|[ \t]*\n)*)"
    rf"(?:msgctxt[ \t]+(?P<ctx>{_STRS}))?"
    rf"msgid[ \t]+(?P<id>{_STRS})"
    rf"(?:msgid_plural[ \t]+(?P<plural>{_STRS}))?"
    rf"(?P<strs>(?:msgstr(?:\[\d+\])?[ \t]+{_STRS})+))"
)
TRAILER = re.compile(r"(?:#[^\n]*\n|[ \t]*\n)*\Z")
STRING = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
MSGSTR = re.compile(rf"msgstr(?:\[\d+\])?[ \t]+({_STRS})")
FLAGS = re.compile(r"^#,(.*)$", re.MULTILINE)
TRANSLATOR = re.compile(r"^# ?(?![,.:|~])(.*)$", re.MULTILINE)
ESCAPE = re.compile(r"\\(.)")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
LANGUAGE = re.compile(r"^Language:[ \t]*([\w@-]*)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Entry:
    """One live (not obsolete) entry of a PO file."""

    line: int  # the line of its msgid
    msgctxt: str | None
    msgid: str
    msgid_plural: str
    msgstr: tuple[str, ...]
    flags: frozenset[str]
    comments: tuple[str, ...]  # translator comments ("# ..."), without the "# "

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and not self.fuzzy


@dataclass(frozen=True)
class PoFile:
    path: str
    language: str  # from the header; "" if it names none
    entries: tuple[Entry, ...]  # without the header


def text_of(strings: str) -> str:
    """The text of consecutive quoted strings (each ending its line), unescaped."""
    if strings.count("\n") == 1:
        text = strings.rstrip()[1:-1]
    else:
        text = "".join(STRING.findall(strings))
    return ESCAPE.sub(lambda m: ESCAPES.get(m[1], m[1]), text) if "\\" in text else text


def comment_parts(block: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Flags and translator comments of an entry's comment lines."""
    flags = frozenset(flag.strip() for line in FLAGS.findall(block) for flag in line.split(",")) - {""} \
        if "#," in block else frozenset()
    translator = block.startswith(("# ", "#\n")) or "\n# " in block or "\n#\n" in block
    return flags, tuple(TRANSLATOR.findall(block)) if translator else ()


def parse(text: str, path: str | Path) -> PoFile:
    """The live entries of PO ``text``; a line that is not PO syntax is a
    ``PipelineError`` at that line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    found = ENTRY.findall(text)
    covered = sum(len(groups[0]) for groups in found)
    if not TRAILER.fullmatch(text, covered):
        raise malformed(text, walk(text), path)
    entries: list[Entry] = []
    language = ""
    line = 1
    for whole, comments, ctx, msgid, plural, strs in found:
        at = line + comments.count("\n") + ctx.count("\n")
        line += whole.count("\n")
        if strs.startswith("msgstr "):
            msgstr: tuple[str, ...] = (text_of(strs[7:]),)
        else:
            msgstr = tuple(text_of(string) for string in MSGSTR.findall(strs))
        text_id = text_of(msgid)
        if not text_id and not ctx:
            if not entries:
                header = LANGUAGE.search(msgstr[0])
                language = header[1] if header else ""
            continue
        flags, notes = comment_parts(comments) if "#" in comments else (frozenset(), ())
        entries.append(Entry(at, text_of(ctx) if ctx else None, text_id, text_of(plural) if plural else "",
                             msgstr, flags, notes))
    return PoFile(str(path), language, tuple(entries))


def walk(text: str) -> int:
    """Where entry-by-entry matching of ``text`` first fails."""
    position = 0
    while match := ENTRY.match(text, position):
        position = match.end()
    return position


KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+(.*)")
# Which keyword may follow which: None is the start of an entry.
FOLLOWS = {None: ("msgctxt", "msgid"), "msgctxt": ("msgid",), "msgid": ("msgid_plural", "msgstr"),
           "msgid_plural": ("msgstr",), "msgstr": ("msgstr",)}


def malformed(text: str, position: int, path: str | Path) -> PipelineError:
    """The error for the first line at or after ``position`` that breaks PO syntax."""
    first = text.count("\n", 0, position) + 1
    state: str | None = None
    started = first
    for number, content in enumerate(text[position:].split("\n"), first):
        stripped = content.strip()
        if not stripped or stripped.startswith("#"):
            if state in ("msgctxt", "msgid", "msgid_plural"):
                return PipelineError(path, f"{state} without msgstr", started)
            state = None if state in (None, "msgstr") else state
            continue
        if stripped.startswith('"'):
            if state is None or not STRING.fullmatch(stripped):
                return PipelineError(path, f"malformed line: {stripped[:60]}", number)
            continue
        keyword = KEYWORD.match(stripped)
        if not keyword or not STRING.fullmatch(keyword[2].strip()):
            return PipelineError(path, f"malformed line: {stripped[:60]}", number)
        name = "msgstr" if keyword[1].startswith("msgstr") else keyword[1]
        allowed = FOLLOWS[state] + (FOLLOWS[None] if state == "msgstr" else ())
        if name not in allowed:
            return PipelineError(path, f"{keyword[1]} where {' or '.join(allowed)} was expected", number)
        state, started = name, number
    return PipelineError(path, "unexpected end of file", text.count("\n"))


def read(path: Path) -> PoFile:
    """Parse the PO file at ``path``; an unreadable or malformed one is a ``PipelineError``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineError(path, f"cannot be read: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PipelineError(path, f"not UTF-8 text: {exc.reason} at byte {exc.start}",
                            data.count(b"\n", 0, exc.start) + 1) from None
    return parse(text, path)
