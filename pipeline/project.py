"""Where things are: one ``Project`` value describes a checkout's layout."""

from __future__ import annotations

import hashlib
import os
import runpy
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError

FORMATS = ("html", "pdf", "slides")  # what a build makes
PROVIDERS = ("google", "deepl", "mymemory", "libre")  # machine translation services for drafts
KEY_VARIABLES = {"deepl": "DEEPL_API_KEY", "libre": "LIBRE_API_KEY"}  # their API keys' variables (deep-translator's names)
# The web edition's interface catalogs (see ``pipeline.sphinxext.interface``):
# named here so that ``conf.py``, which every command reads, need not import Sphinx.
INTERFACE_LOCALE_DIR = Path(__file__).parent / "sphinxext" / "locale"


@dataclass(frozen=True)
class Project:
    """The layout of a guide project: ``conf.py`` at the root, sources in
    ``docs/``, catalogs in ``locale/``, everything generated in ``_build/``."""

    root: Path
    languages: tuple[str, ...]
    source_language: str = "en"
    configured: bool = True  # False: no conf.py here (checking someone else's catalogs)

    @classmethod
    def load(cls, root: str | Path = ".") -> Project:
        """Read the languages from ``root/conf.py`` (``guide_languages``)."""
        root = Path(root).resolve()
        conf = root / "conf.py"
        if not conf.is_file():
            raise PipelineError(conf, "no Sphinx configuration here; run from the project root")
        try:
            settings = runpy.run_path(str(conf))
        except Exception as exc:  # noqa: BLE001 - conf.py is user code: any error is reported, not a crash
            raise PipelineError(conf, f"cannot be loaded: {exc}") from None
        languages = tuple(settings.get("guide_languages", ("en",)))
        return cls(root=root, languages=languages, source_language=languages[0])

    @classmethod
    def find(cls, root: str | Path = ".") -> Project:
        """The project at ``root``; without a ``conf.py``, the default layout in English and Spanish."""
        if (Path(root) / "conf.py").is_file():
            return cls.load(root)
        return cls(root=Path(root).resolve(), languages=("en", "es"), configured=False)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def pot_dir(self) -> Path:
        return self.build / "gettext"

    @property
    def targets(self) -> tuple[str, ...]:
        """The languages translated from the source language."""
        return tuple(lang for lang in self.languages if lang != self.source_language)

    def po_dir(self, lang: str) -> Path:
        return self.locale / lang / "LC_MESSAGES"

    def html_dir(self, lang: str) -> Path:
        return self.build / "html" / lang

    def print_html_dir(self, lang: str) -> Path:
        return self.build / "print" / lang

    def pdf_path(self, lang: str) -> Path:
        return self.build / "pdf" / f"guide-{lang}.pdf"

    def slides_dir(self, lang: str) -> Path:
        """Where a language's decks go: ``<docname>.pptx`` and ``<docname>.pdf``."""
        return self.build / "slides" / lang

    def doctrees(self, name: str) -> Path:
        return self.build / "doctrees" / name

    @property
    def lock(self) -> Path:
        """The lock of the tree, held by every command that writes catalogs or the glossary."""
        return self.build / ".lock"

    @property
    def qa_dir(self) -> Path:
        return self.build / "qa"

    @property
    def check_cache(self) -> Path:
        """Where the checker keeps results of unchanged catalogs: in ``_build/``,
        or, outside a guide project, in the user's cache folder."""
        if self.configured:
            return self.qa_dir / "check-cache.pickle"
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return cache / "migrant-sp-guide" / f"check-{hashlib.sha256(str(self.root).encode()).hexdigest()[:16]}.pickle"
