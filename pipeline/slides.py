"""The trainer's decks: one PowerPoint file per document that has slides, per language.

The slides are written in the ``.rst`` sources (``.. slide::``, see
``pipeline/sphinxext/slides.py``) and translated in the catalogs. A Sphinx
build that only reads (the ``dummy`` builder) gives each language's
doctrees; each document with slides becomes a deck, built with python-pptx
on the guide's own template:

* a title slide in the module's colour (the thumb-tab colours of the print
  edition; the guide's blue for the course companion), with the six colours
  as a picture that has alt text;
* a section slide whenever the slides move to another section of the
  document, with that section's title;
* content slides: title, bullets, speaker notes, a footer with the
  document's title and the slide number.

Text is Calibri (Carlito, its metric twin, where Calibri is missing) at a
fixed size, never shrunk: a title or bullet list that would leave its box
stops the build with its source line. Shapes are in reading order (title,
body, footer, then the decorations, marked decorative). LibreOffice
(headless) renders each deck as PDF beside it:
``_build/slides/<lang>/<docname>.pptx`` and ``.pdf``.
"""

from __future__ import annotations

import datetime
import io
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.base import BaseShape
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from pipeline.files import write_atomic
from pipeline.sphinxext.modules import MODULE_COLOURS, module_number
from pipeline.sphinxext.slides import parts, slide

GUIDE_COLOUR = "#0b4f8a"  # the guide's own blue (links, focus rings): the course companion's colour
FONT = "Calibri"
FONT_FILES = {False: "Carlito-Regular.ttf", True: "Carlito-Bold.ttf"}  # Calibri's metric twins, for measuring
FONT_DIRS = (Path("/usr/share/fonts/truetype/crosextra"), Path("/usr/share/fonts/truetype/carlito"))
LINE_HEIGHT = 1.22  # Carlito's ascent plus descent, in ems: one line of text
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.8)
TITLE_BOX = (MARGIN, Inches(0.4), WIDTH - 2 * MARGIN, Inches(1.25))
BODY_BOX = (MARGIN, Inches(1.8), WIDTH - 2 * MARGIN, Inches(4.75))
FOOTER_TOP, FOOTER_HEIGHT = Inches(6.85), Inches(0.4)
TITLE_PT, BODY_PT, FOOTER_PT = 32, 24, 12
BULLET_INDENT = Inches(0.4)
SPACE_AFTER_PT = 10
INSET = Inches(0.1)  # PowerPoint's default left and right inset; top and bottom are half of it
TEXT = RGBColor(0x1F, 0x1F, 0x1F)
MUTED = RGBColor(0x55, 0x55, 0x55)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
# python-pptx's default template: its layouts by index
LAYOUT_TITLE, LAYOUT_CONTENT, LAYOUT_SECTION = 0, 1, 2
DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"

UI_STRINGS: dict[str, dict[str, str]] = {
    "The guide's six module colours, in order; this deck's module is the tall band.": {
        "es": "Los seis colores de los módulos de la guía, en orden; el módulo de esta presentación es la banda alta."},
    "The guide's six module colours, in order.": {"es": "Los seis colores de los módulos de la guía, en orden."},
    "Trainer's slides": {"es": "Diapositivas para formadores"},
}


def ui(text: str, lang: str) -> str:
    return UI_STRINGS.get(text, {}).get(lang, text)


@dataclass(frozen=True)
class SlideText:
    """A content slide, with where it was written."""

    title: str
    bullets: list[str]
    notes: list[str]
    source: str
    line: int


@dataclass(frozen=True)
class Section:
    """A section slide: the title of the section the next slides summarise."""

    title: str


@dataclass
class Deck:
    """One document's slides, in order, with section slides between sections."""

    docname: str
    title: str
    items: list[SlideText | Section] = field(default_factory=list)

    @property
    def colour(self) -> str:
        number = module_number(self.docname)
        return MODULE_COLOURS[number - 1] if number else GUIDE_COLOUR

    @property
    def slides(self) -> list[SlideText]:
        return [item for item in self.items if isinstance(item, SlideText)]


def read_doctree(path: Path) -> nodes.document:
    """A doctree that Sphinx pickled (our own build's output)."""
    doctree = pickle.loads(path.read_bytes())  # written by our own Sphinx run
    if not isinstance(doctree, nodes.document):
        raise ValueError(f"{path}: not a doctree")
    return doctree


def document_title(doctree: nodes.document) -> str:
    section = next(iter(doctree.findall(nodes.section)), None)
    return section[0].astext() if section is not None else ""


def outline(doctree: nodes.document, docname: str) -> Deck:
    """The deck of one document: its slides in order, a section slide before
    the first slide of each section below the document's title."""
    deck = Deck(docname, document_title(doctree))
    current: nodes.Element | None = None
    for node in doctree.findall(slide):
        sections = [parent for parent in _ancestors(node) if isinstance(parent, nodes.section)]
        section = sections[-2] if len(sections) >= 2 else None  # the one just below the document's title
        if section is not None and section is not current:
            deck.items.append(Section(section[0].astext()))
        current = section
        title, bullets, notes = parts(node)
        deck.items.append(SlideText(title, bullets, notes, node.source or docname, node.line or 0))
    return deck


def decks(doctrees: Path) -> dict[str, Deck]:
    """The deck of every document with slides, by document name, from a build's doctrees."""
    found = {}
    for path in sorted(doctrees.rglob("*.doctree")):
        docname = path.relative_to(doctrees).with_suffix("").as_posix()
        deck = outline(read_doctree(path), docname)
        if deck.items:
            found[docname] = deck
    return found


def guide_title(doctrees: Path, root_doc: str = "index") -> str:
    """The guide's title: that of its root document."""
    path = doctrees / f"{root_doc}.doctree"
    return document_title(read_doctree(path)) if path.is_file() else ""


def _ancestors(node: nodes.Node) -> Iterable[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


@cache
def _font(bold: bool, size_pt: float) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        if (folder / FONT_FILES[bold]).is_file():
            return ImageFont.truetype(str(folder / FONT_FILES[bold]), size=round(size_pt * 20))
    raise FileNotFoundError(f"{FONT_FILES[bold]}: the Carlito font is missing (Debian package fonts-crosextra-carlito)")


def wrapped_lines(text: str, width: int, size_pt: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a box ``width`` EMU wide, wrapped at spaces."""
    font = _font(bold, size_pt)
    room = width / 12700 * 20  # EMU -> points, at the font's scale of 20 units a point
    lines, current = 1, ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > room:
            lines, current = lines + 1, word
        else:
            current = candidate
    return lines


def fit_problems(deck: Deck, lang: str) -> list[str]:
    """``FILE:LINE: ...`` for each slide whose title or bullets would leave their box."""
    problems = []
    title_width = TITLE_BOX[2] - 2 * INSET
    body_width = BODY_BOX[2] - 2 * INSET - BULLET_INDENT
    title_room = int((TITLE_BOX[3] - INSET) / 12700 // (TITLE_PT * LINE_HEIGHT))
    for item in deck.slides:
        where = f"{item.source}:{item.line}: slide {item.title!r} ({lang})"
        if (lines := wrapped_lines(item.title, title_width, TITLE_PT, bold=True)) > title_room:
            problems.append(f"{where}: the title takes {lines} lines, the box has room for {title_room}")
        needed = sum(wrapped_lines(bullet, body_width, BODY_PT) * BODY_PT * LINE_HEIGHT + SPACE_AFTER_PT for bullet in item.bullets)
        room = (BODY_BOX[3] - INSET) / 12700
        if needed > room:
            problems.append(f"{where}: the bullets need {needed:.0f} pt of height, the box has {room:.0f} pt: shorten them")
    return problems


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _place(shape: BaseShape, box: tuple[int, int, int, int]) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(value) for value in box)


def _write(frame: TextFrame, paragraphs: list[str], size: int, colour: RGBColor, bold: bool = False,
           space_after: int = 0) -> None:
    """Fill a text frame with one paragraph per string, at a fixed size (no autofit)."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.text = ""
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = colour
        if space_after:
            paragraph.space_after = Pt(space_after)


def _decorative(shape: BaseShape) -> None:
    """Mark a shape as decoration, which screen readers skip (Office's decorative flag)."""
    properties = shape._element.find(f".//{qn('p:cNvPr')}")
    extensions = _child(properties, qn("a:extLst"))
    extension = _child(extensions, qn("a:ext"), uri=DECORATIVE_EXT)
    _child(extension, f"{{{ADEC}}}decorative", val="1")


def _child(parent: Any, tag: str, **attributes: str) -> Any:
    """A new last child of an XML element of the presentation."""
    element = parent.makeelement(tag, attributes)
    parent.append(element)
    return element


def _band(slide_: PptxSlide, box: tuple[int, int, int, int], colour: str) -> None:
    shape = slide_.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(value) for value in box))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    shape.name = "Decoration"
    _decorative(shape)


def colour_strip(highlight: int | None) -> bytes:
    """A PNG of the six module colours side by side, each outlined in white
    (it lies on a coloured slide), the highlighted one taller."""
    image = Image.new("RGBA", (600, 60), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate(MODULE_COLOURS):
        top = 0 if index + 1 == highlight else 30
        draw.rectangle((index * 100, top, index * 100 + 99, 59), fill=colour, outline="white", width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _footer(slide_: PptxSlide, text: str) -> None:
    """The document's title on the left, the slide number (a field PowerPoint keeps up to date) on the right."""
    left = slide_.shapes.add_textbox(MARGIN, FOOTER_TOP, Emu(WIDTH - 2 * MARGIN - Inches(1.2)), FOOTER_HEIGHT)
    left.name = "Footer"
    _write(left.text_frame, [text], FOOTER_PT, MUTED)
    number = slide_.shapes.add_textbox(Emu(WIDTH - MARGIN - Inches(1)), FOOTER_TOP, Inches(1), FOOTER_HEIGHT)
    number.name = "Slide number"
    frame = number.text_frame
    _write(frame, [""], FOOTER_PT, MUTED)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = 3  # right (PP_ALIGN.RIGHT)
    run = paragraph.runs[0]._r
    field_ = _child(paragraph._p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    field_.append(run.find(qn("a:rPr")))
    _child(field_, qn("a:t")).text = str(len(slide_.part.package.presentation_part.presentation.slides))
    paragraph._p.remove(run)


def presentation(deck: Deck, guide_title: str, lang: str, date: datetime.datetime) -> PresentationType:
    """The deck as a PowerPoint presentation on the guide's template."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = deck.title
    prs.core_properties.subject = guide_title
    prs.core_properties.language = lang
    prs.core_properties.created = prs.core_properties.modified = date.replace(tzinfo=None)
    prs.core_properties.last_modified_by = prs.core_properties.author = ""
    number = module_number(deck.docname)

    first = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    title, subtitle = first.placeholders[0], first.placeholders[1]
    _place(title, (MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(2.6)))
    _write(title.text_frame, [deck.title], 40, WHITE, bold=True)
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    _place(subtitle, (MARGIN, Inches(4.4), WIDTH - 2 * MARGIN, Inches(1.5)))
    _write(subtitle.text_frame, [guide_title, ui("Trainer's slides", lang)], 20, WHITE)
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.alignment = 1  # left (PP_ALIGN.LEFT)
    title.text_frame.paragraphs[0].alignment = 1
    background = first.background.fill
    background.solid()
    background.fore_color.rgb = _rgb(deck.colour)
    strip = first.shapes.add_picture(io.BytesIO(colour_strip(number)), MARGIN, Inches(6.3), Inches(3), Inches(0.3))
    strip.name = "Module colours"
    alt = "The guide's six module colours, in order; this deck's module is the tall band." if number else "The guide's six module colours, in order."
    strip._element.nvPicPr.cNvPr.set("descr", ui(alt, lang))

    for item in deck.items:
        if isinstance(item, Section):
            page = prs.slides.add_slide(prs.slide_layouts[LAYOUT_SECTION])
            heading, extra = page.placeholders[0], page.placeholders[1]
            extra._element.getparent().remove(extra._element)
            _place(heading, (MARGIN, Inches(2.4), WIDTH - 2 * MARGIN, Inches(2.2)))
            _write(heading.text_frame, [item.title], 36, _rgb(deck.colour), bold=True)
            heading.text_frame.paragraphs[0].runs[0].font._rPr.set("cap", "none")  # the layout's capitals
            heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            _footer(page, deck.title)
            _band(page, (0, Inches(4.8), WIDTH, Inches(0.15)), deck.colour)
            continue
        page = prs.slides.add_slide(prs.slide_layouts[LAYOUT_CONTENT])
        heading, body = page.placeholders[0], page.placeholders[1]
        _place(heading, TITLE_BOX)
        _write(heading.text_frame, [item.title], TITLE_PT, _rgb(deck.colour), bold=True)
        heading.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        for paragraph in heading.text_frame.paragraphs:
            paragraph.alignment = 1
        _place(body, BODY_BOX)
        _write(body.text_frame, item.bullets, BODY_PT, TEXT, space_after=SPACE_AFTER_PT)
        body.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        page.notes_slide.notes_text_frame.text = "\n".join(item.notes)
        _footer(page, deck.title)
        _band(page, (0, 0, Inches(0.25), HEIGHT), deck.colour)
    return prs


def save(prs: PresentationType, target: Path) -> None:
    """Write a presentation atomically."""
    data = io.BytesIO()
    prs.save(data)
    write_atomic(target, data.getvalue(), force=True)


def to_pdf(decks: list[Path], outdir: Path) -> list[str]:
    """Render the decks as PDF into ``outdir`` with LibreOffice (headless, a
    profile of its own, so that two runs never share one); the problems, if any."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return ["soffice: LibreOffice is missing (Debian package libreoffice-impress)"]
    with tempfile.TemporaryDirectory(prefix="slides-") as work:
        profile = Path(work) / "profile"
        rendered = Path(work) / "pdf"
        proc = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                               "--convert-to", "pdf:impress_pdf_Export", "--outdir", str(rendered), *map(str, decks)],
                              capture_output=True, text=True, check=False, timeout=600)
        problems = []
        for deck in decks:
            pdf = rendered / f"{deck.stem}.pdf"
            if proc.returncode or not pdf.is_file():
                problems.append(f"{deck}: LibreOffice did not render it: {proc.stderr.strip()[-300:] or proc.returncode}")
                continue
            shutil.move(str(pdf), str(outdir / f".{pdf.name}"))
            os.replace(outdir / f".{pdf.name}", outdir / pdf.name)
    return problems
