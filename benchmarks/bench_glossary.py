"""Glossary timings on the real project: load and validate, export, term
matching over every message of the Spanish catalogs. Prints numbers; asserts
nothing.

Run with ``.venv/bin/python benchmarks/bench_glossary.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pipeline import enrich, exchange, glossary
from pipeline.catalogs import read_catalog
from pipeline.terms import Matcher

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, run: Callable[[], object], repeat: int = 5) -> object:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best * 1000:8.1f} ms")
    return result


def main() -> None:
    terms = timed("load + validate glossary/", lambda: glossary.load(ROOT / "glossary"))
    print(f"{'  concepts':<48} {len(terms):8d}")
    timed("export TBX", lambda: exchange.to_tbx(terms))
    timed("export CSV", lambda: exchange.to_csv(terms))
    matcher = timed("build the English term matcher", lambda: Matcher(terms))
    catalogs = [read_catalog(po, locale="es") for po in sorted((ROOT / "locale" / "es" / "LC_MESSAGES").glob("*.po"))]
    ids = [message.id for catalog in catalogs for message in catalog if message.id]
    words = sum(len(text.split()) for text in ids)
    print(f"{'  messages / English words':<48} {len(ids):8d} / {words}")
    timed("hints for every message", lambda: [enrich.hints(text, matcher, "es") for text in ids])


if __name__ == "__main__":
    main()
