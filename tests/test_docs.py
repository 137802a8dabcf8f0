"""The real guide, built from a copy of this checkout as ``make build`` does."""

from __future__ import annotations

import itertools
import re
import shutil

import pytest
from conftest import REPO, hints
from pdfbook import check_contents, flat_outline, hyphen_stacks, labels_of, placed_text
from pypdf import PdfReader
from slidedeck import ink, raster, read_deck, words_outside_their_boxes

from pipeline import build, check, extract, glossary, update
from pipeline.build import JobResult
from pipeline.catalogs import catalog_stats, read_catalog
from pipeline.collation import sort_key
from pipeline.project import Project
from pipeline.slides import BODY_BOX, FOOTER_TOP, MARGIN, WIDTH

# The real guide: two Sphinx builds and two PDFs of 52,000 words.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, str], list[JobResult]]:
    """A copy of the guide after extract, update and a full build."""
    root = tmp_path_factory.mktemp("guide") / "guide"
    root.mkdir()
    shutil.copy(REPO / "conf.py", root)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copytree(REPO / "glossary", root / "glossary")
    project = Project.load(root)
    extract.extract(project)
    status = update.update(project.pot_dir, project.po_dir("es"), "es", hints(project))
    return project, status, build.build(project, project.languages, build.FORMATS)


def test_committed_catalogs_are_current(guide) -> None:
    _project, status, _ = guide
    assert status and set(status.values()) == {"unchanged"}


def test_guide_builds_without_warnings_in_both_languages(guide) -> None:
    _, _, results = guide
    assert [(r.name, r.problems) for r in results if not r.ok] == []


def test_the_spanish_edition_is_complete() -> None:
    for path in sorted((REPO / "locale" / "es" / "LC_MESSAGES").glob("*.po")):
        stats = catalog_stats(read_catalog(path, locale="es"))
        assert stats.total > 0 and stats.translated == stats.total and stats.fuzzy == 0, path.name


def test_the_checker_finds_nothing_in_the_guide() -> None:
    catalogs = sorted((REPO / "locale").rglob("*.po"))
    sources = sorted((REPO / "docs").rglob("*.rst"))
    glossary_files = sorted((REPO / "glossary").glob("*.toml"))
    report = check.run(catalogs, sources, glossary.load(REPO / "glossary"), glossary_files)
    assert [str(finding) for finding in report.findings] == [] and report.problems == ()


def test_spanish_pdf_reads_in_spanish(guide) -> None:
    project, _, _ = guide
    reader = PdfReader(project.pdf_path("es"))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Módulo 1. Introducción" in titles
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "trabajadores migrantes" in text and "protección social" in text


def test_the_guide_figures_are_in_each_language_from_their_data(guide) -> None:
    """Every chart is drawn in both editions; the Spanish one says nothing in English."""
    project, _, _ = guide
    words = re.compile(r"<text[^>]*>([^<]*)</text>")
    charts = sorted((project.html_dir("en") / "_images").glob("fig-*-en.svg"))
    assert len(charts) >= 4 and len(list((REPO / "docs" / "data").glob("*.csv"))) == len(charts)
    for english_chart in charts:
        english = set(words.findall(english_chart.read_text(encoding="utf-8")))
        spanish_chart = project.html_dir("es") / "_images" / english_chart.name.replace("-en.svg", "-es.svg")
        spanish = set(words.findall(spanish_chart.read_text(encoding="utf-8")))
        left_in_english = {text for text in english & spanish if re.search(r"[A-Za-z]{3}", text)}
        assert left_in_english == set(), english_chart.name
    reader = PdfReader(project.pdf_path("es"))
    front = " ".join(page.extract_text() for page in reader.pages[:12])
    assert "Índice de gráficos y cuadros" in front and "Gráfico 1.3" in front and "Cuadro 3.1" in front


def test_the_glossary_is_valid_and_covers_the_domain() -> None:
    terms, problems = glossary.read(REPO / "glossary")
    assert [str(problem) for problem in problems] == []
    assert len(terms) >= 120
    benefit = terms.get("benefit")
    assert benefit.preferred("es").text == "prestación" and "beneficio" in [t.text for t in benefit.rejected("es")]
    assert terms.get("scheme").preferred("es").text == "régimen"
    assert terms.get("c102").preferred("es").text == "Convenio sobre la seguridad social (norma mínima), 1952 (núm. 102)"
    assert "illegal migrant" in [t.text for t in terms.get("migrant-in-irregular-situation").rejected("en")]


def test_glossary_chapters_are_generated_and_sorted_in_each_language(guide) -> None:
    project, _, _ = guide
    for lang in ("en", "es"):
        html = (project.html_dir(lang) / "glossary.html").read_text(encoding="utf-8")
        words = re.findall(r'<dt id="term-[^"]+">([^<]+)<a class="headerlink"', html)
        assert len(words) >= 120 and words == sorted(words, key=lambda word: sort_key(word, lang))
    acronyms = (project.html_dir("es") / "acronyms.html").read_text(encoding="utf-8")
    assert '<dt>OIT</dt><dd><p><a class="reference internal" href="glossary.html#term-ilo">' in acronyms


def test_term_references_resolve_in_spanish(guide) -> None:
    project, _, _ = guide
    html = (project.html_dir("es") / "module1.html").read_text(encoding="utf-8")
    assert re.search(r'href="glossary.html#term-portability"><span class="xref std std-term">portabilidad</span>', html)


def test_catalogs_carry_glossary_hints() -> None:
    text = (REPO / "locale" / "es" / "LC_MESSAGES" / "module1.po").read_text(encoding="utf-8")
    assert "#. Glossary: scheme → régimen (not: esquema)\n" in text


# Every section of the client's outline (seed 000) and of the course note (seed 002), by its label.
SEED_SECTIONS = {
    "acknowledgements": ["fm-acknowledgements"], "summary": ["fm-summary"], "using": ["fm-using"],
    "module1": ["m1-facts", "m1-global-agenda", "m1-ilo-documents", "m1-social-protection-concepts",
                "m1-migration-concepts", "m1-about-guide"],
    "module2": ["m2-trends", "m2-types"],
    "module3": ["m3-instruments", "m3-key-provisions", "m3-ratification", "m3-irregular"],
    "module4": ["m4-barriers", "m4-national", "m4-agreements", "m4-other"],
    "module5": ["m5-permanent", "m5-temporary", "m5-irregular", "m5-domestic", "m5-seafarers", "m5-internal", "m5-other"],
    "module6": ["m6-recommendations-coverage"],
    "course": ["course-companion"],
}


def prose_words(text: str) -> int:
    """Words of an .rst file, without labels, directives and their options."""
    lines = [line for line in text.splitlines() if not re.match(r"\s*(\.\. |:\w+:)", line)]
    return len(re.findall(r"[A-Za-z][A-Za-z'-]*", "\n".join(lines)))


def test_every_seed_section_has_its_place() -> None:
    for document, labels in SEED_SECTIONS.items():
        text = (REPO / "docs" / f"{document}.rst").read_text(encoding="utf-8")
        for label in labels:
            assert f".. _{label}:" in text, f"{document}: {label}"


def test_each_module_is_a_full_chapter() -> None:
    total = 0
    for number in range(1, 7):
        text = (REPO / "docs" / f"module{number}.rst").read_text(encoding="utf-8")
        words = prose_words(text)
        total += words
        assert words >= 3000, f"module{number}: {words} words"
        assert ":class: voices" in text and "Illustrative composite account; not a real person." in text
        for part in ("Country experience", "Recommendations", "Training instructions and exercises", "Key resources"):
            assert part in text, f"module{number}: {part}"
        assert text.count(":class: exercise") >= 2 and "Facilitator note" in text and "Time:" in text
    assert total + sum(prose_words((REPO / "docs" / f"{name}.rst").read_text(encoding="utf-8"))
                       for name in ("summary", "using", "course")) >= 25000


def test_quizzes_have_eight_questions_per_course_module() -> None:
    text = (REPO / "docs" / "quizzes.rst").read_text(encoding="utf-8")
    quizzes = text.split(".. quiz::")[1:]
    assert len(quizzes) == 8
    for quiz in quizzes:
        assert quiz.count(".. question::") >= 8
    # exactly one right answer and feedback on every option are enforced by the directive (see test_sphinxext_quiz)


def key_resources(text: str) -> list[str]:
    """The entries of the "Key resources" section of a module's source."""
    section = text[text.index("Key resources"):]
    return [line for line in section.splitlines() if line.startswith("* ")]


def test_glossary_links_in_key_resources_are_whole_names() -> None:
    """A reference may link an author or a body (":term:`IOM`. 2019."), never a
    word inside the name of an office, a series or a title ("ILO Decent Work
    Technical Support Team", "Programme on Governance of Labour Migration")."""
    inside = []
    for number in range(1, 7):
        for entry in key_resources((REPO / "docs" / f"module{number}.rst").read_text(encoding="utf-8")):
            inside += [f"module{number}: {entry}" for match in re.finditer(r"(\S)? ?:term:`[^`]+`(\s*\w)?", entry[2:])
                       if (match.group(1) and match.group(1) not in ".,;:") or (match.group(2) and match.group(2).strip()[:1].isupper())]
    assert inside == []


OFFICIAL_HOSTS = {"ilo.org", "webapps.ilo.org", "www.ilo.org"}


def test_key_resources_link_only_to_their_publishers() -> None:
    """Each link in a reference goes to the publisher's own page (checked by
    hand when it was added), in English and in Spanish."""
    links = []
    for number in range(1, 7):
        for entry in key_resources((REPO / "docs" / f"module{number}.rst").read_text(encoding="utf-8")):
            links += re.findall(r"`Online <(https?://([^/>]+)[^>]*)>`__$", entry)
    assert len(links) >= 5 and {host for _, host in links} <= OFFICIAL_HOSTS
    spanish = [message.string for n in range(1, 7)
               for message in read_catalog(REPO / "locale" / "es" / "LC_MESSAGES" / f"module{n}.po") if message.id]
    assert [url for text in spanish for url in re.findall(r"`En línea <([^>]+)>`__$", text)] == [url for url, _ in links]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_contents_entry_of_the_guide_points_to_its_heading(guide, lang: str) -> None:
    project, _, _ = guide
    reader = PdfReader(project.pdf_path(lang))
    assert check_contents(reader) == []
    entries = [title for title, _ in flat_outline(reader)]
    assert sum("Recommendations" in title or "Recomendaciones" in title for title in entries) >= 6


@pytest.mark.slow
@pytest.mark.parametrize("lang,option", [("en", "About 169 million"), ("es", "Unos 169 millones")])
def test_the_guide_prints_lettered_options_that_match_the_answer_key(guide, lang: str, option: str) -> None:
    project, _, _ = guide
    reader = PdfReader(project.pdf_path(lang))
    labels = labels_of(reader, option)
    assert labels[0] == labels[-1] == "b)"  # the first question's right option, and its line in the answer key
    outline = flat_outline(reader)
    first = next(page for title, page in outline if title in {"Self-assessment quizzes", "Cuestionarios de autoevaluación"})
    last = next(page for title, page in outline if page > first and title in {"Answer key", "Clave de respuestas"})
    letters = [piece.strip()[0] for index in range(first, last)
               for _, _, piece in placed_text(reader.pages[index]) if re.fullmatch(r"[a-j]\)", piece.strip())]
    assert letters.count("a") >= 64 and "1" not in letters  # 8 quizzes of 8 questions or more
    for previous, letter in itertools.pairwise(letters):
        assert letter == "a" or ord(letter) == ord(previous) + 1, letters  # each question: a) b) c)...


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_guide_pdfs_carry_full_metadata_and_open_chapters_on_the_right(guide, lang: str) -> None:
    project, _, _ = guide
    reader = PdfReader(project.pdf_path(lang))
    info = reader.metadata
    assert info.title.startswith(("Extending social protection", "Extender la protección social"))
    assert info.author in {"International Labour Organization", "Organización Internacional del Trabajo"}
    assert info.subject and info["/Keywords"] and info["/CreationDate"] == info["/ModDate"]
    cover, imprint = (reader.pages[i].extract_text() for i in (0, 1))
    year = re.search(r"© .* (\d{4})", imprint).group(1)
    assert year in cover and "2021" not in cover
    for chapter in (item for item in reader.outline if not isinstance(item, list)):
        assert reader.get_destination_page_number(chapter) % 2 == 0, chapter.title
    for number in range(1, 7):
        assert project.pdf_path(lang).with_name(f"guide-{lang}-module{number}.pdf").stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_guide_has_no_stacks_of_hyphenated_lines(guide, lang: str) -> None:
    project, _, _ = guide
    reader = PdfReader(project.pdf_path(lang))
    assert hyphen_stacks(reader, at_least=4) == []  # the issue found stacks of four and more


EMU_PER_PT = 12700
BELOW_BODY = (MARGIN / EMU_PER_PT, (BODY_BOX[1] + BODY_BOX[3]) / EMU_PER_PT + 2, (WIDTH - MARGIN) / EMU_PER_PT,
              FOOTER_TOP / EMU_PER_PT - 2)  # between the bullets' box and the footer: no text
DECKS = ("course", "module1", "module2", "module3", "module4", "module5", "module6")


def test_the_trainers_decks_exist_in_both_languages_with_their_pdfs(guide) -> None:
    project, _, _ = guide
    for lang in project.languages:
        assert sorted(path.name for path in project.slides_dir(lang).iterdir()) == sorted(
            f"{name}{suffix}" for name in DECKS for suffix in (".pdf", ".pptx"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_deck_has_ten_to_sixteen_content_slides_with_notes_and_alt_text(guide, lang: str) -> None:
    project, _, _ = guide
    for name in DECKS:
        slides = read_deck(project.slides_dir(lang) / f"{name}.pptx")
        content = [slide for slide in slides if slide.layout == "Title and Content"]
        assert 10 <= len(content) <= 16, name
        assert all(slide.notes.strip() and 3 <= len(slide.bullets) <= 6 for slide in content), name
        assert slides[0].layout == "Title Slide" and "Section Header" in [slide.layout for slide in slides]
        assert all(alt.strip() for slide in slides for alt in slide.pictures), name
        if name.startswith("module"):  # each module's exercises, with their timing (the course companion has none)
            assert any(slide.title.startswith(("Exercise", "Ejercicio")) and "min" in slide.title for slide in content), name


def test_the_spanish_decks_are_translated(guide) -> None:
    project, _, _ = guide
    for name in DECKS:
        english, spanish = (read_deck(project.slides_dir(lang) / f"{name}.pptx") for lang in ("en", "es"))
        same = [en.title for en, es in zip(english, spanish, strict=True) if en.title == es.title and en.title]
        assert same == [], name


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_rendered_decks_keep_their_text_in_its_boxes(guide, lang: str, tmp_path) -> None:
    project, _, _ = guide
    for name in DECKS:
        pptx, pdf = project.slides_dir(lang) / f"{name}.pptx", project.slides_dir(lang) / f"{name}.pdf"
        assert words_outside_their_boxes(pptx, pdf) == []
        folder = tmp_path / name
        folder.mkdir()
        slides = read_deck(pptx)
        for slide, image in zip(slides, raster(pdf, 1, 4, folder), strict=False):  # the first slides, as pictures
            if slide.layout == "Title and Content":
                assert ink(image, BELOW_BODY) == 0, f"{name}: text below the bullets' box"
