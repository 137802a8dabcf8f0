"""Interface strings of the guide's own templates, per language.

Sphinx translates its own interface (search, navigation); these few strings
belong to our templates (cover, contents, language bar).
"""

from __future__ import annotations

UI_STRINGS: dict[str, dict[str, str]] = {
    "International Labour Organization": {"es": "Organización Internacional del Trabajo"},
    "A practical guide": {"es": "Guía práctica"},
    "Contents": {"es": "Índice"},
    "Language": {"es": "Idioma"},
    "Page": {"es": "Página"},
    "Also": {"es": "También"},
    "Avoid": {"es": "Evítese"},
}


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``; English, the source language, as the fallback."""
    return UI_STRINGS.get(text, {}).get(lang, text)
