"""The video series of the mini project: its videos, captions, transcripts,
incremental rebuilds, human recordings, the pages that embed them and the e-box."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import subprocess
import threading
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import webvtt
from axe_playwright_python.sync_playwright import Axe
from browser import chromium, open_page
from conftest import copy_root, hints
from slidedeck import read_deck

from pipeline import build, ebox, extract, slides, update, video
from pipeline.catalogs import catalog_bytes, read_catalog
from pipeline.cli import main
from pipeline.files import write_atomic
from pipeline.project import Project
from pipeline.sphinxext.video import player

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SLIDE_NOTE = "Say where the figure comes from and give its reference year."


def normal(text: str) -> str:
    return " ".join(text.split())


def probe(path: Path) -> dict[str, Any]:
    """ffprobe's view of a media file: its format and streams."""
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def at(time: Any) -> float:
    """A WebVTT time in seconds."""
    return float(time.in_milliseconds()) / 1000


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def spoken(texts: list[str], lang: str, folder: Path) -> list[float]:
    """Each text read by espeak-ng as the build asks it to, measured: the reference for the captions' times."""
    lengths = []
    for number, text in enumerate(texts):
        target = folder / f"{lang}-{number}.wav"
        subprocess.run(["espeak-ng", "-v", video.voice(lang).espeak, "-s", str(video.SPEED), "-w", str(target), text],
                       check=True)
        lengths.append(wav_seconds(target) + video.PAUSE)
    return lengths


def boundaries(lengths: list[float]) -> list[float]:
    """Where each slide's audio starts, and where the last ends, on the video's time line."""
    found = [video.OPENING]
    for seconds in lengths:
        found.append(found[-1] + seconds)
    return found


def deck_texts(project: Project, lang: str) -> list[str]:
    """What each slide of the built deck says, read from the PowerPoint file: the notes of a
    content slide, the title of the others."""
    return [normal(info.notes) if info.layout == "Title and Content" else normal(info.title)
            for info in read_deck(project.slides_dir(lang) / "module1.pptx")]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[video.Made]]:
    """The mini project with its web editions, decks and videos built."""
    project = copy_root("mini", tmp_path_factory.mktemp("video"))
    extract.extract(project)
    update.update(project.pot_dir, project.po_dir("es"), "es", hints(project))
    results = build.build(project, project.languages, ("html", "pdf", "slides"))
    assert [result.problems for result in results if not result.ok] == []
    return project, video.build_videos(project, project.languages)


# The captions, from text and times (no programs needed)

def test_cues_are_sentences_of_at_most_two_lines_of_42_characters() -> None:
    text = ("Ask the group which of these their country has done. Then ask which would help most, and why, "
            "in the light of the agreements their country has signed with the countries of destination of its workers.")
    found = video.cue_texts(text)
    assert found[0] == ("Ask the group which of these their country", "has done.")
    assert all(len(lines) <= 2 and all(len(line) <= 42 for line in lines) for lines in found)
    assert normal(" ".join(" ".join(lines) for lines in found)) == text
    assert len(found) == 3  # the long second sentence takes two cues


def test_a_number_with_a_full_stop_does_not_end_a_sentence() -> None:
    assert video.sentences("In 2019 there were 169.000 workers. Ask why.") == ["In 2019 there were 169.000 workers.", "Ask why."]


def test_cues_fill_each_slide_span_in_proportion_to_their_characters(tmp_path: Path) -> None:
    found = video.cues(["One. Two two two two.", "Three."], [(5.0, 7.5), (7.5, 9.0)])
    assert [(cue.start, cue.end) for cue in found] == [(5.0, 5.5), (5.5, 7.5), (7.5, 9.0)]
    (tmp_path / "c.vtt").write_text(video.webvtt(found))
    parsed = webvtt.read(str(tmp_path / "c.vtt"))
    assert [(cue.start, cue.end, cue.text) for cue in parsed] == [
        ("00:00:05.000", "00:00:05.500", "One."), ("00:00:05.500", "00:00:07.500", "Two two two two."),
        ("00:00:07.500", "00:00:09.000", "Three.")]


def test_the_player_has_both_caption_tracks_the_page_language_first_and_default() -> None:
    element = player("module1", "es", ["en", "es"])
    assert '<video controls preload="metadata"' in element and 'src="../video/es/module1.mp4"' in element
    assert ('<track kind="captions" srclang="es" label="Español" src="../video/es/module1.es.vtt" default>'
            '<track kind="captions" srclang="en" label="English" src="../video/es/module1.en.vtt">') in element
    assert 'href="../video/es/module1.html">Transcripción</a>' in element


def test_without_ffmpeg_or_the_synthesizer_the_step_says_so_in_one_line(mini: Project, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no program at all
    assert main(["--root", str(mini.root), "video"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["video: skipped: ffmpeg, ffprobe, espeak-ng, pdftoppm missing (Debian packages ffmpeg espeak-ng poppler-utils)"]
    assert not (mini.build / "video").exists()


def test_a_missing_folder_of_recordings_is_one_line(mini: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(mini.root), "video", "--recordings", str(mini.root / "nowhere")]) == 2
    assert capsys.readouterr().err == f"{mini.root / 'nowhere'}: no such folder of recordings\n"


# The videos of the mini project

@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_video_is_h264_and_aac_at_1280x720_as_long_as_its_narration(made: tuple[Project, list[video.Made]],
                                                                        lang: str) -> None:
    project, videos = made
    (item,) = [item for item in videos if item.lang == lang]
    assert item.made and item.mp4 == project.build / "video" / lang / "module1.mp4"
    info = probe(item.mp4)
    streams = {stream["codec_type"]: stream for stream in info["streams"]}
    assert streams["video"]["codec_name"] == "h264" and streams["video"]["pix_fmt"] == "yuv420p"
    assert (streams["video"]["width"], streams["video"]["height"]) == (1280, 720)
    assert streams["audio"]["codec_name"] == "aac"
    assert abs(float(info["format"]["duration"]) - item.seconds) < 0.1
    tags = info["format"]["tags"]
    assert tags["comment"] == video.notice(lang, recorded=False) and "espeak-ng" in tags["comment"]
    assert tags["title"] == slides.decks(project.doctrees(f"slides-{lang}"))["module1"].title
    assert (project.build / "html" / "video" / lang / "module1.mp4").read_bytes() == item.mp4.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_captions_in_both_languages_say_the_notes_timed_on_the_audio(made: tuple[Project, list[video.Made]], lang: str,
                                                                      tmp_path: Path) -> None:
    project, _ = made
    folder = project.build / "video" / lang
    own = deck_texts(project, lang)
    edges = boundaries(spoken(own, lang, tmp_path))
    for code in ("en", "es"):
        cues = webvtt.read(str(folder / f"module1.{code}.vtt"))
        assert normal(" ".join(cue.text for cue in cues)).replace("&amp;", "&") == " ".join(deck_texts(project, code))
        assert all(len(cue.lines) <= 2 and all(len(line) <= 42 for line in cue.lines) for cue in cues)
        times = sorted({at(cue.start_time) for cue in cues}
                       | {at(cue.end_time) for cue in cues})
        for edge in edges:  # every slide change has a cue edge within 100 ms
            assert min(abs(edge - time) for time in times) < 0.1, (code, edge)
    assert SLIDE_NOTE in normal((folder / "module1.en.vtt").read_text())


@pytest.mark.slow
def test_the_spanish_captions_are_the_catalog_s_translated_notes(made: tuple[Project, list[video.Made]]) -> None:
    project, _ = made
    catalog = {message.id: message.string for message in read_catalog(project.po_dir("es") / "module1.po") if message.id}
    captions = normal(" ".join(cue.text for cue in webvtt.read(str(project.build / "video" / "es" / "module1.es.vtt"))))
    assert catalog[SLIDE_NOTE] and normal(catalog[SLIDE_NOTE]) in captions


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "line"), [
    ("en", "Video of this module's slides: video/en/module1.mp4 (captions: module1.en.vtt, module1.es.vtt; "
           "transcript: module1.html), in the web edition and the e-box."),
    ("es", "Vídeo de las diapositivas de este módulo: video/es/module1.mp4 (subtítulos: module1.es.vtt, module1.en.vtt; "
           "transcripción: module1.html), en la edición web y en la e-box.")])
def test_the_print_edition_names_the_video_files(made: tuple[Project, list[video.Made]], lang: str, line: str) -> None:
    project, _ = made
    page = (project.print_html_dir(lang) / "index.html").read_text()
    texts = [normal(html.unescape(re.sub(r"<[^>]+>", "", found))) for found in re.findall(r'<p class="guide-video-files">(.*?)</p>', page, re.S)]
    assert texts == [line]
    assert "<video" not in page


@pytest.mark.slow
def test_a_build_that_makes_no_decks_puts_no_video_on_the_pages(made: tuple[Project, list[video.Made]],
                                                                 tmp_path: Path) -> None:
    project = copy_root("mini", tmp_path)
    subprocess.run(["cp", "-a", str(made[0].root / "locale"), str(project.root)], check=True)
    assert all(result.ok for result in build.build(project, ("es",), ("html",)))
    assert "<video" not in (project.html_dir("es") / "module1.html").read_text()
    assert "<video" in (made[0].html_dir("es") / "module1.html").read_text()


@pytest.mark.slow
def test_the_transcript_gives_each_slide_title_and_its_notes(made: tuple[Project, list[video.Made]]) -> None:
    project, _ = made
    page = (project.build / "html" / "video" / "en" / "module1.html").read_text()
    assert '<html lang="en">' in page and "<h2>3. Facts and figures</h2>" in page and SLIDE_NOTE in page
    assert 'href="../../en/module1.html"' in page and "synthetic" in page


@pytest.mark.slow
def test_a_second_run_makes_nothing_and_a_changed_note_remakes_one_video(made: tuple[Project, list[video.Made]],
                                                                          tmp_path: Path) -> None:
    project = copy_root("mini", tmp_path)  # a copy of the built project, so that the other tests' stays as it was
    built = made[0]
    for folder in ("_build", "locale"):
        subprocess.run(["cp", "-a", str(built.root / folder), str(project.root)], check=True)
    assert not any(item.made for item in video.build_videos(project, project.languages))
    before = (project.build / "video" / "en" / "module1.es.vtt").read_text()
    path = project.po_dir("es") / "module1.po"
    catalog = read_catalog(path)
    catalog[SLIDE_NOTE].string = "Diga de dónde procede la cifra y cuál es su año de referencia, siempre."
    write_atomic(path, catalog_bytes(catalog))
    assert all(result.ok for result in build.build(project, project.languages, ("slides",)))
    again = {item.lang: item.made for item in video.build_videos(project, project.languages)}
    assert again == {"en": False, "es": True}
    after = (project.build / "video" / "en" / "module1.es.vtt").read_text()  # the English video's Spanish captions follow
    assert after != before and "año de referencia, siempre." in normal(after)


@pytest.mark.slow
def test_human_recordings_replace_the_synthesizer_with_the_same_timings(made: tuple[Project, list[video.Made]],
                                                                        tmp_path: Path) -> None:
    project, _ = made
    recordings = tmp_path / "recordings" / "module1"
    recordings.mkdir(parents=True)
    lengths = {"01.wav": 1.5, "02.ogg": 2.0, "03.mp3": 2.5}
    for name, seconds in lengths.items():
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                        str(recordings / name)], check=True)
    decks = {lang: slides.decks(project.doctrees(f"slides-{lang}")) for lang in project.languages}
    out = tmp_path / "video"
    (item,) = video.make_all(decks, lambda lang, name: project.slides_dir(lang) / f"{name}.pdf", out, {"en": "Mini"},
                             tmp_path / "recordings", ["en"])
    assert item.made and item.lang == "en"
    info = probe(item.mp4)
    assert info["format"]["tags"]["comment"] == video.notice("en", recorded=True)
    cues = webvtt.read(str(out / "en" / "module1.en.vtt"))
    starts = {round(at(cue.start_time), 1) for cue in cues}
    edges = boundaries([seconds + video.PAUSE for seconds in lengths.values()])
    assert all(any(abs(edge - start) < 0.1 for start in starts) for edge in edges[:4])  # slides 1 to 3 and the 4th's start
    assert abs(float(info["format"]["duration"]) - item.seconds) < 0.1


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(made: tuple[Project, list[video.Made]]) -> Iterator[str]:
    """The mini project's web site on a local web server."""
    handler = functools.partial(Quiet, directory=str(made[0].build / "html"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


TRACKS = """async (video) => {
  if (video.readyState < 1) await new Promise((done) => video.addEventListener('loadedmetadata', done, {once: true}));
  const elements = Array.from(video.querySelectorAll('track'));
  for (const track of video.textTracks) track.mode = 'hidden';
  await Promise.all(elements.map((element) => element.readyState === 2 ? null :
    new Promise((done) => { element.addEventListener('load', done); element.addEventListener('error', done); })));
  return {duration: video.duration, ready: video.readyState,
          tracks: elements.map((element) => [element.srclang, element.readyState, element.track.cues.length, element.default])};
}"""


@pytest.mark.slow
def test_a_module_page_plays_its_video_with_both_caption_tracks(made: tuple[Project, list[video.Made]], site: str,
                                                                 playwright: Any, tmp_path: Path) -> None:
    project, videos = made
    seconds = {item.lang: item.seconds for item in videos}
    box = ebox.assemble(project, project.languages, build.source_date(project))
    context = chromium(playwright, tmp_path / "profile", "es-ES")
    try:
        for lang in ("en", "es"):
            for url in (f"{site}/{lang}/module1.html", (box.folder / lang / "module1.html").as_uri()):
                page = open_page(context, url)
                state = page.locator("figure.guide-video video").evaluate(TRACKS)
                assert state["ready"] >= 1 and abs(state["duration"] - seconds[lang]) < 0.2, (url, state)
                other = "es" if lang == "en" else "en"
                assert state["tracks"][0][:2] == [lang, 2] and state["tracks"][0][3], (url, state)
                assert state["tracks"][1][:2] == [other, 2] and not state["tracks"][1][3], (url, state)
                assert all(track[2] > 0 for track in state["tracks"]), (url, state)
                if url.startswith("http"):
                    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
                    assert result.response["violations"] == [], url
                page.close()
    finally:
        context.close()
    assert "data:text/vtt;base64," in (box.folder / "en" / "module1.html").read_text()
    assert {f"video/{lang}/module1.{suffix}" for lang in ("en", "es") for suffix in ("mp4", "png", "html", "en.vtt", "es.vtt")} <= {
        path.as_posix() for path in ebox.file_list(box.folder)}
