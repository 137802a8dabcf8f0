"""The translation memory: what it holds, what it offers, its TMX export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lxml import etree

from pipeline.memory import NEAR, Memory, catalog_units, read_tmx, tmx_bytes
from pipeline.project import Project

PO = '''msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#, fuzzy
msgid "The benefit is paid."
msgstr "Se paga el beneficio."

msgid "Workers abroad are covered by the scheme of their country."
msgstr "Los trabajadores en el extranjero están cubiertos por el régimen de su país."

msgid "Empty"
msgstr ""
'''
OLD = '''msgid ""
msgstr ""
"Language: es\\n"

#~ msgid "The benefit is paid."
#~ msgstr "Se paga la prestación."
'''


def memory_of(tmp_path: Path) -> Memory:
    (tmp_path / "a.po").write_text(PO, encoding="utf-8")
    (tmp_path / "b.po").write_text(OLD, encoding="utf-8")
    return Memory(catalog_units(tmp_path, "es"))


def test_a_reviewed_translation_beats_a_fuzzy_one_even_if_obsolete(tmp_path: Path) -> None:
    memory = memory_of(tmp_path)
    unit = memory.exact["The benefit is paid."]
    assert (unit.target, unit.where) == ("Se paga la prestación.", "b.po:5 (obsolete)")
    assert "Empty" not in memory.exact


def test_a_near_match_needs_eighty_percent(tmp_path: Path) -> None:
    memory = memory_of(tmp_path)
    found = memory.near("Workers abroad are covered by the scheme of the country.")
    assert found is not None and found[0].line == 10 and NEAR <= found[1] < 100
    assert memory.near("Workers abroad are protected by the pension rules of the host country.") is None


def test_the_tmx_export_reads_back_and_holds_reviewed_translations_once(tmp_path: Path) -> None:
    memory = memory_of(tmp_path)
    data = tmx_bytes(catalog_units(tmp_path, "es"), "en", "es")
    assert sorted(read_tmx(data)) == sorted((unit.source, unit.target) for unit in memory.exact.values())
    tree = etree.fromstring(data)
    assert tree.get("version") == "1.4" and tree.find("header").get("srclang") == "en"
    assert [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tree.iter("tuv")] == ["en", "es"] * 2


def test_tm_command_writes_the_project_memory(mini: Project, tmp_path: Path) -> None:
    out = tmp_path / "es.tmx"
    result = subprocess.run([sys.executable, "-m", "pipeline", "tm", "--tmx", str(out)], cwd=mini.root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    pairs = read_tmx(out.read_bytes())
    expected = {unit.source for unit in catalog_units(mini.po_dir("es"), "es") if not unit.fuzzy}
    assert {source for source, _ in pairs} == expected and len(pairs) == len(expected)
    assert f"tm es: {len(pairs)} translations" in result.stdout
