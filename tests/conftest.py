"""Shared fixtures: copies of the tiny test project, and the real guide's web
editions, built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import build, enrich, extract, glossary, update
from pipeline.build import JobResult
from pipeline.catalogs import catalog_bytes, read_catalog
from pipeline.files import write_atomic
from pipeline.project import Project

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent


def hints(project: Project) -> update.Finish:
    """Spanish glossary hints, as ``python -m pipeline update`` adds them."""
    return enrich.hinter(glossary.load(project.glossary_dir), "es")


def copy_root(name: str, dest: Path) -> Project:
    """A fresh copy of ``tests/roots/<name>`` as a project."""
    shutil.copytree(ROOTS / name, dest / name, ignore=shutil.ignore_patterns("_build", "*.mo"))
    return Project.load(dest / name)


def translated_root(name: str, tmp_path_factory: pytest.TempPathFactory, spanish: dict[str, str]) -> Project:
    """A copy of ``tests/roots/<name>`` with its Spanish catalogs filled in:
    from ``spanish``, else the English prefixed "ES"."""
    project = copy_root(name, tmp_path_factory.mktemp(name))
    extract.extract(project)
    update.update(project.pot_dir, project.po_dir("es"), "es", update.as_is)
    for path in project.po_dir("es").glob("*.po"):
        catalog = read_catalog(path)
        for message in catalog:
            if message.id:
                message.string = spanish.get(message.id, f"ES {message.id}")
        write_atomic(path, catalog_bytes(catalog))
    return project


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    """An unbuilt copy of the mini project, yours to change."""
    return copy_root("mini", tmp_path)


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[JobResult]]:
    """The mini project after the whole pipeline; read-only for tests."""
    project = copy_root("mini", tmp_path_factory.mktemp("built"))
    extract.extract(project)
    update.update(project.pot_dir, project.po_dir("es"), "es", hints(project))
    return project, build.build(project, project.languages, build.FORMATS)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real guide's two web editions, built once from a copy of this checkout; read-only for tests."""
    root = tmp_path_factory.mktemp("web") / "guide"
    root.mkdir()
    shutil.copy(REPO / "conf.py", root)
    for folder in ("docs", "locale", "glossary"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    project = Project.load(root)
    results = build.build(project, project.languages, ("html",))
    assert [result.problems for result in results if not result.ok] == []
    return project


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """Playwright's driver, for tests/browser.py (imported here only when a browser test runs)."""
    from browser import CHROMIUM
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/testdeps.sh (make test does)")
    with sync_playwright() as driver:
        yield driver
