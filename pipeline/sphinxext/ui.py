"""Interface strings of the guide's own templates, per language.

Sphinx and the theme translate their own interface (search, navigation,
permalinks), corrected where needed by the catalog in ``locale/``
(``interface.py``); these strings belong to the guide's own templates
(cover, contents, language bar, 404 page, landing page, e-box start page),
the glossary, the quizzes and the trainer's kit links.
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
    "For trainers": {"es": "Para formadores"},
    "PowerPoint": {},
    "Slides of this module": {"es": "Diapositivas de este módulo"},
    "Slides of this chapter": {"es": "Diapositivas de este capítulo"},
    "This module as a PDF": {"es": "Este módulo en PDF"},
    "The e-box": {"es": "La e-box"},
    ": the whole guide, its PDFs and slides, to use without an internet connection": {
        "es": ": toda la guía, sus PDF y sus diapositivas, para usarlos sin conexión a Internet"},
    "The e-box: everything for offline use": {"es": "La e-box: todo para usar sin conexión"},
    "Download the e-box (zip)": {"es": "Descargar la e-box (zip)"},
    "Disc image (ISO)": {"es": "Imagen de disco (ISO)"},
    "The textbook": {"es": "El manual"},
    "Open the web edition": {"es": "Abrir la edición web"},
    "It works in any browser, without an internet connection, and has its own search.": {
        "es": "Funciona en cualquier navegador, sin conexión a Internet, y tiene su propio buscador."},
    "The textbook (PDF)": {"es": "El manual (PDF)"},
    "Slides for trainers": {"es": "Diapositivas para formadores"},
    "The glossary": {"es": "El glosario"},
    "The guide's terms in English and Spanish, for translation tools (TBX) and spreadsheets (CSV).": {
        "es": "Los términos de la guía en inglés y en español, para herramientas de traducción (TBX) y hojas de cálculo (CSV)."},
    "The Glossary chapter": {"es": "El capítulo Glosario"},
    "Course packages": {"es": "Paquetes del curso"},
    "To load into a learning platform.": {"es": "Para cargarlos en una plataforma de aprendizaje."},
    "Figure %s": {"es": "Gráfico %s"},
    "Table %s": {"es": "Cuadro %s"},
    "Data table": {"es": "Cuadro de datos"},
    "Category": {"es": "Categoría"},
    "Series": {"es": "Serie"},
    "Reference year": {"es": "Año de referencia"},
    "illustrative": {"es": "ilustrativo"},
    "more than {value}": {"es": "más de {value}"},
    "List of figures and tables": {"es": "Índice de gráficos y cuadros"},
    "Appendix: data of the figures": {"es": "Anexo: datos de los gráficos"},
    "Read in the guide": {"es": "Lectura en la guía"},
    "Question bank": {"es": "Banco de preguntas"},
    "The voice is synthetic (espeak-ng). This video is a draft for review.": {
        "es": "La voz es sintética (espeak-ng). Este vídeo es un borrador para revisión."},
    "Recorded narration. This video is a draft for review.": {
        "es": "Narración grabada. Este vídeo es un borrador para revisión."},
    "Transcript": {"es": "Transcripción"},
    "The slides of each module, narrated, with captions in English and Spanish. The voice is synthetic (espeak-ng): a draft for review.": {
        "es": "Las diapositivas de cada módulo, narradas, con subtítulos en inglés y en español. La voz es sintética (espeak-ng): un borrador para revisión."},
    "Back to the page": {"es": "Volver a la página"},
    "Video of this module's slides": {"es": "Vídeo de las diapositivas de este módulo"},
    "Video of this chapter's slides": {"es": "Vídeo de las diapositivas de este capítulo"},
    "Videos": {"es": "Vídeos"},
    "Video (MP4)": {"es": "Vídeo (MP4)"},
    "captions": {"es": "subtítulos"},
    "transcript": {"es": "transcripción"},
    "in the web edition and the e-box": {"es": "en la edición web y en la e-box"},
}


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``; English, the source language, as the fallback."""
    return UI_STRINGS.get(text, {}).get(lang, text)
