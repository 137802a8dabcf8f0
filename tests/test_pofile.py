"""The fast PO reader agrees with polib, and reports malformed lines where they are."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from conftest import REPO

from pipeline import pofile
from pipeline.errors import PipelineError

SAMPLE = '''# header comment
msgid ""
msgstr ""
"Language: es\\n"

# ignore-term-missing: a reason
#. Glossary: benefit → prestación
#: docs/a.rst:3
#, fuzzy, python-format
#| msgid "old"
msgctxt "ctx"
msgid ""
"Two "
"lines \\"quoted\\"\\n"
msgstr "Dos líneas"

msgid "one"
msgid_plural "many"
msgstr[0] "uno"
msgstr[1] "muchos"

#~ msgid "obsolete"
#~ msgstr "obsoleto"
'''


def test_entries_texts_flags_comments_and_lines() -> None:
    po = pofile.parse(SAMPLE, "sample.po")
    assert po.language == "es"
    first, second = po.entries
    assert (first.line, first.msgctxt, first.msgid, first.msgstr) == (12, "ctx", 'Two lines "quoted"\n', ("Dos líneas",))
    assert first.flags == {"fuzzy", "python-format"} and first.fuzzy and not first.translated
    assert first.comments == ("ignore-term-missing: a reason",)
    assert (second.line, second.msgid_plural, second.msgstr, second.translated) == (17, "many", ("uno", "muchos"), True)


def test_same_entries_as_polib_on_the_guide_catalogs() -> None:
    for path in sorted((REPO / "locale").rglob("*.po")):
        mine = pofile.read(path).entries
        theirs = [entry for entry in polib.pofile(str(path)) if not entry.obsolete]
        assert [(e.msgid, e.msgstr[0], e.msgctxt) for e in mine] == [(e.msgid, e.msgstr, e.msgctxt) for e in theirs]


@pytest.mark.parametrize(("broken", "line", "message"), [
    ('msgid "a"\nmsgstr "b\n', 2, 'malformed line: msgstr "b'),
    ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 2, "msgid where msgid_plural or msgstr was expected"),
    ('msgid "a"\n\nmsgstr "b"\n', 1, "msgid without msgstr"),
    ('msgid "a"\nmsgstr "b"\nstray words\n', 3, "malformed line: stray words"),
    ('msgid "a"\n', 1, "msgid without msgstr"),
])
def test_malformed_lines_are_reported_where_they_are(broken: str, line: int, message: str) -> None:
    with pytest.raises(PipelineError) as error:
        pofile.parse(SAMPLE + "\n" + broken, "bad.po")
    assert (error.value.line, error.value.message) == (SAMPLE.count("\n") + 1 + line, message)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="cannot be read"):
        pofile.read(tmp_path / "missing.po")
    latin = tmp_path / "latin.po"
    latin.write_bytes(b'msgid "a"\nmsgstr "\xe9"\n')
    with pytest.raises(PipelineError) as error:
        pofile.read(latin)
    assert error.value.line == 2 and "not UTF-8" in error.value.message
