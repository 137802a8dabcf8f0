"""``update`` against GNU ``msgmerge``, and a cold ``check`` against
``msgfmt --check``, on one large catalog, side by side in one run.

For each size (2,000, 10,000, 30,000 and 100,000 entries; pass sizes as
arguments to choose) a Spanish catalog is generated in a temporary folder
from the words of the guide's own catalogs (paragraphs of 8 to 90 words,
each different, every one translated), then a template in which 1 % of the
paragraphs are new and 1 % reworded (three words changed). ``update`` (the
command's merge, glossary hints included) and ``msgmerge --previous`` merge
the same files; ``check --no-cache`` and ``msgfmt --check`` read the same
catalog. The fuzzy matches of both merges are compared: agreement is the
share of the template's new and reworded messages for which both propose
the same old message (or both none).

Run with ``.venv/bin/python benchmarks/bench_update.py [SIZE...]``. Prints
wall-clock and CPU seconds; asserts nothing.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline import check, enrich, pofile, update
from pipeline.glossary import Glossary, load
from pipeline.project import Project
from pipeline.update import Finish

ROOT = Path(__file__).resolve().parent.parent
HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"Language: es\\n"\n'
          '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def vocabulary() -> tuple[list[str], list[str]]:
    """The English and Spanish words of the guide's catalogs, as often as they occur."""
    english: list[str] = []
    spanish: list[str] = []
    for path in sorted((ROOT / "locale" / "es").rglob("*.po")):
        for entry in pofile.read(path).entries:
            english += entry.msgid.split()
            spanish += entry.msgstr[0].split()
    return english, spanish


def paragraph(rng: random.Random, words: list[str]) -> str:
    """Words of the guide as often as they occur in it; one in four is made
    rare (a name, a figure, a technical term), as real paragraphs differ by
    their rare words."""
    chosen = [rng.choice(words) for _ in range(rng.randint(8, 90))]
    return " ".join(f"{word[:4]}{rng.choice(words)[-4:]}" if rng.random() < 0.25 else word for word in chosen)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path: Path, entries: list[tuple[str, str]], header: str = HEADER) -> None:
    path.write_text(header + "".join(f"#: docs/big.rst:{n}\nmsgid {quote(i)}\nmsgstr {quote(s)}\n\n"
                                     for n, (i, s) in enumerate(entries, 1)), encoding="utf-8")


def corpus(folder: Path, size: int, seed: int = 24) -> tuple[Path, Path]:
    """``big.po`` (``size`` translated paragraphs) and ``pot/big.pot``, in
    which 1 % of them are replaced by new ones and 1 % are reworded."""
    rng = random.Random(seed)
    english, spanish = vocabulary()
    seen: set[str] = set()
    entries = []
    while len(entries) < size:
        msgid = paragraph(rng, english)
        if msgid not in seen:
            seen.add(msgid)
            entries.append((msgid, paragraph(rng, spanish)))
    po = folder / "po" / "big.po"
    po.parent.mkdir()
    write(po, entries)
    template = [msgid for msgid, _ in entries]
    step = 100
    for index in range(0, size, step):
        template[index] = paragraph(rng, english)  # new
        words = template[index + step // 2].split()
        for _ in range(3):
            words[rng.randrange(len(words))] = rng.choice(english)
        template[index + step // 2] = " ".join(words)  # reworded
    pot = folder / "pot" / "big.pot"
    pot.parent.mkdir()
    write(pot, [(msgid, "") for msgid in template], HEADER.replace("Language: es", "Language: "))
    return po, pot


def seconds(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``run`` (this process's and its
    children's: msgmerge, msgfmt, the check's workers). On a shared machine
    the wall clock also counts other programs' turns; CPU time does not."""
    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    start, used = time.perf_counter(), cpu()
    run()
    return time.perf_counter() - start, cpu() - used


def shown(measured: tuple[float, float]) -> str:
    return f"{measured[0]:.2f}s ({measured[1]:.2f})"


def matches(path: Path) -> dict[str, str | None]:
    """Each message of a merged catalog with its previous msgid: the old
    message the merge matched it with (None if untranslated)."""
    return {entry.msgid: (entry.previous[1] if entry.previous else entry.msgid if entry.msgstr[0] else None)
            for entry in pofile.read(path).entries}


def measure(folder: Path, size: int, hints: Finish, glossary: Glossary, glossary_files: list[Path],
            limit: float) -> str:
    """One row of the table."""
    po, pot = corpus(folder, size)
    ours, theirs = folder / "ours.po", folder / "theirs.po"
    ours.write_bytes(po.read_bytes())

    def merge() -> None:
        data, _ = update.merge_file(pot, ours, "es", hints)
        ours.write_bytes(data)

    t_update = shown(seconds(merge))
    try:
        command = ["msgmerge", "--quiet", "--previous", "-o", str(theirs), str(po), str(pot)]
        t_msgmerge = shown(seconds(lambda: subprocess.run(command, check=True, timeout=limit)))
    except subprocess.TimeoutExpired:
        t_msgmerge = f">{limit:.0f}s"
    t_check = shown(seconds(lambda: check.run([po], [], glossary, glossary_files)))
    t_msgfmt = shown(seconds(lambda: subprocess.run(["msgfmt", "--check-format", "--check-domain", "-o", "/dev/null", str(po)],
                                                    check=True, stderr=subprocess.DEVNULL)))
    agreement = "n/a (no msgmerge)"
    if theirs.exists():
        old = {entry.msgid for entry in pofile.read(po).entries}
        a, b = matches(ours), matches(theirs)
        changed = [msgid for msgid in a if msgid not in old]
        same = sum(a[msgid] == b.get(msgid) for msgid in changed)
        agreement = f"{same}/{len(changed)} ({100 * same / max(len(changed), 1):.0f} %)"
    return f"{size:>8} {t_update:>16} {t_msgmerge:>16} {t_check:>16} {t_msgfmt:>14}   {agreement}"


def main(sizes: list[int], limit: float = 300) -> None:
    project = Project.load(ROOT)
    glossary = load(project.glossary_dir, project.languages)
    glossary_files = sorted(project.glossary_dir.glob("*.toml"))
    hints = enrich.hinter(glossary, "es", project.source_language)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; seconds of wall clock (and of CPU)")
    print(f"{'entries':>8} {'update':>16} {'msgmerge':>16} {'check':>16} {'msgfmt':>14}   agreement (fuzzy matches)")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            print(measure(Path(tmp), size, hints, glossary, glossary_files, limit), flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [2000, 10000, 30000, 100000])
