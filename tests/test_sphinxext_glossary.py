"""The generated Glossary and Acronyms chapters, and ``:term:`` in both languages."""

from __future__ import annotations

import re

from pipeline import build
from pipeline.build import JobResult
from pipeline.project import Project

Built = tuple[Project, list[JobResult]]


def page(project: Project, lang: str, name: str) -> str:
    return (project.html_dir(lang) / f"{name}.html").read_text(encoding="utf-8")


def headwords(html: str) -> list[str]:
    return re.findall(r'<dt id="term-[^"]+">([^<]+)<a class="headerlink"', html)


def test_spanish_glossary_is_in_spanish_alphabetical_order(built_mini: Built) -> None:
    project, _ = built_mini
    assert headwords(page(project, "es", "glossary")) == [
        "cotización", "MERCOSUR", "migrante en situación irregular", "ñandú",
        "Organización Internacional del Trabajo", "prestación",
        "prestación en caso de accidente del trabajo y de enfermedad profesional",
        "seguridad social", "solicitante de asilo", "trabajador migrante",
    ]


def test_english_glossary_is_generated_in_english(built_mini: Built) -> None:
    project, _ = built_mini
    html = page(project, "en", "glossary")
    assert headwords(html)[:3] == ["asylum-seeker", "benefit", "contribution"]
    assert "<strong>Avoid: </strong><em>illegal migrant</em>" in html
    assert '<strong>Spanish: </strong><span lang="es"><em>prestación</em></span>' in html


def test_spanish_entries_show_what_to_avoid_and_the_english_term(built_mini: Built) -> None:
    project, _ = built_mini
    html = page(project, "es", "glossary")
    entry = html[html.index('<dt id="term-benefit">'):html.index('<dt id="term-employment-injury-benefit">')]
    assert "Pago o servicio que otorga un régimen de seguridad social." in entry
    assert "<strong>Evítese: </strong><em>beneficio</em>" in entry and '<strong>Inglés: </strong><span lang="en"><em>benefit</em></span>' in entry


def test_term_references_resolve_in_both_languages(built_mini: Built) -> None:
    project, _ = built_mini
    links = {lang: re.findall(r'href="glossary.html#(term-[^"]+)"><span class="xref std std-term">([^<]+)</span>',
                              page(project, lang, "module1")) for lang in ("en", "es")}
    assert links["en"] == [("term-ilo", "ILO"), ("term-benefit", "benefit"),
                           ("term-irregular-migrant", "migrant in an irregular situation")]
    assert links["es"] == [("term-ilo", "OIT"), ("term-benefit", "prestación"),
                           ("term-irregular-migrant", "migrante en situación irregular")]


def test_acronyms_link_to_their_glossary_entries(built_mini: Built) -> None:
    project, _ = built_mini
    for lang, acronym, expansion in (("en", "ILO", "International Labour Organization"),
                                     ("es", "OIT", "Organización Internacional del Trabajo")):
        html = page(project, lang, "acronyms")
        assert re.search(rf'<dt>{acronym}</dt><dd><p><a class="reference internal" href="glossary.html#term-ilo">'
                         rf'<span class="xref std std-term">{expansion}</span>', html)


def test_glossary_text_stays_out_of_the_catalogs(built_mini: Built) -> None:
    project, _ = built_mini
    pot = (project.pot_dir / "glossary.pot").read_text(encoding="utf-8")
    assert re.findall(r'^msgid "(.+)"', pot, re.MULTILINE) == ["Glossary", "The terms of this guide, with their definitions."]


def test_editing_the_glossary_rebuilds_the_chapter(mini: Project) -> None:
    build.build(mini, ("en",), ("html",))
    path = mini.glossary_dir / "terms.toml"
    path.write_text(path.read_text().replace("A payment or service provided", "A cash payment or service provided"))
    [result] = build.build(mini, ("en",), ("html",))
    assert result.ok and "A cash payment or service provided" in page(mini, "en", "glossary")


def test_an_invalid_glossary_fails_the_build_at_its_line(mini: Project) -> None:
    path = mini.glossary_dir / "terms.toml"
    path.write_text(path.read_text().replace('{ term = "OIT", status = "preferred", type = "acronym", expansion = "Organización Internacional del Trabajo", gender = "f" },',
                                             '{ term = "OIT", status = "preferred", type = "acronym", gender = "f" },'))
    [result] = build.build(mini, ("es",), ("html",))
    assert not result.ok
    assert result.problems == (f"{path}:118: WARNING: acronym 'OIT' has no expansion [guide.glossary]",)
