"""The web edition's interface catalogs: Spanish (and any other language's)
strings of Sphinx and of the theme, kept in ``locale/<lang>/LC_MESSAGES/sphinx.po``
beside this module.

``conf.py`` lists :data:`LOCALE_DIR` in ``locale_dirs``, so Sphinx reads this
catalog before its own. Sphinx compiles such a catalog itself but writes no
JavaScript from it, and its search page takes its messages from a
``sphinx.js`` file: :func:`compile_catalogs` writes both, before the builds
start (so that parallel builds never write the same file).
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import sphinx
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from pipeline.files import write_atomic
from pipeline.project import INTERFACE_LOCALE_DIR

LOCALE_DIR = INTERFACE_LOCALE_DIR
SPHINX_LOCALE_DIR = Path(sphinx.__file__).parent / "locale"
JS_PREFIX, JS_SUFFIX = "Documentation.addTranslations(", ");"


def sphinx_js_messages(lang: str) -> dict[str, object]:
    """Sphinx's own JavaScript translations for ``lang`` (its ``sphinx.js``), or none."""
    path = SPHINX_LOCALE_DIR / lang / "LC_MESSAGES" / "sphinx.js"
    if not path.is_file():
        return {"locale": lang, "messages": {}, "plural_expr": "(n != 1)"}
    text = path.read_text(encoding="utf-8").strip()
    return json.loads(text.removeprefix(JS_PREFIX).removesuffix(JS_SUFFIX))


def translations_js(po: Path) -> str:
    """Sphinx's ``sphinx.js`` for the catalog's language, its messages replaced
    by the catalog's where the catalog has them."""
    lang = po.parent.parent.name
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    data = sphinx_js_messages(lang)
    messages: dict[str, object] = dict(data["messages"])  # type: ignore[call-overload]
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple | list):
            messages[message.id[0]] = list(message.string)
        else:
            messages[message.id] = message.string
    data["messages"] = dict(sorted(messages.items()))
    return f"{JS_PREFIX}{json.dumps(data, indent=4, ensure_ascii=False)}{JS_SUFFIX}\n"


def compile_catalogs(folder: Path = LOCALE_DIR) -> list[Path]:
    """Write ``sphinx.mo`` and ``sphinx.js`` beside each ``sphinx.po`` that is
    newer than them; return the files written."""
    written: list[Path] = []
    for po in sorted(folder.glob("*/LC_MESSAGES/sphinx.po")):
        mo, js = po.with_suffix(".mo"), po.with_suffix(".js")
        if all(out.exists() and out.stat().st_mtime >= po.stat().st_mtime for out in (mo, js)):
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        write_atomic(mo, buffer.getvalue())
        write_atomic(js, translations_js(po).encode("utf-8"))
        written += [mo, js]
    return written
