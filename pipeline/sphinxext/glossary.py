"""The Glossary and Acronyms chapters, generated from ``glossary/`` at build time.

``.. guide-glossary::`` lists every concept with its definition in the
build's language, in that language's alphabetical order; ``.. guide-acronyms::``
lists the acronyms with links to their entries. Nothing here goes through the
PO catalogs: both languages come straight from the glossary.

Each entry is a ``:term:`` target under its preferred term, its admitted
terms and acronyms, and, in a translation, its English terms, so that
``:term:`prestaciones <benefit>``` resolves in the Spanish build. Anchors are
``term-<concept id>`` in every language, so the language switcher keeps them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from pipeline import glossary
from pipeline.collation import sort_key
from pipeline.sphinxext.foreign import foreign
from pipeline.sphinxext.switcher import language_name
from pipeline.sphinxext.ui import translate

logger = logging.getLogger(__name__)


def inline_list(label: str, terms: list[str], lang: str | None = None) -> list[nodes.Node]:
    """``Label: term, term.`` with the terms in italics (marked as ``lang`` if given)."""
    out: list[nodes.Node] = [nodes.strong(text=f"{label}: ")]
    for number, term in enumerate(terms):
        out += [nodes.Text(", ")] if number else []
        out.append(foreign("", "", nodes.emphasis(text=term), lang=lang) if lang else nodes.emphasis(text=term))
    return [*out, nodes.Text(". ")]  # the paragraph's last space is dropped by HTML


class GlossaryDirective(SphinxDirective):
    """Shared loading: the glossary of the project, its files as dependencies."""

    def load(self, report: bool = True) -> glossary.Glossary:
        """The glossary; with ``report``, each of its problems is a warning at its line."""
        folder = Path(self.env.app.confdir) / "glossary"
        for path in glossary.glossary_files(folder):
            self.env.note_dependency(str(path))
        terms, problems = glossary.read(folder, self.config.guide_languages)
        for problem in problems if report else ():
            logger.warning(problem.message, location=f"{problem.path}:{problem.line}", type="guide", subtype="glossary")
        return terms

    @property
    def lang(self) -> str:
        return self.config.language or "en"


class GlossaryChapter(GlossaryDirective):
    """``.. guide-glossary::``: every concept, defined, in alphabetical order."""

    def run(self) -> list[nodes.Node]:
        lang, source = self.lang, self.config.guide_languages[0]
        concepts = [(concept, preferred) for concept in self.load() if (preferred := concept.preferred(lang))]
        concepts.sort(key=lambda pair: sort_key(pair[1].text, lang))
        registered: set[str] = set()
        entries = nodes.definition_list(classes=["glossary", "guide-glossary"])
        for concept, preferred in concepts:
            entries += self.entry(concept, preferred, lang, source, registered)
        chapter = addnodes.glossary(sorted=False)  # already in the reader's order
        chapter += entries
        return [chapter]

    def target(self, text: str, node_id: str, registered: set[str]) -> nodes.term | None:
        """Register ``text`` as a ``:term:`` target of anchor ``node_id``, once."""
        if text.casefold() in registered:
            return None
        registered.add(text.casefold())
        source, line = self.get_source_info()
        term = make_glossary_term(self.env, [nodes.Text(text)], None, source, line, node_id, self.state.document)
        term["translatable"] = False
        return term

    def entry(self, concept: glossary.Concept, preferred: glossary.Term, lang: str, source: str,
              registered: set[str]) -> nodes.definition_list_item:
        node_id = f"term-{concept.id}"
        item = nodes.definition_list_item()
        item += self.target(preferred.text, node_id, registered) or nodes.term(text=preferred.text, ids=[node_id])
        aliases = [term.text for term in concept.approved(lang)[1:]]
        source_terms = [term.text for term in concept.approved(source)] if lang != source else []
        for alias in [*aliases, *source_terms]:
            self.target(alias, node_id, registered)  # a target only; the entry shows it below
        definition = nodes.definition()
        definition += nodes.paragraph(text=concept.definitions.get(lang, ""))
        details = nodes.paragraph(classes=["glossary-terms"])
        if aliases:
            details += inline_list(translate("Also", lang), aliases)
        if rejected := [term.text for term in concept.rejected(lang)]:
            details += inline_list(translate("Avoid", lang), rejected)
        other = source if lang != source else next((code for code in self.config.guide_languages if code != source), None)
        if other and (equivalent := concept.preferred(other)):
            details += inline_list(language_name(other, lang), [equivalent.text], lang=other)
        if details.children:
            definition += details
        item += definition
        return item


class AcronymsChapter(GlossaryDirective):
    """``.. guide-acronyms::``: each acronym with its expansion, linked to the glossary."""

    @staticmethod
    def shown(concept: glossary.Concept, lang: str) -> list[glossary.Term]:
        """The preferred acronyms (else the first admitted one): ``C097`` lists once, not also as ``C97``."""
        acronyms = concept.acronyms(lang)
        return [term for term in acronyms if term.status == "preferred"] or list(acronyms[:1])

    def run(self) -> list[nodes.Node]:
        lang = self.lang
        rows = [(term, concept) for concept in self.load(report=False) for term in self.shown(concept, lang)]
        rows.sort(key=lambda row: sort_key(row[0].text, lang))
        listing = nodes.definition_list(classes=["acronyms"])
        for term, concept in rows:
            preferred = concept.preferred(lang)
            expansion = term.expansion or (preferred.text if preferred else term.text)
            reference = addnodes.pending_xref(
                "", nodes.inline(text=expansion, classes=["xref", "std", "std-term"]),
                refdomain="std", reftype="term", reftarget=expansion.lower(), refexplicit=True, refwarn=True,
                refdoc=self.env.docname,
            )
            listing += nodes.definition_list_item(
                "", nodes.term(text=term.text), nodes.definition("", nodes.paragraph("", "", reference)))
        return [listing]


def _tag_chapter(app: Sphinx, doctree: nodes.document) -> None:
    """The section holding the Glossary chapter gets the class ``glossary-chapter``:
    in print, a named page, from which the build cuts the glossary's own PDF."""
    for listing in doctree.findall(nodes.definition_list):
        if "guide-glossary" in listing["classes"]:
            section = next(iter(doctree.findall(nodes.section)), None)
            if section is not None:
                section["classes"].append("glossary-chapter")
            return


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _tag_chapter)
    app.add_directive("guide-glossary", GlossaryChapter)
    app.add_directive("guide-acronyms", AcronymsChapter)
    return {"parallel_read_safe": True}
