"""The one PO reader of every stage, following GNU gettext's grammar.

It accepts what ``msgfmt --check`` accepts and refuses, as a
``PipelineError`` at ``path:line``, what msgfmt refuses: the file is decoded
in the charset its header names; strings are tokens, so ``msgid"x"``, one
entry on one line, CR or CRLF line ends, form feeds and a string continued
after a blank line read as msgfmt reads them; escapes (octal and hex ones
included) are msgfmt's; plural entries must have the ``nplurals`` forms of
the header; a duplicate message, a comment inside an entry, a string
without keyword, and a translation whose C or Python placeholders or whose
leading or trailing newline differ from the English are errors. It is
stricter in one place: a NUL byte, at which msgfmt silently cuts the text.

One pass over the text: line by line where each line is one comment, one
keyword with its string or one string (nearly every real file), else token
by token; both give the same entries, and time grows linearly with the
size, whatever the file holds.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import PipelineError

_S = r"[ \t\n\r\f\v]"
_STRING = r'"[^"\\\n]*(?:\\(?:.|\n)[^"\\\n]*)*"'
TOKEN = re.compile(
    rf"(?:(?P<comment>#[^\n]*)"
    rf"|(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:{_S}*\[{_S}*(?P<index>\d+){_S}*\])?)"
    rf"{_S}*(?P<strings>{_STRING}(?:{_S}*{_STRING})*)"
    rf"|(?P<string>{_STRING}(?:{_S}*{_STRING})*)"
    rf"){_S}*", re.DOTALL)
_STRINGS = rf"{_STRING}(?:{_S}*{_STRING})*"
# A plain live entry in one match (the common case; anything else, and any
# error, goes token by token): comments but no #| or #~ lines.
ENTRY = re.compile(
    rf"(?P<comments>(?:#(?![~|])[^\n]*\n{_S}*)*)"
    rf"(?:msgctxt{_S}*(?P<ctx>{_STRINGS}){_S}*)?"
    rf"(?P<keyword>msgid){_S}*(?P<id>{_STRINGS}){_S}*"
    rf"(?:msgid_plural{_S}*(?P<plural>{_STRINGS}){_S}*(?P<forms>(?:msgstr{_S}*\[{_S}*\d+{_S}*\]{_S}*{_STRINGS}{_S}*)+)"
    rf"|msgstr{_S}*(?P<str>{_STRINGS}){_S}*)", re.DOTALL)
ONE_LINE_STRINGS = re.compile(rf'{_STRING}(?:[ \t]*{_STRING})*')
FORM = re.compile(rf"msgstr{_S}*\[{_S}*(\d+){_S}*\]{_S}*({_STRINGS})", re.DOTALL)
SPACE = re.compile(rf"{_S}*")
STRING = re.compile(r'"([^"\\\n]*(?:\\(?:.|\n)[^"\\\n]*)*)"', re.DOTALL)
ESCAPE = re.compile(r'\\(?:([ntbrfva"\\])|([0-7]{1,3})|x([0-9a-fA-F]+)|(\n)|(.))', re.DOTALL)
NO_FLAGS: frozenset[str] = frozenset()
ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", '"': '"', "\\": "\\"}
CHARSET = re.compile(rb"charset=([^\s\\\";]+)", re.IGNORECASE)
FIRST_MSGSTR = re.compile(rb"msgstr")
LANGUAGE = re.compile(r"^Language:[ \t]*([\w@-]*)", re.MULTILINE)
NPLURALS = re.compile(r"^Plural-Forms:.*?nplurals[ \t]*=[ \t]*(\d+)", re.MULTILINE)
C_FORMAT = re.compile(r"%(?:(?P<name>\d+)\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d*))?"
                      r"(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>[diouxXeEfFgGaAcspnm%])")
PYTHON_FORMAT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")
C_TYPES = {"d": "i", "i": "i", "o": "u", "u": "u", "x": "u", "X": "u", "e": "f", "E": "f", "f": "f", "F": "f",
           "g": "f", "G": "f", "a": "f", "A": "f", "c": "c", "s": "s", "p": "p", "n": "n", "m": "m"}
PY_TYPES = {"d": "i", "i": "i", "o": "i", "u": "i", "x": "i", "X": "i", "e": "f", "E": "f", "f": "f", "F": "f",
            "g": "f", "G": "f", "c": "c", "r": "s", "s": "s", "a": "s"}


class Entry(NamedTuple):
    """One entry of a PO file: live, or obsolete (``#~``). A named tuple: the
    reader makes one per entry, and a tuple is made three times faster than
    a frozen dataclass."""

    line: int  # the line of its msgid
    msgctxt: str | None
    msgid: str
    msgid_plural: str
    msgstr: tuple[str, ...]
    flags: frozenset[str]
    comments: tuple[str, ...]  # translator comments ("# ..."), without the "# "
    extracted: tuple[str, ...] = ()  # "#." comments, without the "#. "
    references: tuple[str, ...] = ()  # the words of the "#:" lines
    previous: tuple[str | None, str, str] | None = None  # "#|" msgctxt, msgid, msgid_plural
    obsolete: bool = False
    plural: bool = False  # msgstr[n] rather than msgstr
    msgstr_line: int = 0  # the line of its (first) msgstr: where a finding about the translation points

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
    entries: tuple[Entry, ...]  # the live ones, without the header
    header: Entry | None = None
    obsolete: tuple[Entry, ...] = ()
    nplurals: int | None = None  # from the header's Plural-Forms


@dataclass
class _Pending:
    """What has been read of the entry being parsed."""

    start: int = 0
    comments: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    previous: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    msgstr: list[str] = field(default_factory=list)
    state: str = ""  # the last keyword: "", msgctxt, msgid, msgid_plural, msgstr, msgstr[]
    obsolete: bool | None = None
    line: int = 0
    msgstr_line: int = 0


class Reader:
    """One pass over a decoded PO text."""

    def __init__(self, text: str, path: str, codec: str) -> None:
        self.text = text
        self.path = path
        self.codec = codec
        self.line = 1
        self.entries: list[Entry] = []
        self.obsolete: list[Entry] = []
        self.header: Entry | None = None
        self.seen: dict[tuple[str | None, str], int] = {}
        self.pending = _Pending()

    def error(self, message: str, line: int | None = None) -> PipelineError:
        return PipelineError(self.path, message, line or self.line)

    def unescape(self, strings: str, line: int) -> str:
        """The text of consecutive quoted strings, escapes resolved as msgfmt does."""
        text = "".join(STRING.findall(strings)) if strings.count('"') > 2 else strings[1:-1]
        if "\\" not in text:
            return text
        parts: list[bytes] = []
        numeric = False

        def one(match: re.Match[str]) -> str:
            nonlocal numeric
            simple, octal, hexadecimal, newline, other = match.groups()
            if other is not None:
                raise self.error(f"invalid control sequence \\{other}", line + text.count("\n", 0, match.start()))
            if simple or newline:
                return ESCAPES[simple] if simple else ""
            numeric = True
            parts.append(bytes([int(octal, 8) & 0xFF if octal else int(hexadecimal, 16) & 0xFF]))
            return "\0"
        plain = ESCAPE.sub(one, text)
        if not numeric:
            return plain
        pieces = plain.split("\0")
        data = b"".join(piece.encode(self.codec) + (parts[i] if i < len(parts) else b"") for i, piece in enumerate(pieces))
        try:
            return data.decode(self.codec)
        except UnicodeDecodeError:
            raise self.error(f"an octal or hex escape makes text that is not {self.codec}", line) from None

    def parse(self) -> None:
        text, position, end = self.text, 0, len(self.text)
        space = SPACE.match(text)
        position = space.end() if space else 0
        self.line += text.count("\n", 0, position)
        while position < end:
            pending = self.pending
            fresh = not (pending.previous or pending.comments or pending.extracted or pending.references or pending.flags)
            if (pending.state in ("msgstr", "msgstr[]") or (fresh and not pending.state)) and (entry := ENTRY.match(text, position)) \
                    and self.plain_entry(entry):
                self.line += entry[0].count("\n")
                position = entry.end()
                continue
            match = TOKEN.match(text, position)
            if not match:
                raise self.error(self.stray(position))
            if match["comment"] is not None:
                self.comment(match["comment"])
            elif match["keyword"]:
                self.keyword(match["keyword"], match["index"], match["strings"], obsolete=False, previous=False)
            else:
                raise self.error("a string without keyword before it")
            self.line += match[0].count("\n")
            position = match.end()
        self.finish_entry(end=True)

    def parse_lines(self) -> bool:
        """The common case, line by line (each line one comment, one keyword
        with one string, or one string), about twice as fast as ``parse``;
        False, with nothing kept, at the first line that is anything else
        (an error, or a form only the token grammar reads), for ``parse`` to
        read the whole text. Both give the same entries."""
        entries: list[Entry] = []
        obsolete: list[Entry] = []
        header: list[Entry] = []
        seen: set[tuple[str | None, str]] = set()
        comments: list[str] = []
        extracted: list[str] = []
        references: list[str] = []
        flags: set[str] = set()
        previous: dict[str, str] = {}
        last_previous = ""
        msgctxt: str | None = None
        msgid = plural = ""
        msgstr: list[str] = []
        state = 0  # 0 nothing yet, 1 msgctxt, 2 msgid, 3 msgid_plural, 4 msgstr, 5 msgstr[n]
        in_obsolete: bool | None = None
        line = msgstr_line = 0
        gap = False  # a blank line since the last string: a string after it is for ``parse``

        def string(quoted: str, number: int) -> str | None:
            if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
                return None
            inner = quoted[1:-1]
            if '"' not in inner and "\\" not in inner:
                return inner
            if not ONE_LINE_STRINGS.fullmatch(quoted):
                return None
            try:
                return self.unescape(quoted, number)
            except PipelineError:
                return None

        def finish() -> bool:
            nonlocal comments, extracted, references, flags, previous, msgctxt, msgstr, state, in_obsolete
            key = (msgctxt, msgid)
            if key in seen:
                return False
            seen.add(key)
            entry = Entry(line, msgctxt, msgid, plural, tuple(msgstr), frozenset(flags) if flags else NO_FLAGS,
                          tuple(comments), tuple(extracted), tuple(references),
                          (previous.get("msgctxt"), previous.get("msgid", ""), previous.get("msgid_plural", ""))
                          if previous else None, bool(in_obsolete), state == 5, msgstr_line)
            (obsolete if in_obsolete else header if not msgid and msgctxt is None else entries).append(entry)
            if comments or extracted or references or flags or previous:  # most entries have one of these
                comments, extracted, references, flags, previous = [], [], [], set(), {}
            msgstr, msgctxt, state, in_obsolete = [], None, 0, None
            return True

        for number, line_text in enumerate(self.text.split("\n"), 1):
            text = line_text  # what is left of the line to read
            if not text:
                gap = True
                continue
            first = text[0]
            dead = False
            if first == "#":
                kind = text[1:2]
                if kind == "~" or kind == "|":
                    if text[2:3] != " ":
                        return False
                    dead, text = kind == "~", text[3:]
                    if kind == "|":  # a previous msgctxt, msgid or msgid_plural
                        if text[:1] == '"':
                            value = string(text, number)
                            if value is None or not previous or gap:
                                return False
                            previous[last_previous] += value
                            continue
                        keyword, _, quoted = text.partition(" ")
                        value = string(quoted, number)
                        if value is None or keyword not in ("msgctxt", "msgid", "msgid_plural") or keyword in previous:
                            return False
                        if state >= 4:
                            if not finish():
                                return False
                        elif state:
                            return False
                        previous[keyword] = value
                        last_previous, gap = keyword, False
                        continue
                    first = text[:1]
                else:
                    if state and (state < 4 or not finish()):
                        return False  # a comment inside an entry; a duplicate
                    if kind == ":":  # the commonest comment, read here rather than by ``classify``
                        references += text[2:].split()
                    else:
                        classify(text.rstrip(" \t\f\v"), comments, extracted, references, flags)
                    continue
            if first == '"':
                value = text[1:-1]  # the common case inline: a string with no quote or backslash inside
                if text[-1] != '"' or len(text) < 2 or '"' in value or "\\" in value:
                    value = string(text, number)
                if value is None or gap or not state or in_obsolete is not dead:
                    return False
                if state >= 4:
                    msgstr[-1] += value
                elif state == 2:
                    msgid += value
                elif state == 1:
                    msgctxt = (msgctxt or "") + value
                else:
                    plural += value
                continue
            if first != "m":
                return False
            keyword, _, quoted = text.partition(" ")
            value = quoted[1:-1]
            if quoted[:1] != '"' or quoted[-1:] != '"' or len(quoted) < 2 or '"' in value or "\\" in value:
                value = string(quoted, number)
            if value is None:
                return False
            if keyword in ("msgid", "msgctxt") and state >= 4 and not finish():
                return False
            if in_obsolete is not None and in_obsolete is not dead:
                return False
            in_obsolete, gap = dead, False
            if keyword == "msgid" and state < 2:
                msgid, plural, line, state = value, "", number, 2
            elif keyword == "msgstr" and state == 2:
                msgstr, msgstr_line, state = [value], number, 4
            elif keyword == "msgctxt" and state == 0:
                msgctxt, state = value, 1
            elif keyword == "msgid_plural" and state == 2:
                plural, state = value, 3
            elif keyword == f"msgstr[{len(msgstr)}]" and state in (3, 5):
                msgstr_line = msgstr_line if state == 5 else number
                msgstr.append(value)
                state = 5
            else:
                return False
        if 0 < state < 4 or (state and not finish()):
            return False
        self.entries, self.obsolete, self.header = entries, obsolete, header[0] if header else None
        return True

    def plain_entry(self, match: re.Match[str]) -> bool:
        """Take a plain live entry matched whole; False (nothing taken) if its
        plural forms are out of order, for the token path to report."""
        forms = FORM.findall(match["forms"]) if match["forms"] else None
        if forms and [int(index) for index, _ in forms] != list(range(len(forms))):
            return False
        self.finish_entry()
        line, text, start = self.line, self.text, match.start()
        comments: list[str] = []
        extracted: list[str] = []
        references: list[str] = []
        flags: set[str] = set()
        if match["comments"]:
            for line_text in match["comments"].split("\n"):
                comment = line_text.strip(" \t\r\f\v")
                if comment:
                    classify(comment, comments, extracted, references, flags)
        at = line + text.count("\n", start, match.start("keyword"))
        msgctxt = self.unescape(match["ctx"], line) if match["ctx"] is not None else None
        msgid = self.unescape(match["id"], at)
        if forms is None:
            first = line + text.count("\n", start, match.start("str"))
            msgstr: tuple[str, ...] = (self.unescape(match["str"], first),)
            plural = ""
        else:
            plural = self.unescape(match["plural"], at)
            first = line + text.count("\n", start, match.start("forms"))
            msgstr = tuple(self.unescape(strings, first) for _, strings in forms)
        self.store(Entry(at, msgctxt, msgid, plural, msgstr, frozenset(flags), tuple(comments), tuple(extracted),
                         tuple(references), None, False, forms is not None, first))
        return True

    def stray(self, position: int) -> str:
        word = self.text[position:position + 40].split("\n")[0]
        if word.startswith('"'):
            return "a string not closed on its line"
        if re.match(r"msg(ctxt|id_plural|id|str)", word):
            return f"{word.split()[0] if word.split() else word} without a string, or with one not closed on its line"
        return f"syntax error: {word}"

    def comment(self, comment: str) -> None:
        """One comment line; ``#~`` and ``#|`` lines hold keywords and strings."""
        kind = comment[1:2]
        if kind in ("~", "|"):
            previous = kind == "|" or comment[2:3] == "|"
            obsolete = kind == "~"
            self.inner(comment, 1 + obsolete + (previous and obsolete) + (previous and not obsolete), obsolete, previous)
            return
        pending = self.pending
        if pending.state in ("msgctxt", "msgid", "msgid_plural"):
            raise self.error("missing msgstr", pending.line)
        if pending.state:
            self.finish_entry()
            pending = self.pending
        self.note(comment.rstrip(" \t\r\f\v"), pending)  # as a plain entry's comments are read

    @staticmethod
    def note(comment: str, pending: _Pending) -> None:
        """Keep a comment line (not ``#~`` or ``#|``) for the entry it precedes."""
        classify(comment, pending.comments, pending.extracted, pending.references, pending.flags)

    def inner(self, comment: str, start: int, obsolete: bool, previous: bool) -> None:
        """The keywords and strings of a ``#~`` or ``#|`` line."""
        space = SPACE.match(comment, start)
        position = space.end() if space else start
        while position < len(comment):
            match = TOKEN.match(comment, position)
            if not match or match["comment"] is not None:
                raise self.error(f"syntax error: {comment.strip()[:60]}")
            if match["keyword"]:
                self.keyword(match["keyword"], match["index"], match["strings"], obsolete, previous)
            else:
                self.continuation(match["string"], obsolete, previous)
            position = match.end()

    def continuation(self, strings: str, obsolete: bool, previous: bool) -> None:
        """A string on a ``#~`` or ``#|`` line of its own, continuing the last keyword."""
        pending = self.pending
        if previous:
            if not pending.previous:
                raise self.error("a string without keyword before it")
            last = next(reversed(pending.previous))
            pending.previous[last] += self.unescape(strings, self.line)
            return
        if not pending.state or pending.obsolete != obsolete:
            raise self.error("a string without keyword before it")
        if pending.state.startswith("msgstr"):
            pending.msgstr[-1] += self.unescape(strings, self.line)
        else:
            pending.fields[pending.state] += self.unescape(strings, self.line)

    def keyword(self, keyword: str, index: str | None, strings: str, obsolete: bool, previous: bool) -> None:
        pending = self.pending
        name = "msgstr" if keyword.startswith("msgstr") else keyword
        value = self.unescape(strings, self.line)
        if previous:
            if pending.state.startswith("msgstr"):
                self.finish_entry()
                pending = self.pending
            elif pending.state:
                raise self.error("missing msgstr", pending.line)
            if name == "msgstr" or name in pending.previous:
                raise self.error(f"#| {keyword} where #| msgctxt, msgid or msgid_plural was expected")
            pending.previous[name] = value
            return
        if name in ("msgctxt", "msgid") and pending.state.startswith("msgstr"):
            self.finish_entry()
            pending = self.pending
        if pending.obsolete is not None and pending.obsolete != obsolete:
            raise self.error("inconsistent use of #~ within an entry")
        pending.obsolete = obsolete
        state = pending.state
        if (name, state) in (("msgctxt", ""), ("msgid", ""), ("msgid", "msgctxt"), ("msgid_plural", "msgid")):
            if name == "msgctxt" or not pending.start:
                pending.start = self.line
            if name == "msgid":
                pending.line = self.line
            pending.fields[name] = value
            pending.state = name
        elif name == "msgstr" and index is None and state == "msgid":
            pending.msgstr_line = self.line
            pending.msgstr.append(value)
            pending.state = "msgstr"
        elif name == "msgstr" and index is not None and state in ("msgid_plural", "msgstr[]"):
            if int(index) != len(pending.msgstr):
                raise self.error("plural form has wrong index")
            pending.msgstr_line = pending.msgstr_line or self.line
            pending.msgstr.append(value)
            pending.state = "msgstr[]"
        elif state in ("msgctxt", "msgid", "msgid_plural"):
            raise self.error("missing msgstr", pending.line)
        else:
            raise self.error(f"{keyword} where {'msgctxt or msgid' if not state else 'another keyword'} was expected")

    def finish_entry(self, end: bool = False) -> None:
        pending = self.pending
        if pending.state in ("msgctxt", "msgid", "msgid_plural"):
            raise self.error("missing msgstr", pending.line)
        if not pending.state:
            return
        self.pending = _Pending()
        previous = pending.previous
        entry = Entry(pending.line, pending.fields.get("msgctxt"), pending.fields["msgid"], pending.fields.get("msgid_plural", ""),
                      tuple(pending.msgstr), frozenset(pending.flags), tuple(pending.comments), tuple(pending.extracted),
                      tuple(pending.references),
                      (previous.get("msgctxt"), previous.get("msgid", ""), previous.get("msgid_plural", "")) if previous else None,
                      bool(pending.obsolete), pending.state == "msgstr[]", pending.msgstr_line)
        self.store(entry)

    def store(self, entry: Entry) -> None:
        """Keep a finished entry where it belongs; a second definition is an error."""
        key = (entry.msgctxt, entry.msgid)
        if key in self.seen:
            raise self.error(f"duplicate message definition (first at line {self.seen[key]})", entry.line)
        self.seen[key] = entry.line
        if entry.obsolete:
            self.obsolete.append(entry)
        elif not entry.msgid and entry.msgctxt is None:
            self.header = entry
        else:
            self.entries.append(entry)


def classify(comment: str, comments: list[str], extracted: list[str], references: list[str], flags: set[str]) -> None:
    """Sort one comment line (not ``#~`` or ``#|``) by its kind."""
    kind = comment[1:2]
    if kind == ",":
        flags.update(flag for flag in (part.strip() for part in comment[2:].split(",")) if flag)
    elif kind == ".":
        extracted.append(comment[2:].strip())
    elif kind == ":":
        references.extend(comment[2:].split())
    elif kind in (" ", "", "\r", "\t"):
        comments.append(comment[2:].rstrip("\r") if kind == " " else comment[1:].strip())
    else:
        comments.append(comment[1:].rstrip("\r"))


def check_entry(entry: Entry, nplurals: int | None) -> str | None:
    """What msgfmt --check refuses in a live entry, or None."""
    if entry.plural and any(entry.msgstr):
        if nplurals is None:
            return "plural forms, but the header has no Plural-Forms with nplurals"
        if len(entry.msgstr) != nplurals:
            return f"{len(entry.msgstr)} plural forms where the header's Plural-Forms says nplurals={nplurals}"
    if entry.fuzzy:
        return None
    if not entry.plural and not entry.flags:  # the common case: one string, no format to compare
        msgid, msgstr = entry.msgid, entry.msgstr[0]
        if (msgid[:1] == "\n") != (msgstr[:1] == "\n"):
            return "msgid and msgstr do not both begin with a newline"
        if (msgid[-1:] == "\n") != (msgstr[-1:] == "\n"):
            return "msgid and msgstr do not both end with a newline"
        return None
    for number, msgstr in enumerate(entry.msgstr):
        if not msgstr:
            continue
        source = entry.msgid_plural if number and entry.plural else entry.msgid
        for end, label in ((source[:1], "begin"), (source[-1:], "end")):
            mine = msgstr[:1] if label == "begin" else msgstr[-1:]
            if (end == "\n") != (mine == "\n"):
                return f"msgid and msgstr do not both {label} with a newline"
        for flag, pattern, types in (("c-format", C_FORMAT, C_TYPES), ("python-format", PYTHON_FORMAT, PY_TYPES)):
            if flag in entry.flags:
                problem = format_problem(source, msgstr, pattern, types, entry.plural)
                if problem:
                    return f"{flag}: {problem}"
    return None


def directives(text: str, pattern: re.Pattern[str], types: dict[str, str]) -> dict[str, str]:
    """Argument (position or name) → type of the format directives of ``text``."""
    found: dict[str, str] = {}
    for number, match in enumerate((m for m in pattern.finditer(text) if m["conv"] != "%"), 1):
        size = match.groupdict().get("size") or ""
        found[match["name"] or str(number)] = size + types[match["conv"]]
    return found


def format_problem(source: str, translation: str, pattern: re.Pattern[str], types: dict[str, str],
                   plural: bool) -> str | None:
    """How the placeholders of a translation differ from the source's, or None."""
    mine, theirs = directives(source, pattern, types), directives(translation, pattern, types)
    for name, kind in theirs.items():
        if name not in mine:
            return f"the translation has argument {name} that the English lacks"
        if mine[name] != kind:
            return f"argument {name} is not of the same type in the English and the translation"
    missing = [name for name in mine if name not in theirs]
    if missing and not plural:
        return f"argument {missing[0]} of the English is missing from the translation"
    return None


def parse(text: str, path: str | Path, codec: str = "utf-8") -> PoFile:
    """The entries of decoded PO ``text``; what msgfmt refuses is a ``PipelineError``."""
    if "\0" in text:
        raise PipelineError(path, "a NUL byte (msgfmt would cut the text there)", text.count("\n", 0, text.index("\0")) + 1)
    reader = Reader(text, str(path), codec)
    if "\r" in text or not reader.parse_lines():
        reader = Reader(text, str(path), codec)
        reader.parse()
    header = reader.header
    if header is None:
        raise PipelineError(path, "no header entry (msgid \"\"), which msgfmt --check requires", 1)
    found = NPLURALS.search(header.msgstr[0])
    nplurals = int(found[1]) if found else None
    for entry in reader.entries:
        if entry.plural or entry.msgstr[0]:
            problem = check_entry(entry, nplurals)
            if problem:
                raise PipelineError(path, problem, entry.line)
    language = LANGUAGE.search(header.msgstr[0])
    return PoFile(str(path), language[1] if language else "", tuple(reader.entries), header, tuple(reader.obsolete), nplurals)


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """The text of a PO file and the codec it was decoded with: its header's
    charset; UTF-8 if it names none, or one Python does not know."""
    first = FIRST_MSGSTR.search(data)
    region = data[:data.find(b"msgid", first.end()) if first else 0] if first else b""
    declared = CHARSET.search(region)
    codec = "utf-8"
    if declared:
        try:
            codec = codecs.lookup(declared[1].decode("ascii", "replace")).name
        except LookupError:
            codec = "utf-8"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        name = declared[1].decode("ascii", "replace") if declared else "UTF-8 (no charset in the header)"
        raise PipelineError(path, f"not valid {name} text: {exc.reason} at byte {exc.start}",
                            data.count(b"\n", 0, exc.start) + 1) from None


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; a folder, FIFO, device or unreadable path
    is a ``PipelineError`` (checked before opening, so nothing blocks)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise PipelineError(path, f"cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket")
        raise PipelineError(path, f"not a catalog: {kind}, not a regular file")
    try:
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as handle:
            return handle.read()
    except OSError as exc:
        raise PipelineError(path, f"cannot be read: {exc.strerror}") from None


def loads(data: bytes, path: str | Path) -> PoFile:
    """Parse the bytes of a PO file."""
    text, codec = decode(data, path)
    return parse(text, path, codec)


def read(path: Path) -> PoFile:
    """Parse the PO file at ``path``; an unreadable or malformed one is a ``PipelineError``."""
    return loads(read_bytes(path), path)
