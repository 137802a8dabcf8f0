"""The same banks in GIFT, Moodle's plain-text question format."""

from __future__ import annotations

from pipeline.lms.moodle import category_path
from pipeline.lms.questions import Quiz

SPECIAL = "\\~=#{}:"


def escape(value: str) -> str:
    """GIFT's special characters behind a backslash; line breaks as ``\\n``."""
    for char in SPECIAL:
        value = value.replace(char, "\\" + char)
    return value.replace("\n", "\\n")


def bank(course: str, quizzes: list[Quiz]) -> str:
    """GIFT text of every quiz: a ``$CATEGORY`` per course module, questions in HTML."""
    lines = [f"// {escape(course)}", ""]
    for item in quizzes:
        lines += [f"$CATEGORY: {category_path(course, item.title)}", ""]
        for question in item.questions:
            lines.append(f"::{escape(question.id)}::[html]{escape(question.text)} {{")
            lines += [f"\t{'=' if answer.correct else '~'}{escape(answer.text)}#{escape(answer.feedback)}"
                      for answer in question.answers]
            lines += ["}", ""]
    return "\n".join(lines)
