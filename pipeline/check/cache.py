"""Results of unchanged catalogs, kept between runs."""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import PipelineError
from pipeline.files import write_atomic

if TYPE_CHECKING:
    from pipeline.check.runner import FileResult, Report


Stamp = tuple[int, int, int, int]  # size, inode, mtime and ctime (ns): any write or replacement changes one
Stamps = tuple[tuple[str, Stamp | None], ...]
# A file changed this recently may change again within the same clock tick
# of the file system (2 s on FAT), leaving its stamp as it was: its results
# are not kept (git's "racy clean" rule).
RACY_NS = 2_000_000_000


class Cache:
    """Results of catalogs that have not changed since the last run with the
    same glossary, code and options. A file is stamped before it is read; its
    results are kept only if its stamp is the same after the run and it was
    not changed in the last seconds before it, so a file saved during a run is
    checked again next time. A second, small file keeps the whole report of
    the last run but its records (the catalogs' results hold them), for a
    re-run where nothing changed at all. Results are
    kept in two files: all of them as they were at some run, and those that
    changed since (a run that checked one file writes little); the two are
    merged into the first when the second has grown to a quarter of it, and
    the results of files that are no longer there are then dropped."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.key = key
        self.files: dict[str, tuple[Stamp, FileResult]] = {}  # both files, merged
        self.recent: dict[str, tuple[Stamp, FileResult]] = {}  # the second one
        self.loaded = False
        self.started = time.time_ns()

    @property
    def report_path(self) -> Path | None:
        return self.path.with_name(self.path.stem + "-report.pickle") if self.path else None

    @property
    def recent_path(self) -> Path | None:
        return self.path.with_name(self.path.stem + "-recent.pickle") if self.path else None

    def load(self, path: Path | None) -> object:
        """What ``path`` holds for this key, or None (also if it is damaged or older)."""
        try:
            stored_key, value = pickle.loads(path.read_bytes()) if path and path.is_file() else (None, None)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return value if stored_key == self.key else None

    def keep(self, value: object) -> None:
        """Store ``value`` under this key in ``path`` (read back by ``load``)."""
        if self.path:
            write_atomic(self.path, pickle.dumps((self.key, value), protocol=pickle.HIGHEST_PROTOCOL))

    def report(self, stamps: Stamps, records: bool = True) -> Report | None:
        """The last run's report if every file is as it was then; without its
        records (every message checked, which only the editors' report reads)
        unless ``records``: these come from the catalogs' kept results."""
        stored = self.load(self.report_path)
        if not (isinstance(stored, tuple) and stored[0] == stamps and self.steady(stamps)):
            return None
        report: Report = stored[1]
        if not records:
            return report
        self.load_files()
        catalogs = [(self.files.get(name), stamp) for name, stamp in stamps if name in report.languages]
        results = [kept[1] for kept, stamp in catalogs if kept is not None and kept[0] == stamp]
        if len(results) < len(catalogs):
            return None
        return replace(report, records=tuple(record for result in results for record in result.records))

    def steady(self, stamps: Stamps) -> bool:
        """Every file is as it was stamped, and none had just changed then."""
        return all(stamp is not None and stamp[2] < self.started - RACY_NS and self.stamp(Path(name)) == stamp
                   for name, stamp in stamps)

    def save_report(self, stamps: Stamps, report: Report) -> None:
        """Keep the report, without its records (the catalogs' results have them)."""
        if self.report_path and self.steady(stamps):
            write_atomic(self.report_path, pickle.dumps((self.key, (stamps, replace(report, records=()))),
                                                        protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def stamp(path: Path) -> Stamp | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns

    def load_files(self) -> None:
        if not self.loaded:
            stored, recent = self.load(self.path), self.load(self.recent_path)
            self.files = stored if isinstance(stored, dict) else {}
            self.recent = recent if isinstance(recent, dict) and self.files else {}
            self.files.update(self.recent)
            self.loaded = True

    def get(self, path: Path) -> FileResult | None:
        self.load_files()
        stored = self.files.get(str(path))
        return stored[1] if stored and stored[0] == self.stamp(path) else None

    def save(self, results: dict[Path, FileResult], stamps: Stamps) -> None:
        """Keep the results of the files that were steady while they were read
        (``stamps``: taken before), with those of other files kept before."""
        if not self.path or not self.recent_path:
            return
        self.load_files()
        before = dict(stamps)
        changed = {str(path): (stamp, result) for path, result in results.items()
                   if self.files.get(str(path), (None, None))[1] is not result
                   and (stamp := before.get(str(path))) and self.steady(((str(path), stamp),))}
        if not changed:
            return
        self.files.update(changed)
        self.recent.update(changed)
        if len(self.recent) * 4 > len(self.files):
            # merged: the results of catalogs that are no longer there (renamed, deleted) go
            self.files = {name: kept for name, kept in self.files.items() if os.path.exists(name)}
            write_atomic(self.path, pickle.dumps((self.key, self.files), protocol=pickle.HIGHEST_PROTOCOL))
            try:
                self.recent_path.unlink(missing_ok=True)
            except OSError as exc:
                raise PipelineError(self.recent_path, f"cannot be removed: {exc.strerror}") from None
            self.recent = {}
        else:
            write_atomic(self.recent_path, pickle.dumps((self.key, self.recent), protocol=pickle.HIGHEST_PROTOCOL))
