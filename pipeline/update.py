"""Stage 3, update: merge the ``.pot`` templates into the translators'
``locale/<lang>/LC_MESSAGES/*.po`` catalogs.

Translations are kept; a changed source paragraph keeps its old translation,
marked fuzzy with the previous English (``#| msgid``) shown; removed messages
stay as obsolete entries. A re-run on unchanged templates writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from pipeline.catalogs import catalog_bytes, content, read_catalog, write_atomic
from pipeline.errors import PipelineError
from pipeline.pofile import read_bytes


def new_catalog(template: Catalog, lang: str) -> Catalog:
    """A fresh, empty catalog for ``lang`` with the template's messages."""
    language = Locale.parse(lang).get_display_name("en")
    comment = template.header_comment.splitlines()[1:3]  # Sphinx's copyright and licence lines
    catalog = Catalog(
        locale=lang,
        header_comment="\n".join([f"# {language} translation of {template.project}.", *comment, "#"]),
        project=template.project,
        version=template.version,
        language_team=language,
        creation_date=template.creation_date,
        fuzzy=False,
    )
    catalog.update(template, no_fuzzy_matching=True)
    return without_guessed_flags(catalog, python_format(template))


def python_format(catalog: Catalog) -> set[tuple[object, str | None]]:
    """The messages a file marks ``python-format``."""
    return {(message.id, message.context) for message in catalog if "python-format" in message.flags}


def without_guessed_flags(catalog: Catalog, flagged: set[tuple[object, str | None]]) -> Catalog:
    """Babel marks ``python-format`` every message whose English looks like
    one; keep the flag only where a file had it, as msgfmt would otherwise
    refuse a translation that was never meant as a format."""
    for message in catalog:
        if (message.id, message.context) not in flagged:
            message.flags.discard("python-format")
    return catalog


def revive_obsolete(catalog: Catalog) -> None:
    """An obsolete entry whose message is live again goes: Babel keeps it,
    and msgfmt refuses a message defined twice. Its translation fills the
    live entry if that has none, marked fuzzy for review."""
    for key, old in list(catalog.obsolete.items()):
        live = catalog.get(old.id, old.context)
        if live is None:
            continue
        if has_text(old.string) and not has_text(live.string):
            live.string = old.string
            live.flags.add("fuzzy")
        del catalog.obsolete[key]


def has_text(string: object) -> bool:
    return bool(string) if isinstance(string, str) else any(string) if isinstance(string, (tuple, list)) else False


Finish = Callable[[Catalog], Catalog]


def as_is(catalog: Catalog) -> Catalog:
    return catalog


def merged_bytes(template: Catalog, current: Catalog | None, current_bytes: bytes, lang: str,
                 finish: Finish = as_is) -> bytes:
    """The PO file a template and the current catalog merge into, passed
    through ``finish`` (which adds the glossary hints).

    If the content did not change, the current bytes come back unchanged:
    the template's creation date, today's date and the version of Babel are
    no change (``catalogs.content``)."""
    if current is None:
        return catalog_bytes(finish(new_catalog(template, lang)))
    before = content(current)
    previous = {(m.id, m.context): m.previous_id for m in current if m.id and m.fuzzy and m.previous_id}
    flagged = python_format(template) | python_format(current)
    current.update(template, update_creation_date=False)
    without_guessed_flags(current, flagged)
    revive_obsolete(current)
    for message in current:  # Babel forgets the previous msgid of a still-fuzzy message
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get((message.id, message.context), [])
    current = finish(current)
    if content(current) == before:
        return current_bytes
    current.creation_date = template.creation_date
    return catalog_bytes(current)


def merge_file(pot: Path, po: Path, lang: str, finish: Finish = as_is) -> tuple[bytes, bytes]:
    """Read one template and its catalog; return (new bytes, current bytes).
    A catalog that does not exist yet has empty current bytes."""
    template = read_catalog(pot)
    current_bytes = read_bytes(po) if po.exists() else b""
    current = read_catalog(po, locale=lang, data=current_bytes) if po.exists() else None
    try:
        return merged_bytes(template, current, current_bytes, lang, finish), current_bytes
    except PipelineError as exc:  # what would be written does not keep the translations
        raise PipelineError(po, exc.message, exc.line) from None


def plan(pot_dir: Path, po_dir: Path) -> list[tuple[Path, Path]]:
    """Pair each template with the catalog it updates (same relative name)."""
    return [(pot, po_dir / pot.relative_to(pot_dir).with_suffix(".po")) for pot in sorted(pot_dir.rglob("*.pot"))]


def update(pot_dir: Path, po_dir: Path, lang: str, finish: Finish = as_is) -> dict[str, str]:
    """Update every catalog of ``lang``; map each PO path to its status.

    All templates and catalogs are read before anything is written, so a
    malformed file stops the run with every file as it was."""
    merged = [(po, *merge_file(pot, po, lang, finish)) for pot, po in plan(pot_dir, po_dir)]
    status: dict[str, str] = {}
    for po, data, current_bytes in merged:
        if data == current_bytes:
            status[str(po)] = "unchanged"
        else:
            status[str(po)] = "updated" if current_bytes else "created"
            write_atomic(po, data)
    return status
