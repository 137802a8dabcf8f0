"""The update stage: translations kept, changes fuzzy, re-runs byte-stable."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel.messages.catalog import Message
from conftest import hints

from pipeline import enrich, extract, glossary, update
from pipeline.errors import PipelineError
from pipeline.project import Project


def po_bytes(project: Project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(project.po_dir("es").glob("*.po"))}


def run(project: Project) -> dict[str, str]:
    extract.extract(project)
    return update.update(project.pot_dir, project.po_dir("es"), "es", hints(project))


def test_rerun_on_unchanged_sources_is_byte_identical(mini: Project) -> None:
    before = po_bytes(mini)
    status = run(mini)
    assert set(status.values()) == {"unchanged"}
    assert po_bytes(mini) == before
    # A second extraction in a fresh build folder (new POT-Creation-Date) changes nothing either.
    for pot in mini.pot_dir.glob("*.pot"):
        pot.unlink()
    run(mini)
    assert po_bytes(mini) == before


def test_a_year_later_and_with_another_babel_nothing_is_rewritten(mini: Project) -> None:
    faketime = shutil.which("faketime")
    assert faketime, "faketime is not installed: run scripts/testdeps.sh (make test does)"
    for po in mini.po_dir("es").glob("*.po"):  # as another version of Babel wrote it, long ago
        po.write_bytes(po.read_bytes().replace(b'"Content-Transfer-Encoding: 8bit\\n"\n',
                                               b'"Content-Transfer-Encoding: 8bit\\n"\n"Generated-By: Babel 2.9.1\\n"\n'))
    before = po_bytes(mini)
    outputs = {}
    for command in ("extract", "update", "enrich"):
        result = subprocess.run([faketime, "-f", "+365d", sys.executable, "-m", "pipeline", command], cwd=mini.root,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        outputs[command] = result.stdout
    assert "update es: 0 changed" in outputs["update"] and "enrich: 0 changed" in outputs["enrich"]
    assert po_bytes(mini) == before


def test_changed_paragraph_becomes_fuzzy_and_keeps_translation(mini: Project) -> None:
    source = mini.docs / "module1.rst"
    source.write_text(source.read_text().replace("Social protection is a human right.", "Social protection is a universal human right."))
    status = run(mini)
    assert status[str(mini.po_dir("es") / "module1.po")] == "updated"
    entry = polib.pofile(str(mini.po_dir("es") / "module1.po")).find("Social protection is a universal human right.")
    assert entry is not None and entry.fuzzy
    assert entry.msgstr == "La protección social es un derecho humano."
    assert entry.previous_msgid == "Social protection is a human right."


def test_long_fuzzy_entries_keep_their_previous_msgid_across_reruns(mini: Project) -> None:
    source = mini.docs / "module1.rst"
    old = "Who pays? Everyone: the «contribution» of each worker, in Spain or in Peru, counts."
    source.write_text(source.read_text().replace(old, old.replace("Peru", "Peru or \"elsewhere\"")))
    run(mini)
    po = mini.po_dir("es") / "module1.po"
    first = po.read_bytes()
    entry = next(e for e in polib.pofile(str(po)) if e.msgid.startswith("Who pays?"))
    assert entry.fuzzy and entry.previous_msgid == old
    assert b'#| msgid ""\n#| "Who pays?' in first  # gettext's form, which Poedit and msgfmt read
    assert set(run(mini).values()) == {"unchanged"} and po.read_bytes() == first


def test_translations_are_kept_and_new_text_is_added_empty(mini: Project) -> None:
    source = mini.docs / "module1.rst"
    source.write_text(source.read_text() + "\nA completely new paragraph about remittances.\n")
    run(mini)
    catalog = polib.pofile(str(mini.po_dir("es") / "module1.po"))
    assert catalog.find("1.2 Concepts").msgstr == "1.2 Conceptos"
    new = catalog.find("A completely new paragraph about remittances.")
    assert new is not None and new.msgstr == "" and not new.fuzzy


def test_removed_paragraph_becomes_obsolete_not_lost(mini: Project) -> None:
    source = mini.docs / "module1.rst"
    source.write_text(source.read_text().replace("Social protection is a human right.\n", ""))
    run(mini)
    catalog = polib.pofile(str(mini.po_dir("es") / "module1.po"))
    assert [(e.msgid, e.msgstr) for e in catalog.obsolete_entries()] == [
        ("Social protection is a human right.", "La protección social es un derecho humano.")
    ]


def test_a_paragraph_removed_then_restored_is_defined_once_with_its_translation(mini: Project) -> None:
    source = mini.docs / "module1.rst"
    original = source.read_text()
    source.write_text(original.replace("Social protection is a human right.\n", ""))
    run(mini)
    source.write_text(original)
    run(mini)
    catalog = mini.po_dir("es") / "module1.po"
    entries = [e for e in polib.pofile(str(catalog)) if e.msgid == "Social protection is a human right."]
    assert [(e.msgstr, e.obsolete) for e in entries] == [("La protección social es un derecho humano.", False)]
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog)], check=False).returncode == 0


def test_new_document_gets_a_new_catalog(mini: Project) -> None:
    (mini.docs / "module2.rst").write_text("Module 2. Trends\n================\n\nMigration is growing.\n")
    index = mini.docs / "index.rst"
    index.write_text(index.read_text() + "   module2\n")
    status = run(mini)
    created = mini.po_dir("es") / "module2.po"
    assert status[str(created)] == "created"
    catalog = polib.pofile(str(created))
    assert catalog.metadata["Language"] == "es"
    assert [e.msgid for e in catalog] == ["Module 2. Trends", "Migration is growing."]


def test_malformed_catalog_stops_with_its_line_and_writes_nothing(mini: Project) -> None:
    extract.extract(mini)
    source = mini.docs / "module1.rst"
    source.write_text(source.read_text().replace("1.2 Concepts", "1.2 Ideas"))
    extract.extract(mini)
    broken = mini.po_dir("es") / "index.po"
    broken.write_text(broken.read_text() + '\nmsgid "unterminated\nmsgstr "x"\n')
    before = po_bytes(mini)
    with pytest.raises(PipelineError) as failure:
        update.update(mini.pot_dir, mini.po_dir("es"), "es", hints(mini))
    assert failure.value.path == str(broken) and failure.value.line
    assert po_bytes(mini) == before


def test_written_catalogs_round_trip_through_polib(mini: Project) -> None:
    run(mini)
    for path in mini.po_dir("es").glob("*.po"):
        assert polib.pofile(str(path), wrapwidth=76).percent_translated() > 0


def catalog_of(*entries: tuple[str, str], template: bool = False) -> str:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + ("" if template else '"Language: es\\n"\n')
    return header + "".join(f'\nmsgid "{msgid}"\nmsgstr "{"" if template else msgstr}"\n' for msgid, msgstr in entries)


PARAGRAPHS = [
    ("Remittances sent by migrant workers support their families at home.", "Las remesas sostienen a las familias."),
    ("Bilateral agreements coordinate contributions between two countries.", "Los acuerdos bilaterales coordinan."),
    ("Refugees may be covered by the social insurance of the host country.", "Los refugiados pueden estar cubiertos."),
    ("Portability of benefits lets a worker keep rights when moving abroad.", "La portabilidad de las prestaciones."),
    ("Contents", "Índice"),
    ("Contents of the guide", "Índice de la guía"),
]
REWORDED = {
    PARAGRAPHS[0][0]: "Remittances sent home by migrant workers support their families.",
    PARAGRAPHS[2][0]: "Refugees can be covered by the social insurance schemes of host countries.",
    PARAGRAPHS[5][0]: "Contents of this guide",
}
NEW = ["Statistics on coverage are collected every year by the ILO.", "Annex"]


def test_fuzzy_matches_are_msgmerges(tmp_path: Path) -> None:
    """A reworded paragraph takes the translation of the old one msgmerge
    would give it (fuzzy, previous msgid kept); a new one stays empty."""
    po, pot = tmp_path / "es.po", tmp_path / "t.pot"
    po.write_text(catalog_of(*PARAGRAPHS), encoding="utf-8")
    pot.write_text(catalog_of(*[(REWORDED.get(msgid, msgid), "") for msgid, _ in PARAGRAPHS], *[(n, "") for n in NEW],
                              template=True), encoding="utf-8")
    ours = tmp_path / "ours.po"
    ours.write_bytes(update.merge_file(pot, po, "es")[0])
    theirs = tmp_path / "theirs.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(theirs), str(po), str(pot)], check=True)

    def outcome(path: Path) -> dict[str, tuple[str, bool, str | None]]:
        return {e.msgid: (e.msgstr, e.fuzzy, e.previous_msgid) for e in polib.pofile(str(path))}

    assert outcome(ours) == outcome(theirs)
    assert outcome(ours)[REWORDED[PARAGRAPHS[2][0]]] == (PARAGRAPHS[2][1], True, PARAGRAPHS[2][0])
    assert outcome(ours)[NEW[0]] == ("", False, None)
    assert polib.pofile(str(ours)).obsolete_entries() == []  # each old translation lives on in its fuzzy match


def test_similar_compares_few_candidates_in_a_large_catalog() -> None:
    """The index shortlists: a reworded text finds its original among many
    translated messages that share its common words."""
    filler = [Message(f"the social protection of the workers in country number {n} and region {n * 7}", "x")
              for n in range(2000)]
    original = Message("the portability of pensions between Ecuador and Spain is guaranteed by treaty", "y")
    similar = update.Similar([*filler, original])
    assert similar.best(Message("the portability of pensions between Ecuador and Spain is ensured by treaty")) is original
    assert similar.best(Message("a wholly unrelated sentence about nothing at all")) is None


def test_a_rerun_on_unchanged_files_merges_nothing_and_a_changed_file_is_merged(mini: Project, tmp_path: Path) -> None:
    extract.extract(mini)
    memo = update.Memo(tmp_path / "memo.json", "key")
    assert set(update.update(mini.pot_dir, mini.po_dir("es"), "es", hints(mini), memo).values()) == {"unchanged"}
    assert memo.save() is None
    again = update.Memo(tmp_path / "memo.json", "key")
    assert len(again.known) == len(list(mini.pot_dir.glob("*.pot")))
    assert not update.Memo(tmp_path / "memo.json", "another glossary").known
    po = mini.po_dir("es") / "module1.po"  # a translator's edit, after the memo was written
    po.write_text(po.read_text().replace('msgstr "1.2 Conceptos"', 'msgstr "1.2 Nociones"'))
    source = mini.docs / "module1.rst"
    source.write_text(source.read_text().replace("Social protection is a human right.", "Social protection is a universal human right."))
    extract.extract(mini)
    assert update.update(mini.pot_dir, mini.po_dir("es"), "es", hints(mini), again)[str(po)] == "updated"
    entry = polib.pofile(str(po)).find("Social protection is a universal human right.")
    assert entry is not None and entry.fuzzy and polib.pofile(str(po)).find("1.2 Concepts").msgstr == "1.2 Nociones"


def test_a_memo_that_cannot_be_written_is_one_line(mini: Project, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    memo = update.Memo(tmp_path / "file" / "memo.json", "key")
    update.update(mini.pot_dir, mini.po_dir("es"), "es", hints(mini), memo)
    problem = memo.save()
    assert problem is not None and "\n" not in problem and str(tmp_path / "file" / "memo.json") in problem


def test_a_read_only_catalog_is_left_with_one_line_unless_forced(mini: Project) -> None:
    source = mini.docs / "module1.rst"
    source.write_text(source.read_text().replace("Social protection is a human right.", "Social protection is a universal human right."))
    extract.extract(mini)
    po = mini.po_dir("es") / "module1.po"
    before = po.read_bytes()
    os.chmod(po, 0o444)
    command = [sys.executable, "-m", "pipeline", "update"]
    refused = subprocess.run(command, cwd=mini.root, capture_output=True, text=True, check=False)
    assert refused.returncode == 1 and po.read_bytes() == before
    assert refused.stderr == "locale/es/LC_MESSAGES/module1.po: read-only, not written (--force writes it)\n"
    forced = subprocess.run([*command, "--force"], cwd=mini.root, capture_output=True, text=True, check=False)
    assert forced.returncode == 0, forced.stderr
    assert b"universal" in po.read_bytes() and stat.S_IMODE(po.stat().st_mode) == 0o444


def test_gettext_tools_keep_the_hints_and_update_after_them_changes_no_byte(mini: Project) -> None:
    msgmerge, msgcat = shutil.which("msgmerge"), shutil.which("msgcat")
    assert msgmerge and msgcat, "GNU gettext is not installed: run scripts/testdeps.sh (make test does)"
    extract.extract(mini, enrich.template_hinter(glossary.load(mini.glossary_dir), ("es",)))
    update.update(mini.pot_dir, mini.po_dir("es"), "es", hints(mini))
    assert "#. Glossary: benefit → prestación" in (mini.pot_dir / "module1.pot").read_text(encoding="utf-8")
    ours = po_bytes(mini)
    for po in sorted(mini.po_dir("es").glob("*.po")):  # a translator's msgmerge, then msgcat
        subprocess.run([msgmerge, "--quiet", "--update", "--backup=none", str(po), str(mini.pot_dir / f"{po.stem}.pot")],
                       check=True)
        subprocess.run([msgcat, "-o", str(po), str(po)], check=True)
    theirs = po_bytes(mini)
    assert "#. Glossary: benefit → prestación" in theirs["module1.po"].decode()
    update.update(mini.pot_dir, mini.po_dir("es"), "es", hints(mini))
    assert po_bytes(mini) == theirs
    # msgmerge orders the header its own way and takes the template's date; every entry is as we wrote it
    assert {name: data.split(b"\n\n", 1)[1] for name, data in theirs.items()} == \
        {name: data.split(b"\n\n", 1)[1] for name, data in ours.items()}


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(path)) if not entry.obsolete}


def test_the_authors_edit_keeps_every_translation_that_can_be_kept(mini: Project) -> None:
    """Module 3 edited: one paragraph reworded, one deleted (restored later),
    one moved in from Module 1, one new close to a Module 1 paragraph."""
    module1, module3 = mini.docs / "module1.rst", mini.docs / "module3.rst"
    moved = "Social protection is a human right."
    deleted = "Collect data on migration, as :ref:`m3-facts` explains."
    near = "Who pays? Everyone: the «contribution» of each worker, in Spain or in Chile, counts."
    original3 = module3.read_text()
    module1.write_text(module1.read_text().replace(moved + "\n", ""))
    module3.write_text(original3.replace("family, study and safety.", "family, study, safety and climate.")
                       .replace(deleted, f"{moved}\n\n{near}\n\nA new paragraph."))
    run(mini)
    po1, po3 = mini.po_dir("es") / "module1.po", mini.po_dir("es") / "module3.po"
    got = entries(po3)
    assert got[moved].msgstr == "La protección social es un derecho humano." and not got[moved].fuzzy
    reworded = got["People move for work, family, study, safety and climate."]
    assert reworded.fuzzy and reworded.previous_msgid == "People move for work, family, study and safety."
    suggested = got[near]
    assert suggested.fuzzy and suggested.msgstr.startswith("¿Quién paga?") and "Perú" in suggested.msgstr
    assert suggested.previous_msgid.endswith("in Spain or in Peru, counts.")
    assert suggested.tcomment.startswith("Translation memory: module1.po:") and "% similar" in suggested.tcomment
    assert got["A new paragraph."].msgstr == "" and not got["A new paragraph."].fuzzy
    obsolete = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po3)).obsolete_entries()}
    assert obsolete == {deleted: "Recopilar datos sobre la migración, como explica :ref:`m3-facts`."}
    assert moved in {entry.msgid for entry in polib.pofile(str(po1)).obsolete_entries()}

    module3.write_text(module3.read_text().replace("A new paragraph.", deleted))  # the deleted paragraph is back
    run(mini)
    restored = [entry for entry in polib.pofile(str(po3)) if entry.msgid == deleted]
    assert [(entry.msgstr, entry.fuzzy, entry.obsolete) for entry in restored] == [
        ("Recopilar datos sobre la migración, como explica :ref:`m3-facts`.", False, False)]
    assert set(run(mini).values()) == {"unchanged"}

    extract.extract(mini)
    update.update(mini.pot_dir, mini.po_dir("es"), "es", hints(mini), purge=True)
    assert not [entry for path in (po1, po3) for entry in polib.pofile(str(path)).obsolete_entries()]
    assert entries(po3)[moved].msgstr == "La protección social es un derecho humano."
