"""Roles that let Babel format data in the reader's locale.

``:number:`169000000``` -> 169,000,000 / 169.000.000 (``4100`` -> 4,100 / 4100)
``:date:`2021-11-08``` -> 8 November 2021 / 8 de noviembre de 2021
``:daterange:`2021-11-08/2021-12-17``` -> 8 November – 17 December 2021
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date, format_skeleton
from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx

from pipeline import inline


def format_number(text: str, locale: str) -> str:
    """A decimal number written with ``.`` as separator, in ``locale``
    (169000000 → 169.000.000, 4100 → 4100 in Spanish)."""
    return inline.format_figure(Decimal(text), locale)


def format_day(text: str, locale: str) -> str:
    """An ISO date in the locale's long form."""
    return format_date(datetime.date.fromisoformat(text), "long", locale=locale)


def format_range(text: str, locale: str) -> str:
    """``START/END`` ISO dates as one range; the year is given once if shared."""
    start_text, sep, end_text = text.partition("/")
    if not sep:
        raise ValueError("expected START/END")
    start = datetime.date.fromisoformat(start_text)
    end = datetime.date.fromisoformat(end_text)
    if end < start:
        raise ValueError("the range ends before it starts")
    first = format_skeleton("MMMMd", start, locale=locale) if start.year == end.year else format_date(start, "long", locale=locale)
    return f"{first} – {format_date(end, 'long', locale=locale)}"


FORMATTERS = {"number": format_number, "date": format_day, "daterange": format_range}


def _role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner, options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    config = inliner.document.settings.env.config
    lang = config.language or "en"
    locale = config.guide_babel_locales.get(lang, lang)
    try:
        rendered = FORMATTERS[name](text.strip(), locale)
    except (ValueError, InvalidOperation) as exc:
        msg = inliner.reporter.error(f"invalid :{name}: value {text!r}: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.inline(rawtext, rendered, classes=[name])], []


def setup(app: Sphinx) -> None:
    for name in FORMATTERS:
        app.add_role(name, _role)
