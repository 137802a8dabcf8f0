"""A tiny project with a chart from a data file and a table."""

from pipeline.sphinxext.interface import LOCALE_DIR

project = "Figures guide"
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
guide_titles = {"en": "Figures guide: A test", "es": "Guía de gráficos: Una prueba"}
guide_short_titles = {"en": "Figures guide", "es": "Guía de gráficos"}
html_theme = "guide-web"
