"""The command line, run as users run it: one line per problem, no traceback."""

from __future__ import annotations

import subprocess
import sys

from pipeline.project import Project


def cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project.root, capture_output=True, text=True)


def test_stats_counts_messages_and_words_per_document(mini: Project) -> None:
    result = cli(mini, "stats")
    assert result.returncode == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:]}
    assert rows["index"] == ["100.0%", "2", "0", "0", "7", "0", "0"]
    assert rows["module1"][:4] == ["77.8%", "7", "0", "2"]
    assert rows["TOTAL"][1:4] == ["9", "0", "2"]


def test_unknown_language_is_one_line_and_exit_1(mini: Project) -> None:
    result = cli(mini, "build", "--lang", "fr")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"{mini.root / 'conf.py'}: unknown language 'fr'; guide_languages is ['en', 'es']"]


def test_malformed_catalog_is_reported_at_its_line(mini: Project) -> None:
    po = mini.po_dir("es") / "index.po"
    lines = po.read_text().splitlines()
    lines[20] = 'msgstr "broken'
    po.write_text("\n".join(lines) + "\n")
    result = cli(mini, "stats")
    assert result.returncode == 1
    assert result.stderr == f"{po}:21: malformed line: msgstr \"broken\n"


def test_outside_a_project_says_where_to_run(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "stats"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'conf.py'}: no Sphinx configuration here; run from the project root\n"


def test_build_failure_lists_warnings_and_fails(mini: Project) -> None:
    (mini.docs / "module1.rst").write_text("Module 1\n========\n\nSee :number:`lots`.\n")
    result = cli(mini, "build", "--lang", "en", "--format", "html")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "module1.rst:4" in result.stderr and "invalid :number: value 'lots'" in result.stderr
    assert result.stderr.strip().endswith("build failed (1 problem(s))")
