"""Finding glossary terms in English prose, markup excluded."""

from __future__ import annotations

import pytest
from conftest import ROOTS

from pipeline import glossary
from pipeline.terms import MASK, Matcher, mask, singular

MINI = glossary.load(ROOTS / "mini" / "glossary")


def found(text: str, matcher: Matcher | None = None) -> list[tuple[str, str]]:
    return [(text[hit.start:hit.end], hit.concept.id) for hit in (matcher or Matcher(MINI)).find(text)]


@pytest.mark.parametrize(("word", "expected"), [
    ("benefits", "benefit"), ("agencies", "agency"), ("taxes", "tax"), ("branches", "branch"),
    ("status", "status"), ("access", "access"), ("basis", "basis"), ("economics", "economics"), ("gas", "gas"),
])
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_mask_keeps_positions_and_prose_only() -> None:
    text = "See ``benefit`` and :term:`benefits <benefit>` at `the site <https://x.org/benefit>`_ |today| [#]_ :number:`3`."
    masked = mask(text)
    assert len(masked) == len(text)
    assert masked.replace(MASK, "") == "See  and benefits at the site   ."


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
    terms = glossary.Glossary(tuple(MINI) + (glossary.Concept(
        id="ssa", pos="noun", source="s", note="n", definitions={"en": "d", "es": "d"},
        terms={"en": (glossary.Term("social security agreement", "preferred"),),
               "es": (glossary.Term("convenio de seguridad social", "preferred", "m"),)}),))
    matcher = Matcher(terms)
    assert found("Two social security agreements.", matcher) == [("social security agreements", "ssa")]
    assert found("Social security. Agreements differ.", matcher) == [("Social security", "social-security")]
    assert found("social ``x`` security", matcher) == []


def test_hyphens_and_spaces_are_the_same() -> None:
    assert found("Asylum seekers and asylum-seekers.") == [("Asylum seekers", "asylum-seeker"), ("asylum-seekers", "asylum-seeker")]
