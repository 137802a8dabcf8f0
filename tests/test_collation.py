"""Spanish and English alphabetical order."""

from __future__ import annotations

from pipeline.collation import sort_key


def test_spanish_order_ignores_accents_first_and_puts_n_tilde_after_n() -> None:
    words = ["obra", "ñandú", "nuez", "Niño", "nino", "árbol", "azul", "cotización", "cotizacion", "seguro", "seguridad social", "seguridades"]
    assert sorted(words, key=lambda word: sort_key(word, "es")) == [
        "árbol", "azul", "cotizacion", "cotización", "nino", "Niño", "nuez", "ñandú", "obra",
        "seguridad social", "seguridades", "seguro",
    ]


def test_english_order_treats_n_tilde_as_n() -> None:
    assert sorted(["nz", "ña", "nb"], key=lambda word: sort_key(word, "en")) == ["ña", "nb", "nz"]


def test_case_and_punctuation_are_ignored_at_the_first_level() -> None:
    assert sorted(["social-security", "Social assistance", "social protection"], key=lambda w: sort_key(w, "en")) == [
        "Social assistance", "social protection", "social-security"]
