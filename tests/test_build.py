"""The build stage on the mini project: HTML sites and tagged PDFs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyphen
import pytest
import snowballstemmer
from bs4 import BeautifulSoup
from pdfbook import check_contents, flat_outline, text_by_marking
from pypdf import PdfReader

from pipeline import build
from pipeline.build import JobResult
from pipeline.project import Project

# HTML and PDF builds of the mini project.
pytestmark = pytest.mark.slow

Built = tuple[Project, list[JobResult]]


def test_every_job_succeeds(built_mini: Built) -> None:
    _project, results = built_mini
    assert {r.name: r.ok for r in results} == {"html-en": True, "html-es": True, "pdf-en": True, "pdf-es": True,
                                               "slides-en": True, "slides-es": True}
    assert all(r.problems == () for r in results)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_html_lang_attribute(built_mini: Built, lang: str) -> None:
    project, _ = built_mini
    for page in ("index.html", "module1.html", "search.html"):
        html = (project.html_dir(lang) / page).read_text()
        assert re.search(f'<html[^>]* lang="{lang}"', html)


@pytest.mark.parametrize("lang,other", [("en", "es"), ("es", "en")])
def test_switcher_links_to_the_same_page_in_the_other_language(built_mini: Built, lang: str, other: str) -> None:
    project, _ = built_mini
    pages = sorted(project.html_dir(lang).glob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        links = re.findall(r'<a class="guide-lang-switch" href="([^"]+)" hreflang="(\w+)"', page.read_text())
        assert [hreflang for _, hreflang in links] == [other], page
        target = (page.parent / links[0][0]).resolve()
        assert target == (project.html_dir(other) / page.name).resolve()
        assert target.exists()


def test_section_anchors_are_the_same_in_both_languages(built_mini: Built) -> None:
    project, _ = built_mini
    ids = {lang: set(re.findall(r'id="([^"]+)"', (project.html_dir(lang) / "module1.html").read_text())) for lang in ("en", "es")}
    assert {"m1-facts", "m1-concepts", "facts-and-figures"} <= ids["en"] & ids["es"]


def search_terms(project: Project, lang: str) -> dict[str, object]:
    text = (project.html_dir(lang) / "searchindex.js").read_text()
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]


def test_spanish_search_finds_accented_words_from_unaccented_queries(built_mini: Built) -> None:
    project, _ = built_mini
    terms = search_terms(project, "es")
    stem = snowballstemmer.stemmer("spanish").stemWord
    assert stem("proteccion") == stem("protección") and stem("proteccion") in terms
    assert "protección" not in terms  # the index holds stems, so accents never decide a match
    assert "SpanishStemmer" in (project.html_dir("es") / "_static" / "language_data.js").read_text()


def test_english_search_uses_english_stems(built_mini: Built) -> None:
    project, _ = built_mini
    assert "protect" in search_terms(project, "en")


def test_untranslated_text_falls_back_to_english_with_spanish_numbers(built_mini: Built) -> None:
    project, _ = built_mini
    html = (project.html_dir("es") / "module1.html").read_text()
    assert "Módulo 1. Introducción" in html
    assert 'There are <span class="number">169.000.000</span> migrant workers' in html


def interface_strings(page: Path) -> set[str]:
    """The words of a page's interface: every text and label outside the
    page's own content, its navigation trees and page titles."""
    soup = BeautifulSoup(page.read_text(), "html.parser")
    for selector in ("article", ".sidebar-tree", ".toc-tree", ".related-pages .title", ".brand", ".sidebar-brand",
                     "script", "style", "title", ".guide-langbar", "input[type=hidden]"):
        for node in soup.select(selector):
            node.decompose()
    labels = {node[name] for name in ("aria-label", "title", "placeholder", "value") for node in soup.select(f"[{name}]")}
    texts = {text.strip() for text in soup.stripped_strings}
    return {text for text in labels | texts if re.search("[A-Za-z]{3}", text)}


def test_the_spanish_interface_is_in_spanish(built_mini: Built) -> None:
    project, _ = built_mini
    for page in ("index.html", "module1.html", "search.html", "glossary.html", "404.html"):
        english = interface_strings(project.html_dir("en") / page)
        spanish = interface_strings(project.html_dir("es") / page)
        assert english and spanish
        assert english & spanish <= {"PDF"}, page
    html = (project.html_dir("es") / "module1.html").read_text()
    assert "Ir al contenido" in html and "Descargar el PDF" in html
    assert "&#169; 2021, Organización Internacional del Trabajo" in html and "International Labour" not in html
    titles = set(re.findall(r'class="headerlink" href="[^"]*" title="([^"]*)"', html))
    assert titles == {"Enlace a este apartado"}


def test_every_page_has_prev_or_next_links_at_its_end(built_mini: Built) -> None:
    project, _ = built_mini
    for lang in project.languages:
        for page in ("index.html", "module1.html", "glossary.html", "acronyms.html"):
            soup = BeautifulSoup((project.html_dir(lang) / page).read_text(), "html.parser")
            assert soup.select(".related-pages a.next-page, .related-pages a.prev-page"), (lang, page)


def test_the_site_root_offers_both_editions_and_their_pdfs(built_mini: Built) -> None:
    project, _ = built_mini
    root = project.build / "html"
    soup = BeautifulSoup((root / "index.html").read_text(), "html.parser")
    links = {a["href"] for a in soup.select("a")}
    assert {"en/index.html", "es/index.html", "pdf/guide-en.pdf", "pdf/guide-es.pdf"} <= links
    for lang in project.languages:
        assert (root / "pdf" / f"guide-{lang}.pdf").read_bytes() == project.pdf_path(lang).read_bytes()
        page = BeautifulSoup((project.html_dir(lang) / "module1.html").read_text(), "html.parser")
        assert (project.html_dir(lang) / page.select_one("a.guide-pdf")["href"]).resolve() == (root / "pdf" / f"guide-{lang}.pdf")
        assert (project.html_dir(lang) / "404.html").is_file()
    assert soup.select_one('section[lang="es"] a.edition').get_text() == "Leer la guía en español"


def test_numbers_are_in_the_search_index(built_mini: Built) -> None:
    project, _ = built_mini
    for lang in project.languages:
        assert "n2019" in search_terms(project, lang)
        assert "var splitQuery" in (project.html_dir(lang) / "_static" / "language_data.js").read_text()


def test_babel_formats_dates_in_each_language(built_mini: Built) -> None:
    project, _ = built_mini
    assert "8 November – 17 December 2021" in (project.html_dir("en") / "index.html").read_text()
    assert "8 de noviembre – 17 de diciembre de 2021" in (project.html_dir("es") / "index.html").read_text()


def pdf(project: Project, lang: str) -> PdfReader:
    return PdfReader(project.pdf_path(lang))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_pdf_is_tagged_with_its_language(built_mini: Built, lang: str) -> None:
    project, _ = built_mini
    root = pdf(project, lang).trailer["/Root"]
    assert root["/Lang"] == lang
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("lang,chapter", [("en", "Module 1. Introduction"), ("es", "Módulo 1. Introducción")])
def test_pdf_has_cover_imprint_contents_outline_and_running_headers(built_mini: Built, lang: str, chapter: str) -> None:
    project, _ = built_mini
    reader = pdf(project, lang)
    pages = [page.extract_text() for page in reader.pages]
    assert "2026" in pages[0] and "2021" not in pages[0]  # the cover shows the edition's year
    assert "© " in pages[1] and "2026" in pages[1]  # the imprint, on the back of the cover
    contents = next(i for i, text in enumerate(pages) if re.search(re.escape(chapter) + r"[ .]*\d+", text))
    assert contents == 2  # on a right-hand page, not on the back of the cover
    listed = int(re.search(re.escape(chapter) + r"[ .]*(\d+)", pages[contents]).group(1))
    assert chapter in pages[listed - 1]
    assert chapter in [item.title for item in reader.outline if not isinstance(item, list)]
    assert pages[listed - 1].count(chapter) >= 2  # the heading and the running header
    assert re.search(r"(^|\n)3\s*$", pages[2])  # pages are numbered from the cover on: the contents are page 3


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_contents_entry_points_to_the_page_of_its_heading(built_mini: Built, lang: str) -> None:
    project, _ = built_mini
    reader = pdf(project, lang)
    assert check_contents(reader) == []
    titles = [title for title, _ in flat_outline(reader)]
    wanted = {"en": {"1.3 Recommendations", "3.2 Recommendations"}, "es": {"1.3 Recomendaciones", "3.2 Recomendaciones"}}
    assert wanted[lang] <= set(titles)  # one title-made id in two documents


@pytest.mark.parametrize("lang", ["en", "es"])
def test_chapters_open_on_right_hand_pages(built_mini: Built, lang: str) -> None:
    project, _ = built_mini
    reader = pdf(project, lang)
    chapters = [item for item in reader.outline if not isinstance(item, list)]
    assert len(chapters) >= 4
    for chapter in chapters:
        assert reader.get_destination_page_number(chapter) % 2 == 0, chapter.title  # 0-based: page 1, 3, 5...


@pytest.mark.parametrize("lang,title,author,keyword", [
    ("en", "Mini guide: A test", "International Labour Organization", "migrant workers"),
    ("es", "Guía mínima: Una prueba", "Organización Internacional del Trabajo", "trabajadores migrantes"),
])
def test_pdf_metadata_in_each_language(built_mini: Built, lang: str, title: str, author: str, keyword: str) -> None:
    project, _ = built_mini
    info = pdf(project, lang).metadata
    assert (info.title, info.author) == (title, author)
    assert info.subject and keyword in info["/Keywords"].split(", ")
    assert info["/CreationDate"] == info["/ModDate"] and info["/CreationDate"].startswith("D:20")


def test_pdf_dates_come_from_source_date_epoch_and_rebuilds_are_identical(mini: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023, 22:13:20 UTC
    first = build.build(mini, ("en",), ("pdf",))
    assert first[0].ok, first[0].problems
    data = mini.pdf_path("en").read_bytes()
    info = PdfReader(mini.pdf_path("en")).metadata
    assert info["/CreationDate"].startswith("D:20231114221320")
    assert "14 November 2023" in PdfReader(mini.pdf_path("en")).pages[1].extract_text()
    mini.pdf_path("en").with_suffix(".sha256").unlink()  # force a second render of the same sources
    second = build.build(mini, ("en",), ("pdf",))
    assert second[0].ok and not second[0].skipped
    assert mini.pdf_path("en").read_bytes() == data


def test_print_variant_has_bleed_and_crop_marks_and_each_module_and_the_glossary_has_its_pdf(built_mini: Built) -> None:
    project, _ = built_mini
    book = pdf(project, "en")
    printer = PdfReader(project.pdf_path("en").with_name("guide-en-print.pdf"))
    assert len(printer.pages) == len(book.pages)
    page = printer.pages[0]
    bleed = 3 * 72 / 25.4
    assert [round(float(v), 1) for v in page.trimbox] == [round(float(v), 1) for v in book.pages[0].mediabox]
    assert [round(float(v), 1) for v in page.bleedbox] == [round(float(v) + d, 1) for v, d in zip(page.trimbox, (-bleed, -bleed, bleed, bleed), strict=True)]
    for number, title in ((1, "Module 1. Introduction"), (3, "Module 3. Patterns")):
        module = PdfReader(project.pdf_path("en").with_name(f"guide-en-module{number}.pdf"))
        first = module.pages[0].extract_text()
        assert title in first and module.trailer["/Root"]["/Lang"] == "en"
        assert module.metadata.title == "Mini guide: A test"
    glossary = PdfReader(project.pdf_path("es").with_name("guide-es-glossary.pdf"))
    assert "Glosario" in glossary.pages[0].extract_text() and len(glossary.pages) < len(book.pages) / 2


def test_pdf_internal_links_all_resolve(built_mini: Built) -> None:
    project, _ = built_mini
    reader = pdf(project, "es")
    names = set(reader.named_destinations)
    links = [annot.get_object() for page in reader.pages for annot in page.get("/Annots", []) if annot.get_object()["/Subtype"] == "/Link"]
    internal = [link for link in links if "/Dest" in link or link.get("/A", {}).get("/S") == "/GoTo"]
    assert internal
    for link in internal:
        dest = link.get("/Dest", link.get("/A", {}).get("/D"))
        assert isinstance(dest, list) or dest in names, dest


def test_pdf_fonts_are_embedded_and_cover_spanish(built_mini: Built) -> None:
    project, _ = built_mini
    reader = pdf(project, "es")
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"].get("/Font", {}).values()]
    assert fonts
    for font in fonts:
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    text = "".join(page.extract_text() for page in reader.pages).replace("\u2010\n", "")
    for word in ("¿Quién", "¡Todos!", "«cotización»", "España", "Perú", "pingüino", "útil", "índice", "acción"):
        assert word in text


def test_pdf_hyphenates_by_spanish_rules(built_mini: Built) -> None:
    project, _ = built_mini
    text = "".join(page.extract_text() for page in pdf(project, "es").pages)
    breaks = re.findall(r"(\w+)\u2010\n(\w+)", text)
    assert breaks
    spanish = pyphen.Pyphen(lang="es")
    for head, tail in breaks:
        assert (head, tail) in list(spanish.iterate(head + tail))


def test_no_op_rebuild_skips_the_pdf(built_mini: Built) -> None:
    project, _ = built_mini
    before = project.pdf_path("es").stat().st_mtime_ns
    html_before = (project.print_html_dir("es") / "index.html").stat().st_mtime_ns
    results = build.build(project, ("es",), ("pdf",))
    assert results[0].ok and results[0].skipped
    assert project.pdf_path("es").stat().st_mtime_ns == before
    assert (project.print_html_dir("es") / "index.html").stat().st_mtime_ns == html_before  # Sphinx did not run


def test_a_changed_source_rebuilds_the_pdf(mini: Project) -> None:
    assert build.build(mini, ("en",), ("pdf",))[0].ok
    (mini.docs / "module3.rst").write_text((mini.docs / "module3.rst").read_text() + "\nA new paragraph.\n")
    result = build.build(mini, ("en",), ("pdf",))[0]
    assert result.ok and not result.skipped
    assert "A new paragraph." in " ".join(page.extract_text() for page in pdf(mini, "en").pages)


def test_a_sphinx_warning_fails_the_build_and_names_the_line(mini: Project) -> None:
    (mini.docs / "module1.rst").write_text("Module 1\n========\n\nSee :ref:`no-such-label`.\n")
    results = build.build(mini, ("en",), ("html",))
    assert not results[0].ok
    assert any("module1.rst:4" in line and "no-such-label" in line for line in results[0].problems)


def test_english_phrases_in_the_spanish_edition_are_marked_english(built_mini: Built) -> None:
    project, _ = built_mini
    module = (project.html_dir("es") / "module1.html").read_text()
    assert '<span lang="en"><em>Global Trends: Forced Displacement in 2023</em></span>' in module  # a title kept in English
    assert '<span lang="en">Women in Migration</span>' in module  # the :en: role
    assert module.count('<span lang="en">') == 2  # nothing translated is marked
    glossary_page = (project.html_dir("es") / "glossary.html").read_text()
    assert re.search(r'<strong>Inglés: </strong><span lang="en"><em>', glossary_page)
    english = (project.html_dir("en") / "module1.html").read_text()
    assert "<em>Global Trends: Forced Displacement in 2023</em>" in english and english.count('<span lang="en">') == 1  # the role
    printed = (project.print_html_dir("es") / "index.html").read_text()
    assert '<span lang="en"><em>Global Trends' in printed


@pytest.mark.parametrize("lang", ["en", "es"])
def test_running_headers_and_folios_are_artifacts_and_the_text_is_tagged(built_mini: Built, lang: str) -> None:
    project, _ = built_mini
    reader = pdf(project, lang)
    number = next(page for title, page in flat_outline(reader) if title.startswith("1.1"))
    page = reader.pages[number]
    marked = text_by_marking(page)
    header = reader.metadata.title.partition(":")[0]
    folio = str(number + 1)
    assert (folio, "Artifact") in marked and any(header in text and tag == "Artifact" for text, tag in marked)
    assert all(tag == "Span" for text, tag in marked if text.startswith("1.1"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_link_descriptions_are_the_link_text(built_mini: Built, lang: str) -> None:
    project, _ = built_mini
    reader = pdf(project, lang)
    links = [annotation.get_object() for page in reader.pages for annotation in page.get("/Annots", [])]
    descriptions = [str(link["/Contents"]) for link in links if link["/Subtype"] == "/Link"]
    assert descriptions and not [text for text in descriptions if re.fullmatch(r"[\w.-]+", text) and "-" in text]
    assert ("ILO" if lang == "en" else "OIT") in descriptions  # :term:`ILO`, not "term-ilo"
