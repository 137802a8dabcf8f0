"""Unusual and malformed PO catalogs, with GNU msgfmt's verdict on each.

Each case is (bytes, accepted): ``accepted`` is what ``msgfmt --check -o
/dev/null`` (GNU gettext 0.21) answers, recorded so that the tests can also
run where gettext is missing; ``test_pofile`` compares it with msgfmt's live
answer when msgfmt is installed. A deliberate difference is listed in
``STRICTER`` with its reason.
"""

from __future__ import annotations

HEADER = (
    'msgid ""\nmsgstr ""\n'
    '"Project-Id-Version: corpus 1\\n"\n"Report-Msgid-Bugs-To: \\n"\n'
    '"POT-Creation-Date: 2024-01-01 00:00+0000\\n"\n"PO-Revision-Date: 2024-01-02 00:00+0000\\n"\n'
    '"Last-Translator: A Translator <a@example.org>\\n"\n"Language-Team: Spanish <es@example.org>\\n"\n'
    '"Language: es\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def po(body: str, charset: str = "UTF-8", encoding: str = "utf-8") -> bytes:
    """A catalog with a complete header and ``body``."""
    return (HEADER.format(charset=charset) + body).encode(encoding)


PLAIN = 'msgid "Social protection"\nmsgstr "Protección social"\n\nmsgid "benefit"\nmsgstr "prestación"\n'
OBSOLETE = "".join(f'#~ msgid "old {n}"\n#~ msgstr "viejo {n}"\n\n' for n in range(30))
PLURAL = 'msgid "one worker"\nmsgid_plural "%d workers"\nmsgstr[0] "un trabajador"\nmsgstr[1] "%d trabajadores"\n'

CASES: dict[str, tuple[bytes, bool]] = {
    # accepted by msgfmt
    "plain": (po(PLAIN), True),
    "header-only": (po(""), True),
    "crlf": (po(PLAIN).replace(b"\n", b"\r\n"), True),
    "cr-only-no-comments": (po(PLAIN).replace(b"\n", b"\r"), True),
    "no-final-newline": (po(PLAIN).rstrip(b"\n"), True),
    "no-space-after-keyword": (po('msgid"a"\nmsgstr"b"\n'), True),
    "one-line-entry": (po('msgid "a" msgstr "b"\n'), True),
    "form-feed-in-string": (po('msgid "a\fb"\nmsgstr "c\fd"\n'), True),
    "form-feed-between-entries": (po('msgid "a"\nmsgstr "b"\n\f\nmsgid "c"\nmsgstr "d"\n'), True),
    "u0085-u2028-in-strings": (po('msgid "a\u0085b"\nmsgstr "c\u2028d\u2029e"\n'), True),
    "iso-8859-1": (po('msgid "cafe"\nmsgstr "café, año"\n', "ISO-8859-1", "latin-1"), True),
    "iso-8859-1-holding-utf8": (po('msgid "cafe"\nmsgstr "café"\n', "ISO-8859-1"), True),
    "unknown-charset-utf8": (po('msgid "cafe"\nmsgstr "café"\n', "bogus-42"), True),
    "koi8-r": (po('msgid "yes"\nmsgstr "да"\n', "KOI8-R", "koi8-r"), True),
    "no-charset": (b'msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "a"\nmsgstr "caf\xc3\xa9"\n', True),
    "octal-hex-escapes": (po('msgid "cafe"\nmsgstr "caf\\303\\251 \\x41"\n'), True),
    "all-escapes": (po('msgid "x\\n"\nmsgstr "\\t\\"\\\\\\a\\b\\f\\v\\r\\n"\n'), True),
    "backslash-newline": (po('msgid "a"\nmsgstr "b\\\nc"\n'), True),
    "orphan-string-after-blank-line": (po('msgid "a"\nmsgstr "b"\n\n"c"\n'), True),
    "msgctxt": (po('msgctxt "menu"\nmsgid "Open"\nmsgstr "Abrir"\n\nmsgid "Open"\nmsgstr "Abierto"\n'), True),
    "plural": (po(PLURAL), True),
    "plural-index-with-spaces": (po(PLURAL.replace("msgstr[0]", "msgstr [ 0 ]")), True),
    "previous-msgids": (po('#, fuzzy\n#| msgctxt "o"\n#| msgid "old"\n#| msgid_plural "olds"\nmsgid "a"\nmsgstr "b"\n'), True),
    "obsolete-trailer": (po(PLAIN + "\n" + OBSOLETE), True),
    "obsolete-interleaved": (po(OBSOLETE[:190] + PLAIN + "\n" + OBSOLETE[190:]), True),
    "obsolete-previous": (po('#~| msgid "x"\n#~ msgid "a"\n#~ msgstr "b"\n'), True),
    "fuzzy-c-format-mismatch": (po('#, fuzzy, c-format\nmsgid "%s a"\nmsgstr "%d b"\n'), True),
    "c-format-reordered": (po('#, c-format\nmsgid "%s a %d"\nmsgstr "%2$d b %1$s"\n'), True),
    "untranslated-and-fuzzy": (po('msgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "c"\n'), True),
    "newline-ends-untranslated": (po('msgid "a\\n"\nmsgstr ""\n'), True),
    "long-comment-run": (po("".join(f"# note {n}\n" for n in range(2000)) + PLAIN), True),
    "ten-megabyte-string": (po('msgid "big"\nmsgstr "' + "x" * 10_000_000 + '"\n'), True),
    "multiline-strings": (po('msgid ""\n"Two "\n"lines"\nmsgstr ""\n"Dos "\n\n"líneas"\n'), True),
    "tabs-and-spaces": (po('\tmsgid\t"a"\n  msgstr   "b"  \n'), True),
    # refused by msgfmt
    "invalid-escape": (po('msgid "a"\nmsgstr "b\\q"\n'), False),
    "invalid-escape-in-obsolete": (po('#~ msgid "a"\n#~ msgstr "b\\q"\n'), False),
    "invalid-escape-in-previous": (po('#| msgid "old\\q"\nmsgid "a"\nmsgstr "b"\n'), False),
    "duplicate-msgid": (po('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'), False),
    "duplicate-of-obsolete": (po('msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n'), False),
    "nul-byte": (po('msgid "a"\nmsgstr "b\0c"\n'), True),
    "c-format-mismatch": (po('#, c-format\nmsgid "%s a"\nmsgstr "%d b"\n'), False),
    "python-format-mismatch": (po('#, python-format\nmsgid "%(x)s a"\nmsgstr "%(y)s b"\n'), False),
    "newline-mismatch": (po('msgid "a\\n"\nmsgstr "b"\n'), False),
    "plural-too-many-forms": (po(PLURAL + 'msgstr[2] "x"\n'), False),
    "plural-too-few-forms": (po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n'), False),
    "plural-index-gap": (po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n'), False),
    "comment-inside-entry": (po('msgid "a"\n# note\nmsgstr "b"\n'), False),
    "orphan-string-after-comment": (po('msgid "a"\nmsgstr "b"\n# note\n"c"\n'), False),
    "orphan-string-at-start": (b'"orphan"\nmsgid "a"\nmsgstr "b"\n', False),
    "stray-words": (po(PLAIN + "stray words\n"), False),
    "unterminated-string": (po('msgid "a\nmsgstr "b"\n'), False),
    "missing-msgstr": (po('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n'), False),
    "live-and-obsolete-mixed": (po('msgid "a"\n#~ msgstr "b"\n'), False),
    "empty-file": (b"", False),
    "no-header": (b'msgid "a"\nmsgstr "b"\n', False),
    "unknown-charset-not-utf8": (po('msgid "cafe"\nmsgstr "café"\n', "bogus-42", "latin-1"), True),
    "utf8-declared-latin1-bytes": (po('msgid "cafe"\nmsgstr "café"\n', "UTF-8", "latin-1"), False),
    "no-header-non-ascii": (b'msgid "a"\nmsgstr "caf\xc3\xa9"\n', False),
    "byte-order-mark": (b"\xef\xbb\xbf" + po(PLAIN), False),
    "obsolete-interleaved-then-bad": (po(OBSOLETE + PLAIN + "\n" + OBSOLETE.replace("old", "gone").replace("viejo 29", "viejo \\q")), False),
}

# Where this project refuses what msgfmt 0.21 accepts: msgfmt cuts a string
# at a NUL byte, which would lose the rest of the translation.
# The same for a charset Python does not know when the text is not UTF-8:
# msgfmt copies such bytes unread, this project would have to guess.
STRICTER = {"nul-byte", "unknown-charset-not-utf8"}
