"""Interface strings of the guide's own templates, per language.

Sphinx and the theme translate their own interface (search, navigation,
permalinks), corrected where needed by the catalog in ``locale/``
(``interface.py``); these strings belong to the guide's own templates
(cover, contents, language bar, 404 page, landing page), the glossary and
the quizzes.
"""

from __future__ import annotations

UI_STRINGS: dict[str, dict[str, str]] = {
    "International Labour Organization": {"es": "Organización Internacional del Trabajo"},
    "A practical guide": {"es": "Guía práctica"},
    "Contents": {"es": "Índice"},
    "Language": {"es": "Idioma"},
    "Page": {"es": "Página"},
    "Version": {"es": "Versión"},
    "Suggested citation": {"es": "Cita sugerida"},
    "print": {"es": "impreso"},
    "web PDF": {"es": "PDF en línea"},
    "Also": {"es": "También"},
    "Avoid": {"es": "Evítese"},
    "Check my answers": {"es": "Comprobar mis respuestas"},
    "Start again": {"es": "Volver a empezar"},
    "Your score: {score}/100 ({right} of {total} right).": {"es": "Su puntuación: {score}/100 ({right} de {total} correctas)."},
    "You reached the pass mark of {mark}/100.": {"es": "Ha alcanzado la nota mínima de {mark}/100."},
    "The pass mark is {mark}/100: read the feedback and try again.": {
        "es": "La nota mínima es {mark}/100: lea los comentarios y vuelva a intentarlo."},
    "Answer every question first ({missing} left).": {"es": "Responda primero a todas las preguntas (faltan {missing})."},
    "No quizzes.": {"es": "No hay cuestionarios."},
    "Download the PDF": {"es": "Descargar el PDF"},
    "Page not found": {"es": "Página no encontrada"},
    "There is no page at this address. It may have moved when the guide was revised.": {
        "es": "No hay ninguna página en esta dirección. Puede que haya cambiado al revisarse la guía."},
    "Go to the start of the guide": {"es": "Ir al inicio de la guía"},
    "Search the guide": {"es": "Buscar en la guía"},
    "Read the guide in {language}": {"es": "Leer la guía en {language}"},
    "Read in the guide": {"es": "Lectura en la guía"},
    "Question bank": {"es": "Banco de preguntas"},
}


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``; English, the source language, as the fallback."""
    return UI_STRINGS.get(text, {}).get(lang, text)
