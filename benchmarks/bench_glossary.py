"""Glossary timings on the real project: load and validate, export, term
matching over every message of the Spanish catalogs. Prints numbers; asserts
nothing.

Run with ``.venv/bin/python benchmarks/bench_glossary.py``.
"""

from __future__ import annotations

from pathlib import Path

from timing import timed

from pipeline import enrich, exchange, glossary
from pipeline.catalogs import read_catalog
from pipeline.terms import Matcher

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    terms = timed("load + validate glossary/", lambda: glossary.load(ROOT / "glossary"), repeat=5, unit="ms")
    print(f"{'  concepts':<58} {len(terms):8d}")
    timed("export TBX", lambda: exchange.to_tbx(terms), repeat=5, unit="ms")
    timed("export CSV", lambda: exchange.to_csv(terms), repeat=5, unit="ms")
    matcher = timed("build the English term matcher", lambda: Matcher(terms), repeat=5, unit="ms")
    catalogs = [read_catalog(po, locale="es") for po in sorted((ROOT / "locale" / "es" / "LC_MESSAGES").glob("*.po"))]
    ids = [message.id for catalog in catalogs for message in catalog if message.id]
    words = sum(len(text.split()) for text in ids)
    print(f"{'  messages / English words':<58} {len(ids):8d} / {words}")
    timed("hints for every message", lambda: [enrich.hints(text, matcher, "es") for text in ids], repeat=5, unit="ms")


if __name__ == "__main__":
    main()
