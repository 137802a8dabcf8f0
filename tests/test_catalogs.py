"""Reading, writing and counting PO catalogs."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from po_corpus import CASES

from benchmarks.corpus import sources
from pipeline.catalogs import catalog_bytes, catalog_stats, read_catalog, wrapped
from pipeline.errors import PipelineError
from pipeline.files import ReadOnly, write_atomic

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Social protection"
msgstr "Protección social"

#, fuzzy
#| msgid "A benefit"
msgid "A benefit paid"
msgstr "Una prestación"

msgid "Two words \\"quoted\\""
msgstr ""

#~ msgid "Old"
#~ msgstr "Viejo"
'''


def test_stats_count_states_and_words(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO)
    stats = catalog_stats(read_catalog(path, locale="es"))
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (1, 1, 1)
    assert (stats.translated_words, stats.fuzzy_words, stats.untranslated_words) == (2, 3, 3)


@pytest.mark.parametrize("line,bad", [
    ('msgstr "unterminated', 'msgstr "unterminated'),
    ('msgstr "a" "b', 'msgstr "a" "b'),
    ('msgtxt "x"', 'msgtxt "x"'),
    ('"stray \\" quote"x', '"stray \\" quote"x'),
])
def test_syntax_errors_name_the_line(tmp_path: Path, line: str, bad: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text(PO.replace('msgstr "Protección social"', line))
    with pytest.raises(PipelineError) as error:
        read_catalog(path)
    assert error.value.line == 6


def test_a_catalog_reads_back_as_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO)
    catalog = read_catalog(path)
    assert read_catalog(path, data=catalog_bytes(catalog, path))["A benefit paid"].previous_id == ["A benefit"]


def test_a_translation_that_would_not_read_back_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO)
    catalog = read_catalog(path)
    catalog["Social protection"].string = "Protección\0 social"  # msgfmt would cut it at the NUL
    with pytest.raises(PipelineError) as error:
        catalog_bytes(catalog, path)
    assert error.value.path == str(path) and "not written" in error.value.message


def test_non_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes(PO.replace("Protección", "Protecci\xf3n").encode("latin-1"))
    with pytest.raises(PipelineError, match="not valid UTF-8"):
        read_catalog(path)


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text("old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_a_pipe_or_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_atomic(pipe, b"report")
    reader.join(5)
    assert received == [b"report"] and stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_repeated_extracted_comment_lines_survive_a_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "hints.po"
    path.write_text(PO.replace('msgid "Social protection"', "#. Glossary: one → uno / sistema\n#. de protección social\n"
                                 "#. Glossary: two → dos / nivel\n#. de protección social\n#: a.rst:1\nmsgid \"Social protection\""))
    catalog = read_catalog(path)
    assert catalog["Social protection"].auto_comments == [
        "Glossary: one → uno / sistema", "de protección social", "Glossary: two → dos / nivel", "de protección social"]


def test_a_symlinked_catalog_stays_a_link_and_its_target_is_replaced_with_its_mode(tmp_path: Path) -> None:
    other = tmp_path / "other-repo"
    other.mkdir()
    target = other / "es.po"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link = tmp_path / "es.po"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(path.name for path in other.iterdir()) == ["es.po"] and sorted(p.name for p in tmp_path.iterdir()) == ["es.po", "other-repo"]


def test_a_read_only_catalog_is_not_written_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "es.po"
    path.write_bytes(b"old")
    os.chmod(path, 0o444)
    with pytest.raises(ReadOnly) as refused:
        write_atomic(path, b"new")
    assert str(refused.value) == f"{path}: read-only: not written (--force writes it)"
    assert path.read_bytes() == b"old"
    write_atomic(path, b"new", force=True)
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o444


# GNU msgcat is the judge of the writer: the same bytes, and a pass through
# msgcat of what we wrote changes nothing.
MSGCAT = shutil.which("msgcat")
ROOT = Path(__file__).resolve().parent.parent
# Cases of the corpus msgcat accepts whose output we deliberately do not match.
DIFFERENT = {
    "header-only": "msgcat writes nothing for a catalog without messages",
    "previous-msgids": "Babel's messages keep no previous msgctxt (#| msgctxt)",
}


def msgcat(data: bytes, folder: Path) -> bytes | None:
    """What GNU msgcat writes for ``data``; None if it refuses it."""
    assert MSGCAT, "GNU gettext is not installed: run scripts/testdeps.sh (make test does)"
    source = folder / "in.po"
    source.write_bytes(data)
    result = subprocess.run([MSGCAT, str(source)], capture_output=True, check=False)
    return result.stdout if result.returncode == 0 else None


def judged() -> list[tuple[str, bytes]]:
    """Every catalog of the project and of the mini root, the real catalogs
    of the benchmark corpus, and the unusual ones of the PO corpus that are
    in UTF-8 (the writer writes nothing else)."""
    files = [*sorted((ROOT / "locale").rglob("*.po")), *sorted((ROOT / "tests" / "roots").rglob("*.po")), *sources()]
    cases = [(name, data) for name, (data, _) in CASES.items()
             if name not in DIFFERENT and re.search(rb"charset=UTF-8\\n", data, re.IGNORECASE)]
    return [(path.name, path.read_bytes()) for path in files] + cases


def test_catalogs_are_written_byte_for_byte_as_msgcat_writes_them(tmp_path: Path) -> None:
    compared = 0
    for name, data in judged():
        expected = msgcat(data, tmp_path)
        try:
            catalog = read_catalog(tmp_path / name, data=data)
        except PipelineError:
            continue  # refused by the reader: nothing of it is ever written
        if expected is None:
            continue
        written = catalog_bytes(catalog)
        assert written == expected, name
        assert msgcat(written, tmp_path) == written, name
        compared += 1
    assert compared >= 60


@pytest.mark.parametrize("text,lines", [
    ("short", ['msgid "short"']),
    ("", ['msgid ""']),
    ("a\n", ['msgid "a\\n"']),
    ("a\nb", ['msgid ""', '"a\\n"', '"b"']),
    ("word " * 15 + "end", ['msgid ""', '"' + "word " * 15 + '"', '"end"']),  # 75 + 2 quotes: fits at 79 columns
    ("x" * 100, ['msgid "' + "x" * 100 + '"']),  # no place to break: one line
    ("see https://www.ilo.org/" + "a" * 60, ['msgid ""', '"see https://www.ilo.org/"', '"' + "a" * 60 + '"']),
    ('say "' + "y" * 80 + '"', ['msgid ""', '"say "', '"\\"' + "y" * 80 + '\\""']),
])
def test_strings_wrap_where_gnu_gettext_wraps_them(text: str, lines: list[str]) -> None:
    assert wrapped("msgid", text) == lines


def test_editor_headers_are_kept_and_a_changed_field_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO.replace('"Content-Type: text/plain; charset=UTF-8\\n"\n',
                               '"Language-Team: Equipo <es@example.org>\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                               '"X-Generator: Poedit 3.4\\n"\n"X-Poedit-SourceCharset: UTF-8\\n"\n'), encoding="utf-8")
    catalog = read_catalog(path, locale="es")
    text = catalog_bytes(catalog).decode()
    assert '"X-Generator: Poedit 3.4\\n"\n"X-Poedit-SourceCharset: UTF-8\\n"' in text
    assert '"Language-Team: Equipo <es@example.org>\\n"' in text
    catalog.last_translator = "Ana <ana@example.org>"
    text = catalog_bytes(catalog).decode()
    assert '"Last-Translator: Ana <ana@example.org>\\n"' in text and "X-Poedit-SourceCharset" in text
