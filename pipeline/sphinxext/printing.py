"""The print edition: a single-page HTML rendered with the ``guide-print``
theme, which WeasyPrint turns into the tagged PDF (see ``pipeline.build``)."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from pipeline.sphinxext.localeroles import format_day
from pipeline.sphinxext.ui import translate

logger = logging.getLogger(__name__)

THEME_DIR = Path(__file__).parent / "print_theme"


@dataclass(frozen=True)
class Imprint:
    """One language's imprint page and PDF metadata (``docs/imprint/<lang>.toml``)."""

    author: str
    publisher: str
    year: int
    edition: str
    version: str
    copyright: str
    licence: str
    citation: str
    disclaimer: str
    isbn_print: str
    isbn_pdf: str
    subject: str
    keywords: tuple[str, ...]


class ImprintError(ValueError):
    """A problem in an imprint file, at a line."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.location, self.message = f"{path}:{line}", message


def read_imprint(path: Path, title: str) -> Imprint:
    """The imprint in ``path``, with ``{year}`` and ``{title}`` filled in."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImprintError(path, 1, f"cannot be read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ImprintError(path, int(line.group(1)) if line else 1, str(exc)) from None
    fields = Imprint.__dataclass_fields__
    for name in data.keys() - fields.keys():
        raise ImprintError(path, key_line(path, name), f"unknown field {name!r}")
    for name in fields.keys() - data.keys():
        raise ImprintError(path, 1, f"missing field {name!r} (an ISBN may be empty: \"\")")
    for name, value in data.items():
        wanted = {"year": int, "keywords": list}.get(name, str)
        if not isinstance(value, wanted):
            raise ImprintError(path, key_line(path, name), f"{name!r} must be a {wanted.__name__}")
    text = {name: value.format(year=data["year"], title=title) for name, value in data.items() if isinstance(value, str)}
    return Imprint(**text, year=data["year"], keywords=tuple(data["keywords"]))


def key_line(path: Path, key: str) -> int:
    """The line where ``key`` is set in a TOML file (1 if not found)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 1


def edition_date(app: Sphinx) -> datetime.datetime | None:
    """The sources' date, which the pipeline passes as ``guide_source_date``."""
    value = app.config.guide_source_date
    return datetime.datetime.fromisoformat(value) if value else None


def split_title(title: str) -> tuple[str, str]:
    """``"Main title: Subtitle"`` -> ``("Main title", "Subtitle")``."""
    main, _, sub = title.partition(": ")
    return main, sub


def local_anchors(html: str) -> str:
    """Sphinx's single page links into other documents (toctree, ``:term:``,
    ``:ref:``) as ``#document-x#id``; in one file ``#id`` is the anchor."""
    return re.sub(r'href="#document-[^"#]+#', 'href="#', html)


def anchors_inside_chapters(body: str) -> str:
    """Move each ``<span id="document-x">`` into the chapter it marks, so a
    link to the chapter lands on the chapter's first page, not the page before."""
    return re.sub(r'(<span id="document-[^"]+"></span>)(<section[^>]*>)', r"\2\1", body)


HEADED_SECTION = re.compile(r'<section([^>]*?) id="([^"]+)"([^>]*)>\s*((?:<span id="[^"]+"></span>\s*)*)<h([1-6])([^>]*)>')

SPAN = re.compile(r'<span id="[^"]+"></span>')


def ids_on_headings(body: str) -> str:
    """Move a section's anchors onto its heading, so that a link or a page
    number points to the page where the heading is printed, not to the foot
    of the page before (where a section may start before its heading is
    pushed over)."""
    def move(match: re.Match[str]) -> str:
        before, node_id, after, spans, level, attributes = match.groups()
        return f'<section{before}{after}>\n<h{level}{attributes} id="{node_id}">{"".join(SPAN.findall(spans))}'

    return HEADED_SECTION.sub(move, body)


def _add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    lang = app.config.language or "en"
    context["ui"] = lambda text: translate(text, lang)
    title, subtitle = split_title(app.config.guide_titles.get(lang, app.config.project))
    context["guide_cover_title"] = title
    context["guide_cover_subtitle"] = subtitle
    context["guide_title"] = app.config.guide_titles.get(lang, app.config.project)
    if app.config.html_theme == "guide-print":
        path = Path(app.srcdir) / "imprint" / f"{lang}.toml"
        try:
            context["imprint"] = read_imprint(path, title)
        except ImprintError as exc:
            logger.warning(exc.message, location=exc.location, type="guide", subtype="imprint")
            context["imprint"] = None
        date = edition_date(app)
        context["edition_date"] = date.isoformat() if date else ""
        context["edition_day"] = format_day(date.date().isoformat(), app.config.guide_babel_locales.get(lang, lang)) if date else ""
    if app.builder.name == "singlehtml" and "body" in context:
        context["body"] = ids_on_headings(local_anchors(anchors_inside_chapters(context["body"])))
    if "toctree" in context:
        toctree = context["toctree"]
        context["guide_contents"] = lambda: local_anchors(toctree(maxdepth=2, collapse=False, includehidden=True))


def print_section_ids(app: Sphinx, doctree: nodes.document) -> None:
    """In the single page of the print edition, give every section an id that
    is unique in the whole book, before the contents are collected from it.

    A section with a label (``.. _m2-recommendations:``) is known first by the
    label, unique in the project; the ids made from titles are prefixed with
    the document's name and a dot ("module2.recommendations"), which no
    docutils id has, so they never meet a label. Links inside
    the document follow the new ids; the web edition keeps its ids."""
    if app.builder.name != "singlehtml":
        return
    explicit = {doctree.nameids[name] for name, is_explicit in doctree.nametypes.items() if is_explicit}
    renamed: dict[str, str] = {}
    for section in doctree.findall(nodes.section):
        labels = [node_id for node_id in section["ids"] if node_id in explicit]
        made = [node_id for node_id in section["ids"] if node_id not in explicit]
        renamed |= {node_id: f"{app.env.docname}.{node_id}" for node_id in made}  # docutils ids have no dot
        section["ids"] = labels + [renamed[node_id] for node_id in made]
    for reference in doctree.findall(nodes.reference):
        if reference.get("refid") in renamed:
            reference["refid"] = renamed[reference["refid"]]


def setup(app: Sphinx) -> None:
    app.add_html_theme("guide-print", str(THEME_DIR))
    app.add_config_value("guide_source_date", "", "html", types=[str])
    app.connect("html-page-context", _add_context)
    app.connect("doctree-read", print_section_ids, priority=400)  # before the contents are collected
