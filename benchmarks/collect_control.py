"""Assemble the control set of real Spanish translations (run once; its
output, ``benchmarks/data/control_es.jsonl``, is committed).

The catalogs are the Spanish ones that pip packages ship, under licences
that allow copying (BSD or MIT; see ``benchmarks/data/README.md``), plus
documentation catalogs saved from their repositories. No one wrote them for
the checker. Each translated message (the singular form) becomes one line
``{"source": ..., "en": ..., "es": ...}``; the same pair is kept once.

    python benchmarks/collect_control.py CATALOG_OR_FOLDER... > benchmarks/data/control_es.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib


def pairs(path: Path, name: str) -> list[dict[str, str]]:
    """The translated, non-fuzzy messages of one catalog (polib: Django's
    catalogs have more plural forms than their header allows, which our reader refuses)."""
    out = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or entry.fuzzy or not entry.msgid:
            continue
        target = entry.msgstr or entry.msgstr_plural.get(0, "")
        if target.strip():
            out.append({"source": name, "en": entry.msgid, "es": target})
    return out


def main(arguments: list[str]) -> None:
    seen = set()
    for argument in arguments:
        root = Path(argument)
        files = sorted(root.rglob("*.po")) if root.is_dir() else [root]
        for path in files:
            name = str(path.relative_to(root.parent if root.is_dir() else path.parent.parent.parent.parent))
            for pair in pairs(path, name):
                if (pair["en"], pair["es"]) not in seen:
                    seen.add((pair["en"], pair["es"]))
                    print(json.dumps(pair, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
