"""Slides for the trainer's decks, written beside the section they summarise.

::

    .. slide:: Contributions that do not count

       * Eight years of contributions abroad, no pension at home
       * No agreement between the two countries

       Speaker notes: one or more paragraphs after the list.

The title, each bullet (one paragraph, three to six of them) and the notes
are ordinary text, so the gettext builder extracts them and translators
translate them in the document's catalog like every other paragraph. The
slides are not part of the HTML and PDF editions (nor of their search
index): they are taken out of every HTML page, the print edition's
included. ``pipeline/slides.py`` makes the decks from the doctrees that a
build has read, where the slides are already translated.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

MIN_BULLETS, MAX_BULLETS = 3, 6


class slide(nodes.General, nodes.Element):  # docutils names its nodes in lower case
    """One slide: its title (a rubric), its bullets (a bullet list) and its notes (a container)."""


def parts(node: slide) -> tuple[str, list[str], list[str]]:
    """A slide's title, bullets and notes paragraphs, as plain text."""
    title, bullets, notes = node.children
    return (title.astext(), [item.astext() for item in bullets.children],
            [paragraph.astext() for paragraph in notes.children])


class SlideDirective(Directive):
    """``.. slide:: Title``: a bullet list of three to six one-paragraph items, then the speaker notes."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        body = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, body)
        children = list(body.children)
        bullets = children[0] if children else None
        notes = children[1:]
        if not isinstance(bullets, nodes.bullet_list) or not notes or not all(isinstance(n, nodes.paragraph) for n in notes):
            return self.problem("a slide is a bullet list followed by its speaker notes (paragraphs)")
        items = list(bullets.children)
        if not MIN_BULLETS <= len(items) <= MAX_BULLETS:
            return self.problem(f"a slide has {MIN_BULLETS} to {MAX_BULLETS} bullets (found {len(items)})")
        if not all(len(item.children) == 1 and isinstance(item.children[0], nodes.paragraph) for item in items):
            return self.problem("each bullet of a slide is one short paragraph")
        title = nodes.rubric(self.arguments[0], self.arguments[0], classes=["slide-title"])
        title.source, title.line = self.state_machine.get_source_and_line(self.lineno)
        node = slide("", title, bullets, nodes.container("", *notes, classes=["slide-notes"]), classes=["slide"])
        node.source, node.line = title.source, title.line
        return [node]

    def problem(self, message: str) -> list[nodes.Node]:
        return [self.state.document.reporter.warning(message, line=self.lineno)]


def _remove_from_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Slides are for the decks: no HTML page (web or print) shows or indexes them."""
    if app.builder.format == "html":
        for node in list(doctree.findall(slide)):
            node.parent.remove(node)


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(slide, html=(skip, None))
    app.add_directive("slide", SlideDirective)
    app.connect("doctree-resolved", _remove_from_pages)
