"""Stage 5, build: HTML sites and tagged PDFs in every language.

``_build/html/<lang>/`` is a full site per language. The PDF is the
single-page HTML of the ``guide-print`` theme, rendered by WeasyPrint as
PDF/UA-1 into ``_build/pdf/guide-<lang>.pdf``. Jobs run in parallel, one
process each; warnings from Sphinx or WeasyPrint fail the job.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalogs import write_atomic
from pipeline.project import Project
from pipeline.sphinxext.interface import compile_catalogs
from pipeline.sphinxrun import run_sphinx, sphinx_command

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class JobResult:
    """One build job's outcome."""

    name: str
    output: str
    ok: bool
    seconds: float
    problems: tuple[str, ...] = ()
    skipped: bool = False


def build_html(project: Project, lang: str) -> JobResult:
    """Build the HTML site of one language (incrementally)."""
    start = time.perf_counter()
    out = project.html_dir(lang)
    cmd = sphinx_command(project.root, project.docs, out, project.doctrees(f"html-{lang}"), "html", lang)
    result = run_sphinx(cmd, project.root)
    return JobResult(f"html-{lang}", str(out), result.ok, time.perf_counter() - start, result.problems)


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors, which fail the PDF job."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: Path) -> tuple[bytes, list[str]]:
    """Render a print HTML file as a tagged PDF/UA-1; return it and any warnings."""
    import weasyprint  # imported here: only PDF jobs need it, and it is slow to load

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        pdf = weasyprint.HTML(filename=str(html)).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    finally:
        logger.removeHandler(handler)
    return pdf, [f"{html}: WeasyPrint: {message}" for message in handler.messages]


def print_digest(folder: Path) -> str:
    """A digest of everything the PDF is made from (the print HTML tree)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".doctrees" not in p.parts):
        if path.suffix in {".html", ".css", ".png", ".jpg", ".svg", ".ttf", ".otf", ".woff", ".woff2"}:
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_pdf(project: Project, lang: str) -> JobResult:
    """Build one language's PDF; skip WeasyPrint if its input is unchanged."""
    start = time.perf_counter()
    name, target = f"pdf-{lang}", project.pdf_path(lang)
    html_dir = project.print_html_dir(lang)
    cmd = sphinx_command(
        project.root, project.docs, html_dir, project.doctrees(f"print-{lang}"), "singlehtml", lang,
        tags=("pdf",), overrides={"html_theme": "guide-print", "html_permalinks": "0"},
    )
    result = run_sphinx(cmd, project.root)
    if not result.ok:
        return JobResult(name, str(target), False, time.perf_counter() - start, result.problems)
    digest = print_digest(html_dir)
    stamp = target.with_suffix(".sha256")
    if target.exists() and stamp.exists() and stamp.read_text() == digest:
        return JobResult(name, str(target), True, time.perf_counter() - start, skipped=True)
    pdf, problems = render_pdf(html_dir / "index.html")
    if problems:
        return JobResult(name, str(target), False, time.perf_counter() - start, tuple(problems))
    write_atomic(target, pdf)
    write_atomic(stamp, digest.encode())
    return JobResult(name, str(target), True, time.perf_counter() - start)


def publish_pdfs(project: Project, languages: tuple[str, ...]) -> None:
    """Copy each language's PDF into the web site (``_build/html/pdf/``),
    where the pages link to it, so that publishing ``_build/html`` is enough."""
    for lang in languages:
        source, copy = project.pdf_path(lang), project.build / "html" / "pdf" / project.pdf_path(lang).name
        if source.is_file() and (not copy.is_file() or copy.read_bytes() != source.read_bytes()):
            write_atomic(copy, source.read_bytes())


BUILDERS = {"html": build_html, "pdf": build_pdf}


def plan(languages: tuple[str, ...], formats: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (format, language) jobs to run, slowest (PDF) first."""
    return [(fmt, lang) for fmt in sorted(formats, key=lambda f: f != "pdf") for lang in languages]


def build(project: Project, languages: tuple[str, ...], formats: tuple[str, ...], workers: int | None = None) -> list[JobResult]:
    """Run the jobs in parallel, up to one per core; return their results.
    The web interface's catalogs are compiled first, the PDFs copied into the
    web site last."""
    compile_catalogs()
    jobs = plan(languages, formats)
    workers = max(1, min(len(jobs), workers or os.cpu_count() or 1))
    if workers == 1:
        results = [BUILDERS[fmt](project, lang) for fmt, lang in jobs]
    else:
        context = multiprocessing.get_context("fork")  # Sphinx itself runs in subprocesses
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(BUILDERS[fmt], project, lang) for fmt, lang in jobs]
            results = [future.result() for future in futures]
    publish_pdfs(project, languages)
    return results
