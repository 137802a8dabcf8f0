"""Precision and recall of the terminology checks on real translations that
no one wrote for the checker.

The control set (``benchmarks/data/control_es.jsonl``, sources in
``benchmarks/data/README.md``) is checked as it is, with a 46-term glossary
of its subject (``benchmarks/data/control_glossary.csv``): every term finding
on these untouched entries counts, and those not on an entry that a
reviewer found wrong (``benchmarks/data/control_errors.jsonl``: a missing
accent, a forbidden loanword, English left untranslated) are false flags.
Then one drift is
injected into copies of entries that render a glossary term: the term
replaced by a forbidden variant, by the English word (a loanword), by a
Spanish synonym outside the glossary, or written without its accents. A drift
is found when its copy gets a term finding the untouched entry did not.

Targets: false flags on ≤ 1 % of untouched entries, every reviewed error
found, recall ≥ 99 %.

    .venv/bin/python benchmarks/eval_check.py [-v] [--drifts N] [--enable term-variant]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from pipeline import check, inline, spanish
from pipeline.glossary import Concept, Glossary
from pipeline.terms import Matcher

DATA = Path(__file__).resolve().parent / "data"
CONTROL = DATA / "control_es.jsonl"
GLOSSARY = DATA / "control_glossary.csv"
ERRORS = DATA / "control_errors.jsonl"

# Spanish words a translator might use that the glossary does not admit.
SYNONYMS = {
    "file": "expediente", "password": "código secreto", "email address": "buzón", "field": "casilla", "value": "cifra",
    "directory": "repositorio", "page": "hoja", "user": "cliente", "object": "elemento", "module": "componente",
    "path": "camino", "number": "cifra", "version": "edición", "date": "día", "template": "molde", "option": "alternativa",
    "document": "escrito", "extension": "complemento", "format": "forma", "image": "foto", "link": "hiperenlace",
    "list": "relación", "index": "catálogo", "search": "consulta", "class": "tipo", "command": "instrucción",
    "string": "texto", "character": "signo", "message": "nota", "method": "procedimiento", "function": "rutina",
    "parameter": "argumento", "account": "perfil", "username": "alias", "permission": "autorización",
    "title": "encabezado", "configuration": "ajustes", "theme": "estilo", "warning": "alerta", "exception": "fallo",
    "attribute": "propiedad", "session": "conexión", "device": "aparato", "browser": "explorador",
    "directive": "instrucción", "entry": "asiento",
}
KINDS = ("forbidden", "loanword", "synonym", "unaccented")


def quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return f'"{escaped}"'


def write_po(path: Path, entries: list[tuple[str, str, str]]) -> None:
    body = 'msgid ""\nmsgstr "Language: es\\nContent-Type: text/plain; charset=UTF-8\\n"\n\n'
    body += "".join(f"msgctxt {quoted(context)}\nmsgid {quoted(en)}\nmsgstr {quoted(es)}\n\n" for context, en, es in entries)
    path.write_text(body, encoding="utf-8")


def replacement(kind: str, concept: Concept, english: str, written: str, plural: bool) -> str | None:
    """The drifted form of a rendering ``written`` of ``concept``, or None if
    this kind of drift does not apply to it."""
    if kind == "forbidden":
        words = [term.text for term in concept.terms.get("es", ()) if term.status == "forbidden"]
        text = words[0] if words else None
    elif kind == "loanword":
        text = english.lower()
    elif kind == "synonym":
        text = SYNONYMS.get(concept.id.replace("-", " "))
    else:
        text = spanish.fold(written) if spanish.fold(written) != written.lower() else None
        return text if text is None or not written[:1].isupper() else text[:1].upper() + text[1:]
    if text is None:
        return None
    if plural and kind != "loanword":
        text = spanish.inflect(text, None, True, False)
    return text[:1].upper() + text[1:] if written[:1].isupper() else text


def drifts(rows: list[dict[str, str]], glossary: Glossary, count: int) -> list[tuple[str, str, str, str, int]]:
    """Up to ``count`` drifted copies (kind, English, drifted Spanish, concept id, row), the kinds in turn."""
    terminology = check.Terminology.build(glossary, "es")
    english = Matcher(glossary, "en")
    candidates: dict[str, list[tuple[str, str, str, str, int]]] = defaultdict(list)
    for number, row in enumerate(rows):
        source, target = inline.code_masked(row["en"], row["es"])
        hits = {hit.concept.id: row["en"][hit.start:hit.end] for hit in english.find(source)}
        for found in terminology.target.find(target, hits):
            if not found.term.approved or found.concept.id not in hits:
                continue
            for kind in KINDS:
                new = replacement(kind, found.concept, hits[found.concept.id], found.written, found.plural)
                if new is not None:
                    es = row["es"][:found.start] + new + row["es"][found.end:]
                    if es != row["es"]:
                        candidates[kind].append((kind, row["en"], es, found.concept.id, number))
    chooser = random.Random(16)
    for kind in KINDS:
        chooser.shuffle(candidates[kind])
    chosen = []
    while len(chosen) < count and any(candidates.values()):
        for kind in KINDS:
            if candidates[kind] and len(chosen) < count:
                chosen.append(candidates[kind].pop())
    return chosen


def evaluate(count: int, verbose: bool, enabled: frozenset[str] = frozenset()) -> dict[str, int]:
    rows = [json.loads(line) for line in CONTROL.read_text(encoding="utf-8").splitlines() if line.strip()]
    errors = {(item["en"], item["es"]) for line in ERRORS.read_text(encoding="utf-8").splitlines() if line.strip()
              for item in [json.loads(line)]}
    wrong = {number for number, row in enumerate(rows) if (row["en"], row["es"]) in errors}
    glossary, _, problems = check.read_glossary(GLOSSARY)
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    injected = drifts(rows, glossary, count)
    with tempfile.TemporaryDirectory() as folder:
        untouched, drifted = Path(folder) / "untouched.po", Path(folder) / "drifted.po"
        write_po(untouched, [(str(number), row["en"], row["es"]) for number, row in enumerate(rows)])
        write_po(drifted, [(str(index), en, es) for index, (_, en, es, _, _) in enumerate(injected)])
        report = check.run([untouched, drifted], [], glossary, [GLOSSARY], enabled=enabled)
    if report.problems:
        raise SystemExit("\n".join(map(str, report.problems)))
    found: dict[tuple[str, str], list[check.Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.check.startswith("term-") and finding.msgctxt is not None:
            found[(Path(finding.file).stem, finding.msgctxt)].append(finding)
    flagged = {int(context): items for (name, context), items in found.items() if name == "untouched"}
    false = {number: items for number, items in flagged.items() if number not in wrong}
    by_check = Counter(finding.check for items in false.values() for finding in items)
    by_source = Counter(rows[number]["source"].split("/")[0] for number in false)
    caught: Counter[str] = Counter()
    missed = []
    for index, (kind, en, es, concept_id, number) in enumerate(injected):
        before = {(f.check, f.message) for f in flagged.get(number, [])}
        if any((f.check, f.message) not in before for f in found.get(("drifted", str(index)), [])):
            caught[kind] += 1
        else:
            missed.append((kind, concept_id, en, es))
    kinds = Counter(kind for kind, *_ in injected)
    print(f"control set: {len(rows)} real translated entries, glossary of {len(glossary)} concepts")
    print(f"untouched entries with a term finding: {len(flagged)}/{len(rows)} = {len(flagged) / len(rows):.2%}")
    print(f"  on the {len(wrong)} entries a reviewer found wrong: {len(wrong & flagged.keys())}/{len(wrong)}")
    print(f"false flags (findings on the others): {len(false)}/{len(rows)} = {len(false) / len(rows):.2%} (target <= 1 %), by check:")
    for name, number in by_check.most_common():
        print(f"  {name:<18} {number}")
    print("  false flags by source:")
    for name, number in by_source.most_common():
        print(f"    {name:<25} {number}")
    print(f"recall on injected drift: {sum(caught.values())}/{len(injected)} = {sum(caught.values()) / max(len(injected), 1):.2%} (target >= 99 %)")
    for kind in KINDS:
        print(f"  {kind:<12} {caught[kind]}/{kinds[kind]}")
    if verbose:
        for number, items in sorted(false.items()):
            print(f"FLAGGED {rows[number]['en']!r}\n        {rows[number]['es']!r}")
            for finding in items:
                print(f"        {finding.check}: {finding.message}")
        for kind, concept_id, en, es in missed:
            print(f"MISSED {kind} {concept_id}: {en!r}\n        {es!r}")
    for number in sorted(wrong - flagged.keys()):
        print(f"NOT FOUND (reviewed error) {rows[number]['en']!r}\n        {rows[number]['es']!r}")
    return {"entries": len(rows), "false": len(false), "errors": len(wrong), "errors_found": len(wrong & flagged.keys()),
            "drifts": len(injected), "caught": sum(caught.values())}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every flagged entry and missed drift")
    parser.add_argument("--drifts", type=int, default=500, help="how many drifted copies (default 500)")
    parser.add_argument("--enable", action="append", default=[], metavar="CHECK", help="an opt-in check to run too (term-variant)")
    options = parser.parse_args(argv)
    print(f"checks: the default ones{''.join(f' and {name}' for name in options.enable)}")
    result = evaluate(options.drifts, options.verbose, frozenset(options.enable))
    ok = (result["false"] <= 0.01 * result["entries"] and result["errors_found"] == result["errors"]
          and result["caught"] >= 0.99 * result["drifts"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
