"""Stage 4, check: terminology drift and broken catalogs, found before the build.

Each check is a small function in ``checks.py`` registered with the
``@check(id, severity, ...)`` decorator alone (``registry.py``); its
docstring is what a translator reads in the report, and its attributes say
what it needs (glossary terms or not, opt-in, suppressible) and give an
example the contract test runs. Entry checks look at one translated message
(its English text and its translation, analysed once into a ``Unit``:
``analysis.py``); catalog checks compare messages across all catalogs; the
source check reads the English ``.rst`` files. ``runner.py`` runs them
(``cache.py`` keeps the results of unchanged files), ``baseline.py``
tolerates known findings, ``concordance.py`` gathers every rendering of each
concept, ``places.py`` links a message to its place in the built edition,
and ``output.py`` writes text, JSON, JUnit and the editors' HTML report.

A finding is switched off for one entry by a translator comment
``# ignore-<check>: <reason>`` (the Weblate flag ``#, ignore-<check>`` works too,
with the same comment giving the reason), and in an ``.rst`` file by a comment
``.. ignore-source-term: <reason>`` before the paragraph.
"""

from pipeline.check.analysis import Terminology, Unit, units
from pipeline.check.baseline import (
           baseline_text,
           read_baseline,
           with_problems,
           without_baseline,
)
from pipeline.check.cache import Cache
from pipeline.check.checks import CHECK_IDS, CHECKS
from pipeline.check.registry import SEVERITIES, Check, Finding, check
from pipeline.check.runner import (
           FileResult,
           Report,
           analyse,
           cached,
           catalog_language,
           glossary_sources,
           paused_gc,
           read_glossary,
           run,
           run_key,
)

__all__ = ["CHECKS", "CHECK_IDS", "SEVERITIES", "Cache", "Check", "FileResult", "Finding", "Report", "Terminology", "Unit",
           "analyse", "baseline_text", "cached", "catalog_language", "check", "glossary_sources", "paused_gc", "read_baseline", "read_glossary", "run", "run_key",
           "units", "with_problems", "without_baseline"]
