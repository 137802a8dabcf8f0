"""Language switcher: every HTML page links to the same page in the other
languages, and to its language's PDF. The sites live side by side in
``_build/html/<lang>/``; the build copies the PDFs into ``_build/html/pdf/``
(see ``pipeline.site``), so the whole of ``_build/html`` can be published."""

from __future__ import annotations

from typing import Any

from babel import Locale
from sphinx.application import Sphinx


def language_name(lang: str, reader: str | None = None) -> str:
    """A language's name in ``reader``'s language (its own by default),
    capitalized: ``es`` -> ``Español``; ``en`` for ``es`` -> ``Inglés``."""
    name = Locale.parse(lang).get_display_name(reader or lang) or lang
    return name[:1].upper() + name[1:]


def switcher_links(pagename: str, target_uri: str, current: str, languages: list[str]) -> list[dict[str, Any]]:
    """Links from ``pagename`` (served as ``target_uri``) to its twins.

    The URL is relative, so the sites work from a file system or any server.
    """
    up = "../" * (pagename.count("/") + 1)
    return [
        {
            "lang": lang,
            "name": language_name(lang),
            "url": f"{up}{lang}/{target_uri}",
            "current": lang == current,
        }
        for lang in languages
    ]


def pdf_link(pagename: str, lang: str) -> str:
    """The relative URL of ``lang``'s PDF from ``pagename``."""
    return f"{'../' * (pagename.count('/') + 1)}pdf/guide-{lang}.pdf"


def _add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name != "html":
        return
    context["guide_switcher"] = switcher_links(
        pagename,
        app.builder.get_target_uri(pagename),
        app.config.language or "en",
        app.config.guide_languages,
    )
    context["guide_pdf"] = pdf_link(pagename, app.config.language or "en")


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _add_context)
