"""Reading a built deck as a trainer and a screen reader meet it: its slides,
notes and pictures in the ``.pptx``, and where LibreOffice put each word in its PDF.

Shared by the tests of the mini project and of the real guide.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

EMU_PER_PT = 12700
XHTML = "{http://www.w3.org/1999/xhtml}"
Box = tuple[float, float, float, float]  # left, top, right, bottom, in points


@dataclass(frozen=True)
class SlideInfo:
    """One slide: its layout, its shapes' names in reading order, the boxes of
    its text shapes, its notes and the alt text of each picture."""

    layout: str
    title: str
    shapes: list[str]
    text_boxes: list[Box]
    notes: str
    pictures: list[str]
    bullets: list[str]


def read_deck(path: Path) -> list[SlideInfo]:
    deck = Presentation(str(path))
    slides = []
    for slide in deck.slides:
        boxes, pictures, bullets = [], [], []
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                left, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
                boxes.append((left, top, left + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT))
            if shape.shape_type == 13:  # MSO_SHAPE_TYPE.PICTURE
                pictures.append(shape._element.find(f".//{qn('p:cNvPr')}").get("descr", ""))
        if len(slide.placeholders) > 1:
            bullets = [p.text for p in slide.placeholders[1].text_frame.paragraphs]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        slides.append(SlideInfo(slide.slide_layout.name, title, [shape.name for shape in slide.shapes], boxes, notes,
                                pictures, bullets))
    return slides


def words(pdf: Path) -> list[list[tuple[str, Box]]]:
    """Each page's words with their boxes, in points from the top left (poppler's ``pdftotext -bbox``)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    return [[(word.text or "", (float(word.get("xMin", 0)), float(word.get("yMin", 0)),
                                float(word.get("xMax", 0)), float(word.get("yMax", 0))))
             for word in page.iter(f"{XHTML}word")]
            for page in root.iter(f"{XHTML}page")]


def inside(word: Box, box: Box, slack: float = 6) -> bool:
    """Whether a word lies in a box; ``slack`` (a quarter of a bullet's line) allows for
    the font's ascent and descent, which poppler counts in the word's box."""
    return (word[0] >= box[0] - slack and word[1] >= box[1] - slack
            and word[2] <= box[2] + slack and word[3] <= box[3] + slack)


def words_outside_their_boxes(pptx: Path, pdf: Path) -> list[str]:
    """Every word of the rendered deck that lies outside all the text boxes of its slide."""
    slides, pages = read_deck(pptx), words(pdf)
    assert len(slides) == len(pages), f"{pdf}: {len(pages)} pages for {len(slides)} slides"
    return [f"{pdf.name} slide {number}: {text!r} at {box}"
            for number, (slide, page) in enumerate(zip(slides, pages, strict=True), 1)
            for text, box in page if not any(inside(box, frame) for frame in slide.text_boxes)]


def raster(pdf: Path, first: int, last: int, folder: Path, dpi: int = 24) -> list[Image.Image]:
    """Pages ``first`` to ``last`` of a PDF as images (poppler's ``pdftoppm``)."""
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(first), "-l", str(last), "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(path).convert("L") for path in sorted(folder.glob(f"{pdf.stem}-*.png"))]


def ink(image: Image.Image, box: Box, dpi: int = 24) -> int:
    """How many dark pixels (text) an image of a slide has in a box given in points."""
    scale = dpi / 72
    region = image.crop(tuple(round(value * scale) for value in box))
    histogram = region.histogram()
    return sum(histogram[:160])
