"""Stage 1, extract: the Sphinx gettext builder writes one ``.pot`` template
per document into ``_build/gettext/``; the glossary hints are added to them
and they are written as GNU gettext writes them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline import freshness
from pipeline.catalogs import catalog_bytes, read_catalog
from pipeline.errors import StageFailed
from pipeline.files import write_atomic
from pipeline.project import Project
from pipeline.sphinxrun import run_sphinx, sphinx_command


def finished(pots: list[Path], finish: Callable[[Catalog], Catalog]) -> None:
    """Pass each template through ``finish`` (the glossary hints) and write
    it as GNU gettext writes it, if that changes it."""
    for pot in pots:
        data = pot.read_bytes()
        after = catalog_bytes(finish(read_catalog(pot, data=data)), pot)
        if after != data:
            write_atomic(pot, after)


def extract(project: Project, finish: Callable[[Catalog], Catalog] | None = None) -> list[Path]:
    """Write the templates, passed through ``finish`` (which adds the
    glossary hints); return them sorted. Unchanged sources touch nothing;
    and when nothing Sphinx reads changed, it is not even started."""
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
    pots = sorted(project.pot_dir.rglob("*.pot"))
    if finish is not None:
        finished(pots, finish)
    return pots
