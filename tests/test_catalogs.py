"""Reading, writing and counting PO catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalogs import catalog_stats, read_catalog, syntax_error, write_atomic
from pipeline.errors import PipelineError

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
def test_syntax_errors_name_the_line(line: str, bad: str) -> None:
    text = PO.replace('msgstr "Protección social"', line)
    assert syntax_error(text) == (6, f"malformed line: {bad}")


def test_valid_file_has_no_syntax_error() -> None:
    assert syntax_error(PO) is None


def test_non_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes(PO.replace("Protección", "Protecci\xf3n").encode("latin-1"))
    with pytest.raises(PipelineError, match="not UTF-8"):
        read_catalog(path)


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text("old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_repeated_extracted_comment_lines_survive_a_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "hints.po"
    path.write_text(PO.replace('msgid "Social protection"', "#. Glossary: one → uno / sistema\n#. de protección social\n"
                                 "#. Glossary: two → dos / nivel\n#. de protección social\n#: a.rst:1\nmsgid \"Social protection\""))
    catalog = read_catalog(path)
    assert catalog["Social protection"].auto_comments == [
        "Glossary: one → uno / sistema", "de protección social", "Glossary: two → dos / nivel", "de protección social"]
