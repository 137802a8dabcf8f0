"""A tiny project with a quiz and its answer key."""

from pipeline.sphinxext.interface import LOCALE_DIR

project = "Quiz guide"
author = "International Labour Organization"
copyright = "2021, International Labour Organization"
version = release = "2021"
extensions = ["pipeline.sphinxext"]
language = "en"
locale_dirs = ["../locale/", str(LOCALE_DIR)]
gettext_compact = False
gettext_uuid = False
gettext_additional_targets = ["index", "image"]
guide_languages = ["en", "es"]
guide_titles = {"en": "Quiz guide: A test", "es": "Guía de prueba: Una prueba"}
guide_short_titles = {"en": "Quiz guide", "es": "Guía de prueba"}
html_theme = "guide-web"
