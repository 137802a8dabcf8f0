"""Live preview: watch the sources, the catalogs and the glossary, and
rebuild the HTML editions they affect, in the background and one build at a
time, with the pipeline's own incremental build (``build.build``). Open
pages poll ``/_live/status`` and reload when a build finished; a failed build's
problems (``path:line: ...``) are shown on the page."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from watchfiles import Change, awatch

from pipeline import lock
from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.service.data import Stamp, stamp

WATCHED_SUFFIXES = (".rst", ".po", ".toml", ".py", ".css", ".html", ".svg", ".png", ".jpg")
LOCK_TIMEOUT = 600.0  # seconds to wait for a command that writes catalogs or the glossary


@dataclass(frozen=True)
class Status:
    """The last build: ``generation`` goes up by one when a build ends."""

    generation: int = 0
    state: str = "idle"  # "idle", "building", "failed"
    problems: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"generation": self.generation, "state": self.state, "problems": list(self.problems),
                "languages": list(self.languages), "seconds": round(self.seconds, 2)}


def affected(project: Project, changed: set[Path]) -> tuple[str, ...]:
    """The editions a change rebuilds: a catalog its own language's, anything else (sources, glossary) every one."""
    langs: set[str] = set()
    for path in changed:
        if path.suffix == ".po" and path.is_relative_to(project.locale):
            langs.add(path.relative_to(project.locale).parts[0])
        else:
            return project.languages
    return tuple(lang for lang in project.languages if lang in langs)


def relevant(change: Change, path: str) -> bool:
    """Files a build reads (not editors' backups, nor the compiled ``.mo`` catalogs)."""
    return path.endswith(WATCHED_SUFFIXES) and "/." not in path


@dataclass
class Builder:
    """Builds the HTML editions when asked, one build at a time."""

    project: Project
    status: Status = field(default_factory=Status)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def watched(self) -> list[Path]:
        return [folder for folder in (self.project.docs, self.project.locale, self.project.glossary_dir) if folder.is_dir()]

    def inputs(self) -> Stamp:
        return stamp(sorted(path for folder in self.watched() for path in folder.rglob("*") if relevant(Change.modified, str(path))))

    def build(self, langs: tuple[str, ...]) -> Status:
        """Build ``langs`` (HTML) now, again if an input changed meanwhile; the status it ends with."""
        # Imported here: Sphinx's import is slow, and only a build needs it.
        from pipeline import build

        with self.guard:
            self.status = replace(self.status, state="building", languages=langs)
            start = time.perf_counter()
            problems: list[str] = []
            while True:
                before = self.inputs()
                try:
                    with lock.held(self.project.lock, LOCK_TIMEOUT, lambda text: None, shared=True):
                        results = build.build(self.project, langs, ("html",), workers=1)
                    problems = [line for result in results for line in result.problems]
                except PipelineError as exc:  # the lock was not had in time
                    problems = [str(exc)]
                if self.inputs() == before:  # else a file was saved during the build: once more
                    break
            self.status = Status(self.status.generation + 1, "failed" if problems else "idle", tuple(problems), langs,
                                 time.perf_counter() - start)
            return self.status

    async def watch(self, stop: asyncio.Event) -> None:
        """Build every edition, then rebuild what each change affects until ``stop`` is set."""
        await asyncio.to_thread(self.build, self.project.languages)
        async for changes in awatch(*self.watched(), watch_filter=relevant, stop_event=stop, step=200):
            langs = affected(self.project, {Path(path) for _, path in changes})
            if langs:
                await asyncio.to_thread(self.build, langs)
