"""Spanish inflection of glossary terms by rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.spanish import (
    feminine_word,
    fold,
    inflect,
    nuclei,
    plural_word,
    stressed,
    word_forms,
)


@pytest.mark.parametrize(("word", "plural"), [
    ("prestación", "prestaciones"), ("régimen", "regímenes"), ("espécimen", "especímenes"), ("trabajador", "trabajadores"), ("migrante", "migrantes"),
    ("social", "sociales"), ("país", "países"), ("inglés", "ingleses"), ("crisis", "crisis"), ("mes", "meses"),
    ("ley", "leyes"), ("joven", "jóvenes"), ("examen", "exámenes"), ("origen", "orígenes"), ("vez", "veces"),
    ("baúl", "baúles"), ("común", "comunes"), ("sistema", "sistemas"),
])
def test_regular_plurals(word: str, plural: str) -> None:
    assert plural_word(word) == plural


@pytest.mark.parametrize(("word", "feminine"), [
    ("trabajador", "trabajadora"), ("trabajadores", "trabajadoras"), ("refugiado", "refugiada"),
    ("internos", "internas"), ("migrante", "migrante"), ("inglés", "inglesa"), ("prestación", "prestación"),
])
def test_feminine_forms(word: str, feminine: str) -> None:
    assert feminine_word(word) == feminine


def test_only_the_head_of_a_term_inflects_and_the_glossary_plural_wins() -> None:
    forms = word_forms(["régimen", "de", "seguridad", "social"], ["regímenes", "de", "seguridad", "social"], False)
    assert forms[0] == (frozenset({"régimen"}), frozenset({"regímenes"}))
    assert word_forms(["trabajador"], None, False)[0] == (frozenset({"trabajador"}), frozenset({"trabajadores"}))
    assert forms[1:] == [(frozenset({word}), frozenset()) for word in ("de", "seguridad", "social")]


def test_common_gender_terms_take_both_genders() -> None:
    singular, plural = word_forms(["migrante", "interno"], None, True)[1]
    assert singular == {"interno", "interna"} and plural == {"internos", "internas"}


def test_seguridad_and_seguro_stay_apart() -> None:
    assert fold("Seguridad") != fold("Seguro")
    assert "seguro" not in word_forms(["seguridad"], None, False)[0][0] | word_forms(["seguridad"], None, False)[0][1]


def test_fold_drops_accents_but_keeps_enye() -> None:
    assert fold("Prestación Año Pingüino") == "prestacion año pingüino"


def test_inflect_gives_a_replacement_in_the_number_and_case_found() -> None:
    assert inflect("convenio de seguridad social", None, True, True) == "Convenios de seguridad social"
    assert inflect("régimen", "regímenes", True, False) == "regímenes"
    assert inflect("prestación", None, False, False) == "prestación"


PLURALS = Path(__file__).parent / "data" / "spanish_plurals.txt"


def known_plurals() -> list[tuple[str, str]]:
    lines = PLURALS.read_text(encoding="utf-8").splitlines()
    return [(line.split()[0], line.split()[1]) for line in lines if line.strip() and not line.startswith("#")]


def test_plurals_and_their_accents_follow_syllables_and_stress() -> None:
    pairs = known_plurals()
    assert len(pairs) >= 200
    wrong = [(word, plural, plural_word(word)) for word, plural in pairs if plural_word(word) != plural]
    assert wrong == []


@pytest.mark.parametrize(("word", "syllables", "stress"), [
    ("país", 2, 1), ("ciencia", 2, 0), ("león", 2, 1), ("rey", 1, 0), ("queso", 2, 0), ("pingüino", 3, 1), ("carácter", 3, 1),
])
def test_syllables_and_stress(word: str, syllables: int, stress: int) -> None:
    groups = nuclei(word)
    assert (len(groups), stressed(word, groups)) == (syllables, stress)
