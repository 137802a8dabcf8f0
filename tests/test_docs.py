"""The real guide, built from a copy of this checkout as ``make build`` does."""

from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader

from pipeline import build, extract, update
from pipeline.build import JobResult
from pipeline.catalogs import catalog_stats, read_catalog
from pipeline.project import Project

from conftest import REPO


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, str], list[JobResult]]:
    """A copy of the guide after extract, update and a full build."""
    root = tmp_path_factory.mktemp("guide") / "guide"
    root.mkdir()
    shutil.copy(REPO / "conf.py", root)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    project = Project.load(root)
    extract.extract(project)
    status = update.update(project.pot_dir, project.po_dir("es"), "es")
    return project, status, build.build(project, project.languages, build.FORMATS)


def test_committed_catalogs_are_current(guide) -> None:
    project, status, _ = guide
    assert status and set(status.values()) == {"unchanged"}


def test_guide_builds_without_warnings_in_both_languages(guide) -> None:
    _, _, results = guide
    assert [(r.name, r.problems) for r in results if not r.ok] == []


def test_module_1_is_fully_translated(guide) -> None:
    project, _, _ = guide
    for name in ("index", "module1"):
        stats = catalog_stats(read_catalog(project.po_dir("es") / f"{name}.po", locale="es"))
        assert stats.total > 0 and stats.translated == stats.total, name


def test_spanish_pdf_reads_in_spanish(guide) -> None:
    project, _, _ = guide
    reader = PdfReader(project.pdf_path("es"))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Módulo 1. Introducción" in titles
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "trabajadores migrantes" in text and "protección social" in text
