"""Finding glossary terms in English prose, markup excluded."""

from __future__ import annotations

import pytest
from conftest import ROOTS

from pipeline import glossary
from pipeline.languages import SPANISH
from pipeline.terms import Matcher, Renderings, singular

MINI = glossary.load(ROOTS / "mini" / "glossary")


def found(text: str, matcher: Matcher | None = None) -> list[tuple[str, str]]:
    return [(text[hit.start:hit.end], hit.concept.id) for hit in (matcher or Matcher(MINI)).find(text)]


@pytest.mark.parametrize(("word", "expected"), [
    ("benefits", "benefit"), ("agencies", "agency"), ("taxes", "tax"), ("branches", "branch"),
    ("status", "status"), ("access", "access"), ("basis", "basis"), ("economics", "economics"), ("gas", "gas"),
])
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_inflected_forms_and_possessives_are_found() -> None:
    assert found("Benefits for migrant workers' families; a migrant worker's contributions.") == [
        ("Benefits", "benefit"), ("migrant workers", "migrant-worker"), ("migrant worker", "migrant-worker"),
        ("contributions", "contribution")]


def test_markup_is_not_prose() -> None:
    assert found("Use ``benefit``, see https://example.org/benefit and :ref:`benefit`.") == []
    assert found("An :term:`illegal migrant <migrant in an irregular situation>`.") == [("illegal migrant", "irregular-migrant")]
    assert found("Read :term:`benefit`.") == [("benefit", "benefit")]


def test_case_sensitive_concepts_match_their_exact_case() -> None:
    assert found("The ILO, not the ilo; MERCOSUR, not Mercosur.") == [("ILO", "ilo"), ("MERCOSUR", "mercosur")]


def test_longest_term_wins_and_terms_do_not_cross_sentences_or_markup() -> None:
    terms = glossary.Glossary((*tuple(MINI), glossary.Concept(id="ssa", pos="noun", source="s", note="n", definitions={"en": "d", "es": "d"}, terms={"en": (glossary.Term("social security agreement", "preferred"),), "es": (glossary.Term("convenio de seguridad social", "preferred", "m"),)})))
    matcher = Matcher(terms)
    assert found("Two social security agreements.", matcher) == [("social security agreements", "ssa")]
    assert found("Social security. Agreements differ.", matcher) == [("Social security", "social-security")]
    assert found("social ``x`` security", matcher) == []


def test_hyphens_and_spaces_are_the_same() -> None:
    assert found("Asylum seekers and asylum-seekers.") == [("Asylum seekers", "asylum-seeker"), ("asylum-seekers", "asylum-seeker")]


@pytest.mark.parametrize("text", [
    "Refugees benefit from the scheme.", "They can benefit from it.", "to benefit from coverage",
    "for the benefit of migrant families", "It benefits the economy.", "for instance",
])
def test_a_noun_used_as_a_verb_or_in_an_idiom_is_not_the_term(text: str) -> None:
    assert ("benefit" not in [concept for _, concept in found(text)])


@pytest.mark.parametrize("text", [
    "Benefits from the scheme are paid monthly.", "The benefits the scheme pays are low.", "Cash and benefit.",
    "the right to benefit under the law",
])
def test_a_noun_is_still_found_as_a_noun(text: str) -> None:
    assert "benefit" in [concept for _, concept in found(text)]


def rendered(text: str) -> list[tuple[str, str, str, bool]]:
    renderings = Renderings(MINI, SPANISH)
    return [(item.written, item.concept.id, item.term.status, item.accented) for item in renderings.find(text)]


def test_spanish_terms_are_found_in_any_number_gender_and_case() -> None:
    assert rendered("Las Prestaciones de los trabajadores migrantes y de las solicitantes de asilo.") == [
        ("Prestaciones", "benefit", "preferred", True),
        ("trabajadores migrantes", "migrant-worker", "preferred", True),
        ("solicitantes de asilo", "asylum-seeker", "preferred", True),
    ]


def test_a_missing_accent_is_found_and_corrected() -> None:
    renderings = Renderings(MINI, SPANISH)
    [item] = renderings.find("Una prestacion.")
    assert (item.accented, item.corrected) == (False, "prestación")


def test_forbidden_terms_are_whole_words_and_acronyms_keep_their_case() -> None:
    assert rendered("El beneficiario recibe beneficios de la OIT, no de la oit.") == [
        ("beneficios", "benefit", "forbidden", True), ("OIT", "ilo", "preferred", True)]


def test_words_may_come_between_a_head_and_its_complement() -> None:
    assert rendered("los migrantes que están en situación irregular")[:0] == []
    assert ("migrantes jóvenes en situación irregular", "irregular-migrant", "preferred", True) in rendered(
        "los migrantes jóvenes en situación irregular")
    assert not any(concept == "irregular-migrant" for _, concept, _, _ in rendered(
        "los migrantes. En situación irregular"))


def test_a_cue_of_another_sense_switches_the_term_off() -> None:
    other: set[str] = set()
    assert Matcher(MINI).find("Her contribution to the debate was brief.", other) == []
    assert other == {"contribution"}
    assert found("Each contribution to the scheme counts.") == [("contribution", "contribution")]


def test_titles_do_not_match_their_plural_and_a_comma_ends_a_term() -> None:
    terms = glossary.Glossary(tuple(MINI) + tuple(glossary.Concept(
        id=concept_id, pos="noun", source="s", note="n", definitions={"en": "d", "es": "d"},
        terms={"en": (glossary.Term(text, "preferred"),), "es": (glossary.Term(text, "preferred", "f"),)})
        for concept_id, text in (("geneva", "Geneva Convention"), ("health-care", "health care"))))
    matcher = Matcher(terms)
    assert found("The Geneva Convention; the Geneva Conventions of 1949.", matcher) == [("Geneva Convention", "geneva")]
    assert found("Health care, and health, care.", matcher) == [("Health care", "health-care")]


def test_a_cue_of_another_sense_works_for_multi_word_terms() -> None:
    terms = glossary.Glossary((glossary.Concept(
        id="ceacr", pos="noun", source="s", note="n", definitions={"en": "d", "es": "d"}, other_senses=("Europe",),
        terms={"en": (glossary.Term("Committee of Experts", "preferred"),), "es": (glossary.Term("Comisión de Expertos", "preferred", "f"),)}),))
    matcher = Matcher(terms)
    assert found("The ILO Committee of Experts met.", matcher) == [("Committee of Experts", "ceacr")]
    assert found("Council of Europe, Committee of Experts.", matcher) == []
