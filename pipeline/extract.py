"""Stage 1, extract: the Sphinx gettext builder writes one ``.pot`` template
per document into ``_build/gettext/``."""

from __future__ import annotations

from pathlib import Path

from pipeline import freshness
from pipeline.errors import StageFailed
from pipeline.project import Project
from pipeline.sphinxrun import run_sphinx, sphinx_command


def extract(project: Project) -> list[Path]:
    """Write the templates; return them sorted. Sphinx rewrites a template
    only when its messages change, so unchanged sources touch nothing; and
    when nothing it reads changed, Sphinx is not even started."""
    files = [project.root / "conf.py", *freshness.tree(project.docs), *freshness.tree(project.glossary_dir),
             *freshness.tree(Path(__file__).parent / "sphinxext")]
    digest = freshness.digest([path for path in files if path.is_file()], project.root, "gettext")
    stamp = project.build / "stamps" / "gettext.sha256"
    if not freshness.is_fresh(stamp, digest, project.pot_dir):
        cmd = sphinx_command(
            project.root, project.docs, project.pot_dir, project.doctrees("gettext"),
            builder="gettext", language=project.source_language,
        )
        result = run_sphinx(cmd, project.root)
        if not result.ok:
            raise StageFailed("extract", result.problems)
        freshness.mark(stamp, digest)
    return sorted(project.pot_dir.rglob("*.pot"))
