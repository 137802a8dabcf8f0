"""Self-assessment quizzes: translatable text, interactive HTML scored in a
real headless Chromium, and an answer key in the print edition."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import copy_root, translated_root
from pdfbook import labels_of
from pypdf import PdfReader

from pipeline import build
from pipeline.build import JobResult
from pipeline.project import Project

# Builds in every format, and a real headless Chromium.
pytestmark = pytest.mark.slow

Built = tuple[Project, list[JobResult]]
SPANISH = {
    "Quiz 1: Facts": "Cuestionario 1: Datos",
    "How many international migrant workers were there in 2019?": "¿Cuántos trabajadores migrantes internacionales había en 2019?",
    "About 169 million": "Unos 169 millones",
}


@pytest.fixture(scope="module")
def built_quiz(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The quiz project, translated into Spanish (other messages prefixed "ES"), built in every format."""
    project = translated_root("quiz", tmp_path_factory, SPANISH)
    return project, build.build(project, project.languages, build.FORMATS)


def test_the_quiz_builds_in_every_language_and_format(built_quiz: Built) -> None:
    _, results = built_quiz
    assert [(result.name, result.ok, result.problems) for result in results if not result.ok] == []


def test_questions_answers_and_feedback_are_in_the_catalogs(built_quiz: Built) -> None:
    project, _ = built_quiz
    pot = (project.pot_dir / "quiz.pot").read_text()
    for text in ("Quiz 1: Facts", "How many international migrant workers were there in 2019?", "About 169 million",
                 "Right: ILO global estimates, reference year 2019."):
        assert f'msgid "{text}"' in pot


def test_the_spanish_quiz_is_in_spanish(built_quiz: Built) -> None:
    project, _ = built_quiz
    html = (project.html_dir("es") / "quiz.html").read_text()
    assert "¿Cuántos trabajadores migrantes internacionales había en 2019?" in html
    assert "Unos 169 millones" in html and "Cuestionario 1: Datos" in html
    assert 'data-check="Comprobar mis respuestas"' in html and "{score}/100" in html


def test_the_print_edition_has_an_answer_key(built_quiz: Built) -> None:
    project, _ = built_quiz
    html = (project.print_html_dir("en") / "index.html").read_text()
    key = html[html.index('class="quiz-key'):]
    assert key.index("b) </strong>About 169 million") < key.index("a) </strong>Convention No. 157") \
        < key.index("c) </strong>Insurance periods completed in different countries")
    assert "Right: it was adopted in 1982." in key
    assert project.pdf_path("en").stat().st_size > 0


def scored(project: Project, picks: list[int | None]) -> str:
    """The quiz page after answering (option index per question, None: no answer)
    and pressing "Check my answers", as a headless Chromium renders it."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("chromium is not installed: run scripts/testdeps.sh (make test does)")
    page = project.html_dir("en") / "quiz.html"
    script = f"""<script>
window.addEventListener("load", function () {{
  var picks = {[-1 if pick is None else pick for pick in picks]};
  document.querySelectorAll("div.quiz-question").forEach(function (question, index) {{
    if (picks[index] >= 0) {{ question.querySelectorAll("input")[picks[index]].click(); }}
  }});
  document.querySelector("button.quiz-check").click();
}});
</script></body>"""
    test_page = page.with_name("quiz-test.html")
    test_page.write_text(page.read_text().replace("</body>", script))
    result = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                             "--virtual-time-budget=3000", test_page.as_uri()],
                            capture_output=True, text=True, timeout=120, check=False)
    return result.stdout


def test_the_html_quiz_scores_answers_in_a_real_browser(built_quiz: Built) -> None:
    project, _ = built_quiz
    two_right = scored(project, [1, 1, 2])
    assert 'data-score="67"' in two_right
    assert "Your score: 67/100 (2 of 3 right). You reached the pass mark of 60/100." in two_right
    assert "quiz-chosen-wrong" in two_right and "quiz-chosen-right" in two_right
    one_right = scored(project, [0, 1, 2])
    assert "Your score: 33/100 (1 of 3 right). The pass mark is 60/100" in one_right
    assert "Answer every question first (1 left)." in scored(project, [1, None, 2])


def test_every_option_is_a_labelled_radio_button(built_quiz: Built) -> None:
    project, _ = built_quiz
    dom = scored(project, [None, None, None])
    assert dom.count('type="radio"') == 8 and dom.count("<label for=") == 8
    assert dom.count('role="radiogroup"') == 3


def test_a_question_with_two_right_answers_fails_the_build_at_its_line(tmp_path: Path) -> None:
    project = copy_root("quiz", tmp_path)
    source = project.docs / "quiz.rst"
    source.write_text(source.read_text().replace("      .. answer::\n\n         Convention No. 102",
                                                 "      .. answer::\n         :correct:\n\n         Convention No. 102"))
    [result] = build.build(project, ("en",), ("html",))
    assert not result.ok
    assert any(":30: WARNING: a question needs at least two options and exactly one ':correct:' one (found 2 options, 2 correct)"
               in problem for problem in result.problems)


@pytest.mark.parametrize("lang,option", [("en", "About 169 million"), ("es", "Unos 169 millones")])
def test_printed_options_are_lettered_like_the_answer_key(built_quiz: Built, lang: str, option: str) -> None:
    project, _ = built_quiz
    reader = PdfReader(project.pdf_path(lang))
    assert labels_of(reader, option) == ["b)", "b)"]  # in the quiz, then in the answer key
    assert labels_of(reader, "Convention No. 102" if lang == "en" else "ES Convention No. 102") == ["b)"]
