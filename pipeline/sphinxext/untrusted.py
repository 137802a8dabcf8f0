"""Translated text is untrusted: the build refuses a translation that adds markup.

* File insertion (``include``, ``literalinclude``, ``raw``/``csv-table``
  ``:file:`` and ``:url:``) and ``raw`` are off for every document: the
  guide's sources use none of them, and a translation cannot turn them on.
* ``RefuseUnsafeTranslations`` runs just before Sphinx merges a document's
  translations (its ``Locale`` transform parses each message as
  reStructuredText). It reads the same compiled catalogs and, if any message
  adds markup its English does not have (``pipeline.markup.unsafe``), reports
  each at its line in the PO file and stops the build: no message of that
  catalog is parsed, and nothing is written.
* A project's own catalog of Sphinx's interface strings (``sphinx.po``),
  which the theme prints unescaped, may not add ``<``, ``>``, ``&`` or quotes.
* ``RefuseUnsafeNodes`` checks every doctree after the merge, a second line
  of defence: no link with a scheme other than http, https or mailto, no raw
  output, and no download or image from outside the project.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from pipeline import markup, pofile
from pipeline.errors import PipelineError

logger = logging.getLogger(__name__)
LOCKED = {"file_insertion_enabled": False, "raw_enabled": False}


class UnsafeMarkup(SphinxError):
    category = "Unsafe markup refused"


def lock_settings(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Turn off file insertion and raw output for every document read."""
    env.settings.update(LOCKED)


def po_lines(mo: Path) -> dict[tuple[str | None, str], int]:
    """(msgctxt, msgid) → line of the msgstr (the translation at fault, where
    ``check`` points too) in the PO file next to a compiled catalog."""
    try:
        entries = pofile.read(mo.with_suffix(".po")).entries
    except PipelineError:
        return {}
    return {(entry.msgctxt, entry.msgid): entry.msgstr_line or entry.line for entry in entries}


def catalog_problems(mo: Path, rule: Callable[[str, str], list[str]] = markup.unsafe) -> list[tuple[str, str]]:
    """Each message of a compiled catalog that ``rule`` refuses, as (location, reason)."""
    with mo.open("rb") as handle:
        catalog = read_mo(handle)
    found = []
    lines: dict[tuple[str | None, str], int] | None = None
    for message in catalog:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        for msgid, msgstr in [(ids[0], strings[0]), *((ids[-1], string) for string in strings[1:])]:
            if not msgid or not msgstr or msgstr == msgid:
                continue
            for reason in rule(msgid, msgstr):
                lines = po_lines(mo) if lines is None else lines
                line = lines.get((message.context, ids[0]))
                po = os.path.normpath(mo.with_suffix(".po"))
                found.append((f"{po}:{line}" if line else os.path.normpath(mo), reason))
    return found


def report(problems: list[tuple[str, str]], what: str) -> None:
    """Each problem as an error at its place; then stop the build."""
    for location, reason in problems:
        logger.error(f"markup-unsafe: {reason}", location=location, type="guide", subtype="markup-unsafe")
    if problems:
        raise UnsafeMarkup(f"{len(problems)} {what}; nothing was built")


def refuse_unsafe_interface_strings(app: Sphinx) -> None:
    """A project catalog of Sphinx's own interface strings (``sphinx.po``) may
    not add HTML: the templates print those strings unescaped."""
    if not app.config.language:
        return
    problems = []
    for directory in app.config.locale_dirs:
        for found in gettext.find("sphinx", str(app.srcdir / directory), [app.config.language], all=True):
            problems += catalog_problems(Path(found), markup.unsafe_html)
    report(problems, "interface string(s) add HTML")


class RefuseUnsafeTranslations(SphinxTransform):
    """Stop the build before Sphinx parses a translation that adds markup."""

    default_priority = 15  # after PreserveTranslatableMessages (10), before Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if not self.config.language or not self.config.locale_dirs:
            return
        domain = docname_to_domain(self.env.current_document.docname, self.config.gettext_compact)
        problems = []
        for directory in self.config.locale_dirs:
            for found in gettext.find(domain, str(self.env.srcdir / directory), [self.config.language], all=True):
                problems += catalog_problems(Path(found))
        report(problems, "translated message(s) add markup the English does not have")


class RefuseUnsafeNodes(SphinxTransform):
    """After the merge: nothing that links to a script, emits raw output or
    copies a file from outside the project reaches the doctree."""

    default_priority = 880  # after every transform that makes links, before the collectors read the doctree

    def apply(self, **kwargs: Any) -> None:
        problems: list[tuple[nodes.Element, str]] = []
        for node in self.document.findall(nodes.Element):
            if isinstance(node, nodes.reference) and not markup.safe_uri(node.get("refuri", "")):
                problems.append((node, f"a link to '{markup.shorten(node['refuri'])}': only http, https and mailto are allowed"))
            elif isinstance(node, nodes.raw):
                problems.append((node, "raw output is not allowed"))
            elif isinstance(node, addnodes.download_reference) and not self.inside(node.get("reftarget", "")):
                problems.append((node, f"a download from outside the project: '{node['reftarget']}'"))
            elif isinstance(node, nodes.image) and not (self.inside(node.get("uri", "")) or markup.scheme(node.get("uri", "")) in ("http", "https")):
                problems.append((node, f"an image from outside the project: '{node['uri']}'"))
        for node, reason in problems:
            logger.error(f"markup-unsafe: {reason}", location=node, type="guide", subtype="markup-unsafe")
        if problems:
            raise UnsafeMarkup(f"{len(problems)} unsafe element(s) in {self.env.current_document.docname}; nothing was built")

    def inside(self, target: str) -> bool:
        """Whether a file reference stays inside the source folder."""
        if markup.scheme(target) is not None:
            return False
        _, absolute = self.env.relfn2path(target, self.env.current_document.docname)
        return Path(absolute).resolve().is_relative_to(Path(self.env.srcdir).resolve())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", refuse_unsafe_interface_strings)
    app.connect("env-before-read-docs", lock_settings)
    app.add_transform(RefuseUnsafeTranslations)
    app.add_transform(RefuseUnsafeNodes)
    return {"parallel_read_safe": True}
