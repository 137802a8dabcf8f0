"""Sphinx extension for the guide: per-language titles, the web theme
(``guide-web``, Furo with the guide's page template), language switcher,
module colours, locale-aware numbers and dates, the Glossary and Acronyms
chapters, self-assessment quizzes, the trainer's slides (kept out of the pages) and
the trainer's kit links, the videos of the slides, searchable numbers, the print theme, charts and
tables from data files, and the refusal of translations that add markup (``untrusted``).

Enabled from the root ``conf.py``; every language and format build loads it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from pipeline.sphinxext import (
    accessibility,
    figures,
    foreign,
    glossary,
    kit,
    landing,
    localeroles,
    modules,
    printing,
    quiz,
    search,
    slides,
    switcher,
    untrusted,
    video,
)
from pipeline.sphinxext.ui import translate

HERE = Path(__file__).parent
WEB_THEME = "guide-web"


def source_digest(folder: Path = HERE.parent) -> str:
    """A digest of the pipeline's code (this extension and the glossary code it
    uses), templates and styles. Registered as a config value, so that
    changing any of them rebuilds every page."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".css", ".js", ".toml", ".po"}:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _apply_language(app: Sphinx, config: Config) -> None:
    """Derive the language-dependent settings from ``guide_titles``."""
    lang = config.language or "en"
    titles = config.guide_titles
    if lang in titles:
        config.html_title = titles[lang]
        config.project = titles[lang].partition(": ")[0]  # the sidebar's name of the guide
    short = config.guide_short_titles
    if lang in short:
        config.html_short_title = short[lang]
    config.copyright = config.copyright.replace(config.author, translate(config.author, lang))
    if config.html_theme == WEB_THEME:
        config.html_additional_pages = {"404": "404.html", **config.html_additional_pages}
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("guide_extension_digest", source_digest(), "env", types=[str])
    app.add_config_value("guide_languages", ["en"], "html", types=[list])
    app.add_config_value("guide_titles", {}, "html", types=[dict])
    app.add_config_value("guide_short_titles", {}, "html", types=[dict])
    app.add_config_value("guide_babel_locales", {"en": "en_GB"}, "env", types=[dict])
    app.add_html_theme(WEB_THEME, str(HERE / "web_theme"))
    app.connect("config-inited", _apply_language)
    app.add_css_file("guide.css")
    app.add_js_file("guide.js")
    switcher.setup(app)
    modules.setup(app)
    localeroles.setup(app)
    printing.setup(app)
    glossary.setup(app)
    quiz.setup(app)
    slides.setup(app)
    kit.setup(app)
    untrusted.setup(app)
    search.setup(app)
    landing.setup(app)
    accessibility.setup(app)
    foreign.setup(app)
    figures.setup(app)
    video.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
