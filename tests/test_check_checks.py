"""The contract every registered check keeps, whatever it looks at: it finds
the problem of its own example, is silent on a clean message, and a
translator comment ``# ignore-<id>: <reason>`` switches it off (unless the
build refuses such a text too). A new check needs its function and example
only; this test picks it up from the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS

from pipeline import check, glossary
from pipeline.check.registry import REGISTRY, Check, Example
from pipeline.check.registry import check as register

MINI = glossary.load(ROOTS / "mini" / "glossary")
AGREEMENT = glossary.Concept(
    id="ssa", pos="noun", source="s", note="n", definitions={"en": "d", "es": "d"},
    terms={"en": (glossary.Term("social security agreement", "preferred"),),
           "es": (glossary.Term("convenio de seguridad social", "preferred", "m"),
                  glossary.Term("acuerdo de seguridad social", "admitted", "m"))})
TERMS = glossary.Glossary((*MINI, AGREEMENT))
CLEAN: tuple[Example, ...] = (("Social security benefits are paid.", "Se pagan prestaciones de seguridad social."),
                              ("Social security agreements are in force.", "Los convenios de seguridad social están en vigor."))


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def findings(folder: Path, registered: Check, example: tuple[Example, ...], suppress: bool) -> list[str]:
    """The ids of what the checker finds in ``example``, written as the check's scope reads it."""
    folder.mkdir()
    catalogs, sources = [], []
    for number, (first, *rest) in enumerate(example):
        if registered.scope == "source":
            path = folder / f"{number}.rst"
            path.write_text((f".. ignore-{registered.id}: contract test\n\n" if suppress else "") + first + "\n", encoding="utf-8")
            sources.append(path)
            continue
        comments = (rest[1] if len(rest) > 1 else "") + (f"# ignore-{registered.id}: contract test\n" if suppress else "")
        path = folder / f"{number}.po"
        path.write_text(f'msgid ""\nmsgstr "Language: es\\n"\n\n{comments}msgid {quoted(first)}\nmsgstr {quoted(rest[0])}\n',
                        encoding="utf-8")
        catalogs.append(path)
    report = check.run(catalogs, sources, TERMS, [], enabled=frozenset({registered.id}))
    assert report.problems == ()
    return [finding.check for finding in report.findings]


@pytest.mark.parametrize("registered", check.CHECKS, ids=lambda registered: registered.id)
def test_every_check_keeps_the_contract(tmp_path: Path, registered: Check) -> None:
    assert registered.example, f"{registered.id} has no example"
    assert registered.id in findings(tmp_path / "example", registered, registered.example, suppress=False)
    assert registered.id not in findings(tmp_path / "clean", registered, CLEAN if registered.scope != "source" else (("Migrants in an irregular situation arrive.",),), suppress=False)
    suppressed = findings(tmp_path / "suppressed", registered, registered.example, suppress=True)
    assert (registered.id in suppressed) is (not registered.suppressible)


def test_the_decorator_alone_registers_and_refuses_a_second_check_with_the_same_id() -> None:
    assert list(REGISTRY.values()) == list(check.CHECKS)
    with pytest.raises(ValueError, match="two checks are named 'markup'"):
        register("markup", "error")(lambda unit: iter(()))
    assert REGISTRY["markup"].run.__name__ == "markup"
    with pytest.raises(ValueError, match="severity must be one of"):
        register("new-check", "fatal")
