"""The video series: one narrated video per slide deck and language.

Each deck that the slides stage rendered (``_build/slides/<lang>/<doc>.pdf``)
becomes ``_build/video/<lang>/<doc>.mp4``: an opening frame that says the
voice is synthetic (or recorded) and the video a draft for review, then each
slide (title slide, section slides, content slides, in the deck's order)
shown exactly as long as its narration lasts. The narration of a content
slide is its speaker notes; of the title and section slides, their title.
espeak-ng reads it (no model downloaded), or a folder of human recordings
(``<folder>/<doc>/<nn>.wav|.mp3|.ogg``, ``01`` the title slide) replaces the
synthesizer with the same timings, captions and assembly. ffmpeg assembles
H.264/AAC at 1280x720.

Beside each video: captions in the video's language and in the other
languages (``<doc>.<lang>.vtt``: each slide's notes in that language, timed on
this video's slides), cut at sentence boundaries into cues of at most two
lines of 42 characters; and a transcript page (``<doc>.html``). A video is
re-made only when its slide images, texts, voice or this code changed (a
digest in ``_build/video/.stamps/``).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import tempfile
import textwrap
import wave
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from PIL import Image, ImageDraw, ImageFont

from pipeline import slides
from pipeline.errors import PipelineError
from pipeline.files import write_atomic
from pipeline.project import Project
from pipeline.slides import FONT_DIRS, FONT_FILES, Deck, Section
from pipeline.sphinxext.ui import translate

SIZE = (1280, 720)
FPS = 5  # still images: five frames a second puts each slide change within 0.1 s of its narration
KEYFRAME_SECONDS = 10  # a keyframe at each slide change and at least every ten seconds, so that seeking works
AUDIO_BITRATE = "32k"  # mono speech
SPEED = 160  # espeak-ng's words per minute
RATE, CHANNELS, SAMPLE_WIDTH = 22050, 1, 2  # the narration's audio: espeak-ng's own format
PAUSE = 0.6  # seconds of silence after each slide's narration
OPENING = 5.0  # seconds the opening frame is shown
LINE_WIDTH, CUE_LINES = 42, 2
JOBS = 2  # ffmpeg processes at a time
RECORDING_SUFFIXES = (".wav", ".mp3", ".ogg", ".flac", ".m4a")
OUTPUT_SUFFIXES = (".mp4", ".png", ".vtt", ".html")  # the video, its poster (the opening frame), captions, transcript


@dataclass(frozen=True)
class Voice:
    """How one language is spoken and labelled: espeak-ng's voice and the ISO 639-2 code of the audio stream."""

    espeak: str
    iso639_2: str


VOICES = {"en": Voice("en-gb", "eng"), "es": Voice("es", "spa")}


def voice(lang: str) -> Voice:
    return VOICES.get(lang, Voice(lang, lang))


@dataclass(frozen=True)
class Segment:
    """One slide of a video: its title and what is said (and captioned) while it is shown."""

    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.paragraphs).split())


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Made:
    """One video of the step: where it is and whether it was (re)made."""

    lang: str
    docname: str
    mp4: Path
    made: bool
    seconds: float  # its length


def segments(deck: Deck) -> list[Segment]:
    """The slides of ``deck``'s rendering, in order: the title slide, then its items."""
    found = [Segment(deck.title, (deck.title,))]
    for item in deck.items:
        found.append(Segment(item.title, (item.title,)) if isinstance(item, Section) else Segment(item.title, tuple(item.notes)))
    return found


def sentences(text: str) -> list[str]:
    """``text`` cut after each full stop, question or exclamation mark that ends a sentence."""
    return [part for part in re.split(r"(?<=[.!?…])\s+(?=[^\s\d])", " ".join(text.split())) if part]


def cue_texts(text: str) -> list[tuple[str, ...]]:
    """The cues of one slide's text: each sentence wrapped at 42 characters, two lines a cue."""
    cues = []
    for sentence in sentences(text):
        lines = textwrap.wrap(sentence, LINE_WIDTH, break_on_hyphens=False)
        cues += [tuple(lines[at:at + CUE_LINES]) for at in range(0, len(lines), CUE_LINES)]
    return cues


def cues(texts: list[str], spans: list[tuple[float, float]]) -> list[Cue]:
    """Cues for each slide's text within its time span, each cue's share of the
    span proportional to its characters."""
    found = []
    for text, (start, end) in zip(texts, spans, strict=True):
        pieces = cue_texts(text)
        total = sum(len(" ".join(lines)) for lines in pieces)
        at = start
        for lines in pieces:
            length = (end - start) * len(" ".join(lines)) / total
            found.append(Cue(at, min(end, at + length), lines))
            at += length
    return found


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"


def webvtt(found: list[Cue]) -> str:
    """A WebVTT file of the cues."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(found, 1):
        text = "\n".join(html.escape(line, quote=False) for line in cue.lines)
        blocks.append(f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def spans(durations: list[float], offset: float) -> list[tuple[float, float]]:
    """Each slide's (start, end) on the video's time line, after ``offset`` seconds of opening."""
    found, at = [], offset
    for seconds in durations:
        found.append((at, at + seconds))
        at += seconds
    return found


def run(command: list[str]) -> None:
    """Run a program; its error output's last line if it fails."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise PipelineError(command[0], (result.stderr.strip().splitlines() or ["failed"])[-1])


def pages(pdf: Path, folder: Path) -> list[Path]:
    """Each page of a deck's PDF as a 1280x720 PNG, in order (poppler's pdftoppm)."""
    run(["pdftoppm", "-png", "-scale-to-x", str(SIZE[0]), "-scale-to-y", str(SIZE[1]), str(pdf), str(folder / "page")])
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.rpartition("-")[2]))


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        if (folder / FONT_FILES[bold]).is_file():
            return ImageFont.truetype(str(folder / FONT_FILES[bold]), size=size)
    raise PipelineError(FONT_FILES[bold], "the Carlito font is missing (Debian package fonts-crosextra-carlito)")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def notice(lang: str, recorded: bool) -> str:
    """What the opening frame and the metadata say about the narration."""
    if recorded:
        return translate("Recorded narration. This video is a draft for review.", lang)
    return translate("The voice is synthetic (espeak-ng). This video is a draft for review.", lang)


def opening_frame(title: str, guide_title: str, lang: str, colour: str, recorded: bool, target: Path) -> None:
    """The opening frame: the deck's title and the guide's on the module's
    colour, the narration notice in a white band below."""
    image = Image.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(image)
    margin, y = 96, 150
    for text, font in ((title, _font(60, bold=True)), (guide_title, _font(30))):
        for line in _wrap(text, font, SIZE[0] - 2 * margin):
            draw.text((margin, y), line, font=font, fill="white")
            y += round(font.size * 1.25)
        y += 24
    draw.rectangle((0, 500, SIZE[0], 640), fill="white")
    font = _font(32, bold=True)
    lines = _wrap(notice(lang, recorded), font, SIZE[0] - 2 * margin)
    y = 570 - 22 * len(lines)  # centred in the band, 44 pixels a line
    for line in lines:
        draw.text((margin, y + 4), line, font=font, fill="#1f1f1f")
        y += 44
    image.save(target, format="PNG")


def to_wav(source: Path, target: Path) -> None:
    """Any audio file as the narration's WAV format (ffmpeg)."""
    run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source), "-ar", str(RATE), "-ac", str(CHANNELS),
         "-sample_fmt", "s16", str(target)])


def synthesize(text: str, lang: str, target: Path) -> None:
    """``text`` read by espeak-ng into a WAV file."""
    run(["espeak-ng", "-v", voice(lang).espeak, "-s", str(SPEED), "-w", str(target), text])


def read_frames(path: Path) -> bytes:
    """A WAV file's samples, in the narration's format (converted by ffmpeg if they are not)."""
    with wave.open(str(path), "rb") as audio:
        if (audio.getframerate(), audio.getnchannels(), audio.getsampwidth()) == (RATE, CHANNELS, SAMPLE_WIDTH):
            return audio.readframes(audio.getnframes())
    converted = path.with_name(f"{path.stem}.converted.wav")
    to_wav(path, converted)
    return read_frames(converted)


def silence(seconds: float) -> bytes:
    return bytes(round(seconds * RATE) * CHANNELS * SAMPLE_WIDTH)


def narration(parts: list[bytes], target: Path) -> list[float]:
    """The opening silence, then each part followed by a pause, in one WAV
    file; each part's length with its pause, in seconds, exactly."""
    lengths = []
    with wave.open(str(target), "wb") as out:
        out.setnchannels(CHANNELS)
        out.setsampwidth(SAMPLE_WIDTH)
        out.setframerate(RATE)
        out.writeframes(silence(OPENING))
        for part in parts:
            frames = part + silence(PAUSE)
            out.writeframes(frames)
            lengths.append(len(frames) / (RATE * CHANNELS * SAMPLE_WIDTH))
    return lengths


def recording(folder: Path, docname: str, number: int) -> Path | None:
    """The human recording of slide ``number`` (1: the title slide), if the folder has one."""
    for suffix in RECORDING_SUFFIXES:
        path = folder / docname / f"{number:02d}{suffix}"
        if path.is_file():
            return path
    return None


def assemble(images: list[Path], durations: list[float], audio: Path, target: Path, metadata: dict[str, str],
             lang: str) -> None:
    """The MP4: the opening frame, then each slide image as long as its audio, with the narration (ffmpeg)."""
    listing = images[0].parent / "slides.ffconcat"  # beside the images it names
    entries = ["ffconcat version 1.0"]
    for image, seconds in zip(images, [OPENING, *durations], strict=True):
        entries += [f"file '{image.name}'", f"duration {seconds:.6f}"]
    entries.append(f"file '{images[-1].name}'")  # the concat demuxer's last duration holds only if it is followed by a file
    listing.write_text("\n".join(entries) + "\n")
    tags = [arg for key, value in metadata.items() for arg in ("-metadata", f"{key}={value}")]
    changes = ",".join(f"{start:.3f}" for start, _ in spans(durations, OPENING))
    run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio),
         "-map", "0:v", "-map", "1:a",
         "-vf", f"scale={SIZE[0]}:{SIZE[1]},format=yuv420p,fps={FPS}",  # each image converted once, then repeated
         "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "28", "-g", str(FPS * KEYFRAME_SECONDS),
         "-force_key_frames", changes, "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-t", f"{OPENING + sum(durations):.3f}", "-movflags", "+faststart",
         "-metadata:s:a:0", f"language={voice(lang).iso639_2}", *tags, str(target)])


def language_name(lang: str) -> str:
    return (Locale.parse(lang).get_display_name(lang) or lang).capitalize()


def transcript(deck: Deck, found: list[Segment], lang: str, recorded: bool) -> str:
    """The transcript page: each slide's title and what is said."""
    title = f"{translate('Transcript', lang)}: {deck.title}"
    body = []
    for number, segment in enumerate(found, 1):
        body.append(f"<h2>{number}. {html.escape(segment.title)}</h2>")
        body += [f"<p>{html.escape(paragraph)}</p>" for paragraph in segment.paragraphs]
    back = f"../../{lang}/{deck.docname}.html"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>{html.escape(title)}</title>\n'
            "<style>body{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;margin:0}"
            "main{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}h2{font-size:1.2rem;margin-top:1.6rem}"
            f"a{{color:#0b4f8a}}</style>\n</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n"
            f"<p>{html.escape(notice(lang, recorded))}</p>\n"
            f'<p><a href="{back}">{html.escape(translate("Back to the page", lang))}</a> · '
            f'<a href="{deck.docname}.mp4">MP4</a></p>\n' + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def tool_versions() -> str:
    """The versions of the programs the video is made with."""
    return "\n".join(subprocess.run([name, flag], capture_output=True, text=True, check=False).stdout.splitlines()[0]
                     for name, flag in (("ffmpeg", "-version"), ("espeak-ng", "--version")))


@dataclass(frozen=True)
class Job:
    """One video to consider: its deck in every language and where it goes."""

    lang: str
    deck: Deck
    others: dict[str, Deck]  # the same deck in the other languages, for their captions
    pdf: Path
    folder: Path  # _build/video/<lang>/
    stamp: Path
    guide_title: str
    recordings: Path | None


def video_key(job: Job, settings: str) -> str:
    """What a video is made from besides its slide images: its narration and opening frame."""
    own = segments(job.deck)
    recorded = [path.read_bytes() for number in range(1, len(own) + 1)
                if job.recordings and (path := recording(job.recordings, job.deck.docname, number))]
    return digest(settings, job.lang, job.guide_title, job.deck.colour, Path(__file__).read_bytes(), repr(own),
                  str(job.recordings is not None), *recorded)


def write_if_changed(target: Path, data: bytes) -> None:
    if not target.is_file() or target.read_bytes() != data:
        write_atomic(target, data, force=True)


def read_stamp(stamp: Path) -> dict[str, Any]:
    """What the last run recorded of a video: its digests and the length of each slide's audio."""
    try:
        found = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def render(job: Job, folder: Path, images: list[Path]) -> list[float]:
    """Narrate and assemble one video from its slide images; each slide's length."""
    own, docname, lang = segments(job.deck), job.deck.docname, job.lang
    parts = []
    for number, segment in enumerate(own, 1):
        audio = folder / f"{number:02d}.wav"
        found = recording(job.recordings, docname, number) if job.recordings else None
        if found is None:
            synthesize(segment.text, lang, audio)
        else:
            to_wav(found, audio)
        parts.append(read_frames(audio))
    durations = narration(parts, folder / "narration.wav")
    recorded = job.recordings is not None
    opening = folder / "opening.png"
    opening_frame(job.deck.title, job.guide_title, lang, job.deck.colour, recorded, opening)
    metadata = {"title": job.deck.title, "album": job.guide_title, "language": lang, "comment": notice(lang, recorded)}
    job.folder.mkdir(parents=True, exist_ok=True)
    temporary = job.folder / f".{docname}.mp4"
    assemble([opening, *images], durations, folder / "narration.wav", temporary, metadata, lang)
    temporary.replace(job.folder / f"{docname}.mp4")
    write_atomic(job.folder / f"{docname}.png", opening.read_bytes(), force=True)
    return durations


def make(job: Job, settings: str) -> Made:
    """Make one video unless it is current (its PDF unchanged, or rendered again
    into the same images); then write its captions and transcript if they changed,
    timed on the lengths the stamp recorded."""
    docname, lang = job.deck.docname, job.lang
    mp4 = job.folder / f"{docname}.mp4"
    base = video_key(job, settings)
    quick = digest(base, job.pdf.read_bytes())
    stored = read_stamp(job.stamp) if mp4.is_file() and mp4.with_suffix(".png").is_file() else {}
    own = segments(job.deck)
    made = stored.get("quick") != quick
    if made:
        with tempfile.TemporaryDirectory(prefix="video-") as work:
            images = pages(job.pdf, Path(work))
            if len(images) != len(own):
                raise PipelineError(job.pdf, f"{len(images)} pages for {len(own)} slides: build the slides again")
            full = digest(base, *(image.read_bytes() for image in images))
            made = stored.get("full") != full
            durations = render(job, Path(work), images) if made else stored["durations"]
        stored = {"quick": quick, "full": full, "durations": durations}
        write_atomic(job.stamp, json.dumps(stored).encode(), force=True)
    timeline = spans(stored["durations"], OPENING)
    for code, deck in {lang: job.deck, **job.others}.items():
        texts = [segment.text for segment in segments(deck)]
        if len(texts) != len(own):
            raise PipelineError(job.pdf, f"the {code} deck has {len(texts)} slides, this one {len(own)}: build the slides again")
        write_if_changed(job.folder / f"{docname}.{code}.vtt", webvtt(cues(texts, timeline)).encode())
    write_if_changed(job.folder / f"{docname}.html", transcript(job.deck, own, lang, job.recordings is not None).encode())
    return Made(lang, docname, mp4, made, OPENING + sum(stored["durations"]))


def make_all(by_lang: dict[str, dict[str, Deck]], pdfs: Callable[[str, str], Path], out: Path, guide_titles: dict[str, str],
             recordings: Path | None = None, languages: Iterable[str] | None = None) -> list[Made]:
    """The videos of ``by_lang`` (language -> document -> deck) in ``languages``
    (default: all), two ffmpeg jobs at a time, with captions in every language;
    the videos of decks that are gone are removed."""
    chosen = set(by_lang if languages is None else languages)
    settings = digest(tool_versions(), repr((SIZE, FPS, KEYFRAME_SECONDS, AUDIO_BITRATE, SPEED, PAUSE, OPENING, VOICES)))
    jobs = [Job(lang, deck, {other: by_lang[other][name] for other in by_lang if other != lang and name in by_lang[other]},
                pdfs(lang, name), out / lang, out / ".stamps" / f"{lang}-{name}", guide_titles.get(lang, ""), recordings)
            for lang, by_name in by_lang.items() if lang in chosen for name, deck in by_name.items()]
    for lang, by_name in by_lang.items():
        stamps = (out / ".stamps").glob(f"{lang}-*")
        for old in [*stale(out / lang, by_name), *(path for path in stamps if path.name.removeprefix(f"{lang}-") not in by_name)]:
            old.unlink()
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        return list(pool.map(lambda job: make(job, settings), jobs))


def stale(folder: Path, names: Iterable[str]) -> list[Path]:
    """The files of ``folder`` that belong to no deck of ``names``."""
    keep = set(names)
    return [path for path in folder.glob("*.*") if path.suffix in OUTPUT_SUFFIXES and path.name.split(".")[0] not in keep] \
        if folder.is_dir() else []


def publish(out: Path, site: Path) -> None:
    """Copy the videos, captions and transcripts into the web site (``_build/html/video/``)."""
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in OUTPUT_SUFFIXES and not path.name.startswith("."):
            write_if_changed(site / path.relative_to(out), path.read_bytes())


def build_videos(project: Project, languages: tuple[str, ...], recordings: Path | None = None) -> list[Made]:
    """The videos of every deck the slides stage made in ``languages``
    (``_build/video/<lang>/``), with captions in every language of the project,
    copied into the web site too."""
    found: dict[str, dict[str, Deck]] = {}
    titles = {}
    for lang in project.languages:
        doctrees = project.doctrees(f"slides-{lang}")
        if doctrees.is_dir():
            found[lang] = {name: deck for name, deck in slides.decks(doctrees).items()
                           if (project.slides_dir(lang) / f"{name}.pdf").is_file()}
            titles[lang] = slides.guide_title(doctrees)
    out = project.build / "video"
    made = make_all(found, lambda lang, name: project.slides_dir(lang) / f"{name}.pdf", out, titles, recordings, languages)
    publish(out, project.build / "html" / "video")
    return made
