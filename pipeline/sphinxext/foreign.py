"""Phrases in another language than the page's, marked ``lang`` so that
screen readers pronounce them and the PDF hyphenates them by their own rules
(no Spanish «Wo‐men»).

How the build knows a phrase is English in the Spanish edition:

* a title kept in English: an emphasis (``*Global Trends...*``) that the
  translation copies unchanged from the English message, as the style guide
  asks for publications without an official Spanish title, is found by
  comparing each message of the document's catalog with its translation;
* the glossary's English equivalents («Inglés: *social protection*»);
* anything else a writer marks with a language role, one per language of
  the guide: ``:en:`Women in Migration```.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.config import Config

from pipeline.catalogs import read_catalog
from pipeline.errors import PipelineError

EMPHASIS = re.compile(r"(?<![*\\])\*([^*\n]+)\*(?!\*)")


class foreign(nodes.inline):  # docutils names its nodes in lower case
    """Inline text in the language ``lang``."""


def kept_emphasis(msgid: str, msgstr: str) -> set[str]:
    """The emphasized phrases of an English message that its translation keeps as they are."""
    if not msgstr:
        return set()
    return {text for text in EMPHASIS.findall(msgid) if f"*{text}*" in msgstr}


def kept_in_catalog(path: Path) -> set[str]:
    """Every emphasized phrase that a catalog's translations keep in the source language."""
    try:
        catalog = read_catalog(path)
    except PipelineError:
        return set()  # the checker and the build report a broken catalog
    return {text for message in catalog if isinstance(message.id, str) and isinstance(message.string, str)
            for text in kept_emphasis(message.id, message.string)}


def mark_kept_phrases(app: Sphinx, doctree: nodes.document) -> None:
    """In a translation, wrap the emphasized phrases kept in the source language in ``foreign``."""
    lang, source = app.config.language or "en", app.config.guide_languages[0]
    if lang == source:
        return
    kept: set[str] = set()
    for folder in app.config.locale_dirs:
        kept |= kept_in_catalog(Path(app.srcdir, folder, lang, "LC_MESSAGES", f"{app.env.docname}.po"))
    for emphasis in list(doctree.findall(nodes.emphasis)):
        if emphasis.astext() in kept and not isinstance(emphasis.parent, foreign):
            emphasis.replace_self(foreign("", "", emphasis.deepcopy(), lang=source))


def language_role(lang: str) -> Any:
    """The role ``:<lang>:`text``` for a phrase in ``lang``."""
    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
             options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [foreign(rawtext, text, lang=lang)], []
    return role


def _add_roles(app: Sphinx, config: Config) -> None:
    for lang in config.guide_languages:
        app.add_role(lang, language_role(lang), override=True)


def visit_foreign(self: Any, node: foreign) -> None:
    self.body.append(f'<span lang="{self.attval(node["lang"])}">')


def depart_foreign(self: Any, node: foreign) -> None:
    self.body.append("</span>")


def setup(app: Sphinx) -> None:
    app.add_node(foreign, html=(visit_foreign, depart_foreign))
    app.connect("config-inited", _add_roles)
    app.connect("doctree-read", mark_kept_phrases)
