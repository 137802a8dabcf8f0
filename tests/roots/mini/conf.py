"""A tiny guide project for the tests: two documents, English and Spanish."""

from pipeline.sphinxext.interface import LOCALE_DIR

project = "Mini guide"
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
guide_titles = {"en": "Mini guide: A test", "es": "Guía mínima: Una prueba"}
guide_short_titles = {"en": "Mini guide", "es": "Guía mínima"}
html_theme = "guide-web"
