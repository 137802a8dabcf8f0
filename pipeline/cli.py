"""Command line: ``python -m pipeline COMMAND`` (or ``guide-pipeline``).
Parses, calls a stage, prints.

Expected failures print one line per problem and exit 1, without a traceback.
``-q`` leaves only results and problems; ``-v`` adds each step with its time.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# The stages a check does not use (enrich, exchange, extract, update,
# translate, the catalog statistics) are imported by their commands: a check
# on every save starts faster.
from pipeline import check, lock, todo
from pipeline.check import output as report
from pipeline.errors import PipelineError, StageFailed
from pipeline.files import write_atomic
from pipeline.glossary import EXPORT_FORMATS, Glossary
from pipeline.glossary import load as load_glossary
from pipeline.glossary import read as read_glossary
from pipeline.project import FORMATS, KEY_VARIABLES, PROVIDERS, Project
from pipeline.terms import Matcher

if TYPE_CHECKING:
    from pipeline.catalogs import CatalogStats


@dataclass(frozen=True)
class Console:
    """What a command prints besides its results and problems."""

    verbosity: int = 0  # -1 with -q, 1 with -v
    terminal: bool = False  # standard error is a terminal

    def info(self, text: str) -> None:
        """A status line on standard output (not with -q)."""
        if self.verbosity >= 0:
            print(text)

    def warn(self, text: str) -> None:
        """A problem that does not change the outcome, on standard error (also with -q)."""
        print(f"warning: {text}", file=sys.stderr)

    def note(self, text: str) -> None:
        """A status line on standard error (not with -q)."""
        if self.verbosity >= 0:
            print(text, file=sys.stderr)

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        """Say what a long step is doing (on a terminal, or with -v), and with -v how long it took."""
        if self.verbosity > 0 or (self.verbosity == 0 and self.terminal):
            print(f"{what}…", file=sys.stderr, flush=True)
        start = time.perf_counter()
        yield
        if self.verbosity > 0:
            print(f"{what}: done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    def progress(self, done: int, total: int) -> None:
        """A progress bar on a terminal; nothing when the output goes elsewhere or with -q."""
        if self.terminal and self.verbosity >= 0 and total:
            filled = 30 * done // total
            print(f"\rtranslate [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="" if done < total else "\n",
                  file=sys.stderr, flush=True)


def holding(project: Project, args: argparse.Namespace, shared: bool = False) -> AbstractContextManager[None]:
    """The tree's lock, waited for up to ``--lock-timeout`` seconds."""
    return lock.held(project.lock, args.lock_timeout, args.console.note, shared)


def cmd_extract(project: Project, args: argparse.Namespace) -> int:
    from pipeline import enrich, extract

    glossary = load_glossary(project.glossary_dir, project.languages)  # Sphinx reads it: a malformed one stops here, exit 2
    with args.console.step("extract: the gettext templates (Sphinx)"):
        pots = extract.extract(project, enrich.template_hinter(glossary, project.targets, project.source_language))
    args.console.info(f"extract: {len(pots)} templates in {project.pot_dir.relative_to(project.root)}/")
    return 0


def cmd_update(project: Project, args: argparse.Namespace) -> int:
    from pipeline import enrich, update

    glossary = load_glossary(project.glossary_dir, project.languages)
    status_code = 0
    for lang in project.targets:
        hints = enrich.hinter(glossary, lang, project.source_language)
        memo = update.Memo(project.build / f"update-{lang}.json",
                           update.memo_key(lang, sorted(project.glossary_dir.glob("*.toml"))))
        with holding(project, args), args.console.step(f"update {lang}: merging the templates"):
            before = {str(po): po.read_bytes() for po in catalogs_in(project.po_dir(lang))}
            status = update.update(project.pot_dir, project.po_dir(lang), lang, hints, memo, args.force,
                                   getattr(args, "purge_obsolete", False))
        problem = memo.save()
        if problem:
            args.console.warn(problem)
        refused = [path for path, state in status.items() if state == update.READ_ONLY]
        for path in refused:
            print(f"{relative(Path(path))}: {update.READ_ONLY}", file=sys.stderr)
        changed = {path: state for path, state in status.items() if state not in ("unchanged", update.READ_ONLY)}
        for path, state in changed.items():
            done = todo.changes(before.get(path, b""), Path(path).read_bytes(), Path(path))
            args.console.info(f"{state}: {Path(path).relative_to(project.root)}: {done}")
        args.console.info(f"update {lang}: {len(changed)} changed, {len(status) - len(changed) - len(refused)} unchanged"
                          + (f", {len(refused)} read-only" if refused else ""))
        status_code = 1 if refused else status_code
    return status_code


def po_files(paths: list[Path]) -> list[Path]:
    """The PO files named, or found in the folders named; a missing one is an error."""
    for path in paths:
        if not path.exists():
            raise PipelineError(path, "no such file or folder")
    return sorted({po for path in paths for po in (catalogs_in(path) if path.is_dir() else [path])})


def catalogs_in(folder: Path) -> list[Path]:
    """The ``.po`` files under a folder (not folders named ``*.po``)."""
    return [path for path in folder.rglob("*.po") if not path.is_dir()]


def cmd_enrich(project: Project, args: argparse.Namespace) -> int:
    from pipeline import enrich

    files = po_files([Path(path) for path in args.paths] or [project.locale])
    matcher = Matcher(load_glossary(project.glossary_dir, project.languages), project.source_language)
    with holding(project, args):
        status = enrich.enrich_files(files, matcher, project.targets[0], args.force)
    refused = [path for path, state in status.items() if state == enrich.READ_ONLY]
    for path in refused:
        print(f"{path}: {enrich.READ_ONLY}", file=sys.stderr)
    changed = [path for path, state in status.items() if state == "enriched"]
    for path in changed:
        args.console.info(f"enriched: {path}")
    args.console.info(f"enrich: {len(changed)} changed, {len(status) - len(changed) - len(refused)} unchanged"
                      + (f", {len(refused)} read-only" if refused else ""))
    return 1 if refused else 0


def selected(value: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    return choices if value == "all" else (value,)


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    load_glossary(project.glossary_dir, project.languages)  # as in extract
    # Imported here: Sphinx's application (which the e-box's use of the extension loads too)
    # takes a quarter of a second, which other commands need not pay.
    from pipeline import build, ebox

    langs, formats = selected(args.lang, project.languages), selected(args.format, FORMATS)
    with holding(project, args, shared=True), \
            args.console.step(f"build: {', '.join(f'{f}-{lang}' for lang in langs for f in formats)} in parallel"):
        results = build.build(project, langs, formats)
    for result in results:
        state = "up to date" if result.skipped else ("ok" if result.ok else "FAILED")
        args.console.info(f"{result.name}: {state} ({result.seconds:.1f} s) -> {Path(result.output).relative_to(project.root)}")
    problems = [line for result in results for line in result.problems]
    if problems:
        raise StageFailed("build", problems)
    if args.format == "all":  # a whole build: the videos of the decks, the course packages, then the e-box that gathers everything
        cmd_video(project, args)
        cmd_lms(project, args)
        with holding(project, args, shared=True), args.console.step("ebox: the offline bundle, its zip and disc image"):
            box = ebox.assemble(project, project.languages, build.source_date(project))
            ebox.publish(project, box)
        sizes = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in box.sizes.items())
        args.console.info(f"ebox: ok ({sizes}) -> {relative(box.folder)}, {relative(box.zip)}, {relative(box.iso)}")
    return 0


def cmd_video(project: Project, args: argparse.Namespace) -> int:
    """The videos of the decks the build made; one line, not a failure, when a program they need is missing."""
    # Imported here, as in build: only this step needs Pillow and the decks' code.
    from pipeline import video
    from pipeline.sphinxext.video import missing_tools

    if missing := missing_tools():
        args.console.info(f"video: skipped: {', '.join(missing)} missing (Debian packages ffmpeg espeak-ng poppler-utils)")
        return 0
    recordings = Path(args.recordings) if getattr(args, "recordings", None) else None
    if recordings is not None and not recordings.is_dir():
        raise PipelineError(recordings, "no such folder of recordings")
    langs = selected(getattr(args, "lang", "all"), project.languages)
    with holding(project, args, shared=True), args.console.step("video: the narrated slides, their captions and transcripts"):
        made = video.build_videos(project, langs, recordings)
    size = sum(item.mp4.stat().st_size for item in made)
    fresh = sum(item.made for item in made)
    args.console.info(f"video: {len(made)} videos ({fresh} made, {len(made) - fresh} up to date), "
                      f"{sum(item.seconds for item in made) / 60:.1f} min, {size / 1e6:.1f} MB -> {relative(project.build / 'video')}")
    return 0


def cmd_lms(project: Project, args: argparse.Namespace) -> int:
    # Imported here, as in build: lxml and the Sphinx extension are not needed by other commands.
    from pipeline import lms
    from pipeline.build import source_date

    langs = selected(args.lang, project.languages)
    missing = lms.missing_sources(project)
    if missing:  # a guide without the course's quizzes (a small project): nothing for a learning platform
        args.console.note(f"lms: skipped: the project has no {', '.join(missing)}")
        return 0
    with holding(project, args, shared=True), args.console.step("lms: Moodle question banks, GIFT, SCORM packages"):
        files = lms.write(project, langs, source_date(project))
    for path in files:
        args.console.info(f"{path.relative_to(project.root)} ({path.stat().st_size:,} bytes)")
    return 0


def format_stats(name: str, stats: CatalogStats) -> str:
    percent = 100 * stats.translated / stats.total if stats.total else 100.0
    return (f"{name:<28} {percent:5.1f}%  {stats.translated:>5} {stats.fuzzy:>5} {stats.untranslated:>5}"
            f"  {stats.translated_words:>7} {stats.fuzzy_words:>6} {stats.untranslated_words:>7}")


def cmd_stats(project: Project, args: argparse.Namespace) -> int:
    from pipeline.catalogs import CatalogStats, catalog_stats, read_catalog

    for lang in project.targets:
        po_dir = project.po_dir(lang)
        print(f"{lang:<28} {'done':>6}  {'trans':>5} {'fuzzy':>5} {'untr':>5}  {'words':>7} {'fuzzy':>6} {'untr':>7}")
        total = CatalogStats()
        for po in sorted(po_dir.rglob("*.po")):
            stats = catalog_stats(read_catalog(po, locale=lang))
            total += stats
            print(format_stats(str(po.relative_to(po_dir).with_suffix("")), stats))
        print(format_stats("TOTAL", total))
    return 0


def cmd_todo(project: Project, args: argparse.Namespace) -> int:
    paths = po_files([Path(path) for path in args.paths] or [project.po_dir(lang) for lang in project.targets])
    found = todo.todo(relative(path) for path in paths)
    sys.stdout.write(todo.as_json(found) if args.format == "json" else todo.as_text(found))
    return 0


def cmd_glossary_validate(project: Project, args: argparse.Namespace) -> int:
    glossary, problems = read_glossary(project.glossary_dir, project.languages)
    if problems:
        raise StageFailed("glossary validate", [str(problem) for problem in problems], status=2)
    args.console.info(f"glossary: {len(glossary)} concepts, no problems")
    return 0


def cmd_glossary_export(project: Project, args: argparse.Namespace) -> int:
    from pipeline import exchange

    glossary = load_glossary(project.glossary_dir, project.languages)
    text = {"tbx": lambda: exchange.to_tbx(glossary), "tbx2008": lambda: exchange.to_tbx(glossary, style=exchange.TBX_2008),
            "csv": lambda: exchange.to_csv(glossary)}[args.format]()
    if args.output:
        write_atomic(Path(args.output), text.encode("utf-8"))
        args.console.note(f"glossary export: {len(glossary)} concepts -> {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_tm(project: Project, args: argparse.Namespace) -> int:
    from pipeline import memory  # rapidfuzz: only for this command

    lang = project.targets[0] if args.lang == "all" else args.lang
    found = memory.catalog_units(project.po_dir(lang), lang)
    data = memory.tmx_bytes(found, project.source_language, lang)
    write_atomic(Path(args.tmx), data)
    args.console.info(f"tm {lang}: {len(memory.read_tmx(data))} translations -> {args.tmx}")
    return 0


def cmd_glossary_import(project: Project, args: argparse.Namespace) -> int:
    from pipeline import exchange

    with holding(project, args):
        plan, written = exchange.import_file(project.glossary_dir, Path(args.file), project.languages, args.dry_run)
    if args.dry_run:
        for line in exchange.describe(plan, relative(project.glossary_dir)):
            print(line)
    for target in written:
        args.console.info(f"written: {relative(target)}")
    would = "would be " if args.dry_run else ""
    args.console.info(f"glossary import: {len(plan.added)} concepts {would}added, {len(plan.updated)} {would}updated, "
                      f"{plan.unchanged} unchanged{'; nothing written' if args.dry_run else ''}")
    return 0


def relative(path: Path) -> Path:
    """``path`` relative to the current folder if it is inside it (shorter to read and to click)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def check_inputs(project: Project, paths: list[str]) -> tuple[list[Path], list[Path], list[PipelineError]]:
    """The PO catalogs and .rst sources named (files or folders), and the names that are neither."""
    named = [Path(path) for path in paths] or [relative(path) for path in (project.locale, project.docs) if path.exists()]
    catalogs, sources, problems = [], [], []
    for path in named:
        if path.is_dir():
            catalogs += sorted(catalogs_in(path))
            sources += sorted(path.rglob("*.rst"))
        elif path.suffix == ".po" and path.exists():
            catalogs.append(path)
        elif path.suffix == ".rst" and path.exists():
            sources.append(path)
        else:
            problems.append(PipelineError(path, "no such file or folder" if not path.exists() else "not a .po or .rst file"))
    return catalogs, sources, problems


def checked(project: Project, args: argparse.Namespace) -> tuple[check.Report, list[Path], Callable[[], Glossary]]:
    """Run the checker as the options ask; the report, the files it read, and
    the glossary it used (read only when asked, if the run was answered from the cache)."""
    catalogs, sources, problems = check_inputs(project, args.paths)
    glossary_path = Path(args.glossary) if args.glossary else project.glossary_dir
    cache = None if args.no_cache else project.check_cache
    enabled = frozenset(getattr(args, "enable", None) or ())
    known = check.cached(catalogs, sources, check.glossary_sources(glossary_path), args.include_fuzzy, cache, enabled,
                         records=args.format == "html")  # only the editors' report reads every message
    if known is not None:  # kept only from a run with a glossary without problems
        return check.with_problems(known, problems), [*catalogs, *sources], \
            lambda: check.read_glossary(glossary_path, project.languages)[0]
    glossary, glossary_files, glossary_problems = check.read_glossary(glossary_path, project.languages, cache)
    with args.console.step(f"check: {len(catalogs)} catalogs and {len(sources)} sources"):
        result = check.run(catalogs, sources, glossary, glossary_files, project.targets[0] if project.targets else "es",
                           args.include_fuzzy, None if glossary_problems else cache, enabled=enabled, warn=args.console.warn)
    return check.with_problems(result, [*problems, *glossary_problems]), [*catalogs, *sources], lambda: glossary


def write_report(project: Project, result: check.Report, glossary: Callable[[], Glossary], output: str | None,
                 console: Console) -> None:
    target = Path(output) if output else project.qa_dir / "report.html"
    from pipeline.check.places import Places  # docutils: only for this report

    places = Places(project.docs, project.build / "html")
    write_atomic(target, report.html(result, glossary(), places).encode("utf-8"))
    console.note(f"check: report written to {relative(target)}")


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    # The results are made with garbage collection paused; it stays paused while
    # they are written: collecting the objects just made would scan them all (20
    # to 30 ms of a re-run after a save), and the command ends the process.
    with check.paused_gc():
        if args.list_checks:
            sys.stdout.write(report.check_table(check.CHECKS))
            return 0
        result, files, glossary = checked(project, args)
        if args.write_baseline:
            write_atomic(Path(args.write_baseline), check.baseline_text(result.findings).encode("utf-8"))
            args.console.note(f"check: {len(result.findings)} finding(s) written to {args.write_baseline}")
            return 2 if result.problems else 0
        if args.baseline:
            try:
                result = check.without_baseline(result, check.read_baseline(Path(args.baseline)))
            except PipelineError as unusable:  # unusable input, like a malformed catalog
                print(unusable, file=sys.stderr)
                return 2
        for problem in result.problems:
            print(problem, file=sys.stderr)
        if args.format == "html":
            write_report(project, result, glossary, args.output, args.console)
        else:
            formats = {"text": report.text, "json": report.json_text}
            content = formats[args.format](result) if args.format in formats else report.junit(result, [str(path) for path in files])
            if args.output:
                write_atomic(Path(args.output), content.encode("utf-8"))
            else:
                sys.stdout.write(content)
        for note in result.notes:
            args.console.note(note)
        args.console.note(report.summary(result))
        return 2 if result.problems else (1 if result.errors else 0)


def cmd_translate(project: Project, args: argparse.Namespace) -> int:
    from pipeline import translate

    if args.lang not in project.targets:
        raise PipelineError(project.root / "conf.py", f"no translation into {args.lang!r}; the targets are {list(project.targets)}")
    files = po_files([Path(path) for path in args.paths] or [relative(project.po_dir(args.lang))])
    glossary = load_glossary(project.glossary_dir, project.languages)
    service = None
    if not args.dry_run:
        secret = os.environ.get(KEY_VARIABLES.get(args.provider, ""), "")
        service = translate.Service(translate.make_provider(args.provider, args.lang, args.url), timeout=args.timeout,
                                    retries=args.retries, interval=args.interval, secrets=(secret,))
    result = translate.translate_files(files, service, glossary, args.lang, args.provider, datetime.date.today(),
                                       args.batch, args.console.progress, lambda: holding(project, args), args.force,
                                       translate.Claims(project.build / "translate-claims"))
    for where, line, text in result.planned:
        print(f"{where}:{line}: would send: {text}")
    for where, line, change in result.replaced:
        print(f"{where}:{line}: glossary: {change}")
    for finding in result.findings:
        print(finding)
    for where, line, reason in result.failed:
        print(f"{where}:{line}: not translated: {reason}", file=sys.stderr)
    if service is None:
        args.console.note(f"translate: {len(result.planned)} entries would be sent to {args.provider}; nothing sent or written")
        return 0
    args.console.note(f"translate: {result.filled} drafts written (fuzzy, for review), {len(result.failed)} left empty, "
                      f"{len(result.findings)} findings on the drafts, {service.requests} requests")
    return 1 if result.failed else 0


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from pipeline.service import serve  # Starlette and uvicorn: only for this command
    from pipeline.service.security import VARIABLE

    token = args.token or os.environ.get(VARIABLE) or None
    serve(project, args.host, args.port, token, not args.no_watch, lambda text: print(text, flush=True))
    return 0


def cmd_all(project: Project, args: argparse.Namespace) -> int:
    """extract, update, check (findings, and the HTML report), build (videos, lms and
    the e-box included), stats;
    errors found by the check stop the run before the build."""
    cmd_extract(project, args)
    cmd_update(project, args)
    result, _, glossary = checked(project, parser().parse_args(["check"], namespace=argparse.Namespace(console=args.console)))
    sys.stdout.write(report.text(result))
    write_report(project, result, glossary, None, args.console)
    args.console.info(report.summary(result))
    if result.problems or result.errors:
        errors = [f"{result.errors} error(s) in the catalogs or sources: see above, or {relative(project.qa_dir / 'report.html')}"]
        raise StageFailed("check", [str(problem) for problem in result.problems] + (errors if result.errors else []))
    cmd_build(project, args)  # with every format, the course packages and the e-box too
    if args.format == "html":
        cmd_lms(project, args)
    return cmd_stats(project, args)


class Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked
    (reading the installed packages' metadata costs every other command 20 ms)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("migrant-sp-guide")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "unknown"
        sys.stdout.write(f"{parser.prog} {found}\n")
        parser.exit()


def verbosity_options(suppress: bool) -> argparse.ArgumentParser:
    """-q, -v and --lock-timeout, accepted before or after the command's name."""
    options = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress else 0
    options.add_argument("--lock-timeout", type=float, metavar="SECONDS", default=argparse.SUPPRESS if suppress else 600.0,
                         help="how long a command that writes catalogs or the glossary waits for another one (default 600)")
    group = options.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=default,
                       help="print only results and problems")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1, default=default,
                       help="also say what each step does and how long it takes")
    return options


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m pipeline", description="Build the guide in every language and format.",
                                   parents=[verbosity_options(suppress=False)])
    main.add_argument("--version", action=Version)
    main.add_argument("--root", default=".", help="project root (where conf.py is); default: current folder")
    sub = main.add_subparsers(dest="command", required=True)
    common = [verbosity_options(suppress=True)]
    sub.add_parser("extract", parents=common, help="write the gettext templates (_build/gettext/*.pot)").set_defaults(run=cmd_extract)
    forcing = argparse.ArgumentParser(add_help=False)
    forcing.add_argument("--force", action="store_true", help="also write catalogs that have no write permission")
    updating = sub.add_parser("update", parents=[*common, forcing], help="merge the templates into locale/<lang>/LC_MESSAGES/*.po, with glossary hints and the translation memory")
    updating.add_argument("--purge-obsolete", action="store_true", help="drop the obsolete (#~) entries, translated ones too")
    updating.set_defaults(run=cmd_update)
    enrich_command = sub.add_parser("enrich", parents=[*common, forcing], help="refresh the glossary hints (#. Glossary: ...) in PO files")
    enrich_command.add_argument("paths", nargs="*", help="PO files or folders (default: locale/)")
    enrich_command.set_defaults(run=cmd_enrich)
    for name, run, help_text in (("build", cmd_build, "build HTML, PDF and (with --format all) the e-box"), ("all", cmd_all, "extract, update, check, build, stats")):
        command = sub.add_parser(name, parents=[*common, forcing] if name == "all" else common, help=help_text)
        command.add_argument("--lang", default="all", help="a language code, or all (default)")
        command.add_argument("--format", default="all", choices=(*FORMATS, "all"))
        command.set_defaults(run=run)
    glossary = sub.add_parser("glossary", parents=common, help="validate, export or import the glossary").add_subparsers(dest="action", required=True)
    glossary.add_parser("validate", parents=common, help="report every problem in glossary/ as FILE:LINE: reason").set_defaults(run=cmd_glossary_validate)
    export = glossary.add_parser("export", parents=common, help="write the glossary as TBX-Basic (TBX v3, or TBX 2008 for translate-toolkit and Weblate) or the full CSV")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="tbx")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(run=cmd_glossary_export)
    imported = glossary.add_parser("import", parents=common, help="add and update the concepts of a TBX or CSV file; writes nothing if a row is bad")
    imported.add_argument("file", help="a .tbx or .csv file")
    imported.add_argument("--dry-run", action="store_true", help="print the changes per concept and write nothing")
    imported.set_defaults(run=cmd_glossary_import)
    video_command = sub.add_parser("video", parents=common, help="after the slides: a narrated video per deck, with captions and a transcript (_build/video/<lang>/)")
    video_command.add_argument("--lang", default="all", help="a language code, or all (default)")
    video_command.add_argument("--recordings", metavar="DIR", help="human recordings to use instead of the synthesizer: DIR/<doc>/<nn>.wav|.mp3|.ogg, 01 the title slide")
    video_command.set_defaults(run=cmd_video)
    lms_command = sub.add_parser("lms", parents=common, help="Moodle question banks, GIFT and SCORM 1.2 packages (_build/lms/<lang>/)")
    lms_command.add_argument("--lang", default="all", help="a language code, or all (default)")
    lms_command.set_defaults(run=cmd_lms)
    listing = sub.add_parser("todo", parents=common, help="untranslated and fuzzy entries per catalog, with words and path:line")
    listing.add_argument("paths", nargs="*", help="PO files or folders (default: locale/<lang>/LC_MESSAGES)")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=cmd_todo)
    memory_command = sub.add_parser("tm", parents=common, help="export the translation memory (every reviewed translation) as TMX")
    memory_command.add_argument("--tmx", required=True, metavar="FILE", help="the TMX file to write")
    memory_command.add_argument("--lang", default="all", help="the target language (default: the first)")
    memory_command.set_defaults(run=cmd_tm)
    sub.add_parser("stats", parents=common, help="translated, fuzzy and untranslated messages and words per document").set_defaults(run=cmd_stats)
    checker = sub.add_parser("check", parents=common, help="check PO catalogs against the glossary, and the English sources",
                             description="Exit status: 0 no errors, 1 errors found, 2 unusable input.")
    checker.add_argument("paths", nargs="*", help="PO or .rst files, or folders (default: locale/ and docs/)")
    checker.add_argument("--glossary", help="a glossary folder, or a .csv or .tbx file (default: glossary/)")
    checker.add_argument("--format", choices=report.FORMATS, default="text",
                         help="text (default), json, junit, or html (written to _build/qa/report.html)")
    checker.add_argument("-o", "--output", help="write the report to this file")
    checker.add_argument("--include-fuzzy", action="store_true", help="check fuzzy entries too")
    checker.add_argument("--enable", action="append", metavar="CHECK", choices=sorted(c.id for c in check.CHECKS if c.opt_in),
                         help="run an opt-in check too: term-variant (admitted variants used side by side)")
    checker.add_argument("--baseline", help="ignore the findings recorded in this file")
    checker.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit")
    checker.add_argument("--no-cache", action="store_true", help="check every file, ignoring earlier results")
    checker.add_argument("--list-checks", action="store_true", help="print the table of checks (id, severity, what it finds) and exit")
    checker.set_defaults(run=cmd_check, standalone=True)
    drafts = sub.add_parser("translate", parents=[*common, forcing], help="fill untranslated entries with machine drafts (fuzzy, for review)",
                            description="API keys come from the environment only: DEEPL_API_KEY, LIBRE_API_KEY. "
                                        "Exit status 1 if an entry could not be translated.")
    drafts.add_argument("paths", nargs="*", help="PO files or folders (default: locale/<lang>/LC_MESSAGES)")
    drafts.add_argument("--lang", required=True, help="the target language, e.g. es")
    drafts.add_argument("--provider", choices=PROVIDERS, default="libre")
    drafts.add_argument("--url", help="a self-hosted LibreTranslate server, e.g. http://localhost:5000/")
    drafts.add_argument("--dry-run", action="store_true", help="show what would be sent; send and write nothing")
    drafts.add_argument("--batch", type=int, default=20, help="entries per batch; each file is saved after every batch")
    drafts.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one answer (default 30)")
    drafts.add_argument("--interval", type=float, default=0.2, help="seconds between requests (default 0.2)")
    drafts.add_argument("--retries", type=int, default=4, help="tries after a failure that may pass: 429, 5xx, "
                                                               "lost connection, timeout (default 4, waiting 1, 2, 4, 8 s)")
    drafts.set_defaults(run=cmd_translate)
    server = sub.add_parser("serve", parents=common, help="the localization service: live preview, QA dashboard, glossary, JSON API",
                            description="Read-only. Listening beyond 127.0.0.1 needs a token (--token or PIPELINE_TOKEN).")
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    server.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free port)")
    server.add_argument("--token", help="the token every request must carry (default: $PIPELINE_TOKEN)")
    server.add_argument("--no-watch", action="store_true", help="serve what is built; do not build or watch for changes")
    server.set_defaults(run=cmd_serve)
    return main


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # files and pipes get UTF-8; a terminal that cannot show «ñ» gets \xf1
            stream.reconfigure(errors="backslashreplace") if stream.isatty() else stream.reconfigure(encoding="utf-8")
    args = parser().parse_args(argv)
    args.console = Console(args.verbosity, sys.stderr.isatty())
    signal.signal(signal.SIGINT, signal.default_int_handler)  # from here Ctrl-C stops cleanly, with one line
    signal.signal(signal.SIGTERM, interrupt)  # as Ctrl-C: workers are stopped and temporary files removed
    try:
        project = Project.find(args.root) if getattr(args, "standalone", False) else Project.load(args.root)
        if getattr(args, "lang", "all") not in (*project.languages, "all"):
            raise PipelineError(project.root / "conf.py", f"unknown language {args.lang!r}; guide_languages is {list(project.languages)}")
        status: int = args.run(project, args)
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return status
    except PipelineError as exc:  # unusable input
        print(exc, file=sys.stderr)
        return 2
    except StageFailed as exc:
        print(exc, file=sys.stderr)
        return exc.status
    except OSError as exc:  # what no stage expected: a full disk, a file that vanished, no permission
        if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141
        print(f"{exc.filename or 'pipeline'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        with suppress(OSError):
            print("interrupted", file=sys.stderr, flush=True)
            sys.stdout.flush()
        os._exit(130)  # at once: an executor's thread interrupted mid-way may never end, and exit would wait for it
