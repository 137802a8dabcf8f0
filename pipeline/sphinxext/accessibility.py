"""Repairs to the HTML that Sphinx writes, for assistive technology.

Sphinx marks a toctree's caption ("About this guide", "Modules") as
``role="heading"`` without the ``aria-level`` that role requires (WCAG 1.3.1);
each caption heads a list under the page title, so it is level 2, in the
page and in the theme's navigation.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

CAPTION = 'class="caption" role="heading">'
LEVELLED = 'class="caption" role="heading" aria-level="2">'


def level_captions(html: str) -> str:
    """Give every toctree caption heading its level."""
    return html.replace(CAPTION, LEVELLED)


def _repair(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    for key in ("body", "furo_navigation_tree"):
        if isinstance(context.get(key), str):
            context[key] = level_captions(context[key])


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _repair, priority=900)  # after the theme has built its navigation
