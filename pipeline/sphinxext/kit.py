"""The trainer's kit on the web pages: links to slide decks, module PDFs and the e-box.

``.. trainer-kit::`` on a module's (or another chapter's) page gives the
slides of that page (PowerPoint and PDF), the module's PDF and the e-box; with document names as
arguments (``.. trainer-kit:: module1 module2 course``), the slides of each.
The links are relative to the site's root, where the build puts the decks
(``slides/<lang>/<docname>.pptx`` and ``.pdf``), the PDFs (``pdf/``) and the
e-box's start page or downloads (``index.html#ebox``), so they work in the
published site and in the e-box alike. The labels come from ``ui.py``; the
print edition leaves the box out.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from pipeline.sphinxext.modules import module_number
from pipeline.sphinxext.ui import translate

EBOX_LINK = "index.html#ebox"


def root(docname: str) -> str:
    """The relative URL of the site's root (above the language folders) from ``docname``."""
    return "../" * (docname.count("/") + 1)


def link(text: str, uri: str) -> nodes.reference:
    return nodes.reference("", text, refuri=uri, internal=False)


def deck_links(docname: str, here: str, lang: str) -> list[nodes.Node]:
    """``PowerPoint · PDF``: the two files of ``docname``'s deck."""
    base = f"{root(here)}slides/{lang}/{docname}"
    return [link(translate("PowerPoint", lang), f"{base}.pptx"), nodes.Text(" · "), link("PDF", f"{base}.pdf")]


class TrainerKit(SphinxDirective):
    """A box of links for trainers (see the module's docstring)."""

    optional_arguments = 20
    has_content = False

    def run(self) -> list[nodes.Node]:
        lang, here = self.config.language or "en", self.env.docname
        box = nodes.container(classes=["guide-kit"])
        box += nodes.paragraph("", "", nodes.strong(text=translate("For trainers", lang)))
        items = nodes.bullet_list()
        if self.arguments:
            for docname in self.arguments:
                title = addnodes.pending_xref("", nodes.inline(text=docname), refdomain="std", reftype="doc",
                                              reftarget=f"/{docname}", refexplicit=False, refwarn=True)
                items += nodes.list_item("", nodes.paragraph("", "", title, nodes.Text(": "),
                                                              *deck_links(docname, here, lang)))
        else:
            number = module_number(here)
            label = translate("Slides of this module" if number else "Slides of this chapter", lang)
            items += nodes.list_item("", nodes.paragraph("", label + ": ", *deck_links(here, here, lang)))
            if number is not None:
                pdf = f"{root(here)}pdf/guide-{lang}-module{number}.pdf"
                items += nodes.list_item("", nodes.paragraph("", "", link(translate("This module as a PDF", lang), pdf)))
        ebox = link(translate("The e-box", lang), root(here) + EBOX_LINK)
        items += nodes.list_item("", nodes.paragraph("", "", ebox, nodes.Text(
            translate(": the whole guide, its PDFs and slides, to use without an internet connection", lang))))
        box += items
        return [box]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("trainer-kit", TrainerKit)
    return {"parallel_read_safe": True}
