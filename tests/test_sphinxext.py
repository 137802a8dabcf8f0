"""The Sphinx extension's plain functions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.sphinxext.accessibility import level_captions
from pipeline.sphinxext.foreign import kept_emphasis
from pipeline.sphinxext.interface import compile_catalogs, translations_js
from pipeline.sphinxext.landing import landing_page
from pipeline.sphinxext.localeroles import format_day, format_number, format_range
from pipeline.sphinxext.modules import MODULE_COLOURS, module_css, module_number
from pipeline.sphinxext.printing import (
    ImprintError,
    anchors_inside_chapters,
    ids_on_headings,
    local_anchors,
    read_imprint,
    split_title,
)
from pipeline.sphinxext.search import number_token, with_numbers
from pipeline.sphinxext.switcher import language_name, pdf_link, switcher_links
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
    moved = ids_on_headings('<section class="module" id="intro"><span id="document-module1"></span>\n<h2>Module 1</h2>')
    assert moved == '<section class="module">\n<h2 id="intro"><span id="document-module1"></span>Module 1</h2>'


def test_each_module_has_its_colour_and_a_tab_that_steps_down() -> None:
    css = module_css()
    for number, colour in enumerate(MODULE_COLOURS, 1):
        assert f"section.module-{number} {{ --module-color: {colour}; page: module-{number}; }}" in css
    tops = [int(top) for top in re.findall(r"@page module-\d:right .* top (\d+)mm; }", css)]
    assert len(tops) == len(MODULE_COLOURS) and tops == sorted(set(tops))


def test_pdf_links_climb_to_the_site_root() -> None:
    assert pdf_link("module1", "es") == "../pdf/guide-es.pdf"
    assert pdf_link("part/page", "en") == "../../pdf/guide-en.pdf"


def test_numbers_and_codes_become_one_token() -> None:
    assert [number_token(word) for word in ("157", "C157", "c097", "R202", "C", "2019a")] == ["n157", "n157", "n97", "n202", None, None]
    assert with_numbers(["Convention", "No", "157", "C157"]) == ["Convention", "No", "n157", "n157", "C157"]


def test_toctree_captions_get_a_heading_level() -> None:
    html = '<p class="caption" role="heading"><span class="caption-text">Modules</span></p>'
    assert level_captions(html) == '<p class="caption" role="heading" aria-level="2"><span class="caption-text">Modules</span></p>'


def test_the_interface_catalog_overrides_sphinx_in_javascript_too(tmp_path: Path) -> None:
    folder = tmp_path / "locale"
    shutil.copytree(Path(__file__).parent.parent / "pipeline" / "sphinxext" / "locale", folder,
                    ignore=shutil.ignore_patterns("*.mo", "*.js"))
    written = compile_catalogs(folder)
    assert sorted(path.name for path in written) == ["sphinx.js", "sphinx.mo"] and compile_catalogs(folder) == []
    text = translations_js(folder / "es" / "LC_MESSAGES" / "sphinx.po")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    assert data["messages"]["Search"] == "Buscar" and data["messages"]["Hide Search Matches"] == "Ocultar las coincidencias"
    found = data["messages"]["Search finished, found one page matching the search query."]
    assert found[0] == "Búsqueda terminada: una página coincide con su búsqueda." and "${resultCount}" in found[2]
    assert data["messages"]["Collapse sidebar"] == "Contraer barra lateral"  # Sphinx's own, kept


def test_the_landing_page_names_each_edition_in_its_language() -> None:
    html = landing_page({"en": "Guide: A test", "es": "Guía: Una prueba"}, ["en", "es"])
    assert '<html lang="en">' in html and '<section lang="es">' in html
    assert ">Read the guide in English</a>" in html and ">Leer la guía en español</a>" in html
    assert 'href="pdf/guide-es.pdf"' in html and 'var editions = ["en", "es"]' in html


def test_titles_kept_in_english_are_found_by_comparing_message_and_translation() -> None:
    msgid = "See *Global Trends 2023* and *Social security for all* (**bold** is not a title)."
    msgstr = "Véase *Global Trends 2023* y *La seguridad social para todos* (**negrita**)."
    assert kept_emphasis(msgid, msgstr) == {"Global Trends 2023"}
    assert kept_emphasis(msgid, "") == set()


IMPRINT = """author = "ILO"
publisher = "ILO, Geneva"
year = 2026
edition = "First edition"
version = "1.0"
copyright = "© ILO {year}"
licence = "CC BY 4.0"
citation = "ILO. {year}. {title}."
disclaimer = "No opinion."
isbn_print = ""
isbn_pdf = ""
subject = "A guide."
keywords = ["social protection"]
"""


def test_the_imprint_fills_in_year_and_title(tmp_path: Path) -> None:
    path = tmp_path / "en.toml"
    path.write_text(IMPRINT, encoding="utf-8")
    imprint = read_imprint(path, "A guide: Subtitle")
    assert imprint.citation == "ILO. 2026. A guide: Subtitle." and imprint.copyright == "© ILO 2026"
    assert imprint.keywords == ("social protection",) and imprint.isbn_print == ""


@pytest.mark.parametrize("change,message", [
    (lambda text: text.replace("year = 2026", 'year = "2026"'), ":3: 'year' must be a int"),
    (lambda text: text.replace('isbn_pdf = ""\n', ""), ":1: missing field 'isbn_pdf'"),
    (lambda text: text + 'isbn_ebook = ""\n', ":14: unknown field 'isbn_ebook'"),
    (lambda text: text.replace('edition = "First edition"', "edition = First"), ":4: "),
])
def test_a_bad_imprint_names_its_line(tmp_path: Path, change, message: str) -> None:
    path = tmp_path / "en.toml"
    path.write_text(change(IMPRINT), encoding="utf-8")
    with pytest.raises(ImprintError) as caught:
        read_imprint(path, "A guide")
    assert str(caught.value).startswith(f"{path}{message}")
