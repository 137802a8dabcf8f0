"""Self-assessment quizzes: multiple-choice questions with feedback on every answer.

::

    .. quiz:: Course module 1: Rationale
       :name: quiz-course-1

       .. question::

          How many international migrant workers were there in 2019?

          .. answer::
             :correct:

             About 169 million

             Right: ILO global estimates, reference year 2019.

          .. answer::

             About 98 million

             No: ...

Everything is ordinary paragraphs, so the gettext builder extracts the
questions, options and feedback like any other text. In HTML, ``quiz.js``
turns each question into radio buttons (keyboard-usable, no external script)
and scores the quiz out of 100 against the course pass mark. In the PDF the
feedback is hidden. ``.. quiz-answer-key::`` gives the right option and its
feedback for every question of every quiz, in the PDF and online (where each
quiz's title links to the quiz); a change to a quiz rebuilds the key's page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.util import logging

from pipeline.sphinxext.ui import translate

logger = logging.getLogger(__name__)
PASS_MARK = 60
LETTERS = "abcdefghij"


class quiz(nodes.General, nodes.Element):  # docutils names its nodes in lower case
    """A quiz: its title (a rubric) and its questions."""


class quiz_answer_key(nodes.General, nodes.Element):
    """Where the answer key goes (filled in once all quizzes are known)."""


def problem(directive: Directive, message: str) -> list[nodes.Node]:
    return [directive.state.document.reporter.warning(message, line=directive.lineno)]


class QuizDirective(Directive):
    """``.. quiz:: Title`` with ``.. question::`` directives as content."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"name": directives.unchanged_required}
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = quiz(classes=["quiz"])
        node["ids"].append(nodes.make_id(self.options.get("name", self.arguments[0])))
        title = nodes.rubric(self.arguments[0], self.arguments[0], classes=["quiz-title"])
        title.source, title.line = self.state_machine.get_source_and_line(self.lineno)
        node += title
        body = nodes.container(classes=["quiz-questions"])
        self.state.nested_parse(self.content, self.content_offset, body)
        questions = [child for child in body.children if isinstance(child, nodes.Element) and "quiz-question" in child["classes"]]
        if not questions or len(questions) != len(body.children):
            return problem(self, "a quiz holds only '.. question::' directives, at least one")
        node += nodes.enumerated_list("", *[nodes.list_item("", question) for question in questions],
                                      enumtype="arabic", classes=["quiz-list"])
        return [node]


class QuestionDirective(Directive):
    """``.. question::``: the question (first paragraph), then ``.. answer::`` directives
    (not "option", which Sphinx keeps for command-line options)."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = nodes.container(classes=["quiz-question"])
        self.state.nested_parse(self.content, self.content_offset, node)
        options = [child for child in node.children if isinstance(child, nodes.Element) and "quiz-option" in child["classes"]]
        stem = [child for child in node.children if child not in options]
        if not stem or not all(isinstance(child, nodes.paragraph) for child in stem):
            return problem(self, "a question starts with its text (a paragraph), then its options")
        if len(options) < 2 or sum(option["correct"] for option in options) != 1:
            return problem(self, f"a question needs at least two options and exactly one ':correct:' one "
                                 f"(found {len(options)} options, {sum(option['correct'] for option in options)} correct)")
        question = nodes.container(classes=["quiz-question"])
        question += nodes.container("", *stem, classes=["quiz-stem"])
        question += nodes.enumerated_list("", *[nodes.list_item("", option) for option in options],
                                          enumtype="loweralpha", classes=["quiz-options"])
        return [question]


class AnswerDirective(Directive):
    """``.. answer::`` (``:correct:`` for the right one): the option's text, then its feedback."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"correct": directives.flag}
    has_content = True

    def run(self) -> list[nodes.Node]:
        parsed = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        if len(parsed.children) < 2 or not isinstance(parsed.children[0], nodes.paragraph):
            return problem(self, "an option is its text (a paragraph) followed by its feedback")
        correct = "correct" in self.options
        option = nodes.container(classes=["quiz-option", *(["quiz-correct"] if correct else [])])
        option["correct"] = correct
        option += nodes.container("", parsed.children[0], classes=["quiz-answer"])
        option += nodes.container("", *parsed.children[1:], classes=["quiz-feedback"])
        return [option]


class AnswerKeyDirective(Directive):
    """``.. quiz-answer-key::``: the right answers of every quiz, in the PDF."""

    def run(self) -> list[nodes.Node]:
        return [quiz_answer_key()]


def answer_key(quizzes: list[quiz], lang: str, links: list[str] | None = None) -> list[nodes.Node]:
    """For each quiz, each question's right option (its letter and text) and
    its feedback; with ``links`` (one URL per quiz), each title links to its quiz."""
    out: list[nodes.Node] = []
    for number, item in enumerate(quizzes):
        title = nodes.rubric("", "", classes=["quiz-key-title"])
        text = nodes.Text(item.children[0].astext())
        title += nodes.reference("", "", text, refuri=links[number], internal=True) if links else text
        out.append(title)
        entries = nodes.enumerated_list(enumtype="arabic", classes=["quiz-key"])
        questions = [node for node in item.findall(nodes.container) if "quiz-question" in node["classes"]]
        for question in questions:
            options = [option for option in question.findall(nodes.container) if "quiz-option" in option["classes"]]
            index, right = next((index, option) for index, option in enumerate(options) if option["correct"])
            answer = nodes.paragraph()
            answer += nodes.strong("", f"{LETTERS[index]}) ")
            answer += right.children[0].children[0].deepcopy().children
            entries += nodes.list_item("", answer, *[child.deepcopy() for child in right.children[1].children])
        out.append(entries)
    return out or [nodes.paragraph("", translate("No quizzes.", lang))]


def _note_quizzes(app: Sphinx, doctree: nodes.document) -> None:
    """Remember which documents hold quizzes and which an answer key."""
    env: Any = app.env
    for attribute, node_type in (("guide_quiz_docs", quiz), ("guide_key_docs", quiz_answer_key)):
        found: set[str] = getattr(env, attribute, set())
        if any(doctree.findall(node_type)):
            found.add(env.docname)
        setattr(env, attribute, found)


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    for attribute in ("guide_quiz_docs", "guide_key_docs"):
        getattr(env, attribute, set()).discard(docname)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    for attribute in ("guide_quiz_docs", "guide_key_docs"):
        setattr(env, attribute, getattr(env, attribute, set()) | getattr(other, attribute, set()))


def _outdated_keys(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """When a quiz changes, the pages with an answer key are rebuilt too."""
    if (added | changed | removed) & getattr(env, "guide_quiz_docs", set()):
        return sorted(getattr(env, "guide_key_docs", set()))
    return []


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the answer key: in the single page of the print edition from
    its own quizzes; on a web page from the quizzes of every page, linked."""
    lang = app.config.language or "en"
    for placeholder in list(doctree.findall(quiz_answer_key)):
        if app.builder.name == "singlehtml":
            placeholder.replace_self(answer_key(list(doctree.findall(quiz)), lang))
            continue
        quizzes: list[quiz] = []
        links: list[str] = []
        for quiz_doc in sorted(getattr(app.env, "guide_quiz_docs", set())):
            for item in app.env.get_and_resolve_doctree(quiz_doc, app.builder).findall(quiz):
                quizzes.append(item)
                links.append(f"{app.builder.get_relative_uri(docname, quiz_doc)}#{item['ids'][0]}")
        placeholder.replace_self(answer_key(quizzes, lang, links))


def visit_quiz(self: Any, node: quiz) -> None:
    lang = self.builder.config.language or "en"
    data = {
        "data-check": translate("Check my answers", lang),
        "data-reset": translate("Start again", lang),
        "data-score": translate("Your score: {score}/100 ({right} of {total} right).", lang),
        "data-pass": translate("You reached the pass mark of {mark}/100.", lang),
        "data-fail": translate("The pass mark is {mark}/100: read the feedback and try again.", lang),
        "data-unanswered": translate("Answer every question first ({missing} left).", lang),
        "data-mark": str(PASS_MARK),
    }
    attributes = " ".join(f'{name}="{self.attval(value)}"' for name, value in data.items())
    ids = " ".join(node["ids"])
    self.body.append(f'<section class="quiz" id="{ids}" {attributes}>\n')


def depart_quiz(self: Any, node: quiz) -> None:
    self.body.append("</section>\n")


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(quiz, html=(visit_quiz, depart_quiz))
    app.add_node(quiz_answer_key, html=(skip, None))
    app.add_directive("quiz", QuizDirective)
    app.add_directive("question", QuestionDirective)
    app.add_directive("answer", AnswerDirective)
    app.add_directive("quiz-answer-key", AnswerKeyDirective)
    app.connect("doctree-read", _note_quizzes)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated_keys)
    app.connect("doctree-resolved", _resolve)
    app.add_js_file("quiz.js")
