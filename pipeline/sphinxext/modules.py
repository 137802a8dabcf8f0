"""Module colour-coding, from one list of colours.

The top section of ``moduleN`` gets the classes ``module module-N``.
``guide-modules.css``, generated into every HTML and print build, gives each
module its colour and, in print, a named page whose thumb tab (a coloured
block with the module number) sits on the outer page edge, one step lower
for each module, so a printed copy opens at a module by its edge.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

MODULE_DOC = re.compile(r"(?:^|/)module(\d+)$")
MODULE_COLOURS = ("#1b5e9e", "#00796b", "#6a3d9a", "#b35400", "#a0204c", "#2e7d32")
CSS_NAME = "guide-modules.css"
TAB_TOP_MM, TAB_STEP_MM, TAB_WIDTH_MM, TAB_HEIGHT_MM = 8, 38, 9, 34
PAGE_MARGIN_MM = 20  # the print theme's side margin: the tab sits beyond it, on the edge
BLEED_MM = 3  # how far the printer's variant extends beyond the A4 trim


def module_number(docname: str) -> int | None:
    """The module number of a document name such as ``module3``, else None."""
    match = MODULE_DOC.search(docname)
    return int(match.group(1)) if match else None


def svg_url(width_mm: float, height_mm: float, body: str) -> str:
    """A CSS ``url()`` holding an SVG image of the given size in millimetres."""
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width_mm}mm' height='{height_mm}mm' "
           f"viewBox='0 0 {width_mm} {height_mm}'>{body}</svg>")
    encoded = quote(svg, safe=" /:='")
    return f'url("data:image/svg+xml,{encoded}")'


def module_css(colours: tuple[str, ...] = MODULE_COLOURS, bleed_mm: float = BLEED_MM) -> str:
    """The stylesheet for every module's colour, named page and thumb tab.

    The cover stripe and the tabs are page backgrounds that run ``bleed_mm``
    beyond the trim edge: the printer's variant shows that much bleed, so no
    white line shows after trimming; the book's pages end at the trim."""
    width = 210 + 2 * bleed_mm
    stripe = width / len(colours)
    stripes = "".join(f"<rect x='{i * stripe:g}' width='{stripe:g}' height='{18 + bleed_mm:g}' fill='{c}'/>"
                      for i, c in enumerate(colours))
    cover = svg_url(width, 18 + bleed_mm, stripes)
    rules = [f"@page cover {{ background: {cover} no-repeat left -{bleed_mm:g}mm bottom -{bleed_mm:g}mm; }}"]
    tab_width = TAB_WIDTH_MM + bleed_mm
    for number, colour in enumerate(colours, 1):
        def tab(text_x: float, colour: str = colour, number: int = number) -> str:
            return svg_url(tab_width, TAB_HEIGHT_MM,
                           f"<rect width='{tab_width:g}' height='{TAB_HEIGHT_MM}' fill='{colour}'/>"
                           f"<text x='{text_x:g}' y='19.5' fill='white' font-family='DejaVu Sans' font-weight='bold' "
                           f"font-size='6' text-anchor='middle'>{number}</text>")
        top = TAB_TOP_MM + (number - 1) * TAB_STEP_MM
        edge = PAGE_MARGIN_MM + bleed_mm
        rules += [
            f"section.module-{number} {{ --module-color: {colour}; page: module-{number}; }}",
            f"section.module-{number} h2, section.module-{number} h3, section.module-{number} h4 {{ color: {colour}; }}",
            f"@page module-{number}:right {{ background: {tab(4.5)} no-repeat right -{edge:g}mm top {top}mm; }}",
            f"@page module-{number}:left {{ background: {tab(4.5 + bleed_mm)} no-repeat left -{edge:g}mm top {top}mm; }}",
        ]
    return "\n".join(rules) + "\n"


def _tag_module(app: Sphinx, doctree: nodes.document) -> None:
    number = module_number(app.env.docname)
    if number is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section["classes"] += ["module", f"module-{number}"]


def _write_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / CSS_NAME).write_text(module_css(), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _tag_module)
    app.connect("build-finished", _write_css)
    app.add_css_file(CSS_NAME)
