"""Stage 6, lms: the course in its learning platform, in every language.

From the doctrees of the HTML build (so with the translations the web
edition shows) and the web edition itself, ``_build/lms/<lang>/`` gets:

- ``questions.xml``: the question banks in Moodle XML, one category per
  course module;
- ``questions.gift``: the same banks in GIFT;
- ``course-module-<n>.zip``: a SCORM 1.2 package per course module;
- ``final-assignment.html``: the final assignment's brief and rubric.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from lxml import html
from lxml.html import builder as E

from pipeline.errors import PipelineError
from pipeline.files import write_atomic
from pipeline.lms import gift, moodle, scorm
from pipeline.lms.questions import fragment, guide_modules, quizzes, read_doctree
from pipeline.project import Project

QUIZZES = "quizzes"
COURSE = "course"
ASSIGNMENT = "assignment"
STYLE = ("body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 46rem; margin: 0 auto; padding: 1rem; }"
         " table { border-collapse: collapse; } th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem;"
         " text-align: left; vertical-align: top; } td p, th p { margin: 0; }")


def title(project: Project, lang: str, docname: str) -> str:
    """The first title of a document, in ``lang``."""
    from docutils import nodes

    return next(read_doctree(project, lang, docname).findall(nodes.title)).astext()


def assignment_page(project: Project, lang: str) -> bytes:
    """The final assignment as one HTML file to upload to the platform."""
    from docutils import nodes

    doctree = read_doctree(project, lang, ASSIGNMENT)
    section = next(doctree.findall(nodes.section))
    heading = section.children[0].astext()
    body = fragment([child for child in section.children if not isinstance(child, nodes.title)])
    document = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(heading), E.STYLE(STYLE)),
                      E.BODY(E.H1(heading), *html.fragments_fromstring(body)), lang=lang)
    return html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")


def missing_sources(project: Project) -> list[str]:
    """The documents the course's files are made from that the project lacks."""
    return [f"docs/{name}.rst" for name in (QUIZZES, COURSE) if not (project.docs / f"{name}.rst").is_file()]


def write(project: Project, languages: tuple[str, ...], when: datetime.datetime) -> list[Path]:
    """Write every language's banks, packages and assignment; return the files."""
    english = read_doctree(project, project.source_language, QUIZZES)
    mapping = guide_modules(read_doctree(project, project.source_language, COURSE))
    written: list[Path] = []
    for lang in languages:
        out = project.build / "lms" / lang
        out.mkdir(parents=True, exist_ok=True)
        found = quizzes(read_doctree(project, lang, QUIZZES), english)
        course = title(project, lang, "index")
        files: dict[str, bytes] = {
            "questions.xml": moodle.bank(course, found),
            "questions.gift": gift.bank(course, found).encode(),
            "final-assignment.html": assignment_page(project, lang),
        }
        for item in found:
            if not mapping.get(item.number):
                raise PipelineError(project.docs / f"{COURSE}.rst", f"no guide module listed for course module {item.number}")
            readings = [(f"guide/{doc}.html", title(project, lang, doc)) for doc in mapping[item.number]]
            files[f"course-module-{item.number}.zip"] = scorm.package(item, lang, project.html_dir(lang), readings, when)
        for name, data in files.items():
            write_atomic(out / name, data)
            written.append(out / name)
    return written
