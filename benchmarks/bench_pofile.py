"""The PO reader and the checker on a realistic catalog set (``corpus.py``),
side by side with polib and translate-toolkit's ``pofilter``, in one run.

Prints: the 1×/2×/4× growth of parsing time (the whole set, each file's
entries repeated; and the 2 MB catalog with its obsolete tail); a cold
``python -m pipeline check`` against ``pofilter`` (all default checks) and
against reading the files with polib; a re-run with nothing changed; a
re-run after one file was saved. The check's runs are each made three
times (the median counts, every run is printed); pofilter's, which takes
half a minute, once. Asserts nothing.

Needs the ``bench`` extra (``pip install -e '.[bench]'``) for pofilter.
Run with ``.venv/bin/python benchmarks/bench_pofile.py``.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib
from corpus import build
from timing import timed

from pipeline import pofile

ROOT = Path(__file__).resolve().parent.parent
MSGID = re.compile(r'^(#~ )?msgid "', re.MULTILINE)


def scaled(text: str, times: int) -> str:
    """The catalog with its entries repeated ``times`` times (each copy in a context of its own)."""
    header, _, body = text.partition("\n\n")
    copies = [body, *(MSGID.sub(lambda m, n=n: f'{m[1] or ""}msgctxt "copy {n}"\n{m[0]}', body) for n in range(1, times))]
    return header + "\n\n" + "\n".join(copies)


def growth(label: str, texts: list[str]) -> None:
    """Parsing time of ``texts`` at 1×, 2× and 4× their size."""
    print(f"\n{label}: parsing time as the size grows")
    print(f"{'size':>6} {'MB':>8} {'entries':>9} {'seconds':>9} {'µs/entry':>9}")
    for times in (1, 2, 4):
        bigger = [scaled(text, times) for text in texts]
        start = time.perf_counter()
        parsed = [pofile.parse(text, "x.po") for text in bigger]
        seconds = time.perf_counter() - start
        count = sum(len(po.entries) + len(po.obsolete) for po in parsed)
        size = sum(len(text.encode()) for text in bigger) / 1e6
        print(f"{times:>5}× {size:8.1f} {count:9} {seconds:9.3f} {seconds / count * 1e6:9.2f}")


def cpu() -> float:
    """CPU seconds used by this process's finished children (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(label: str, command: list[str], cwd: Path = ROOT) -> float:
    """Run ``command``; print and return its wall-clock time (its CPU time is printed too:
    on a busy machine the wall clock also counts other programs' turns)."""
    start, used = time.perf_counter(), cpu()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    print(f"{label:<58} {seconds:8.3f} s   (CPU {cpu() - used:.3f} s, exit {result.returncode})")
    return seconds


def median(label: str, command: list[str], before: Callable[[], None] | None = None, times: int = 3) -> float:
    """``wall`` ``times`` times (``before`` each run): the median. On a shared
    machine one run may fall on another program's turn; each run is printed."""
    runs = []
    for number in range(1, times + 1):
        if before:
            before()
        runs.append(wall(f"{label}, run {number}", command))
    return statistics.median(runs)


def table(rows: list[tuple[str, str, str, bool]]) -> None:
    """The side-by-side figures against issue 15's targets."""
    print(f"\n{'measure':<44} {'measured':>10} {'target':>10}  met")
    for label, measured, target, met in rows:
        print(f"{label:<44} {measured:>10} {target:>10}  {'yes' if met else 'NO'}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = build(Path(folder) / "corpus")
        texts = [path.read_text(encoding="utf-8") for path in paths]
        parsed = [pofile.parse(text, path) for text, path in zip(texts, paths, strict=True)]
        live = [entry for po in parsed for entry in po.entries]
        obsolete = sum(len(po.obsolete) for po in parsed)
        biggest = max(paths, key=lambda path: path.stat().st_size)
        print(f"corpus: {len(paths)} files, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB, {len(live)} live entries, "
              f"{obsolete} obsolete ({100 * obsolete / (len(live) + obsolete):.0f} %), {sum(e.plural for e in live)} plural, "
              f"{sum(e.fuzzy for e in live)} fuzzy ({sum(e.previous is not None for e in live)} with a previous msgid), "
              f"{sum(not any(e.msgstr) for e in live)} untranslated; largest file {biggest.stat().st_size / 1e6:.1f} MB; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        growth("the whole set", texts)
        growth(f"the largest file ({biggest.name}, obsolete tail)", [biggest.read_text(encoding="utf-8")])

        print("\nside by side (the same files, one run)")
        start = time.perf_counter()
        [polib.pofile(str(path)) for path in paths]
        polib_seconds = time.perf_counter() - start
        print(f"{'read with polib (in one process)':<58} {polib_seconds:8.3f} s")
        timed("read with pipeline.pofile", lambda: [pofile.read(path) for path in paths], repeat=1)
        python = sys.executable
        check = [python, "-m", "pipeline", "check", "--format", "json", "-o", os.devnull]
        corpus = str(Path(folder) / "corpus")  # pofilter writes its copies beside it: they are not checked
        cold = median("python -m pipeline check, cold (--no-cache)", [*check, "--no-cache", corpus])
        pofilter = shutil.which("pofilter", path=str(Path(python).parent))
        filtered = None
        if pofilter:
            filtered = wall("pofilter (all default checks)", [pofilter, "--progress=none", corpus,
                                                               str(Path(folder) / "pofilter")])
        else:
            print("pofilter: not installed (pip install -e '.[bench]')")
        cache = ROOT / "_build" / "qa" / "check-cache.pickle"
        for stale in cache.parent.glob("check-cache*.pickle"):
            stale.unlink()
        wall("python -m pipeline check, filling the cache", [*check, corpus])
        warm = median("python -m pipeline check, re-run with nothing changed", [*check, corpus])
        saved = paths[len(paths) // 2]

        def save() -> None:  # a translator's edit, and the next check as it would come:
            saved.write_text(saved.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "¡', 1), encoding="utf-8")
            time.sleep(2.1)  # a file saved less than 2 s before is not kept
        one = median("python -m pipeline check, re-run after one file was saved", [*check, corpus], save)
        rows = [("cold check, seconds (median of 3)", f"{cold:.2f} s", "<= 1.5 s", cold <= 1.5)]
        if filtered is not None:
            rows.append(("cold check, faster than pofilter by", f"{filtered / cold:.1f} x", ">= 13 x", filtered / cold >= 13))
        rows += [("cold check, against reading with polib", f"{cold / polib_seconds:.2f} x", "<= 1 x", cold <= polib_seconds),
                 ("re-run with nothing changed (median of 3)", f"{warm:.2f} s", "<= 0.3 s", warm <= 0.3),
                 ("re-run after one file was saved (median of 3)", f"{one:.2f} s", "<= 0.5 s", one <= 0.5)]
        table(rows)
        wall("python -c pass (interpreter start, for reference)", [python, "-c", "pass"])
        wall("python -c 'import pipeline.cli' (imports, for reference)", [python, "-c", "import pipeline.cli"])


if __name__ == "__main__":
    main()
