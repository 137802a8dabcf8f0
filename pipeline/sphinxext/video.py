"""The video of a page's slides, on the page (``pipeline/video.py`` makes it).

A page with slides gets, in the web edition, a ``<video>`` element with the
MP4, its poster and one caption track per language of the guide (the page's
own the default), and links to the transcript and the file, after its
trainer's kit box (or its title). The files are where the video step
publishes them, relative to the site's root (``video/<lang>/<doc>.mp4``,
``.png``, ``<doc>.<code>.vtt``, ``<doc>.html``), as the decks are. The print
edition gets one line with the file names instead. Only a build that makes
the videos (``guide_videos``: one that makes the decks, where the video
step's programs are installed) adds them, so no page shows a video that will
not exist.
"""

from __future__ import annotations

import html
import shutil

from babel import Locale
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from pipeline.sphinxext.kit import root
from pipeline.sphinxext.modules import module_number
from pipeline.sphinxext.slides import slide
from pipeline.sphinxext.ui import translate

TOOLS = ("ffmpeg", "ffprobe", "espeak-ng", "pdftoppm")  # what the video step (pipeline/video.py) runs
PRINT_THEME = "guide-print"


def missing_tools() -> list[str]:
    """The programs the video step needs that are not installed (Debian packages ffmpeg, espeak-ng, poppler-utils)."""
    return [name for name in TOOLS if shutil.which(name) is None]


def language_name(code: str) -> str:
    return (Locale.parse(code).get_display_name(code) or code).capitalize()


def player(docname: str, lang: str, languages: list[str]) -> str:
    """The ``<figure>`` with the video, its caption tracks and the links to its transcript and file."""
    base = f"{root(docname)}video/{lang}/{docname}"
    tracks = "".join(f'<track kind="captions" srclang="{code}" label="{html.escape(language_name(code))}" '
                     f'src="{base}.{code}.vtt"{" default" if code == lang else ""}>'
                     for code in [lang, *(code for code in languages if code != lang)])
    label = translate("Video of this module's slides" if module_number(docname) else "Video of this chapter's slides", lang)
    notice = translate("The voice is synthetic (espeak-ng). This video is a draft for review.", lang)
    return (f'<figure class="guide-video">\n<video controls preload="metadata" width="1280" height="720" '
            f'poster="{base}.png" aria-label="{html.escape(label)}">\n<source src="{base}.mp4" type="video/mp4">{tracks}\n</video>\n'
            f"<figcaption>{html.escape(label)}. {html.escape(notice)} "
            f'<a href="{base}.html">{html.escape(translate("Transcript", lang))}</a> · '
            f'<a href="{base}.mp4" download>{html.escape(translate("Video (MP4)", lang))}</a></figcaption>\n</figure>\n')


def file_line(docname: str, lang: str, languages: list[str]) -> nodes.paragraph:
    """For the print edition: the video's file names (as code, never hyphenated)."""
    label = translate("Video of this module's slides" if module_number(docname) else "Video of this chapter's slides", lang)
    line = nodes.paragraph("", "", nodes.strong(text=f"{label}: "), nodes.literal(text=f"video/{lang}/{docname}.mp4"),
                           nodes.Text(f" ({translate('captions', lang)}: "), classes=["guide-video-files"])
    for index, code in enumerate([lang, *(code for code in languages if code != lang)]):
        line += [nodes.Text(", ")] if index else []
        line += nodes.literal(text=f"{docname}.{code}.vtt")
    line += [nodes.Text(f"; {translate('transcript', lang)}: "), nodes.literal(text=f"{docname}.html"),
             nodes.Text(f"), {translate('in the web edition and the e-box', lang)}.")]
    return line


def place(document: nodes.Element, node: nodes.Node) -> None:
    """Insert ``node`` after the document's trainer's kit box, or else after its title."""
    kit = next(iter(document.findall(lambda n: isinstance(n, nodes.container) and "guide-kit" in n["classes"])), None)
    if kit is not None:
        kit.parent.insert(kit.parent.index(kit) + 1, node)
        return
    section = next(iter(document.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, node)


def has_slides(node: nodes.Element) -> bool:
    """True if ``node`` holds slides of its own (not inside another document inlined in it)."""
    return any(isinstance(child, slide) or (isinstance(child, nodes.Element) and not isinstance(child, addnodes.start_of_file)
                                            and has_slides(child)) for child in node.children)


def _add_video(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the video (web) or its file names (print) on each page that has slides
    (the print edition is one page: each document in it is a ``start_of_file``,
    whose children do not point back to it as their parent)."""
    if app.builder.format != "html" or not app.config.guide_videos:
        return
    lang, languages = app.config.language or "en", list(app.config.guide_languages)
    documents = [(docname, doctree), *((node["docname"], node) for node in doctree.findall(addnodes.start_of_file))]
    for name, document in documents:
        if not has_slides(document):
            continue
        if app.config.html_theme == PRINT_THEME:
            place(document, file_line(name, lang, languages))
        else:
            place(document, nodes.raw("", player(name, lang, languages), format="html"))


def setup(app: Sphinx) -> None:
    app.add_config_value("guide_videos", False, "env", types=[bool])  # set by a build that makes the videos
    app.connect("doctree-resolved", _add_video, priority=400)  # before the slides are taken out of the page
