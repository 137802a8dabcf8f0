"""Running Sphinx: a failed build stays failed until it is fixed."""

from __future__ import annotations

from pathlib import Path

from pipeline.sphinxrun import run_sphinx, sphinx_command


def test_a_failed_build_fails_again_when_nothing_was_fixed(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('project = "t"\n')
    (tmp_path / "index.rst").write_text("Title\n=====\n\nSee :ref:`no-such-label`.\n")
    cmd = sphinx_command(tmp_path, tmp_path, tmp_path / "_build" / "html", tmp_path / "_build" / "doctrees", "html", "en")
    first = run_sphinx(cmd, tmp_path)
    assert not first.ok and any("no-such-label" in line for line in first.problems)
    again = run_sphinx(cmd, tmp_path)  # Sphinx alone re-reads only changed documents and would pass
    assert not again.ok and again.problems == first.problems
    (tmp_path / "index.rst").write_text("Title\n=====\n\nFixed.\n")
    assert run_sphinx(cmd, tmp_path).ok
