"""Checker speed on a large catalog set, against parsing the same files with polib.

Two corpora are generated in a temporary folder, each 300 Spanish PO files
of 190 entries (57,000 entries, most of them different), made from real
translated messages: Sphinx's Spanish catalog alone (short interface strings,
as in most real catalog sets), then with the guide's catalogs (long
paragraphs with glossary hints, twice the bytes). The glossary is the 40
concepts the guide's catalogs use most. Prints numbers;
asserts nothing.

Run with ``.venv/bin/python benchmarks/bench_check.py``.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import polib
import sphinx
from timing import timed

from pipeline import check, pofile
from pipeline.catalogs import read_catalog
from pipeline.glossary import Glossary, load
from pipeline.terms import Matcher

ROOT = Path(__file__).resolve().parent.parent
FILES, ENTRIES = 300, 190
SHORT = 80  # messages shorter than this are joined in pairs


def messages(guide: bool) -> list[polib.POEntry]:
    """Real translated messages: Sphinx's Spanish catalog (short interface
    strings), and with ``guide`` the guide's Spanish catalogs (long paragraphs
    with glossary hints) too."""
    paths = [Path(sphinx.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "sphinx.po"]
    if guide:
        paths += sorted((ROOT / "locale" / "es").rglob("*.po"))
    return [entry for path in paths for entry in polib.pofile(str(path)) if entry.translated() and not entry.obsolete]


def corpus(folder: Path, pool: list[polib.POEntry]) -> list[Path]:
    """FILES catalogs of ENTRIES entries made from ``pool``: two short real
    messages are joined into one, so that most entries are different, as in a
    real catalog set; long ones recur. Every tenth entry is fuzzy and every
    twentieth untranslated, as in real work."""
    paths = []
    for number in range(FILES):
        catalog = polib.POFile(wrapwidth=76)
        catalog.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
        for index in range(ENTRIES):
            serial = number * ENTRIES + index
            first = pool[serial % len(pool)]
            msgid, msgstr = first.msgid, first.msgstr
            second = pool[(serial * 7 + serial // len(pool) * 131 + 13) % len(pool)]
            if len(msgid) < SHORT and len(second.msgid) < SHORT:
                msgid, msgstr = f"{msgid} {second.msgid}", f"{msgstr} {second.msgstr}"
            entry = polib.POEntry(msgid=msgid, msgstr=msgstr, comment=first.comment,
                                  occurrences=[(f"docs/doc{number}.rst", str(index))])
            if index % 10 == 0:
                entry.flags.append("fuzzy")
            if index % 20 == 5:
                entry.msgstr = ""
            catalog.append(entry)
        path = folder / f"doc{number:03d}.po"
        catalog.save(str(path))
        paths.append(path)
    return paths


def top_concepts(count: int) -> Glossary:
    """The ``count`` concepts the guide's Spanish catalogs use most."""
    full = load(ROOT / "glossary")
    matcher = Matcher(full)
    uses: Counter[str] = Counter()
    for path in (ROOT / "locale" / "es").rglob("*.po"):
        for message in read_catalog(path):
            if message.id:
                uses.update({hit.concept.id for hit in matcher.find(str(message.id))})
    chosen = {concept_id for concept_id, _ in uses.most_common(count)}
    return Glossary(tuple(concept for concept in full if concept.id in chosen))


def measure(name: str, pool: list[polib.POEntry], glossary: Glossary) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = corpus(Path(folder), pool)
        size = sum(path.stat().st_size for path in paths)
        entries = sum(len(pofile.read(path).entries) for path in paths)
        print(f"\n{name}: {len(paths)} files, {entries} entries, {size / 1e6:.1f} MB; glossary: {len(glossary)} concepts;"
              f" {os.cpu_count()} CPUs")
        timed("parse with polib", lambda: [polib.pofile(str(path)) for path in paths])
        timed("parse with pipeline.pofile", lambda: [pofile.read(path) for path in paths])
        cache = Path(folder) / "cache.pickle"
        report = timed("check, cold, one process", lambda: check.run(paths, [], glossary, [], workers=1))
        timed("check, cold, processes as run chooses", lambda: check.run(paths, [], glossary, []))

        def cold_then_cached() -> check.Report:
            for stale in Path(folder).glob("cache*.pickle"):
                stale.unlink()
            return check.run(paths, [], glossary, [], cache_file=cache)

        timed("check, cold, writing the cache", cold_then_cached)
        timed("check, re-run on unchanged files (cache)", lambda: check.run(paths, [], glossary, [], cache_file=cache))
        os.utime(paths[0])
        timed("check, re-run after one file was saved", lambda: check.run(paths, [], glossary, [], cache_file=cache), repeat=1)
        counts = Counter(finding.check for finding in report.findings)
        print(f"findings: {len(report.findings)} {dict(counts.most_common())}")


def main() -> None:
    glossary = top_concepts(40)
    measure("interface strings (Sphinx's Spanish messages)", messages(guide=False), glossary)
    measure("interface strings and the guide's paragraphs", messages(guide=True), glossary)


if __name__ == "__main__":
    main()
