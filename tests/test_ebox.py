"""The e-box: its start page offers exactly what it holds, its zip and disc
image hold the same files, and it works from file:// in a real headless
Chromium (search, quizzes, no request leaving the disc)."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, PHONE, chromium, wait_for_search
from conftest import REPO
from playwright.sync_api import BrowserContext, Page, Playwright

from pipeline import ebox
from pipeline.build import JobResult
from pipeline.errors import PipelineError
from pipeline.project import Project

pytestmark = pytest.mark.slow

DATE = datetime.datetime(2021, 11, 8, tzinfo=datetime.UTC)
# A course package from another stage, with a long accented name (Joliet's 64 characters are not enough).
PACKAGE = "lms/es/curso-protección-social-trabajadores-migrantes-refugiados-módulo-1-paquete-scorm.zip"
STAND_INS = ("slides/en/module1.pptx", "slides/en/module1.pdf", "slides/es/module1.pptx", "slides/es/module1.pdf",
             "slides/es/module1.sha256", PACKAGE)


class Links(HTMLParser):
    """Every ``href`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def copy_built(project: Project, dest: Path) -> Project:
    shutil.copytree(project.root, dest / "guide", symlinks=True)
    return Project.load(dest / "guide")


@pytest.fixture(scope="module")
def mini_box(built_mini: tuple[Project, list[JobResult]], tmp_path_factory: pytest.TempPathFactory) -> ebox.Ebox:
    """The e-box of the built mini guide (both editions and PDFs), with the
    decks and a course package that other stages write standing in."""
    project = copy_built(built_mini[0], tmp_path_factory.mktemp("box"))
    for path in STAND_INS:
        (project.build / path).parent.mkdir(parents=True, exist_ok=True)
        (project.build / path).write_bytes(f"stand-in for {path}".encode())
    return ebox.assemble(project, project.languages, DATE)


def held(folder: Path) -> dict[str, bytes]:
    return {path.as_posix(): (folder / path).read_bytes() for path in ebox.file_list(folder)}


def test_the_start_page_offers_every_file_and_every_link_resolves(mini_box: ebox.Ebox) -> None:
    hrefs = [href.partition("#")[0] for href in links(mini_box.folder / "index.html")]
    assert all((mini_box.folder / href).is_file() for href in hrefs if href), hrefs
    offered = {href for href in hrefs if href}
    for lang in ("en", "es"):
        assert {f"{lang}/index.html", f"pdf/guide-{lang}.pdf", f"pdf/guide-{lang}-module1.pdf", f"pdf/guide-{lang}-module3.pdf",
                f"pdf/guide-{lang}-glossary.pdf", f"slides/{lang}/module1.pptx", f"slides/{lang}/module1.pdf"} <= offered
    downloads = {path for path in held(mini_box.folder) if path.split("/")[0] in ("pdf", "slides", "lms", "glossary")}
    assert downloads == offered - {"en/index.html", "es/index.html"}
    assert not any(path.endswith(("-print.pdf", ".buildinfo", ".sha256")) for path in held(mini_box.folder))


def test_the_start_page_speaks_each_language_and_gives_sizes(mini_box: ebox.Ebox) -> None:
    page = (mini_box.folder / "index.html").read_text(encoding="utf-8")
    english, spanish = page.split('<section class="shelf" id="es"')
    assert 'lang="en"' in english and "Slides for trainers" in english and "Course packages" not in english
    assert "Diapositivas para formadores" in spanish and "Paquetes del curso" in spanish and "Abrir la edición web" in spanish
    assert "Módulo 1" in spanish  # the module's title, as the Spanish edition has it
    assert "(PDF, " in english and " kB)" in english


def test_without_decks_or_packages_the_start_page_does_not_mention_them(built_mini: tuple[Project, list[JobResult]],
                                                                         tmp_path: Path) -> None:
    project = copy_built(built_mini[0], tmp_path)
    for made in ("slides", "lms"):  # the mini project has slides: this e-box is made without them
        shutil.rmtree(project.build / made, ignore_errors=True)
    box = ebox.assemble(project, project.languages, DATE)
    page = (box.folder / "index.html").read_text(encoding="utf-8")
    assert "slides/" not in page and "Slides for trainers" not in page and "lms/" not in page
    assert "pdf/guide-en.pdf" in page


def test_the_zip_holds_the_same_files_as_the_folder(mini_box: ebox.Ebox) -> None:
    with zipfile.ZipFile(mini_box.zip) as archive:
        unpacked = {name.removeprefix(f"{ebox.ZIP_FOLDER}/"): archive.read(name) for name in archive.namelist()}
        assert {info.date_time for info in archive.infolist()} == {(2021, 11, 8, 0, 0, 0)}
    assert unpacked == held(mini_box.folder)
    assert mini_box.zip.stat().st_mode & 0o777 == 0o644  # published as it is: readable by the web server


def test_the_disc_image_holds_the_same_files_under_their_long_names(mini_box: ebox.Ebox, tmp_path: Path) -> None:
    out = tmp_path / "disc"
    subprocess.run(["xorriso", "-osirrox", "on", "-indev", str(mini_box.iso), "-extract", "/", str(out)],
                   check=True, capture_output=True)
    assert held(out) == held(mini_box.folder)
    # Windows reads the Joliet names: the long accented name is there too
    joliet = subprocess.run(["xorriso", "-read_fs", "norock", "-indev", str(mini_box.iso), "-find", "/lms", "-type", "f"],
                            check=True, capture_output=True, text=True).stdout
    assert joliet.split() == [f"'/{PACKAGE}'"]


def test_a_missing_web_edition_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("guide_languages = ['en']\n")
    with pytest.raises(PipelineError, match="no web edition to put into the e-box"):
        ebox.assemble(Project.load(tmp_path), ("en",), DATE)


# The real guide's e-box in a real browser, from file://

@pytest.fixture(scope="module")
def real_box(real_site: Project) -> ebox.Ebox:
    """The real guide's e-box, made of what the session built (the two web editions)."""
    return ebox.assemble(real_site, real_site.languages, DATE)


@pytest.fixture(scope="module")
def reader(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    context = chromium(playwright, tmp_path_factory.mktemp("profile"), "en-GB")
    yield context
    context.close()


def visit(context: BrowserContext, url: str, requests: list[str], width: int = DESKTOP) -> Page:
    """Open ``url``, recording every request the page makes in ``requests``."""
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def test_every_link_of_the_start_page_resolves_and_it_passes_axe(real_box: ebox.Ebox, reader: BrowserContext) -> None:
    requests: list[str] = []
    shots = REPO / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for width in (PHONE, DESKTOP):
        page = visit(reader, (real_box.folder / "index.html").as_uri(), requests, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off a phone's screen
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}})
        assert result.response["violations"] == []
        page.screenshot(path=str(shots / f"ebox-start-{width}.png"), full_page=True)
        targets = page.locator("a").evaluate_all("links => links.map(link => link.href)")
        page.close()
    files = {target.partition("#")[0] for target in targets}
    assert len(files) >= 5  # the two editions, the glossary files
    for target in files:
        assert target.startswith("file://") and Path(target.removeprefix("file://").replace("%20", " ")).is_file(), target
    for target in sorted(target for target in files if target.endswith("index.html")):
        page = visit(reader, target, requests)
        assert page.locator("h1").count() == 1
        page.close()
    assert [address for address in requests if not address.startswith("file://")] == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_search_works_in_each_edition_from_file(real_box: ebox.Ebox, reader: BrowserContext, lang: str) -> None:
    requests: list[str] = []
    page = visit(reader, (real_box.folder / lang / "search.html").as_uri() + "?q=C157", requests)
    wait_for_search(page)
    found = page.locator("#search-results ul li a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    page.close()
    assert any(href.startswith("module3.html") for href in found)
    assert [address for address in requests if not address.startswith("file://")] == []


def test_a_quiz_works_from_file(real_box: ebox.Ebox, reader: BrowserContext) -> None:
    requests: list[str] = []
    page = visit(reader, (real_box.folder / "es" / "quizzes.html").as_uri(), requests)
    quiz = page.locator("section.quiz").first
    for question in quiz.locator("div.quiz-question").all():
        question.locator("input").first.check()
    quiz.locator("button.quiz-check").click()
    result = quiz.locator(".quiz-result").inner_text()
    page.close()
    assert result.startswith("Su puntuación: ") and "/100" in result
    assert [address for address in requests if not address.startswith("file://")] == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_module_page_links_its_slides_its_pdf_and_the_ebox(real_site: Project, lang: str) -> None:
    site = real_site.html_dir(lang)
    for number in range(1, 7):
        hrefs = links(site / f"module{number}.html")
        assert {f"../slides/{lang}/module{number}.pptx", f"../slides/{lang}/module{number}.pdf",
                f"../pdf/guide-{lang}-module{number}.pdf", "../index.html#ebox"} <= set(hrefs)
    using = links(site / "using.html")
    assert {f"../slides/{lang}/{name}.pptx" for name in ("module1", "module6", "course")} <= set(using)
    assert "../index.html#ebox" in using


def test_without_xorriso_the_disc_image_is_one_line_and_no_file(mini_box: ebox.Ebox, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PipelineError, match="xorriso is not installed"):
        ebox.write_iso(mini_box.folder, tmp_path / "ebox.iso")
    assert list(tmp_path.iterdir()) == []
