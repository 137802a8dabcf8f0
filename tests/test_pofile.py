"""The fast PO reader agrees with polib, and reports malformed lines where they are."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import time
from contextlib import suppress
from pathlib import Path

import polib
import pytest
import sphinx
from conftest import REPO
from po_corpus import CASES, STRICTER

from pipeline import pofile
from pipeline.errors import PipelineError

SAMPLE = '''# header comment
msgid ""
msgstr ""
"Language: es\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

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
    assert (first.line, first.msgctxt, first.msgid, first.msgstr) == (13, "ctx", 'Two lines "quoted"\n', ("Dos líneas",))
    assert first.flags == {"fuzzy", "python-format"} and first.fuzzy and not first.translated
    assert first.comments == ("ignore-term-missing: a reason",)
    assert (second.line, second.msgid_plural, second.msgstr, second.translated) == (18, "many", ("uno", "muchos"), True)


def test_same_entries_as_polib_on_the_guide_catalogs() -> None:
    for path in sorted((REPO / "locale").rglob("*.po")):
        mine = pofile.read(path).entries
        theirs = [entry for entry in polib.pofile(str(path)) if not entry.obsolete]
        assert [(e.msgid, e.msgstr[0], e.msgctxt) for e in mine] == [(e.msgid, e.msgstr, e.msgctxt) for e in theirs]


@pytest.mark.parametrize(("broken", "line", "message"), [
    ('msgid "a"\nmsgstr "b\n', 2, "msgstr without a string, or with one not closed on its line"),
    ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 1, "missing msgstr"),
    ('msgid "a"\n# note\nmsgstr "b"\n', 1, "missing msgstr"),
    ('msgid "a"\nmsgstr "b"\nstray words\n', 3, "syntax error: stray words"),
    ('msgid "a"\n', 1, "missing msgstr"),
    ('msgid "a"\nmsgstr "\\q"\n', 2, "invalid control sequence \\q"),
])
def test_malformed_lines_are_reported_where_they_are(broken: str, line: int, message: str) -> None:
    with pytest.raises(PipelineError) as error:
        pofile.parse(SAMPLE + "\n" + broken, "bad.po")
    assert (error.value.line, error.value.message) == (SAMPLE.count("\n") + 1 + line, message)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_reader_gives_msgfmts_verdict(tmp_path: Path, name: str) -> None:
    data, accepted = CASES[name]
    path = tmp_path / f"{name}.po"
    path.write_bytes(data)
    if shutil.which("msgfmt"):
        judged = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, check=False)
        assert (judged.returncode == 0) == accepted, f"the corpus records the wrong verdict for {name}"
    if name in STRICTER:
        accepted = False
    try:
        po = pofile.read(path)
    except PipelineError as error:
        assert not accepted, str(error)
        assert error.line and str(error).startswith(f"{path}:{error.line}: ")
    else:
        assert accepted, f"{name} was accepted"
        assert all(entry.msgid for entry in po.entries)


def test_octal_and_hex_escapes_are_bytes_in_the_files_charset() -> None:
    po = pofile.loads(CASES["octal-hex-escapes"][0], "x.po")
    assert po.entries[0].msgstr == ("café A",)
    assert pofile.loads(CASES["iso-8859-1"][0], "x.po").entries[0].msgstr == ("café, año",)


def test_parsing_time_grows_linearly_with_an_obsolete_trailer() -> None:
    def seconds(count: int) -> float:
        text = CASES["plain"][0].decode() + "".join(f'#~ msgid "old {n}"\n#~ msgstr "viejo {n}"\n\n' for n in range(count))
        gc.collect()
        gc.disable()  # the parser's own time: a collection of the test process's other objects is not its cost
        try:
            start = time.process_time()  # CPU time: a neighbour on the machine is not its cost either
            assert len(pofile.parse(text, "x.po").obsolete) == count
            return time.process_time() - start
        finally:
            gc.enable()
    small, large = min(seconds(5000) for _ in range(5)), min(seconds(20000) for _ in range(5))
    assert large < 8 * small  # four times the trailer: about four times the time, far from sixteen


def test_not_a_catalog(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.po"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.po"
    zero.symlink_to("/dev/zero")
    for path, reason in ((tmp_path, "a folder"), (fifo, "a FIFO"), (zero, "a device")):
        with pytest.raises(PipelineError, match=reason):
            pofile.read(path)
def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="cannot be read"):
        pofile.read(tmp_path / "missing.po")
    latin = tmp_path / "latin.po"
    latin.write_bytes(b'msgid "a"\nmsgstr "\xe9"\n')
    with pytest.raises(PipelineError) as error:
        pofile.read(latin)
    assert error.value.line == 2 and "not valid UTF-8" in error.value.message


def real_catalogs() -> list[Path]:
    """Catalogs nobody wrote for this reader: every PO file the installed packages ship, and the guide's."""
    site = Path(sphinx.__file__).parent.parent
    return sorted([*site.rglob("*.po"), *(REPO / "locale").rglob("*.po")])


def test_the_line_reader_and_the_token_reader_agree() -> None:
    """``parse`` reads the common case line by line and hands anything else to
    the token grammar: on every real catalog and every corpus case, the line
    reader either gives up or gives exactly the token reader's entries."""
    texts = [(str(path), *pofile.decode(path.read_bytes(), path)) for path in real_catalogs()]
    for name, (data, _) in CASES.items():
        with suppress(PipelineError):  # a file that cannot be decoded is never parsed
            texts.append((name, *pofile.decode(data, name)))
    texts += [("comments.po", 'msgid ""\nmsgstr ""\n\n# note  \n#, fuzzy \n#| msgid "old" \nmsgid "a"\nmsgstr "b"\n', "utf-8")]
    read_by_lines = 0
    for name, text, codec in texts:
        try:
            tokens = pofile.Reader(text, name, codec)
            tokens.parse()
        except PipelineError:
            expected = None
        else:
            expected = (tokens.entries, tokens.obsolete, tokens.header)
        lines = pofile.Reader(text, name, codec)
        if "\r" not in text and lines.parse_lines():
            read_by_lines += 1
            assert (lines.entries, lines.obsolete, lines.header) == expected, name
    assert read_by_lines > 0.9 * len(texts)  # the fast path is the common path
