"""SCORM 1.2 packages: one zip per course module, each one SCO.

The SCO's page holds the module's quiz, in the markup of the web edition,
scored by the guide's own ``quiz.js``; ``scorm.js`` reports the score to
the platform. Under ``guide/`` is the guide's web edition in the same
language, so the pages the course module draws on are one link away, with
its navigation and search, and nothing loads from the network.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import zipfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree, html
from lxml.html import builder as E

from pipeline.lms.questions import Quiz
from pipeline.sphinxext.quiz import PASS_MARK
from pipeline.sphinxext.ui import translate

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = f"{CP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd"
SKIP = {"objects.inv"}  # with hidden files and _sources/


def parts(markup: str) -> list[html.HtmlElement | str]:
    """An HTML fragment as children for the builder."""
    return list(html.fragment_fromstring(markup, create_parent="div").xpath("node()"))


def quiz_section(item: Quiz, lang: str) -> html.HtmlElement:
    """The quiz in the web edition's markup (``quiz.js`` turns it into a form)."""
    questions = []
    for question in item.questions:
        options = [E.LI(E.DIV(E.DIV(E.P(*parts(answer.text)), E.CLASS("quiz-answer")),
                              E.DIV(E.P(*parts(answer.feedback)), E.CLASS("quiz-feedback")),
                              E.CLASS("quiz-option quiz-correct" if answer.correct else "quiz-option")))
                   for answer in question.answers]
        questions.append(E.LI(E.DIV(E.DIV(E.P(*parts(question.text)), E.CLASS("quiz-stem")),
                                    E.OL(*options, E.CLASS("quiz-options loweralpha")), E.CLASS("quiz-question"))))
    section = E.SECTION(E.OL(*questions, E.CLASS("quiz-list arabic")), E.CLASS("quiz"), id=item.id)
    data = {
        "check": "Check my answers", "reset": "Start again",
        "score": "Your score: {score}/100 ({right} of {total} right).",
        "pass": "You reached the pass mark of {mark}/100.",
        "fail": "The pass mark is {mark}/100: read the feedback and try again.",
        "unanswered": "Answer every question first ({missing} left).",
    }
    for key, text in data.items():
        section.set(f"data-{key}", translate(text, lang))
    section.set("data-mark", str(PASS_MARK))
    return section


def page(item: Quiz, lang: str, readings: list[tuple[str, str]]) -> bytes:
    """The SCO's launch page: the quiz, and links to the guide's pages (href, title)."""
    document = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.META(name="viewport", content="width=device-width, initial-scale=1"),
               E.TITLE(item.title), E.LINK(rel="stylesheet", href="sco.css"),
               E.SCRIPT(src="guide/_static/quiz.js"), E.SCRIPT(src="scorm.js")),
        E.BODY(E.MAIN(E.H1(item.title),
                      E.NAV(E.H2(translate("Read in the guide", lang)),
                            E.UL(*[E.LI(E.A(title, href=href)) for href, title in readings])),
                      quiz_section(item, lang))),
        lang=lang)
    return html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")


def manifest(identifier: str, title: str, files: Iterable[str]) -> bytes:
    """``imsmanifest.xml``: one organization, one item, one SCO listing ``files``."""
    nsmap = {None: CP, "adlcp": ADLCP, "xsi": XSI}
    root = etree.Element(f"{{{CP}}}manifest", nsmap=nsmap, identifier=identifier, version="1.0")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMAS)
    metadata = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.2"
    organizations = etree.SubElement(root, f"{{{CP}}}organizations", default="org")
    organization = etree.SubElement(organizations, f"{{{CP}}}organization", identifier="org")
    etree.SubElement(organization, f"{{{CP}}}title").text = title
    item = etree.SubElement(organization, f"{{{CP}}}item", identifier="item", identifierref="sco", isvisible="true")
    etree.SubElement(item, f"{{{CP}}}title").text = title
    etree.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(PASS_MARK)
    resources_ = etree.SubElement(root, f"{{{CP}}}resources")
    resource = etree.SubElement(resources_, f"{{{CP}}}resource", identifier="sco", type="webcontent", href="index.html")
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in files:
        etree.SubElement(resource, f"{{{CP}}}file", href=name)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def site_files(site: Path) -> dict[str, bytes]:
    """The web edition's files, under ``guide/``."""
    return {f"guide/{path.relative_to(site).as_posix()}": path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and path.name not in SKIP and not any(part.startswith((".", "_sources"))
                                                                    for part in path.relative_to(site).parts)}


def self_contained(files: dict[str, bytes]) -> dict[str, bytes]:
    """``files`` with every link of an HTML page that points at a file the
    package does not hold (the PDFs, the other language, the e-box: beside
    the web edition online, not in the package) turned into its plain text."""
    done = dict(files)
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        document = html.document_fromstring(data)
        dangling = [link for link in document.iterfind(".//a[@href]") if outside(name, link.get("href", ""), files)]
        if dangling:
            for link in dangling:
                link.drop_tag()
            done[name] = html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")
    return done


def outside(name: str, href: str, files: dict[str, bytes]) -> bool:
    """Whether ``href``, in the page ``name``, is a link to a file that is not among ``files``."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return False  # another site (no load: a reader's choice to follow), or a place in this page
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) not in files


def package(item: Quiz, lang: str, site: Path, readings: list[tuple[str, str]], when: datetime.datetime) -> bytes:
    """The zip of one course module: manifest at the root, the SCO's page, scripts and the guide."""
    static = resources.files("pipeline.lms") / "static"
    files = {"index.html": page(item, lang, readings), "scorm.js": (static / "scorm.js").read_bytes(),
             "sco.css": (static / "sco.css").read_bytes(), **site_files(site)}
    files = self_contained(files)
    files = {"imsmanifest.xml": manifest(f"guide-{lang}-{item.id}", item.title, files), **files}
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
