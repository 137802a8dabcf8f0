"""Time each phase of the pipeline on a copy of the guide.

Prints seconds for: extract, update, HTML en/es, PDF en/es (each alone,
cold: the book, its printer's variant and the module PDFs of one language;
target 20 s), the full parallel build (cold), a no-op rebuild of everything,
and a no-op ``python -m pipeline all`` as ``make build`` runs it (target 3 s).
Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_build.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline import build, enrich, extract, glossary, update
from pipeline.project import Project

REPO = Path(__file__).resolve().parent.parent


def fresh_copy(dest: Path) -> Project:
    dest.mkdir(parents=True)
    shutil.copy(REPO / "conf.py", dest)
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "locale", dest / "locale", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copytree(REPO / "glossary", dest / "glossary")
    return Project.load(dest)


def timed(label: str, action) -> None:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    failed = [r for r in result if not r.ok] if isinstance(result, list) and result and hasattr(result[0], "ok") else []
    print(f"{label:<34} {seconds:7.2f} s" + (f"  FAILED: {[r.name for r in failed]}" if failed else ""))


def hints(project: Project) -> update.Finish:
    return enrich.hinter(glossary.load(project.glossary_dir), "es")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        solo = fresh_copy(Path(tmp) / "solo")
        timed("extract (cold)", lambda: extract.extract(solo))
        timed("update", lambda: update.update(solo.pot_dir, solo.po_dir("es"), "es", hints(solo)))
        for fmt in ("html", "pdf"):
            for lang in solo.languages:
                timed(f"{fmt} {lang} (cold, alone)", lambda f=fmt, la=lang: build.build(solo, (la,), (f,), workers=1))
        full = fresh_copy(Path(tmp) / "full")
        extract.extract(full)
        update.update(full.pot_dir, full.po_dir("es"), "es", hints(full))
        timed("all formats, both languages (cold)", lambda: build.build(full, full.languages, build.FORMATS))
        timed("no-op rebuild of everything", lambda: build.build(full, full.languages, build.FORMATS))
        timed("no-op extract + update", lambda: (extract.extract(full), update.update(full.pot_dir, full.po_dir("es"), "es", hints(full))))
        command = [sys.executable, "-m", "pipeline", "all"]
        first = subprocess.run(command, cwd=full.root, capture_output=True, text=True, check=False)  # stamps, check cache
        if first.returncode:
            print(f"pipeline all failed ({first.returncode}): {first.stderr.strip().splitlines()[-1:]}")
            return
        timed("no-op `make build` (pipeline all)", lambda: subprocess.run(command, cwd=full.root, capture_output=True, check=True))


if __name__ == "__main__":
    main()
