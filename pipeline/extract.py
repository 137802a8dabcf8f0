"""Stage 1, extract: the Sphinx gettext builder writes one ``.pot`` template
per document into ``_build/gettext/``."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import StageFailed
from pipeline.project import Project
from pipeline.sphinxrun import run_sphinx, sphinx_command


def extract(project: Project) -> list[Path]:
    """Write the templates; return them sorted. Sphinx rewrites a template
    only when its messages change, so unchanged sources touch nothing."""
    cmd = sphinx_command(
        project.root, project.docs, project.pot_dir, project.doctrees("gettext"),
        builder="gettext", language=project.source_language,
    )
    result = run_sphinx(cmd, project.root)
    if not result.ok:
        raise StageFailed("extract", result.problems)
    return sorted(project.pot_dir.rglob("*.pot"))
