"""The print edition: a single-page HTML rendered with the ``guide-print``
theme, which WeasyPrint turns into the tagged PDF (see ``pipeline.build``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from pipeline.sphinxext.ui import translate

THEME_DIR = Path(__file__).parent / "print_theme"


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


def _add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    lang = app.config.language or "en"
    context["ui"] = lambda text: translate(text, lang)
    title, subtitle = split_title(app.config.guide_titles.get(lang, app.config.project))
    context["guide_cover_title"] = title
    context["guide_cover_subtitle"] = subtitle
    if app.builder.name == "singlehtml" and "body" in context:
        context["body"] = local_anchors(anchors_inside_chapters(context["body"]))
    if "toctree" in context:
        toctree = context["toctree"]
        context["guide_contents"] = lambda: local_anchors(toctree(maxdepth=2, collapse=False, includehidden=True))


def unique_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the single page of the print edition, sections of different chapters
    with the same title ("Recommendations") get the same automatic id; keep
    the first and number the others (links use the explicit labels)."""
    if app.builder.name != "singlehtml":
        return
    seen: set[str] = set()
    for node in doctree.findall(nodes.Element):
        ids: list[str] = []
        node_ids: list[str] = node.get("ids", [])
        for node_id in node_ids:
            unique, number = node_id, 1
            while unique in seen:
                number += 1
                unique = f"{node_id}-{number}"
            seen.add(unique)
            ids.append(unique)
        if ids:
            node["ids"] = ids


def setup(app: Sphinx) -> None:
    app.add_html_theme("guide-print", str(THEME_DIR))
    app.connect("html-page-context", _add_context)
    app.connect("doctree-resolved", unique_ids)
