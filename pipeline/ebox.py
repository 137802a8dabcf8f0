"""The e-box: everything the guide offers, in one bundle that works offline.

``_build/ebox/`` holds a start page (``index.html``) that offers both
languages, the two web editions (``en/``, ``es/``), the PDF textbooks with
each module and the glossary as PDFs (``pdf/``), the slide decks
(``slides/<lang>/``) and course packages (``lms/<lang>/``) when they have been
built, and the glossary as TBX and CSV (``glossary/``). The start page lists
only what the folder holds. The same files go into ``_build/ebox.zip`` and,
for a disc, into the ISO 9660 image ``_build/ebox.iso`` (Rock Ridge and
Joliet names, so long and accented names survive), written by ``xorriso``.
"""

from __future__ import annotations

import base64
import datetime
import html
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal

from pipeline import exchange
from pipeline.errors import PipelineError
from pipeline.files import write_atomic
from pipeline.glossary import load as load_glossary
from pipeline.project import Project
from pipeline.sphinxext.modules import MODULE_COLOURS, module_number
from pipeline.sphinxext.ui import translate

ZIP_FOLDER = "ebox"  # the folder the zip unpacks into
VOLUME_ID = "GUIDE_EBOX"  # the disc's label (ISO 9660: at most 32 capitals, digits, underscores)
LEFT_OUT = {".buildinfo", ".doctrees"}  # Sphinx's bookkeeping, not for readers
DECK_SUFFIXES = (".pptx", ".pdf")  # of the decks' folder, what readers get (not the deck stage's own files)
VIDEO_SUFFIXES = (".mp4", ".png", ".vtt", ".html")  # the videos, their posters, captions and transcripts
TRACK_SOURCE = re.compile(r'(<track [^>]*?src=")([^"]+\.vtt)(")')
VIDEO_NOTE = "The slides of each module, narrated, with captions in English and Spanish. The voice is synthetic (espeak-ng): a draft for review."
GLOSSARY_NOTE = "The guide's terms in English and Spanish, for translation tools (TBX) and spreadsheets (CSV)."


@dataclass(frozen=True)
class Entry:
    """One file the start page offers: its path in the e-box and what it is."""

    path: str
    label: str
    kind: str  # "pdf", "pptx", "tbx", "csv" or a course package's extension


@dataclass(frozen=True)
class Shelf:
    """One language's part of the start page."""

    lang: str
    title: str
    textbook: Entry | None
    modules: tuple[Entry, ...]
    decks: tuple[tuple[str, tuple[Entry, ...]], ...]  # (deck title, its files)
    videos: tuple[tuple[str, tuple[Entry, ...]], ...]  # (deck title, its video and transcript)
    glossary: tuple[Entry, ...]
    packages: tuple[Entry, ...]


@dataclass(frozen=True)
class Ebox:
    """What the e-box step wrote, with the size of each in bytes."""

    folder: Path
    zip: Path
    iso: Path
    sizes: dict[str, int]


class _FirstHeading(HTMLParser):
    """The text of a page's first ``<h1>``, without its permalink sign."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.done, self.skip = 0, False, False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self.done:
            self.depth = 1
        elif self.depth and tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self.skip = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.depth:
            self.depth, self.done = 0, True
        elif tag == "a":
            self.skip = False

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def page_title(page: Path) -> str | None:
    """The first heading of a built HTML page, or None if there is no such page."""
    if not page.is_file():
        return None
    parser = _FirstHeading()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split()) or None


def size_text(size: int, lang: str) -> str:
    """A file size as readers say it, in ``lang``: ``1.2 MB``, ``1,2 MB``, ``85 kB``."""
    if size >= 1_000_000:
        return f"{format_decimal(size / 1_000_000, '#,##0.0', locale=lang)} MB"
    return f"{format_decimal(max(1, round(size / 1000)), '#,##0', locale=lang)} kB"


def file_list(folder: Path) -> list[Path]:
    """Every file under ``folder``, relative to it, in a stable order."""
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())


def gather(project: Project, languages: tuple[str, ...]) -> dict[str, Path]:
    """What the e-box will hold: its path in the e-box -> the built file it copies.
    Takes whatever of the editions, PDFs, decks and course packages exists."""
    files: dict[str, Path] = {}
    for lang in languages:
        site = project.html_dir(lang)
        if (site / "index.html").is_file():
            files |= {f"{lang}/{path.as_posix()}": site / path for path in file_list(site)
                      if not LEFT_OUT & {path.name, *path.parts}}
        pdfs = project.pdf_path(lang).parent
        for pdf in sorted(pdfs.glob(f"guide-{lang}*.pdf")):
            if not pdf.stem.endswith("-print"):  # the printer's variant is for printers
                files[f"pdf/{pdf.name}"] = pdf
        for kind, suffixes in (("slides", DECK_SUFFIXES), ("video", VIDEO_SUFFIXES), ("lms", None)):
            folder = project.build / kind / lang
            if folder.is_dir():
                files |= {f"{kind}/{lang}/{path.as_posix()}": folder / path for path in file_list(folder)
                          if suffixes is None or path.suffix in suffixes}
    return files


def shelf(project: Project, lang: str, files: Collection[str]) -> Shelf:
    """One language's offer, from the paths of the e-box's files."""
    def entry(path: str, label: str) -> Entry:
        return Entry(path, label, Path(path).suffix.lstrip(".").lower())

    def title(docname: str) -> str:
        return page_title(project.html_dir(lang) / f"{docname}.html") or docname

    textbook = f"pdf/guide-{lang}.pdf"
    modules = sorted((number, path) for path in files
                     if path.startswith(f"pdf/guide-{lang}-module")
                     and (number := module_number(Path(path).stem.removeprefix(f"guide-{lang}-"))) is not None)
    decks: dict[str, list[Entry]] = {}
    for path in sorted(files):
        if path.startswith(f"slides/{lang}/"):
            kind = translate("PowerPoint", lang) if path.endswith(".pptx") else "PDF"
            decks.setdefault(Path(path).stem, []).append(entry(path, kind))
    videos: dict[str, list[Entry]] = {}
    for path in sorted(files):
        if path.startswith(f"video/{lang}/") and path.endswith((".mp4", ".html")):
            label = translate("Video (MP4)", lang) if path.endswith(".mp4") else translate("Transcript", lang)
            videos.setdefault(Path(path).stem, []).append(entry(path, label))
    glossary = [entry(f"glossary/{name}", label) for name, label in
                (("glossary.tbx", "TBX"), ("glossary.csv", "CSV"))]
    if f"pdf/guide-{lang}-glossary.pdf" in files:
        glossary.append(entry(f"pdf/guide-{lang}-glossary.pdf", translate("The Glossary chapter", lang)))
    return Shelf(
        lang=lang,
        title=page_title(project.html_dir(lang) / "index.html") or lang,
        textbook=entry(textbook, translate("The textbook", lang)) if textbook in files else None,
        modules=tuple(entry(path, title(f"module{number}")) for number, path in modules),
        decks=tuple((title(name), tuple(sorted(entries, key=lambda e: e.kind != "pptx")))
                    for name, entries in sorted(decks.items(), key=lambda item: (module_number(item[0]) or 100, item[0]))),
        videos=tuple((title(name), tuple(sorted(entries, key=lambda e: e.kind != "mp4")))
                     for name, entries in sorted(videos.items(), key=lambda item: (module_number(item[0]) or 100, item[0]))),
        glossary=tuple(glossary),
        packages=tuple(entry(path, Path(path).name) for path in sorted(files) if path.startswith(f"lms/{lang}/")),
    )


STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.5; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.6rem; }
nav a, a.edition { display: inline-block; padding: 0.6rem 1.1rem; background: #0b4f8a; color: #fff;
  border-radius: 4px; text-decoration: none; font-weight: bold; }
section.shelf { border-top: 6px solid; border-image: linear-gradient(to right, COLOURS) 1; margin-top: 2rem; padding-top: 0.5rem; }
h2 { font-size: 1.4rem; line-height: 1.3; margin: 0.6rem 0 0.8rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }
ul.files { padding-left: 1.2rem; margin: 0.3rem 0; }
ul.files li { margin: 0.35rem 0; }
a { color: #0b4f8a; overflow-wrap: anywhere; }
.size { color: #555; white-space: nowrap; }
a:focus-visible { outline: 3px solid #b35400; outline-offset: 2px; }
p.note { color: #444; }
"""


def link(item: Entry, size: int, lang: str, label: str | None = None) -> str:
    """A link to a file, with its type and size after it."""
    kind = {"pdf": "PDF", "pptx": "PowerPoint"}.get(item.kind, item.kind.upper())
    text = label or item.label
    details = size_text(size, lang) if text == kind else f"{kind}, {size_text(size, lang)}"
    return (f'<a href="{html.escape(item.path)}" download>{html.escape(text)}</a> '
            f'<span class="size">({html.escape(details)})</span>')


def shelf_html(offer: Shelf, sizes: dict[str, int]) -> str:
    """One language's section of the start page."""
    lang = offer.lang

    def t(text: str) -> str:
        return html.escape(translate(text, lang))

    parts = [f'<section class="shelf" id="{lang}" lang="{lang}" aria-labelledby="title-{lang}">',
             f'<h2 id="title-{lang}">{html.escape(offer.title)}</h2>',
             f'<p><a class="edition" href="{lang}/index.html" hreflang="{lang}">{t("Open the web edition")}</a></p>',
             f'<p class="note">{t("It works in any browser, without an internet connection, and has its own search.")}</p>']
    if offer.textbook or offer.modules:
        parts.append(f"<h3>{t('The textbook (PDF)')}</h3>\n<ul class=\"files\">")
        for item in (offer.textbook, *offer.modules):
            if item:
                parts.append(f"<li>{link(item, sizes[item.path], lang)}</li>")
        parts.append("</ul>")
    for heading, note, groups in ((t("Slides for trainers"), "", offer.decks),
                                  (t("Videos"), f'<p class="note">{t(VIDEO_NOTE)}</p>\n', offer.videos)):
        if groups:  # each deck (or video) by its title, with its files
            parts.append(f'<h3>{heading}</h3>\n{note}<ul class="files">')
            parts += [f"<li>{html.escape(title)}: {' · '.join(link(item, sizes[item.path], lang) for item in files)}</li>"
                      for title, files in groups]
            parts.append("</ul>")
    parts.append(f"<h3>{t('The glossary')}</h3>\n"
                 f"<p class=\"note\">{t(GLOSSARY_NOTE)}</p>\n"
                 "<ul class=\"files\">")
    parts += [f"<li>{link(item, sizes[item.path], lang)}</li>" for item in offer.glossary]
    parts.append("</ul>")
    if offer.packages:
        parts.append(f"<h3>{t('Course packages')}</h3>\n<p class=\"note\">{t('To load into a learning platform.')}</p>\n<ul class=\"files\">")
        parts += [f"<li>{link(item, sizes[item.path], lang)}</li>" for item in offer.packages]
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def start_page(shelves: list[Shelf], sizes: dict[str, int]) -> str:
    """The e-box's ``index.html``: a choice of language, then each language's offer."""
    source = shelves[0].lang
    names = {offer.lang: (Locale.parse(offer.lang).get_display_name(offer.lang) or offer.lang).capitalize() for offer in shelves}
    heading = " · ".join(f'<span lang="{offer.lang}">{html.escape(translate("The e-box", offer.lang))}</span>'
                         for offer in shelves)
    nav = "".join(f'<li><a href="#{lang}" hreflang="{lang}" lang="{lang}">{html.escape(name)}</a></li>'
                  for lang, name in names.items())
    title = " · ".join(html.escape(translate("The e-box", offer.lang)) for offer in shelves)
    style = STYLE.replace("COLOURS", ", ".join(MODULE_COLOURS))
    return (f'<!DOCTYPE html>\n<html lang="{source}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{style}</style>\n</head>\n<body>\n<main id=\"ebox\">\n<h1>{heading}</h1>\n"
            f'<nav aria-label="{html.escape(" / ".join(translate("Language", lang) for lang in names))}"><ul>{nav}</ul></nav>\n'
            f'{"".join(shelf_html(offer, sizes) for offer in shelves)}</main>\n</body>\n</html>\n')


def write_zip(folder: Path, target: Path, date: datetime.datetime) -> None:
    """``folder``'s files in a zip under one folder (``ebox/``), dated ``date``, in a stable order."""
    stamp = max(date, datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)).timetuple()[:6]
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as temporary:
        try:
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in file_list(folder):
                    info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{path.as_posix()}", stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, (folder / path).read_bytes())
            os.chmod(temporary.name, 0o644)  # to be published: readable by all, as the other outputs (not the temporary's 0600)
            os.replace(temporary.name, target)
        except BaseException:
            os.unlink(temporary.name)
            raise


def write_iso(folder: Path, target: Path) -> None:
    """``folder`` as an ISO 9660 image with Rock Ridge and Joliet names (xorriso)."""
    xorriso = shutil.which("xorriso")
    if xorriso is None:
        raise PipelineError(target, "cannot write the disc image: xorriso is not installed (apt-get install xorriso)")
    temporary = target.with_name(f".{target.name}.tmp")
    command = [xorriso, "-as", "mkisofs", "-quiet", "-V", VOLUME_ID, "-R", "-J", "-joliet-long",
               "-input-charset", "utf-8", "-o", str(temporary), str(folder)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            problem = (result.stderr.strip().splitlines() or ["failed"])[-1]
            raise PipelineError(target, f"xorriso: {problem}")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def inline_captions(page: str, path: str, files: dict[str, Path]) -> str:
    """A page whose caption tracks (``<track src="….vtt">``) carry their files
    as ``data:`` URLs: Chromium loads no track from ``file://``."""
    def data_url(match: re.Match[str]) -> str:
        source = files.get(posixpath.normpath(posixpath.join(posixpath.dirname(path), match.group(2))))
        if source is None:
            return match.group(0)
        encoded = base64.b64encode(source.read_bytes()).decode()
        return f"{match.group(1)}data:text/vtt;base64,{encoded}{match.group(3)}"
    return TRACK_SOURCE.sub(data_url, page)


def fill(project: Project, languages: tuple[str, ...], files: dict[str, Path], folder: Path) -> None:
    """Copy ``files`` into ``folder`` (with the pages' caption tracks inlined),
    export the glossary there and write the start page."""
    for path, source in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".html") and "<track " in (page := source.read_text(encoding="utf-8")):
            (folder / path).write_text(inline_captions(page, path, files), encoding="utf-8")
        else:
            shutil.copy2(source, folder / path)
    glossary = load_glossary(project.glossary_dir, project.languages)
    (folder / "glossary").mkdir()
    (folder / "glossary" / "glossary.tbx").write_text(exchange.to_tbx(glossary), encoding="utf-8")
    (folder / "glossary" / "glossary.csv").write_text(exchange.to_csv(glossary), encoding="utf-8")
    sizes = {path.as_posix(): (folder / path).stat().st_size for path in file_list(folder)}
    shelves = [shelf(project, lang, sizes) for lang in languages if f"{lang}/index.html" in sizes]
    (folder / "index.html").write_text(start_page(shelves, sizes), encoding="utf-8")


def assemble(project: Project, languages: tuple[str, ...], date: datetime.datetime) -> Ebox:
    """Write ``_build/ebox/`` afresh from what has been built, then its zip and ISO image."""
    files = gather(project, languages)
    if not any(path.endswith("/index.html") for path in files):
        raise PipelineError(project.build / "html", "no web edition to put into the e-box: build the HTML first")
    folder = project.build / "ebox"
    fresh, old = project.build / ".ebox.new", project.build / ".ebox.old"
    shutil.rmtree(fresh, ignore_errors=True)
    try:  # written beside the old e-box, which it replaces in one rename
        fill(project, languages, files, fresh)
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        fresh.rename(folder)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    zip_path, iso_path = project.build / "ebox.zip", project.build / "ebox.iso"
    write_zip(folder, zip_path, date)
    write_iso(folder, iso_path)
    total = sum((folder / path).stat().st_size for path in file_list(folder))
    return Ebox(folder, zip_path, iso_path, {"folder": total, "zip": zip_path.stat().st_size, "iso": iso_path.stat().st_size})


def publish(project: Project, box: Ebox) -> None:
    """Put the decks, the zip and the disc image into the web site
    (``_build/html/``), where the pages and the landing page link to them."""
    site = project.build / "html"
    for path in file_list(box.folder):
        if path.parts[0] == "slides":
            write_if_changed(site / path, box.folder / path)
    for built in (box.zip, box.iso):
        write_if_changed(site / built.name, built)


def write_if_changed(target: Path, source: Path) -> None:
    data = source.read_bytes()
    if not target.is_file() or target.read_bytes() != data:
        write_atomic(target, data)
