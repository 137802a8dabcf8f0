"""Stage 5, build: HTML sites and tagged PDFs in every language.

``_build/html/<lang>/`` is a full site per language. The PDF is the
single-page HTML of the ``guide-print`` theme, rendered by WeasyPrint as
PDF/UA-1 into ``_build/pdf/guide-<lang>.pdf``, with a printer's variant
(bleed and crop marks), one PDF per module and one of the glossary beside it. Jobs run in parallel, one
process each; warnings from Sphinx or WeasyPrint fail the job.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import os
import signal
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import freshness
from pipeline.files import write_atomic
from pipeline.pdfua import accessible_rendering
from pipeline.processes import (
    Forked,
    quiet_worker,
    stop_workers,
)
from pipeline.project import FORMATS as FORMATS
from pipeline.project import Project
from pipeline.sphinxext.interface import compile_catalogs
from pipeline.sphinxext.modules import BLEED_MM
from pipeline.sphinxext.video import missing_tools
from pipeline.sphinxrun import run_sphinx, sphinx_command


@dataclass(frozen=True)
class JobResult:
    """One build job's outcome."""

    name: str
    output: str
    ok: bool
    seconds: float
    problems: tuple[str, ...] = ()
    skipped: bool = False


def build_html(project: Project, lang: str, overrides: dict[str, str] | None = None) -> JobResult:
    """Build the HTML site of one language (incrementally), unless nothing it is made from changed;
    ``overrides``: Sphinx settings of this build (see ``build``)."""
    start = time.perf_counter()
    out = project.html_dir(lang)
    overrides = overrides or {}
    digest = freshness.digest(sources(project, lang), project.root, "html", Path(__file__).read_text(), repr(sorted(overrides.items())))
    stamp = project.build / "stamps" / f"html-{lang}.sha256"
    if freshness.is_fresh(stamp, digest, out / "index.html"):
        return JobResult(f"html-{lang}", str(out), True, time.perf_counter() - start, skipped=True)
    cmd = sphinx_command(project.root, project.docs, out, project.doctrees(f"html-{lang}"), "html", lang, overrides=overrides)
    result = run_sphinx(cmd, project.root)
    if result.ok:
        freshness.mark(stamp, digest)
    return JobResult(f"html-{lang}", str(out), result.ok, time.perf_counter() - start, result.problems)


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors, which fail the PDF job."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# The printer's variant: bleed beyond the A4 trim, and crop marks.
BLEED_CSS = f"@page {{ bleed: {BLEED_MM}mm; marks: crop; }}\n"


@dataclass(frozen=True)
class Rendered:
    """The PDFs made from one print HTML file, by file name, and WeasyPrint's warnings."""

    files: dict[str, bytes]
    problems: tuple[str, ...]


def render_pdfs(html: Path, lang: str) -> Rendered:
    """Render a print HTML file as tagged PDF/UA-1: the book (``guide-<lang>.pdf``),
    the printer's variant with bleed and crop marks (``guide-<lang>-print.pdf``),
    and the pages of each module and of the glossary (``guide-<lang>-module<N>.pdf``,
    ``guide-<lang>-glossary.pdf``)."""
    import weasyprint  # imported here: only PDF jobs need it, and it is slow to load

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    try:
        with accessible_rendering():
            # One layout for every PDF: laid out with bleed and crop marks for the printer's
            # variant; the book and the module PDFs are the same pages cut at the trim. The
            # printer's variant and the modules are written in a copy of this process, on
            # the other core, while this one writes the book.
            book = weasyprint.HTML(filename=str(html)).render(stylesheets=[weasyprint.CSS(string=BLEED_CSS)], **options)

            def printer_and_modules() -> tuple[dict[str, bytes], list[str]]:
                first = len(handler.messages)
                files = {f"guide-{lang}-print.pdf": book.write_pdf(**options)}
                cut_at_trim(book)
                after_printer = len(handler.messages)
                for part, pages in chapter_pages(book).items():
                    files[f"guide-{lang}-{part}.pdf"] = book.copy(pages).write_pdf(**options)
                # a chapter's links into the rest of the book (a module's into the glossary) have no target in its own PDF
                kept = [m for m in handler.messages[after_printer:] if not m.startswith("No anchor #")]
                return files, handler.messages[first:after_printer] + kept

            others = Forked(printer_and_modules)
            cut_at_trim(book)
            files = {f"guide-{lang}.pdf": book.write_pdf(**options)}
            more, messages = others()
            files |= more
            handler.messages += messages
    finally:
        logger.removeHandler(handler)
    return Rendered(files, tuple(f"{html}: WeasyPrint: {message}" for message in handler.messages))


def cut_at_trim(document: Any) -> None:
    """Make the pages of a rendered document end at the trim: no bleed, so no crop marks."""
    for page in document.pages:
        page.bleed = dict.fromkeys(page.bleed, 0)


def chapter_pages(document: Any) -> dict[str, list[Any]]:
    """The pages of each module and of the glossary in a rendered book, by the
    part of their PDF's name (``module3``, ``glossary``): those of their named
    page (``module-3``, ``glossary``)."""
    chapters: dict[str, list[Any]] = {}
    for page in document.pages:
        name = page._page_box.page_type.name or ""  # WeasyPrint keeps the named page there
        if name.startswith("module-") or name == "glossary":
            chapters.setdefault(name.replace("-", ""), []).append(page)
    return chapters


def source_date(project: Project) -> datetime.datetime:
    """The edition's date, never the clock: ``SOURCE_DATE_EPOCH`` if set, else
    the last commit of the sources, else (outside git) their newest file."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "conf.py", "docs", "locale", "glossary"], cwd=project.root,
                              capture_output=True, text=True, check=False)
    except OSError:  # no git on this machine
        proc = None
    if proc and proc.returncode == 0 and proc.stdout.strip():
        return datetime.datetime.fromtimestamp(int(proc.stdout), datetime.UTC)
    texts = [project.root / "conf.py", *(path for folder in (project.docs, project.locale, project.glossary_dir)
                                         if folder.is_dir() for path in freshness.tree(folder))]
    newest = max((path.stat().st_mtime for path in texts if path.is_file()), default=0)
    return datetime.datetime.fromtimestamp(int(newest), datetime.UTC)


def sources(project: Project, lang: str) -> list[Path]:
    """Every file a language's edition is made from: the configuration, the
    sources (with the imprint data), the glossary, the language's catalogs
    and the pipeline's own Sphinx extension (code, templates, styles)."""
    files = [project.root / "conf.py"] if (project.root / "conf.py").is_file() else []
    for folder in (project.docs, project.glossary_dir, project.po_dir(lang), Path(__file__).parent / "sphinxext"):
        files += freshness.tree(folder) if folder.is_dir() else []
    return files


def build_pdf(project: Project, lang: str, overrides: dict[str, str] | None = None) -> JobResult:
    """Build one language's PDFs, unless nothing they are made from changed;
    ``overrides``: Sphinx settings of this build (see ``build``)."""
    start = time.perf_counter()
    overrides = overrides or {}
    name, target = f"pdf-{lang}", project.pdf_path(lang)
    date = source_date(project).isoformat(timespec="seconds")
    code = [Path(__file__), Path(__file__).with_name("pdfua.py")]  # how the PDFs are rendered
    digest = freshness.digest([*sources(project, lang), *code], project.root, "pdf", date, repr(sorted(overrides.items())))
    stamp = target.with_suffix(".sha256")
    if freshness.is_fresh(stamp, digest, target):
        return JobResult(name, str(target), True, time.perf_counter() - start, skipped=True)
    html_dir = project.print_html_dir(lang)
    cmd = sphinx_command(
        project.root, project.docs, html_dir, project.doctrees(f"print-{lang}"), "singlehtml", lang,
        tags=("pdf",), overrides={**overrides, "html_theme": "guide-print", "html_permalinks": "0", "guide_source_date": date},
    )
    result = run_sphinx(cmd, project.root)
    if not result.ok:
        return JobResult(name, str(target), False, time.perf_counter() - start, result.problems)
    rendered = render_pdfs(html_dir / "index.html", lang)
    if rendered.problems:
        return JobResult(name, str(target), False, time.perf_counter() - start, rendered.problems)
    for file_name, pdf in rendered.files.items():
        write_atomic(target.with_name(file_name), pdf)
    freshness.mark(stamp, digest)
    return JobResult(name, str(target), True, time.perf_counter() - start)


def publish_pdfs(project: Project, languages: tuple[str, ...]) -> None:
    """Copy each language's PDFs (the book, each module, the glossary) into the
    web site (``_build/html/pdf/``), where the pages link to them, so that
    publishing ``_build/html`` is enough."""
    for lang in languages:
        for source in sorted(project.pdf_path(lang).parent.glob(f"guide-{lang}*.pdf")):
            copy = project.build / "html" / "pdf" / source.name
            if not source.stem.endswith("-print") and (not copy.is_file() or copy.read_bytes() != source.read_bytes()):
                write_atomic(copy, source.read_bytes())


def build_slides(project: Project, lang: str, overrides: dict[str, str] | None = None) -> JobResult:
    """Build one language's decks (``_build/slides/<lang>/<docname>.pptx`` and
    ``.pdf``), unless nothing they are made from changed. A Sphinx run that only
    reads (``dummy``) gives the translated doctrees the decks are made from
    (``overrides`` change nothing a deck shows)."""
    from pipeline import slides  # imported here: only this job needs python-pptx

    start = time.perf_counter()
    name, out = f"slides-{lang}", project.slides_dir(lang)
    date = source_date(project)
    digest = freshness.digest([*sources(project, lang), Path(slides.__file__)], project.root, "slides", date.isoformat())
    stamp = project.build / "stamps" / f"{name}.sha256"
    if freshness.is_fresh(stamp, digest, out):
        return JobResult(name, str(out), True, time.perf_counter() - start, skipped=True)
    if not any(".. slide::" in path.read_text(encoding="utf-8") for path in project.docs.rglob("*.rst")):
        return JobResult(name, str(out), True, time.perf_counter() - start, skipped=True)  # no slides, no Sphinx run
    doctrees = project.doctrees(name)
    cmd = sphinx_command(project.root, project.docs, project.build / "dummy" / lang, doctrees, "dummy", lang,
                         overrides=overrides)
    result = run_sphinx(cmd, project.root)
    if not result.ok:
        return JobResult(name, str(out), False, time.perf_counter() - start, result.problems)
    decks = slides.decks(doctrees)
    problems = [line for deck in decks.values() for line in slides.fit_problems(deck, lang)]
    if problems:
        return JobResult(name, str(out), False, time.perf_counter() - start, tuple(problems))
    guide_title = slides.guide_title(doctrees)
    for old in out.glob("*.*"):  # the decks of documents that have no slides any more
        if old.stem not in decks and old.suffix in {".pptx", ".pdf"}:
            old.unlink()
    written = []
    for docname, deck in decks.items():
        written.append(out / f"{docname}.pptx")
        slides.save(slides.presentation(deck, guide_title, lang, date), written[-1])
    problems = slides.to_pdf(written, out) if written else []
    if not problems:
        freshness.mark(stamp, digest)
    return JobResult(name, str(out), not problems, time.perf_counter() - start, tuple(problems))


BUILDERS = {"html": build_html, "pdf": build_pdf, "slides": build_slides}


def job(fmt: str, project: Project, lang: str, overrides: dict[str, str]) -> JobResult:
    """One job in a worker: SIGTERM interrupts it as Ctrl-C would, so that
    its Sphinx process is killed and its temporary files removed; then the
    worker ends."""
    signal.signal(signal.SIGTERM, stop)
    try:
        return BUILDERS[fmt](project, lang, overrides)
    except KeyboardInterrupt:  # stopped (its Sphinx process killed, its files removed): no further job
        os._exit(130)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def plan(languages: tuple[str, ...], formats: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (format, language) jobs to run, slowest (PDF) first."""
    return [(fmt, lang) for fmt in sorted(formats, key=lambda f: f != "pdf") for lang in languages]


def page_settings(project: Project, lang: str, formats: tuple[str, ...]) -> dict[str, str]:
    """Sphinx settings that depend on what is built: the pages show the videos
    (and the PDF names their files) where the video step's programs are
    installed and the decks the videos are made from are built, by this
    build or before; so no page shows a video that will not exist, and an
    HTML-only build after a whole one keeps them."""
    decks = "slides" in formats or any(project.slides_dir(lang).glob("*.pdf"))
    return {"guide_videos": "1"} if decks and not missing_tools() else {}


def build(project: Project, languages: tuple[str, ...], formats: tuple[str, ...], workers: int | None = None) -> list[JobResult]:
    """Run the jobs in parallel, up to one per core; return their results.
    The web interface's catalogs are compiled first, the PDFs copied into the
    web site last."""
    compile_catalogs()
    jobs = plan(languages, formats)
    overrides = {lang: page_settings(project, lang, formats) for lang in languages}
    workers = max(1, min(len(jobs), workers or os.cpu_count() or 1))
    if workers == 1:
        results = [BUILDERS[fmt](project, lang, overrides[lang]) for fmt, lang in jobs]
    else:
        context = multiprocessing.get_context("fork")  # Sphinx itself runs in subprocesses
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=quiet_worker, initargs=(os.getpid(),))
        try:
            futures = [pool.submit(job, fmt, project, lang, overrides[lang]) for fmt, lang in jobs]
            results = [future.result() for future in futures]
        except BaseException:  # Ctrl-C, SIGTERM, a failed job: the other jobs stop too
            pool.shutdown(wait=False, cancel_futures=True)
            stop_workers()
            raise
        pool.shutdown()
    publish_pdfs(project, languages)
    return results
