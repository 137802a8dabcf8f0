"""Results of unchanged catalogs, kept between runs."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.catalogs import write_atomic

if TYPE_CHECKING:
    from pipeline.check.runner import FileResult, Report


class Cache:
    """Results of catalogs that have not changed since the last run with the
    same glossary, code and options: a file is matched by size and mtime. A
    second, small file keeps the whole report of the last run, for a re-run
    where nothing changed at all."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.key = key
        self.files: dict[str, tuple[tuple[int, int], FileResult]] = {}
        self.loaded = False

    @property
    def report_path(self) -> Path | None:
        return self.path.with_name(self.path.stem + "-report.pickle") if self.path else None

    def load(self, path: Path | None) -> object:
        """What ``path`` holds for this key, or None (also if it is damaged or older)."""
        if not path or not path.is_file():
            return None
        try:
            stored_key, value = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return value if stored_key == self.key else None

    def report(self, stamps: tuple[tuple[str, tuple[int, int] | None], ...]) -> Report | None:
        stored = self.load(self.report_path)
        return stored[1] if isinstance(stored, tuple) and stored[0] == stamps else None

    def save_report(self, stamps: tuple[tuple[str, tuple[int, int] | None], ...], report: Report) -> None:
        if self.report_path:
            write_atomic(self.report_path, pickle.dumps((self.key, (stamps, report)), protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def stamp(path: Path) -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    def get(self, path: Path) -> FileResult | None:
        if not self.loaded:
            stored = self.load(self.path)
            self.files, self.loaded = stored if isinstance(stored, dict) else {}, True
        stored = self.files.get(str(path))
        return stored[1] if stored and stored[0] == self.stamp(path) else None

    def save(self, results: dict[Path, FileResult]) -> None:
        if not self.path:
            return
        files = {str(path): (stamp, result) for path, result in results.items() if (stamp := self.stamp(path))}
        if files != self.files:
            write_atomic(self.path, pickle.dumps((self.key, files), protocol=pickle.HIGHEST_PROTOCOL))
