"""The glossary: reading, schema and cross-concept validation, TOML output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOTS

from pipeline import glossary
from pipeline.errors import StageFailed

MINI = ROOTS / "mini" / "glossary"

ENTRY = '''[[concept]]
id = "{id}"
pos = "noun"
source = "A source"
note = "A note"

[concept.en]
definition = "An English definition."
terms = [
  {{ term = "{en}", status = "preferred" }},
]

[concept.es]
definition = "Una definición."
terms = [
  {{ term = "{es}", status = "preferred", gender = "f" }},
]
'''


def problems_in(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "g.toml").write_text(text, encoding="utf-8")
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in glossary.read(tmp_path)[1]]


def test_the_mini_glossary_is_valid() -> None:
    terms, problems = glossary.read(MINI)
    assert problems == []
    benefit = terms.get("benefit")
    assert benefit.preferred("es").text == "prestación"
    assert [term.text for term in benefit.rejected("es")] == ["beneficio"]
    assert [term.text for term in terms.get("ilo").acronyms("es")] == ["OIT"]
    assert benefit.line == 3 and benefit.preferred("es").line == 20


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = ENTRY.format(id="a", en="a", es="a") + 'id = "oops\n'
    assert problems_in(tmp_path, text) == ["g.toml:18: not valid TOML: Illegal character '\\n'"]


@pytest.mark.parametrize(("change", "expected"), [
    (('pos = "noun"', 'pos = "nuon"'), "g.toml:3: pos 'nuon' is not one of noun, verb, adjective, adverb, other"),
    (('status = "preferred", gender', 'status = "prefered", gender'),
     "g.toml:16: term 'prestación' has status 'prefered'; use one of preferred, admitted, deprecated, forbidden"),
    ((', gender = "f"', ""), "g.toml:16: term 'prestación' needs a gender (m, f or mf)"),
    (('note = "A note"', 'note = "A note"\ncolour = "red"'), "g.toml:6: unknown field 'colour'"),
    (('note = "A note"', 'note = "A note"\nother_senses = "debate"'), "g.toml:6: 'other_senses' must be a list of English words"),
    (('source = "A source"\n', ""), "g.toml:1: 'source' is missing or empty"),
    (('definition = "Una definición."\n', ""), "g.toml:13: 'definition' is missing or empty"),
    (('id = "benefit"', 'id = "Benefit"'), "g.toml:2: id 'Benefit' must be lowercase letters, digits and hyphens"),
])
def test_schema_errors_name_file_and_line(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = ENTRY.format(id="benefit", en="benefit", es="prestación").replace(*change)
    assert expected in problems_in(tmp_path, text)


def test_cross_concept_problems(tmp_path: Path) -> None:
    text = "\n".join([
        ENTRY.format(id="benefit", en="benefit", es="prestación"),
        ENTRY.format(id="benefit", en="allowance", es="prestación"),
        ENTRY.format(id="gain", en="gain", es="beneficio").replace(
            '{ term = "beneficio", status = "preferred", gender = "f" },',
            '{ term = "ganancia", status = "preferred", gender = "f" },\n  { term = "prestación", status = "forbidden" },'),
        ENTRY.format(id="ilo", en="International Labour Organization", es="Organización Internacional del Trabajo").replace(
            'pos = "noun"', 'pos = "noun"\nrelated = ["ghost"]').replace(
            '{ term = "International Labour Organization", status = "preferred" },',
            '{ term = "International Labour Organization", status = "preferred" },\n  { term = "ILO", status = "preferred", type = "acronym" },'
            '\n  { term = "ILOO", status = "admitted", type = "acronym", expansion = "Intl Labour Org" },'),
        ENTRY.format(id="lonely", en="lonely", es="x").replace('  { term = "x", status = "preferred", gender = "f" },',
                                                              '  { term = "solo", status = "admitted", gender = "m" },'),
    ])
    found = problems_in(tmp_path, text)
    assert found == [
        "g.toml:19: id 'benefit' is already used at " + str(tmp_path / "g.toml") + ":1",
        "g.toml:34: 'prestación' (es) is also a term of 'benefit' (" + str(tmp_path / "g.toml") + ":1)",
        "g.toml:53: 'prestación' (es) is approved in 'benefit' (" + str(tmp_path / "g.toml") + ":1) but forbidden here",
        "g.toml:59: related concept 'ghost' does not exist",
        "g.toml:67: acronym 'ILO' has no expansion",
        "g.toml:68: expansion 'Intl Labour Org' of 'ILOO' is not a term of 'ilo' in 'en'",
        "g.toml:77: 'lonely' has no preferred term in 'es'",
    ]


def test_both_approved_and_forbidden_in_one_concept(tmp_path: Path) -> None:
    text = ENTRY.format(id="benefit", en="benefit", es="prestación").replace(
        '{ term = "prestación", status = "preferred", gender = "f" },',
        '{ term = "prestación", status = "preferred", gender = "f" },\n  { term = "prestación", status = "forbidden" },')
    assert problems_in(tmp_path, text) == ["g.toml:17: 'prestación' is both approved and forbidden in 'benefit'"]


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("[[concept]]\nid = 3\n", encoding="utf-8")
    with pytest.raises(StageFailed) as failed:
        glossary.load(tmp_path)
    assert any("a.toml:2: 'id' must be a string" in line for line in failed.value.problems)


def test_no_glossary_folder_is_an_empty_glossary(tmp_path: Path) -> None:
    assert len(glossary.load(tmp_path / "missing")) == 0


def test_concept_toml_reads_back_equal(tmp_path: Path) -> None:
    concepts = glossary.read(MINI)[0]
    (tmp_path / "copy.toml").write_text("\n".join(glossary.concept_toml(c) for c in concepts), encoding="utf-8")
    again, problems = glossary.read(tmp_path)
    assert problems == [] and again.concepts == concepts.concepts


def test_one_broken_file_gives_its_own_error_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    shutil.copytree(Path(__file__).resolve().parent.parent / "glossary", folder)
    _, problems = glossary.read(folder)
    assert problems == []
    referred = {target for concept in glossary.load(folder) for target in concept.related}
    broken = next(path for path in sorted(folder.glob("*.toml"))
                  if any(f'id = "{target}"' in path.read_text() for target in referred))
    broken.write_text(broken.read_text() + "\n[[concept\n")
    _, problems = glossary.read(folder)
    assert [problem.path for problem in problems] == [str(broken)]
