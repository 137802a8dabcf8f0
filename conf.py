"""Sphinx configuration for the guide, shared by every language and format.

The pipeline passes ``-D language=xx`` per build; everything that depends on
the language is derived from ``guide_titles`` by ``pipeline.sphinxext``.
"""

from pipeline.project import INTERFACE_LOCALE_DIR

project = "Extending social protection to migrant workers, refugees and their families"
author = "International Labour Organization"
copyright = "2021, International Labour Organization"
version = release = "2021"

extensions = ["pipeline.sphinxext"]

language = "en"
root_doc = "index"
exclude_patterns: list[str] = []

# Translation: one catalog per document, kept in ../locale relative to docs/.
locale_dirs = ["../locale/", str(INTERFACE_LOCALE_DIR)]  # the guide's catalogs, then the web interface's
gettext_compact = False
gettext_uuid = False
gettext_location = True
gettext_additional_targets = ["index", "image"]

# The guide's languages, and the title each edition is published under.
guide_languages = ["en", "es"]
guide_titles = {
    "en": "Extending social protection to migrant workers, refugees and their families: A practical guide",
    "es": "Extender la protección social a los trabajadores migrantes, los refugiados y sus familias: Guía práctica",
}
guide_short_titles = {
    "en": "Social protection for migrant workers",
    "es": "Protección social para trabajadores migrantes",
}

# Furo, with the guide's page template (pipeline/sphinxext/web_theme); see README.
html_theme = "guide-web"
html_use_index = False
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
# The sites work from file:// too (the e-box): search results without the
# summary Sphinx would fetch() from each page, which a browser refuses there.
html_show_search_summary = False
