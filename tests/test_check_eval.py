"""Precision and recall of the terminology checks on a gold set of realistic
Spanish (``tests/data/check_eval.toml``): correct translations, some of them
with English words not meant in the glossary sense ("noise"), and drifted
copies with one error each.

Targets: recall on the drifts ≥ 99 %; flags on correct translations ≤ 1 %.
``pytest -s`` prints the numbers.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO

from pipeline import check
from pipeline.glossary import glossary_files, load

GOLD = Path(__file__).parent / "data" / "check_eval.toml"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Evaluation:
    pairs: int
    noise: int
    flagged: list[tuple[str, str, list[str]]]  # correct pairs with findings: (en, es, findings)
    drifts: Counter[str]  # by kind
    caught: Counter[str]
    missed: list[tuple[str, str, str]]  # (kind, en, es)

    @property
    def recall(self) -> float:
        return sum(self.caught.values()) / sum(self.drifts.values())

    @property
    def false_flags(self) -> float:
        return len(self.flagged) / self.pairs


def evaluate(folder: Path) -> Evaluation:
    """Run the checker on the gold set, written as two PO files in ``folder``."""
    gold = tomllib.loads(GOLD.read_text(encoding="utf-8"))["pair"]
    correct, drifted, kinds = [], [], []
    for number, pair in enumerate(gold):
        correct.append((f"pair {number}", pair["en"], pair["es"]))
        for index, drift in enumerate(pair.get("drift", ())):
            drifted.append((f"pair {number} drift {index}", pair["en"], drift["es"]))
            kinds.append((drift["kind"], drift["check"]))
    paths = []
    for name, entries in (("correct.po", correct), ("drifted.po", drifted)):
        body = 'msgid ""\nmsgstr "Language: es\\n"\n\n' + "".join(
            f"msgctxt {quoted(context)}\nmsgid {quoted(en)}\nmsgstr {quoted(es)}\n\n" for context, en, es in entries)
        path = folder / name
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    glossary = load(REPO / "glossary")
    findings = check.run(paths, [], glossary, glossary_files(REPO / "glossary")).findings
    by_context: dict[tuple[str, str | None], list[str]] = {}
    for finding in findings:
        if finding.check not in ("inconsistent-translation", "term-variant"):  # across messages: not this test's subject
            by_context.setdefault((Path(finding.file).name, finding.msgctxt), []).append(f"{finding.check}: {finding.message}")
    flagged = [(en, es, by_context[("correct.po", context)]) for context, en, es in correct if ("correct.po", context) in by_context]
    drifts: Counter[str] = Counter(kind for kind, _ in kinds)
    caught: Counter[str] = Counter()
    missed = []
    for (context, en, es), (kind, expected) in zip(drifted, kinds, strict=True):
        if any(text.startswith(f"{expected}:") for text in by_context.get(("drifted.po", context), [])):
            caught[kind] += 1
        else:
            missed.append((kind, en, es))
    return Evaluation(len(correct), sum(1 for pair in gold if "noise" in pair), flagged, drifts, caught, missed)


def test_recall_and_false_flags_on_the_gold_set(tmp_path: Path) -> None:
    result = evaluate(tmp_path)
    print(f"\nrecall on injected drift: {sum(result.caught.values())}/{sum(result.drifts.values())} = {result.recall:.1%}")
    for kind, count in result.drifts.most_common():
        print(f"  {kind:<22} {result.caught[kind]}/{count}")
    print(f"flags on correct translations: {len(result.flagged)}/{result.pairs} = {result.false_flags:.1%}"
          f" ({result.noise} pairs use an English word outside its glossary sense)")
    for en, es, found in result.flagged:
        print(f"  FLAGGED {en}\n          {es}\n          {found}")
    for kind, en, es in result.missed:
        print(f"  MISSED {kind}: {en}\n          {es}")
    assert result.recall >= 0.99
    assert result.false_flags <= 0.01
