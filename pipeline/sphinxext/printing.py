"""The print edition: a single-page HTML rendered with the ``guide-print``
theme, which WeasyPrint turns into the tagged PDF (see ``pipeline.build``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from pipeline.sphinxext.ui import translate

THEME_DIR = Path(__file__).parent / "print_theme"


def split_title(title: str) -> tuple[str, str]:
    """``"Main title: Subtitle"`` -> ``("Main title", "Subtitle")``."""
    main, _, sub = title.partition(": ")
    return main, sub


def _add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    lang = app.config.language or "en"
    context["ui"] = lambda text: translate(text, lang)
    title, subtitle = split_title(app.config.guide_titles.get(lang, app.config.project))
    context["guide_cover_title"] = title
    context["guide_cover_subtitle"] = subtitle


def setup(app: Sphinx) -> None:
    app.add_html_theme("guide-print", str(THEME_DIR))
    app.connect("html-page-context", _add_context)
