"""A tiny project with a quiz and its answer key."""

project = "Quiz guide"
author = "International Labour Organization"
copyright = "2021, International Labour Organization"
version = release = "2021"
extensions = ["pipeline.sphinxext"]
language = "en"
locale_dirs = ["../locale/"]
gettext_compact = False
gettext_uuid = False
gettext_additional_targets = ["index", "image"]
guide_languages = ["en", "es"]
guide_titles = {"en": "Quiz guide: A test", "es": "Guía de prueba: Una prueba"}
guide_short_titles = {"en": "Quiz guide", "es": "Guía de prueba"}
html_theme = "alabaster"
