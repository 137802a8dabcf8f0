"""Stage 2, enrich: glossary hints for translators in the PO files.

Every message whose English text contains glossary terms gets one extracted
comment per term, which Poedit, Lokalize and Weblate show next to the text::

    #. Glossary: benefit → prestación (not: beneficio)

The hints are recomputed from the glossary each time and replace the old ones;
translator comments (``#``), flags and translations are never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from pipeline.catalogs import catalog_bytes, content, read_catalog
from pipeline.files import ReadOnly, write_atomic
from pipeline.glossary import Concept, Glossary, Term
from pipeline.pofile import read_bytes
from pipeline.terms import Hit, Matcher

PREFIX = "Glossary: "


def targets(concept: Concept, found: Term, lang: str) -> list[str]:
    """The approved renderings in ``lang``, preferred first: acronyms for an
    acronym, full forms otherwise."""
    approved = concept.approved(lang)
    return [term.text for term in approved if term.acronym == found.acronym] or [term.text for term in approved[:1]]


def hint(hit: Hit, lang: str) -> str:
    """``Glossary: benefit → prestación (not: beneficio)`` for one term found;
    admitted variants follow the preferred term after a slash."""
    concept = hit.concept
    text = f"{PREFIX}{hit.term.text} → {' / '.join(targets(concept, hit.term, lang)) or '?'}"
    if concept.do_not_translate:
        return f"{text} (do not translate)"
    avoid = [term.text for term in concept.rejected(lang)]
    return f"{text} (not: {', '.join(avoid)})" if avoid else text


def hints(text: str, matcher: Matcher, lang: str) -> list[str]:
    """The hints for an English text, one per concept, in order of appearance."""
    seen: dict[str, str] = {}
    for hit in matcher.find(text):
        seen.setdefault(hit.concept.id, hint(hit, lang))
    return list(seen.values())


def without_hints(comments: list[str]) -> list[str]:
    """Extracted comments before the first hint. Hints come last, and a long
    hint may have been wrapped over several comment lines."""
    for number, comment in enumerate(comments):
        if comment.startswith(PREFIX):
            return comments[:number]
    return list(comments)


def enrich_message(message: Message, matcher: Matcher, *langs: str) -> None:
    text = message.id if isinstance(message.id, str) else " ".join(message.id)
    message.auto_comments = [*without_hints(message.auto_comments), *(h for lang in langs for h in hints(text, matcher, lang))]


def enrich(catalog: Catalog, matcher: Matcher, *langs: str) -> Catalog:
    """``catalog`` with fresh glossary hints for ``langs`` on every message
    (changed in place)."""
    for message in catalog:
        if message.id:
            enrich_message(message, matcher, *langs)
    for message in catalog.obsolete.values():
        message.auto_comments = without_hints(message.auto_comments)
    return catalog


def hinter(glossary: Glossary, lang: str, source: str = "en") -> Callable[[Catalog], Catalog]:
    """A function that adds the hints for ``lang`` to a catalog (for ``update``)."""
    matcher = Matcher(glossary, source)
    return lambda catalog: enrich(catalog, matcher, lang)


def template_hinter(glossary: Glossary, langs: tuple[str, ...], source: str = "en") -> Callable[[Catalog], Catalog]:
    """A function that adds the hints for every target language to a ``.pot``
    template (for ``extract``), so that a translator's own ``msgmerge`` of the
    template keeps them."""
    matcher = Matcher(glossary, source)
    return lambda catalog: enrich(catalog, matcher, *langs)


def enrich_files(files: list[Path], matcher: Matcher, default_lang: str, force: bool = False) -> dict[str, str]:
    """Refresh the hints in PO files (each in its own ``Language``); map each
    to ``enriched``, ``unchanged`` or ``READ_ONLY`` (not written unless
    ``force``). Every file is read before any is written, so a malformed one
    stops the run with all files as they were."""
    planned = []
    for path in files:
        data = read_bytes(path)
        catalog = read_catalog(path, data=data)
        lang = catalog.locale.language if catalog.locale else default_lang
        before = content(catalog)
        enrich(catalog, matcher, lang)
        planned.append((path, None if content(catalog) == before else catalog_bytes(catalog, path)))
    status = {}
    for path, after in planned:
        status[str(path)] = "unchanged" if after is None else "enriched"
        try:
            if after is not None:
                write_atomic(path, after, force)
        except ReadOnly:
            status[str(path)] = READ_ONLY
    return status


READ_ONLY = "read-only, not written (--force writes it)"
