"""Question banks in Moodle XML: one category per course module, every
question a single-answer multiple choice, the right answer at 100 %."""

from __future__ import annotations

from lxml import etree

from pipeline.lms.questions import Quiz


def text(parent: etree._Element, tag: str, value: str, html: bool = True) -> etree._Element:
    """``<tag format="html"><text>value</text></tag>`` (lxml escapes the value)."""
    element = etree.SubElement(parent, tag, {"format": "html"} if html else {})
    etree.SubElement(element, "text").text = value
    return element


def category_path(*names: str) -> str:
    """A Moodle category path; a slash inside a name is written twice."""
    return "/".join(["$course$", "top", *(name.replace("/", "//") for name in names)])


def bank(course: str, quizzes: list[Quiz]) -> bytes:
    """The Moodle XML of every quiz, under one parent category named ``course``."""
    root = etree.Element("quiz")
    for item in quizzes:
        category = etree.SubElement(root, "question", type="category")
        text(category, "category", category_path(course, item.title), html=False)
        text(category, "info", "")
        for question in item.questions:
            element = etree.SubElement(root, "question", type="multichoice")
            text(element, "name", f"{question.id} {question.plain}"[:250],
                 html=False)
            text(element, "questiontext", question.text)
            text(element, "generalfeedback", "")
            etree.SubElement(element, "defaultgrade").text = "1"
            etree.SubElement(element, "penalty").text = "0"
            etree.SubElement(element, "hidden").text = "0"
            etree.SubElement(element, "idnumber").text = question.id
            etree.SubElement(element, "single").text = "true"
            etree.SubElement(element, "shuffleanswers").text = "true"
            etree.SubElement(element, "answernumbering").text = "abc"
            for answer in question.answers:
                option = text(element, "answer", answer.text)
                option.set("fraction", "100" if answer.correct else "0")
                text(option, "feedback", answer.feedback)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
