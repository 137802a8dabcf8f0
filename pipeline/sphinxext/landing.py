"""The site's front door: ``_build/html/index.html``, beside the editions.

It offers every edition in its own language, with its PDF, and the e-box
(``ebox.zip`` and ``ebox.iso``, which the build puts beside it), and sends the
reader straight to the edition of the browser's preferred language when
there is one (with JavaScript; without it, for another language, or when
the address names a part of the page, the page itself is the choice). The source language's HTML build writes it.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from babel import Locale
from sphinx.application import Sphinx

from pipeline.files import write_atomic
from pipeline.sphinxext.ui import translate

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.5; }
main { max-width: 42rem; margin: 0 auto; padding: 2rem 1.25rem; }
h1 { font-size: 1.2rem; font-weight: normal; color: #444; }
section { border-top: 4px solid #1b5e9e; padding: 1rem 0 1.5rem; }
h2 { font-size: 1.45rem; margin: 0.3rem 0 0.8rem; }
a { color: #0b4f8a; display: inline-block; }
a.edition { display: inline-block; padding: 0.6rem 1.1rem; margin: 0 0.6rem 0.6rem 0; background: #0b4f8a; color: #fff; border-radius: 4px; text-decoration: none; font-weight: bold; }
a:focus-visible { outline: 3px solid #b35400; outline-offset: 2px; }
"""

# Follow the browser's language unless the reader came here for something (#languages, #ebox).
REDIRECT = """(function () {
  if (location.hash) return;
  var editions = %s;
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (editions.indexOf(code) >= 0) { location.replace(code + "/index.html"); return; }
  }
})();"""


def landing_page(titles: dict[str, str], languages: list[str]) -> str:
    """The HTML of the page that offers the editions in ``languages``."""
    source = languages[0]
    alternates = "".join(f'<link rel="alternate" hreflang="{lang}" href="{lang}/index.html">\n' for lang in languages)
    names = " · ".join(f'<span lang="{lang}">{html.escape(translate("International Labour Organization", lang))}</span>'
                       for lang in languages)
    sections = []
    for lang in languages:
        # Babel's own spelling of the name: "English", "español"
        read = translate("Read the guide in {language}", lang).format(language=Locale.parse(lang).get_display_name(lang))
        sections.append(
            f'<section lang="{lang}">\n<h2>{html.escape(titles.get(lang, ""))}</h2>\n'
            f'<p><a class="edition" href="{lang}/index.html" hreflang="{lang}">{html.escape(read)}</a>\n'
            f'<a href="pdf/guide-{lang}.pdf" type="application/pdf" download>{html.escape(translate("Download the PDF", lang))}</a></p>\n'
            f"</section>\n")
    ebox = "".join(
        f'<p lang="{lang}"><strong>{html.escape(translate("The e-box: everything for offline use", lang))}</strong>: '
        f'<a href="ebox.zip" download>{html.escape(translate("Download the e-box (zip)", lang))}</a> · '
        f'<a href="ebox.iso" download>{html.escape(translate("Disc image (ISO)", lang))}</a></p>\n' for lang in languages)
    sections.append(f'<section id="ebox">\n{ebox}</section>\n')
    title = " · ".join(html.escape(titles.get(lang, "")).partition(":")[0] for lang in languages)
    return (f'<!DOCTYPE html>\n<html lang="{source}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>{title}</title>\n'
            f"{alternates}<style>{STYLE}</style>\n<script>{REDIRECT % json.dumps(languages)}</script>\n</head>\n"
            f'<body>\n<main id="languages">\n<h1>{names}</h1>\n{"".join(sections)}</main>\n</body>\n</html>\n')


def _write(app: Sphinx, exception: Exception | None) -> None:
    languages = app.config.guide_languages
    if exception is None and app.builder.name == "html" and (app.config.language or "en") == languages[0]:
        write_atomic(Path(app.outdir).parent / "index.html",
                     landing_page(app.config.guide_titles, languages).encode("utf-8"))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _write)
