"""Interface strings of the guide's own templates, per language.

Sphinx translates its own interface (search, navigation); these few strings
belong to our templates (cover, contents, language bar), the glossary and the
quizzes.
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
    "Check my answers": {"es": "Comprobar mis respuestas"},
    "Start again": {"es": "Volver a empezar"},
    "Your score: {score}/100 ({right} of {total} right).": {"es": "Su puntuación: {score}/100 ({right} de {total} correctas)."},
    "You reached the pass mark of {mark}/100.": {"es": "Ha alcanzado la nota mínima de {mark}/100."},
    "The pass mark is {mark}/100: read the feedback and try again.": {
        "es": "La nota mínima es {mark}/100: lea los comentarios y vuelva a intentarlo."},
    "Answer every question first ({missing} left).": {"es": "Responda primero a todas las preguntas (faltan {missing})."},
    "Online, each quiz shows the feedback on your answers and your score.": {
        "es": "En la edición en línea, cada cuestionario muestra los comentarios sobre sus respuestas y su puntuación."},
    "No quizzes.": {"es": "No hay cuestionarios."},
    "Related topics": {"es": "Temas relacionados"},
    "Search": {"es": "Buscar"},
    "Go": {"es": "Ir a"},
    "previous chapter": {"es": "capítulo anterior"},
    "next chapter": {"es": "próximo capítulo"},
    "Overview of the guide": {"es": "Presentación de la guía"},
    "Previous": {"es": "Anterior"},
    "Next": {"es": "Siguiente"},
}


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``; English, the source language, as the fallback."""
    return UI_STRINGS.get(text, {}).get(lang, text)
