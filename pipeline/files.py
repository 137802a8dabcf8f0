"""Writing a file in one step, as every stage writes: a reader sees the old
file or the new one, never half of either."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from pipeline.errors import PipelineError


class ReadOnly(PipelineError):
    """A file without write permission, left as it is."""

    def __init__(self, path: str | Path, message: str = "read-only: not written (--force writes it)",
                 line: int | None = None) -> None:
        super().__init__(path, message, line)


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step: a reader sees old or new.
    A symbolic link stays a link: its target is replaced (in the target's
    folder, so still in one step). The file keeps its permissions; a file
    without write permission is ``ReadOnly`` unless ``force``. A device or
    pipe (``-o /dev/null``, ``/dev/stdout``) is written to, never replaced.
    A file that cannot be written is a ``PipelineError``."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise PipelineError(path, f"cannot be written: {exc.strerror}") from None
        return
    if mode is not None and not force and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise ReadOnly(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PipelineError(path, f"cannot be written: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PipelineError(path, f"cannot be written: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
