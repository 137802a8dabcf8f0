"""The trainer's decks of the mini project: the slide directive, the decks and their PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from slidedeck import ink, raster, read_deck, words_outside_their_boxes

from pipeline import build
from pipeline.build import JobResult
from pipeline.project import Project
from pipeline.slides import (
    BODY_BOX,
    FOOTER_TOP,
    MARGIN,
    WIDTH,
    Deck,
    SlideText,
    fit_problems,
)

Built = tuple[Project, list[JobResult]]
EMU_PER_PT = 12700
SLIDE = "Inform workers before they leave"


def deck_path(project: Project, lang: str, suffix: str = ".pptx") -> Path:
    return project.slides_dir(lang) / f"module1{suffix}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_document_with_slides_has_a_deck_and_its_pdf(built_mini: Built, lang: str) -> None:
    project, _ = built_mini
    assert sorted(path.name for path in project.slides_dir(lang).iterdir()) == ["module1.pdf", "module1.pptx"]
    assert deck_path(project, lang, ".pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "title", "bullet", "notes"), [
    ("en", "What to do", SLIDE, "Ask the group which of these their country has done.\nThen ask"),
    ("es", "Qué hacer", "Informar a los trabajadores antes de su partida", "Pregunte al grupo cuáles de estas medidas"),
])
def test_a_deck_has_title_section_and_content_slides_in_its_language(built_mini: Built, lang: str, title: str, bullet: str,
                                                                      notes: str) -> None:
    project, _ = built_mini
    slides = read_deck(deck_path(project, lang))
    assert [slide.layout for slide in slides] == ["Title Slide", "Section Header", "Title and Content", "Section Header",
                                                  "Title and Content"]
    content = [slide for slide in slides if slide.layout == "Title and Content"]
    assert all(slide.notes.strip() for slide in content)
    assert content[1].title == title and bullet in content[1].bullets and len(content[1].bullets) == 3
    assert content[1].notes.startswith(notes)
    pictures = [alt for slide in slides for alt in slide.pictures]
    assert pictures and all(alt.strip() for alt in pictures)
    # reading order: the title, the bullets, the footer; the decoration last
    assert content[1].shapes[:2] == ["Title 1", "Content Placeholder 2"]
    assert content[1].shapes[2:] == ["Footer", "Slide number", "Decoration"]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "bullet", "notes"), [
    ("en", SLIDE, "Then ask which would help most."),
    ("es", "Informar a los trabajadores antes de su partida", "Después, pregunte cuál ayudaría más."),
])
def test_slides_are_in_the_catalog_but_not_in_the_pages_nor_the_search_index(built_mini: Built, lang: str, bullet: str,
                                                                              notes: str) -> None:
    project, _ = built_mini
    assert SLIDE in (project.pot_dir / "module1.pot").read_text()
    for page in (project.html_dir(lang) / "module1.html", project.print_html_dir(lang) / "index.html"):
        text = page.read_text()
        assert "1.3 Recomendaciones" in text or "1.3 Recommendations" in text
        assert bullet not in text and notes not in text, page
    terms = json.loads((project.html_dir(lang) / "searchindex.js").read_text().partition("(")[2].rstrip(");\n"))["terms"]
    assert "help" not in terms and "ayud" not in terms and "partid" not in terms  # stems of words only the slides use


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_rendered_text_stays_in_its_boxes_and_off_the_margins(built_mini: Built, lang: str, tmp_path: Path) -> None:
    project, _ = built_mini
    assert words_outside_their_boxes(deck_path(project, lang), deck_path(project, lang, ".pdf")) == []
    images = raster(deck_path(project, lang, ".pdf"), 1, 3, tmp_path)
    below_body = (MARGIN / EMU_PER_PT, (BODY_BOX[1] + BODY_BOX[3]) / EMU_PER_PT + 2, (WIDTH - MARGIN) / EMU_PER_PT,
                  FOOTER_TOP / EMU_PER_PT - 2)
    assert len(images) == 3 and ink(images[2], below_body) == 0
    assert ink(images[2], (MARGIN / EMU_PER_PT, BODY_BOX[1] / EMU_PER_PT, (WIDTH - MARGIN) / EMU_PER_PT,
                           (BODY_BOX[1] + BODY_BOX[3]) / EMU_PER_PT)) > 0  # the bullets are there


def test_a_title_or_bullets_too_long_for_their_box_are_reported_with_their_line() -> None:
    short = SlideText("What to do", ["Ratify", "Sign", "Inform"], ["Notes."], "docs/module1.rst", 12)
    assert fit_problems(Deck("module1", "Module 1", [short]), "en") == []
    long = SlideText("A title " * 20, ["Ratify the conventions " * 8] * 6, ["Notes."], "docs/module1.rst", 40)
    problems = fit_problems(Deck("module1", "Module 1", [long]), "es")
    assert len(problems) == 2 and all(p.startswith("docs/module1.rst:40: slide 'A title") and "(es)" in p for p in problems)
    assert "the title takes 3 lines, the box has room for 2" in problems[0] and "shorten them" in problems[1]


@pytest.mark.slow
@pytest.mark.parametrize(("content", "message"), [
    ("   * One\n   * Two\n\n   Notes.\n", "a slide has 3 to 6 bullets (found 2)"),
    ("   * One\n   * Two\n   * Three\n", "a slide is a bullet list followed by its speaker notes"),
])
def test_a_malformed_slide_fails_the_build_at_its_line(mini: Project, content: str, message: str) -> None:
    source = mini.docs / "module3.rst"
    lines = source.read_text().count("\n")
    source.write_text(source.read_text() + f"\n.. slide:: Broken\n\n{content}")
    result = build.build(mini, ("en",), ("slides",))[0]
    assert not result.ok
    assert any(f"module3.rst:{lines + 2}" in line and message in line for line in result.problems), result.problems


@pytest.mark.slow
def test_no_op_rebuild_skips_the_decks(built_mini: Built) -> None:
    project, _ = built_mini
    before = deck_path(project, "es").stat().st_mtime_ns
    result = build.build(project, ("es",), ("slides",))[0]
    assert result.ok and result.skipped and deck_path(project, "es").stat().st_mtime_ns == before
