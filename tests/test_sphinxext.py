"""The Sphinx extension's plain functions."""

from __future__ import annotations

import re

import pytest

from pipeline.sphinxext.localeroles import format_day, format_number, format_range
from pipeline.sphinxext.modules import MODULE_COLOURS, module_css, module_number
from pipeline.sphinxext.printing import (
    anchors_inside_chapters,
    local_anchors,
    split_title,
)
from pipeline.sphinxext.switcher import language_name, switcher_links
from pipeline.sphinxext.ui import translate


def test_numbers_use_the_locale_separators() -> None:
    assert format_number("169000000", "en_GB") == "169,000,000"
    assert format_number("169000000", "es") == "169.000.000"
    assert format_number("46.9", "es") == "46,9"


def test_dates_and_ranges() -> None:
    assert format_day("2021-11-08", "es") == "8 de noviembre de 2021"
    assert format_range("2021-11-08/2021-12-17", "en_GB") == "8 November – 17 December 2021"
    assert format_range("2021-11-08/2021-12-17", "es") == "8 de noviembre – 17 de diciembre de 2021"
    assert format_range("2021-12-20/2022-01-07", "es") == "20 de diciembre de 2021 – 7 de enero de 2022"


@pytest.mark.parametrize("bad", ["2021-11-08", "2021-12-17/2021-11-08", "x/y"])
def test_bad_ranges_are_errors(bad: str) -> None:
    with pytest.raises(ValueError):
        format_range(bad, "es")


def test_switcher_links_are_relative_to_the_page() -> None:
    links = switcher_links("sub/page", "sub/page.html", "en", ["en", "es"])
    assert links == [
        {"lang": "en", "name": "English", "url": "../../en/sub/page.html", "current": True},
        {"lang": "es", "name": "Español", "url": "../../es/sub/page.html", "current": False},
    ]
    assert language_name("es") == "Español"


def test_module_numbers_come_from_document_names() -> None:
    assert module_number("module3") == 3
    assert module_number("modules/module12") == 12
    assert module_number("glossary") is None


def test_cover_title_and_interface_strings() -> None:
    assert split_title("Guía: Una prueba") == ("Guía", "Una prueba")
    assert translate("Contents", "es") == "Índice"
    assert translate("Contents", "en") == "Contents"


def test_single_page_anchors() -> None:
    assert local_anchors('<a href="#document-module1#facts">') == '<a href="#facts">'
    assert local_anchors('<a href="#document-module1">') == '<a href="#document-module1">'
    body = '<span id="document-module1"></span><section class="module" id="intro">'
    assert anchors_inside_chapters(body) == '<section class="module" id="intro"><span id="document-module1"></span>'


def test_each_module_has_its_colour_and_a_tab_that_steps_down() -> None:
    css = module_css()
    for number, colour in enumerate(MODULE_COLOURS, 1):
        assert f"section.module-{number} {{ --module-color: {colour}; page: module-{number}; }}" in css
    tops = [int(top) for top in re.findall(r"@page module-\d:right .* top (\d+)mm; }", css)]
    assert len(tops) == len(MODULE_COLOURS) and tops == sorted(set(tops))
