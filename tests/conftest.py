"""Shared fixtures: copies of the tiny test project, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import build, enrich, extract, glossary, update
from pipeline.build import JobResult
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
def guide_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real guide's two web editions, built once from a copy of this checkout."""
    root = tmp_path_factory.mktemp("web") / "guide"
    root.mkdir()
    shutil.copy(REPO / "conf.py", root)
    for folder in ("docs", "locale", "glossary"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    project = Project.load(root)
    results = build.build(project, project.languages, ("html",))
    assert [result.problems for result in results if not result.ok] == []
    return project
