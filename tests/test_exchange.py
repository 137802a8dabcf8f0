"""TBX and CSV: export, import, round trips and refused imports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, ROOTS

from pipeline import exchange, glossary
from pipeline.glossary import Glossary

MINI = ROOTS / "mini" / "glossary"
LANGS = ("en", "es")


def import_into(directory: Path, concepts: list[glossary.Concept], same: exchange.Projection, path: Path) -> list[str]:
    """Run an import into ``directory`` the way the CLI does; the problems, if any."""
    existing = glossary.load(directory, LANGS)
    plan, problems = exchange.plan_import(existing, concepts, same, path, LANGS)
    if not problems:
        for target, text in exchange.import_texts(directory, plan).items():
            target.write_text(text, encoding="utf-8")
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]


def test_tbx_is_well_formed_tbx_basic_with_statuses() -> None:
    text = exchange.to_tbx(glossary.load(MINI))
    root = ET.fromstring(text.encode())
    ns = {"t": exchange.TBX_NS}
    assert root.tag == f"{{{exchange.TBX_NS}}}tbx" and root.get("type") == "TBX-Basic"
    entries = root.findall(".//t:conceptEntry", ns)
    assert len(entries) == 10 and entries[0].get("id") == "benefit"
    statuses = {term_sec.findtext("t:term", namespaces=ns): term_sec.findtext("t:termNote[@type='administrativeStatus']", namespaces=ns)
                for term_sec in root.iterfind(".//t:termSec", ns)}
    assert statuses["prestación"] == "preferredTerm-admn-sts"
    assert statuses["beneficio"] == "deprecatedTerm-admn-sts"  # forbidden
    assert statuses["contribución"] == "supersededTerm-admn-sts"  # deprecated
    assert all(statuses.values())


def test_tbx_round_trips_every_field(tmp_path: Path) -> None:
    original = glossary.load(MINI)
    text = exchange.to_tbx(original)
    concepts, problems = exchange.from_tbx(text, tmp_path / "in.tbx")
    assert problems == []
    assert import_into(tmp_path, concepts, exchange.tbx_projection, tmp_path / "in.tbx") == []
    again = glossary.load(tmp_path)
    assert again.concepts == original.concepts
    assert [Path(c.file).name for c in again] == ["terms.toml"] * 10  # the subject field names the file
    assert exchange.to_tbx(again) == text


def test_the_full_csv_carries_every_field_and_round_trips(tmp_path: Path) -> None:
    original = glossary.load(MINI)
    text = exchange.to_csv(original)
    assert text.splitlines()[0] == ",".join(exchange.CSV_FIELDS)
    assert ("benefit,terms,noun,\"ILO C102, Spanish text\",Cash benefits and benefits in kind alike.,"
            "\"In the social security sense always «prestación», never «beneficio».\",social-security,,,es,"
            "Pago o servicio que otorga un régimen de seguridad social.,beneficio,forbidden,m,,,") in text
    concepts, problems = exchange.from_csv(text, tmp_path / "in.csv")
    assert problems == [] and tuple(concepts) == original.concepts
    assert import_into(tmp_path, concepts, exchange.tbx_projection, tmp_path / "in.csv") == []
    again = glossary.load(tmp_path)
    assert again.concepts == original.concepts and exchange.to_csv(again) == text


def test_a_simple_csv_list_is_still_imported(tmp_path: Path) -> None:
    text = "en,es,es_forbidden,note\nInternational Labour Organization|ILO,Organización Internacional del Trabajo|OIT,,\n"
    concepts, problems = exchange.from_csv(text, tmp_path / "in.csv")
    assert problems == []
    assert concepts[0].acronyms("es")[0].expansion == "Organización Internacional del Trabajo"


def test_reimporting_an_export_adds_nothing(tmp_path: Path) -> None:
    original = glossary.load(MINI)
    for same, (concepts, _) in ((exchange.tbx_projection, exchange.from_tbx(exchange.to_tbx(original), tmp_path / "a.tbx")),
                                (exchange.csv_projection, exchange.from_csv(exchange.to_csv(original), tmp_path / "a.csv"))):
        plan, problems = exchange.plan_import(original, concepts, same, tmp_path / "x", LANGS)
        assert problems == [] and plan.added == () and plan.unchanged == 10


BAD_CSV = """en,es,es_forbidden,note
benefit,beneficio,,a different translation of an existing concept
allowance,,,no Spanish
gain,ganancia|lucro,lucro,both approved and forbidden
fee,tasa||cuota,,empty variant
too,few
novelty,novedad,,this row is fine
rate,prestación,,a Spanish term of another concept
"""


def test_bad_csv_rows_are_each_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    concepts, problems = exchange.from_csv(BAD_CSV, path)
    plan, conflicts = exchange.plan_import(glossary.load(MINI), concepts, exchange.csv_projection, path, LANGS)
    found = sorted(f"{p.line}: {p.message}" for p in problems + conflicts)
    assert found == [
        "2: duplicates concept 'benefit' (" + str(MINI / "terms.toml") + ":3) with a different translation",
        "3: empty Spanish term",
        "4: 'lucro' is both approved and forbidden",
        "5: empty variant between '|' separators",
        "6: 2 columns; expected 4 (en,es,es_forbidden,note)",
        "8: 'prestación' (es) is also a term of 'benefit' (" + str(MINI / "terms.toml") + ":3)",
    ]
    assert [c.id for c in plan.added] == ["novelty", "rate"]


@pytest.mark.parametrize(("text", "expected"), [
    ("en;es\nbenefit;prestación\n", "1: the header must be " + ",".join(exchange.CSV_FIELDS)
     + " (the full CSV) or en,es,es_forbidden,note (a simple list of new concepts)"),
])
def test_csv_with_the_wrong_header(tmp_path: Path, text: str, expected: str) -> None:
    assert [f"{p.line}: {p.message}" for p in exchange.from_csv(text, tmp_path / "x.csv")[1]] == [expected]


def test_malformed_tbx_names_the_line(tmp_path: Path) -> None:
    text = exchange.to_tbx(glossary.load(MINI)).replace("</termSec>", "</termsec>", 3)
    with pytest.raises(exchange.PipelineError) as error:
        exchange.from_tbx(text, tmp_path / "bad.tbx")
    assert str(error.value).startswith(f"{tmp_path / 'bad.tbx'}:20: not well-formed XML: mismatched tag")


def test_tbx_with_an_unknown_status_is_refused(tmp_path: Path) -> None:
    text = exchange.to_tbx(glossary.load(MINI)).replace("admittedTerm-admn-sts", "maybeTerm", 1)
    text = text.replace("preferredTerm-admn-sts</termNote>\n            <termNote type=\"gender\">feminine",
                        "legalTerm-admn-sts</termNote>\n            <termNote type=\"gender\">feminine", 1)
    problems = exchange.from_tbx(text, tmp_path / "x.tbx")[1]
    assert [(p.line, p.message) for p in problems] == [(27, "unknown administrativeStatus 'legalTerm-admn-sts'")]


def test_new_csv_concepts_are_appended_for_editors_to_complete(tmp_path: Path) -> None:
    (tmp_path / "terms.toml").write_bytes((MINI / "terms.toml").read_bytes())
    concepts, _ = exchange.from_csv("en,es,es_forbidden,note\nhost country,país de acogida,,Where migrants live.\n", tmp_path / "n.csv")
    assert import_into(tmp_path, concepts, exchange.csv_projection, tmp_path / "n.csv") == []
    assert (tmp_path / "terms.toml").read_bytes() == (MINI / "terms.toml").read_bytes()
    text = (tmp_path / "imported.toml").read_text(encoding="utf-8")
    assert 'id = "host-country"' in text and '{ term = "país de acogida", status = "preferred" },' in text
    problems = [p.message for p in glossary.read(tmp_path, LANGS)[1]]
    assert "'pos' is missing or empty" in problems and "term 'país de acogida' needs a gender (m, f or mf)" not in problems
    assert "'definition' is missing or empty" in problems


def test_the_empty_glossary_exports_empty_files() -> None:
    assert exchange.to_csv(Glossary()) == ",".join(exchange.CSV_FIELDS) + "\n"
    assert "<body>\n    </body>" in exchange.to_tbx(Glossary())


def test_tbx_entries_without_id_or_term_or_with_a_bad_pos_are_refused(tmp_path: Path) -> None:
    text = exchange.to_tbx(glossary.load(MINI))
    text = text.replace('<conceptEntry id="social-security">', "<conceptEntry>", 1)
    text = text.replace("<term>prestación</term>", "<term> </term>", 1)
    text = text.replace('<termNote type="partOfSpeech">noun</termNote>', '<termNote type="partOfSpeech">nuon</termNote>', 1)
    problems = exchange.from_tbx(text, tmp_path / "x.tbx")[1]
    assert [(p.line, p.message) for p in problems] == [
        (16, "partOfSpeech 'nuon' is not one of noun, verb, adjective, adverb, other"),
        (24, "empty <term>"),
        (38, "conceptEntry id '' is missing or not lowercase letters, digits and hyphens"),
    ]


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE tbx [<!ENTITY x "x"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;">]>',
    '<!DOCTYPE tbx SYSTEM "http://127.0.0.1:9/tbx.dtd">',
])
def test_tbx_with_a_doctype_is_refused_so_no_entity_is_declared_or_fetched(tmp_path: Path, doctype: str) -> None:
    text = exchange.to_tbx(glossary.load(MINI)).replace("\n", f"\n{doctype}\n", 1).replace(">benefit<", ">&x;<", 1)
    path = tmp_path / "x.tbx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(exchange.PipelineError) as error:
        exchange.read_file(path)
    assert str(error.value) == f"{path}:2: a <!DOCTYPE> is not allowed: a TBX file may not declare or fetch entities"


def test_an_undeclared_entity_is_not_well_formed(tmp_path: Path) -> None:
    with pytest.raises(exchange.PipelineError, match="undefined entity"):
        exchange.from_tbx(exchange.to_tbx(glossary.load(MINI)).replace(">benefit<", ">&x;<", 1), tmp_path / "x.tbx")


def test_imported_values_with_markup_or_without_a_word_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_text("en,es,es_forbidden,note\n"
                    "novelty,novedad,,`see <javascript:alert(1)>`_\n"
                    "rate,tasa,,\n"
                    ".*,tasa nueva,,\n"
                    "fee,\".. raw:: html\n\n   <script>\",,\n", encoding="utf-8")
    _, concepts, problems = exchange.read_file(path)
    assert [concept.id for concept in concepts] == ["rate"]
    assert [(problem.line, problem.message) for problem in problems] == [
        (2, "note: adds a 'javascript:' link: only http, https and mailto links are allowed"),
        (4, "term '.*' (FULL STOP, ASTERISK) has no letter or digit; a term is matched as words, so write it as it appears in the text"),
        (5, "term '.. raw:: html\\n\\n   <script>': adds the directive '.. raw::' (.. raw:: html), which the English does not have"),
    ]
    assert all("\n" not in str(problem) for problem in problems)  # each problem is one line


TBX_BASIC_RNG = Path(__file__).parent / "data" / "tbx" / "TBX-Basic_DCA.rng"


@pytest.mark.parametrize("directory", [MINI, REPO / "glossary"])
def test_the_tbx_export_is_valid_tbx_basic(directory: Path) -> None:
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(TBX_BASIC_RNG))
    text = exchange.to_tbx(glossary.load(directory))
    assert schema.validate(etree.fromstring(text.encode())), schema.error_log
    assert f'<?xml-model href="{exchange.TBX_BASIC}.rng"' in text
    bad = text.replace('type="gender"', 'type="grammaticalGender"', 1)
    assert not schema.validate(etree.fromstring(bad.encode()))  # the schema is strict: the test can fail


@pytest.mark.parametrize("directory", [MINI, REPO / "glossary"])
def test_translate_toolkit_reads_every_term_of_the_tbx_2008_export(directory: Path, tmp_path: Path) -> None:
    from translate.storage import tbx

    original = glossary.load(directory)
    text = exchange.to_tbx(original, style=exchange.TBX_2008)
    store = tbx.tbxfile.parsestring(text.encode("utf-8"))
    assert [unit.getid() for unit in store.units] == [concept.id for concept in original]
    for unit, concept in zip(store.units, original, strict=True):
        assert [(term.text, term.administrative_status) for term in unit.get_target_terms("es")] == [
            (term.text, exchange.TBX_STATUS[term.status]) for term in concept.terms["es"]]
        assert [term.text for term in unit.get_source_terms()] == [term.text for term in concept.terms["en"]]
    concepts, problems = exchange.from_tbx(text, tmp_path / "x.tbx")  # and it imports back as it was
    assert problems == [] and tuple(concepts) == original.concepts


def test_an_update_rewrites_the_concept_in_place_and_keeps_the_comments(tmp_path: Path) -> None:
    (tmp_path / "terms.toml").write_bytes((MINI / "terms.toml").read_bytes())
    existing = glossary.load(tmp_path)
    benefit = existing.get("benefit")
    assert benefit is not None
    changed = replace(benefit, note="Cash and in kind.", terms={**benefit.terms, "es": (
        benefit.terms["es"][0], replace(benefit.terms["es"][1], status="deprecated"),
        glossary.Term("subsidio", "admitted", "m"))})
    plan, problems = exchange.plan_import(existing, [changed], exchange.tbx_projection, tmp_path / "x.tbx", LANGS, update=True)
    assert problems == [] and plan.updated == ((benefit, changed),)
    assert exchange.changes(benefit, changed) == [
        "note: 'Cash benefits and benefits in kind alike.' -> 'Cash and in kind.'",
        "es term 'subsidio' added (admitted)",
        "es term 'beneficio': status 'forbidden' -> 'deprecated'"]
    for target, text in exchange.import_texts(tmp_path, plan).items():
        target.write_text(text, encoding="utf-8")
    again = glossary.load(tmp_path)
    assert again.get("benefit") == changed
    assert [c for c in again if c.id != "benefit"] == [c for c in existing if c.id != "benefit"]
    text = (tmp_path / "terms.toml").read_text(encoding="utf-8")
    assert text.startswith("# A small glossary for the tests")
    plan, problems = exchange.plan_import(existing, [changed], exchange.tbx_projection, tmp_path / "x.tbx", LANGS)
    assert plan.updated == () and "with a different translation" in problems[0].message  # without update: a conflict


def test_bad_rows_of_the_full_csv_are_each_reported(tmp_path: Path) -> None:
    lines = exchange.to_csv(glossary.load(MINI)).splitlines()
    lines[2] = lines[2].replace(",noun,", ",verb,", 1)  # a concept field that differs between its rows
    lines[3] = lines[3].replace(",forbidden,", ",banned,", 1)
    lines.append(lines[1])  # benefit again, after other concepts
    concepts, problems = exchange.from_csv("\n".join(lines) + "\n", tmp_path / "x.csv")
    assert [(p.line, p.message) for p in problems] == [
        (3, "'pos' differs from the first row of 'benefit' (line 2)"),
        (len(lines), "the rows of 'benefit' must follow each other (it starts at line 2)"),
    ]
    assert "benefit" not in [concept.id for concept in concepts]
    lines = exchange.to_csv(glossary.load(MINI)).splitlines()
    lines[3] = lines[3].replace(",forbidden,", ",banned,", 1)
    problems = exchange.from_csv("\n".join(lines) + "\n", tmp_path / "x.csv")[1]
    assert [(p.line, p.message) for p in problems] == [
        (4, "term 'beneficio' has status 'banned'; use one of preferred, admitted, deprecated, forbidden")]
