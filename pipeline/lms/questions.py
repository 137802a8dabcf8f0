"""The quizzes as data, read from the doctrees of the HTML build.

The HTML build pickles each document's doctree after Sphinx's i18n
transform, so the Spanish doctree of ``quizzes`` carries exactly the
translations of the Spanish edition. Text becomes small HTML fragments
(emphasis, strong, literals and links kept), built with lxml.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass

from docutils import nodes
from lxml import etree, html

from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.sphinxext.quiz import quiz

INLINE: dict[type[nodes.Element], str] = {
    nodes.emphasis: "em", nodes.strong: "strong", nodes.literal: "code", nodes.subscript: "sub", nodes.superscript: "sup"}
BLOCK: dict[type[nodes.Element], str] = {
    nodes.paragraph: "p", nodes.bullet_list: "ul", nodes.enumerated_list: "ol", nodes.list_item: "li",
    nodes.table: "table", nodes.thead: "thead", nodes.tbody: "tbody", nodes.row: "tr", nodes.rubric: "p"}


@dataclass(frozen=True)
class Answer:
    text: str  # HTML
    feedback: str  # HTML
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str  # the same in every language
    text: str  # HTML
    plain: str  # the text without markup
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Quiz:
    id: str  # the quiz directive's name, e.g. quiz-course-1
    number: int  # the course module's number
    title: str  # plain text
    questions: tuple[Question, ...]


def read_doctree(project: Project, lang: str, docname: str) -> nodes.document:
    """The doctree of ``docname`` as the HTML build of ``lang`` left it."""
    path = project.doctrees(f"html-{lang}") / f"{docname}.doctree"
    if not path.is_file():
        raise PipelineError(path, "missing: run 'python -m pipeline build --format html' first")
    with path.open("rb") as stream:
        doctree: nodes.document = pickle.load(stream)  # written by our own Sphinx build
    return doctree


def append(parent: etree._Element, child: etree._Element | str) -> None:
    """Add an element or text at the end of ``parent``, as HTML would have it."""
    if isinstance(child, str):
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + child
        else:
            parent.text = (parent.text or "") + child
    else:
        parent.append(child)


def convert(node: nodes.Node, parent: etree._Element) -> None:
    """Append ``node`` to ``parent`` as HTML (unknown elements: their content)."""
    if isinstance(node, nodes.Text):
        append(parent, node.astext())
        return
    if not isinstance(node, nodes.Element) or isinstance(
            node, (nodes.target, nodes.comment, nodes.system_message, nodes.substitution_definition)):
        return
    tag = next((tag for kind, tag in {**INLINE, **BLOCK}.items() if isinstance(node, kind)), None)
    if isinstance(node, nodes.reference) and node.get("refuri"):
        tag = "a"
    if isinstance(node, nodes.title):
        tag = "h2"
    if isinstance(node, nodes.entry):
        tag = "th" if isinstance(node.parent.parent, nodes.thead) else "td"
    element = etree.SubElement(parent, tag) if tag else parent
    if tag == "a":
        element.set("href", node["refuri"])
    for child in node.children:
        convert(child, element)


def fragment(node_list: list[nodes.Node], inline: bool = False) -> str:
    """HTML for some nodes; with ``inline``, a lone paragraph gives just its content."""
    root = html.Element("div")
    children: list[nodes.Node] = node_list
    if inline and len(node_list) == 1 and isinstance(node_list[0], nodes.paragraph):
        children = list(node_list[0].children)
    for node in children:
        convert(node, root)
    text = root.text or ""
    return text + "".join(html.tostring(child, encoding="unicode") for child in root)


def classed(node: nodes.Node, name: str) -> list[nodes.Element]:
    return [child for child in node.findall(nodes.container) if name in child["classes"]]


def question_id(quiz_id: str, english_stem: str) -> str:
    """Stable across languages: the quiz's name and a hash of the English question."""
    digest = hashlib.sha1(english_stem.encode()).hexdigest()[:8]
    return f"{quiz_id.removeprefix('quiz-')}-{digest}"


def quizzes(doctree: nodes.document, english: nodes.document) -> list[Quiz]:
    """The quizzes of ``doctree``, with ids taken from the same quizzes in ``english``."""
    found = list(doctree.findall(quiz))
    sources = list(english.findall(quiz))
    out: list[Quiz] = []
    for item, source in zip(found, sources, strict=True):
        stems = [stem.astext() for stem in classed(source, "quiz-stem")]
        questions = []
        for question, stem in zip(classed(item, "quiz-question"), stems, strict=True):
            answers = tuple(
                Answer(fragment(classed(option, "quiz-answer")[0].children, inline=True),
                       fragment(classed(option, "quiz-feedback")[0].children, inline=True), bool(option["correct"]))
                for option in classed(question, "quiz-option"))
            text = fragment(classed(question, "quiz-stem")[0].children, inline=True)
            plain = classed(question, "quiz-stem")[0].astext()
            questions.append(Question(question_id(item["ids"][0], stem), text, plain, answers))
        number = int(re.sub(r"\D", "", item["ids"][0]) or len(out) + 1)
        out.append(Quiz(item["ids"][0], number, item.children[0].astext(), tuple(questions)))
    return out


def guide_modules(course: nodes.document) -> dict[int, list[str]]:
    """Which guide modules each course module draws on, from the English table
    in ``course.rst``: a row "Course module 3: ..." | "Module 4 (...), Module 3 (...)"."""
    found: dict[int, list[str]] = {}
    for row in course.findall(nodes.row):
        cells = [entry.astext() for entry in row.findall(nodes.entry)]
        match = re.match(r"Course module (\d+):", cells[0]) if len(cells) == 2 else None
        if match:
            found[int(match[1])] = [f"module{n}" for n in re.findall(r"Module (\d+)", cells[1])]
    return found
