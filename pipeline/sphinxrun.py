"""Run one Sphinx build in its own process.

Each build gets a fresh interpreter: Sphinx merges message catalogs into
process-wide state, so an English and a Spanish build must never share one.
Warnings are errors (``-W``); they come back as ``path:line: WARNING: ...``.
A failed build leaves no saved environment behind: Sphinx re-reads only the
documents that changed, so the warning of an unchanged one would not come
back and the next run would pass with nothing fixed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SphinxRun:
    """What a Sphinx build produced: success and its warning lines."""

    ok: bool
    problems: tuple[str, ...]


def sphinx_command(
    confdir: Path,
    srcdir: Path,
    outdir: Path,
    doctrees: Path,
    builder: str,
    language: str,
    tags: tuple[str, ...] = (),
    overrides: dict[str, str] | None = None,
) -> list[str]:
    """The ``sphinx-build`` argument list for one build."""
    cmd = [
        sys.executable, "-m", "sphinx", "build",
        "-b", builder, "-c", str(confdir), "-d", str(doctrees),
        "-D", f"language={language}", "-W", "--keep-going", "-q", "-N",
    ]
    for tag in tags:
        cmd += ["-t", tag]
    for key, value in (overrides or {}).items():
        cmd += ["-D", f"{key}={value}"]
    return [*cmd, str(srcdir), str(outdir)]


def problem_lines(stderr: str) -> tuple[str, ...]:
    """The lines of Sphinx's stderr that say what went wrong."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    found = [line for line in lines if "WARNING" in line or "ERROR" in line or "CRITICAL" in line]
    if found:
        return tuple(found)
    return tuple(lines[-5:])  # a crash: the end of the report names the cause


def run_sphinx(cmd: list[str], cwd: Path) -> SphinxRun:
    """Run a command from ``sphinx_command`` and collect its problems; if it
    fails, remove its doctrees (``-d``) so that the next run reads every
    document again."""
    proc = subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, text=True)
    ok = proc.returncode == 0
    if not ok:
        shutil.rmtree(cwd / cmd[cmd.index("-d") + 1], ignore_errors=True)
    return SphinxRun(ok=ok, problems=() if ok else problem_lines(proc.stderr))
