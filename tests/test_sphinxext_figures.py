"""Charts and tables from data files: the data rows, the drawn values, the
texts through the catalogs, numbering, and the PDF's vector figures."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, translated_root
from pypdf import PdfReader

from pipeline import build
from pipeline.build import JobResult
from pipeline.project import Project
from pipeline.sphinxext import figures

DATA = sorted((REPO / "docs" / "data").glob("*.csv"))
SPANISH = {
    "Workers by region (millions)": "Trabajadores por región (millones)",
    "Millions of persons": "Millones de personas",
    "Bar chart of workers by region.": "Gráfico de barras de los trabajadores por región.",
    "Europe": "Europa",
    "Americas": "Américas",
    "Year 2019": "Año 2019",
    "Year 2020": "Año 2020",
    "Principles and instruments": "Principios e instrumentos",
}
Built = tuple[Project, list[JobResult]]


def test_every_data_row_has_a_source_and_a_year() -> None:
    assert len(DATA) >= 4
    for path in DATA:
        for row in figures.read_data(path):
            assert row.source and row.location, path
            assert re.fullmatch(r"\d{4}", row.reference_year) or row.reference_year == figures.ILLUSTRATIVE, path


def test_data_urls_are_https_on_an_official_domain() -> None:
    urls = [row.url for path in DATA for row in figures.read_data(path) if row.url]
    assert urls  # the rows with an official page give it
    for url in urls:
        assert figures.official_url(url), url


@pytest.mark.parametrize(("url", "official"), [
    ("https://www.ilo.org/publications/x", True), ("https://normlex.ilo.org/dyn/x", True), ("https://www.issa.int/analysis/x", True),
    ("https://treaties.un.org/x", True), ("http://www.ilo.org/x", False), ("https://example.org/ilo.org", False),
    ("https://notilo.org/x", False), ("https://ilo.org.example.com/x", False),
])
def test_official_urls(url: str, official: bool) -> None:
    assert figures.official_url(url) is official


def test_a_lower_bound_is_drawn_at_its_value_and_said_as_more_than(tmp_path: Path) -> None:
    path = tmp_path / "bound.csv"
    path.write_text("category,series,value,unit,source,location,url,reference_year\n"
                    "europe,agreements,>80,%,S,T,https://www.issa.int/x,2024\neurope,workers,37.7,%,S,T,,2019\n", encoding="utf-8")
    bound, exact = figures.read_data(path)
    assert (bound.value, bound.lower_bound, exact.lower_bound) == (Decimal(80), True, False)
    assert (figures.number_text(bound, "en"), figures.number_text(bound, "es"), figures.number_text(exact, "es")) == (
        "more than 80", "más de 80", "37,7")
    labels = {"value-label": "Per cent", "europe": "Europe", "agreements": "Agreements", "workers": "Migrant workers"}
    drawn = figures.chart("bars", [bound, exact], labels, "es", "#1b5e9e")
    assert [value for _, _, value in drawn.plotted] == [80.0, 37.7]
    assert "más de 80  (Agreements)" in drawn.svg


@pytest.mark.parametrize("path", DATA, ids=lambda path: path.stem)
def test_each_chart_plots_the_values_of_its_file(path: Path) -> None:
    rows = figures.read_data(path)
    categories, series = figures.keys(rows)
    labels = {key: f"label-{key}" for key in [*figures.TEXT_KEYS, *categories, *series]}
    for kind, narrow in [(kind, narrow) for kind in figures.KINDS for narrow in (False, True)]:
        drawn = figures.chart(kind, rows, labels, "es", "#1b5e9e", narrow)
        plotted = {(category, key): value for category, key, value in drawn.plotted}
        assert len(plotted) == len(drawn.plotted) == len(rows)
        assert plotted == {(row.category, row.series): pytest.approx(float(row.value)) for row in rows}
        for key in [*categories, "value-label"]:
            assert f"label-{key}" in drawn.svg


def test_chart_labels_follow_the_locale() -> None:
    rows = figures.read_data(REPO / "tests" / "roots" / "figures" / "docs" / "data" / "workers.csv")
    labels = {key: key for key in ["value-label", "europe", "americas", "y2019", "y2020"]}
    spanish = figures.chart("bars", rows, labels, "es", "#1b5e9e").svg
    english = figures.chart("bars", rows, labels, "en", "#1b5e9e").svg
    assert ">63,8" in spanish and ">10.500" in spanish and ">63.8" not in spanish
    assert ">63.8" in english and ">10,500" in english


@pytest.mark.parametrize(("value", "lang", "written"), [
    ("40.0", "es", "40,0"), ("40.0", "en", "40.0"), ("4100", "es", "4100"), ("10500", "es", "10.500"),
    ("169", "es", "169"), ("102.7", "es", "102,7"), ("10500", "en", "10,500"),
])
def test_values_keep_their_decimals_and_the_locale_grouping(value: str, lang: str, written: str) -> None:
    row = figures.Row("a", "b", Decimal(value), value, "%", "S", "T", "", "2019")
    assert figures.number_text(row, lang) == written


@pytest.mark.parametrize(("text", "problem"), [
    ("category,series,value\n", ":1: missing column(s) unit, source"),
    ("category,series,value,unit,source,location,url,reference_year\na,b,1,%,S,T,,19\n", ":2: reference_year must be a year"),
    ("category,series,value,unit,source,location,url,reference_year\na,b,1,%,S,T,,2019\na,b,x,%,S,T,,2019\n", ":3: value 'x' is not a number"),
    ("category,series,value,unit,source,location,url,reference_year\na,b,1,%,,T,,2019\n", ":2: empty source"),
    ("category,series,value,unit,source,location,url,reference_year\na,b,1,%,S,T,http://www.ilo.org/,2019\n", ":2: url 'http://www.ilo.org/' is not https"),
])
def test_a_bad_data_file_is_one_line_at_its_row(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(figures.DataError, match=re.escape(problem)):
        figures.read_data(path)


def test_chart_numbers_restart_in_each_module() -> None:
    env = SimpleNamespace(toc_fignumbers={"module3": {"figure": {"b": (7,), "a": (5,)}, "table": {"t": (2,)}},
                                          "course": {"table": {"c": (9,)}}})
    figures.per_module_numbers(None, env)  # type: ignore[arg-type]
    assert env.toc_fignumbers == {"module3": {"figure": {"a": (3, 1), "b": (3, 2)}, "table": {"t": (3, 1)}},
                                  "course": {"table": {"c": (1,)}}}


@pytest.fixture(scope="module")
def built_figures(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The figures project, in Spanish (other messages prefixed "ES"), built in every format."""
    project = translated_root("figures", tmp_path_factory, SPANISH)
    return project, build.build(project, project.languages, build.FORMATS)


@pytest.mark.slow
def test_figures_build_with_their_texts_in_the_catalogs(built_figures: Built) -> None:
    project, results = built_figures
    assert [(result.name, result.problems) for result in results if not result.ok] == []
    pot = (project.pot_dir / "module1.pot").read_text(encoding="utf-8")
    for text in ("Workers by region (millions)", "Millions of persons", "Europe", "Year 2019", "Bar chart of workers by region."):
        assert f'msgid "{text}"' in pot


@pytest.mark.slow
def test_the_spanish_figure_has_spanish_labels_and_no_english(built_figures: Built) -> None:
    project, _ = built_figures
    svg = (project.html_dir("es") / "_images" / "fig-workers-es.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    joined = " ".join(texts)
    for spanish in ("Europa", "Américas", "Millones de personas", "63,8", "10.500"):
        assert spanish in joined
    for english in ("Europe", "Americas", "Millions", "Year"):
        assert english not in joined
    page = (project.html_dir("es") / "module1.html").read_text(encoding="utf-8")
    assert "Gráfico 1.1" in page and "Cuadro 1.1" in page
    assert 'alt="Gráfico de barras de los trabajadores por región."' in page
    table = re.search(r'<details class="figure-data".*?</details>', page, re.S)
    assert table and '<th scope="row">Europa</th>' in table.group(0) and "10.500" in table.group(0)


@pytest.mark.slow
def test_the_pdf_lists_the_figures_and_draws_them_as_vectors(built_figures: Built) -> None:
    project, _ = built_figures
    reader = PdfReader(project.pdf_path("en"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "List of figures and tables" in text
    assert text.count("Figure 1.1") >= 3  # the list, the caption, the appendix
    assert "Appendix: data of the figures" in text
    figure_page = next(page for page in reader.pages if "Equality of treatment" in page.extract_text())
    drawn = figure_page.extract_text()
    for label in ("Millions of persons", "Europe", "10,500 (Year 2020)", "63.8 (Year 2019)"):
        assert label in drawn  # the chart's words are text in the PDF, not pixels
    assert list(figure_page.images) == []  # and nothing on the page is a raster image


def test_directive_items_join_continuation_lines_and_refuse_stray_text() -> None:
    assert figures.parse_items([":title: A long", "   title", "", ":alt: Short"]) == [("title", "A long title", 0), ("alt", "Short", 3)]
    with pytest.raises(figures.DataError, match="expected ':key: text'"):
        figures.parse_items(["no key here"])
