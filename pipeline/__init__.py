"""The guide's content pipeline.

Stages, each a module of plain functions: ``extract`` (Sphinx gettext
templates), ``update`` (PO catalogs), ``build`` (HTML and PDF). ``cli`` is the
command line over them; ``sphinxext`` is the Sphinx extension the builds load.
"""
