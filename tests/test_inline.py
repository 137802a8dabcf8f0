"""Inline markup and figures in one message."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.inline import (
    MASK,
    code_masked,
    figures,
    format_figure,
    local_figure,
    markup,
    mask,
    misgrouped,
    shared_titles,
)


def test_mask_keeps_positions_and_prose_only() -> None:
    text = "See ``benefit`` and :term:`benefits <benefit>` at `the site <https://x.org/benefit>`_ |today| [#]_ :number:`3`."
    masked = mask(text)
    assert len(masked) == len(text)
    assert masked.replace(MASK, "") == "See  and benefits at the site   ."


def test_markup_lists_what_a_translation_must_keep() -> None:
    found = markup("A :term:`benefit`, :ref:`the facts <m1-facts>`, ``x = 1``, `ILO <https://ilo.org>`__, "
                   "|today|, [#]_, `Target`_ and :number:`169000000`.")
    assert sorted(found) == sorted([
        (":term:", "benefit"), (":ref:", "m1-facts"), ("literal", "x = 1"), ("link", "https://ilo.org"),
        ("substitution", "today"), ("footnote", "#"), ("reference", "Target"), (":number:", "169000000")])


def test_translated_link_text_and_term_text_keep_the_same_markup() -> None:
    english = markup(":term:`benefits <benefit>` and `the ILO site <https://ilo.org>`__")
    spanish = markup(":term:`prestaciones <benefit>` y `el sitio de la OIT <https://ilo.org>`__")
    assert english == spanish


@pytest.mark.parametrize("text", ["an `unclosed role", "a **bold start", "a *half"])
def test_unclosed_inline_markup_is_stray(text: str) -> None:
    assert any(kind == "stray" for kind, _ in markup(text))


def test_emphasis_is_counted_and_closed_emphasis_is_not_stray() -> None:
    assert markup("*emphasis* and **strong** and 5 * 3") == {("emphasis", ""): 1, ("strong", ""): 1}
    assert markup("**half closed*") == {("stray", "**"): 1, ("stray", "*"): 1}


def values(text: str, lang: str) -> list[set[str]]:
    return [set(figure.values) for figure in figures(text, lang)]


def test_figures_compare_by_value_across_languages() -> None:
    assert values("10,000 and 2.5 per cent", "en") == [{"10000"}, {"2.5"}]
    assert values("10.000 y 2,5 por ciento y 1000", "es") == [{"10000", "=10.000"}, {"2.5", "=2,5"}, {"1000", "=1000"}]


def test_an_english_thousands_separator_in_spanish_is_another_number() -> None:
    [figure] = figures("1,500 casos", "es")
    assert "1500" not in figure.values


def test_labels_year_ranges_and_billions() -> None:
    assert values("Box 1.1 of the 2020–22 report: 4.1 billion", "en") == [
        {"1.1", "=1.1"}, {"2020"}, {"2022"}, {"4.1", "4100"}]
    assert values("Recuadro 1.1", "es") == [{"=1.1"}]


def test_figures_in_markup_are_not_prose() -> None:
    assert figures("See :number:`169000000` and ``C102``", "en") == []


def test_titles_copied_verbatim_are_masked_in_both_texts() -> None:
    source, target = shared_titles("ILO. *Social protection for all*. Geneva.", "OIT. *Social protection for all*. Ginebra.")
    assert "Social" not in source and "Social" not in target
    assert shared_titles("A *benefit* here", "Una *prestación* aquí") == ("A *benefit* here", "Una *prestación* aquí")


def test_a_dotted_number_that_is_not_an_amount_may_stay_as_it_is() -> None:
    assert values("Python 2.5.1 or 3.0; 4.9 per cent", "en") == [{"=2.5.1"}, {"3.0", "=3.0"}, {"4.9"}]


@pytest.mark.parametrize(("number", "lang", "written"), [
    ("1500", "es", "1500"), ("4100", "es", "4100"), ("9999.5", "es", "9999,5"), ("10000", "es", "10.000"),
    ("169000", "es", "169.000"), ("169000000", "es", "169.000.000"), ("-4100", "es", "-4100"),
    ("1500", "en", "1,500"), ("10000", "en", "10,000"), ("2.5", "es", "2,5"), ("999", "es", "999"),
])
def test_spanish_groups_from_five_digits_english_from_four(number: str, lang: str, written: str) -> None:
    assert format_figure(Decimal(number), lang) == written


@pytest.mark.parametrize(("english", "spanish"), [
    ("2021", "2021"), ("1990", "1990"), ("4,100", "4100"), ("1,500.5", "1500,5"), ("10,000", "10.000"),
    ("169,000,000", "169.000.000"), ("2.5", "2,5"), ("2.5.1", "2.5.1"),
])
def test_english_figures_in_spanish_and_years_never_grouped(english: str, spanish: str) -> None:
    assert local_figure(english, "es") == spanish
    assert local_figure("2021", "en") == "2021"


@pytest.mark.parametrize(("written", "better"), [
    ("4.100", "4100"), ("1.500,5", "1500,5"), ("10.000", None), ("4100", None), ("25.655", None), ("1.1", None),
])
def test_a_four_digit_figure_with_a_separator_is_misgrouped(written: str, better: str | None) -> None:
    assert misgrouped(written, "es") == better


@pytest.mark.parametrize(("source", "target", "hidden"), [
    ("Setup is in :file:`Modules/Setup`.", "La configuración está en :file:`Modules/Setup`.", "Modules"),
    ("Press :kbd:`Ctrl-S` to save the file.", "Pulse :kbd:`Ctrl-S` para guardar el archivo.", "Ctrl"),
    ("“%(value)s” is not a valid value.", "«%(value)s» no es un valor válido.", "%(value)s"),
    ("Changed {fields} for {name}.", "Cambió {fields} de {name}.", "{fields}"),
    ("Write to module@example.org.", "Escriba a module@example.org.", "module@example.org"),
    ("invalid css_file: %r", "css_file inválido: %r", "css_file"),
    ("append module_path to sys.path, with --full", "agregue module_path al sys.path, con --full", "sys.path"),
    ('conf value "version" should not be empty', 'el valor de configuración "version" no debe estar vacío', "version"),
    ("option for csv-table directive", "opción de la directiva csv-table", "csv-table"),
])
def test_code_is_not_prose(source: str, target: str, hidden: str) -> None:
    masked_source, masked_target = code_masked(source, target)
    assert hidden not in masked_source and hidden not in masked_target
    assert len(masked_source) == len(source) and len(masked_target) == len(target)


def test_a_word_translated_is_not_code() -> None:
    source, target = code_masked('Set "version" in the file.', "Defina «versión» en el archivo.")
    assert "versión" in target
    assert "version" in source and "file" in source
