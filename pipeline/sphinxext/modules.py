"""Module colour-coding: the top section of ``moduleN`` gets the classes
``module module-N``, which the HTML and print styles colour and tab."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

MODULE_DOC = re.compile(r"(?:^|/)module(\d+)$")


def module_number(docname: str) -> int | None:
    """The module number of a document name such as ``module3``, else None."""
    match = MODULE_DOC.search(docname)
    return int(match.group(1)) if match else None


def _tag_module(app: Sphinx, doctree: nodes.document) -> None:
    number = module_number(app.env.docname)
    if number is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section["classes"] += ["module", f"module-{number}"]


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _tag_module)
