"""Links from the editors' report into the built edition."""

from __future__ import annotations

from pathlib import Path

from pipeline import pofile
from pipeline.build import JobResult
from pipeline.check.places import Places, sections
from pipeline.project import Project


def test_sections_have_the_ids_sphinx_gives_them(tmp_path: Path) -> None:
    text = "Module 3. Rights\n================\n\nIntro.\n\n.. _m3-first:\n\n3.1 First, part\n---------------\n\nText.\n"
    assert sections(text, tmp_path / "m.rst") == [(2, "module-3-rights"), (9, "first-part")]  # docutils: the underline


def test_a_reference_names_the_page_and_the_section_of_its_line(mini: Project) -> None:
    places = Places(mini.docs, mini.build / "html")
    page = (mini.build / "html" / "es" / "module1.html").resolve().as_uri()
    assert places.page("es", ("../../docs/module1.rst:3",)) == page + "#module-1-introduction"
    assert places.page("es", ("unknown.rst:3", "../../docs/module1.rst:30")).startswith(page + "#")
    assert places.page("es", ("../../docs/missing.rst:3",)) is None
    assert places.page("es", ()) is None


def test_every_reference_of_the_mini_catalogs_links_to_an_existing_anchor(built_mini: tuple[Project, list[JobResult]]) -> None:
    project, _ = built_mini
    places = Places(project.docs, project.build / "html")
    checked = 0
    for path in sorted(project.po_dir("es").glob("*.po")):
        for entry in pofile.read(path).entries:
            address = places.page("es", entry.references)
            if address is None or "#" not in address:
                continue
            page, anchor = address.removeprefix("file://").split("#")
            assert f'id="{anchor}"' in Path(page).read_text(encoding="utf-8"), (entry.references, anchor)
            checked += 1
    assert checked > 10

