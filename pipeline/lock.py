"""One writer at a time: the lock every command that writes catalogs or the
glossary holds while it reads, changes and writes them.

A lock on an open file (``flock``): the kernel lets it go when the process
ends, however it ends, so a killed command never leaves the tree locked. A
build holds it shared (builds read the catalogs side by side; a writer waits
for them), the others exclusively.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PipelineError

POLL = 0.05  # seconds between tries while another command holds the lock


@contextmanager
def held(path: Path, timeout: float, notice: Callable[[str], None], shared: bool = False) -> Iterator[None]:
    """Hold the lock at ``path`` (created if need be) for the ``with``
    block. If another command holds it, say so once through ``notice`` and
    wait up to ``timeout`` seconds; then a ``PipelineError``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise PipelineError(path, f"the lock cannot be taken: {exc.strerror}") from None
    try:
        wait(fd, path, timeout, notice, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # lets the lock go


def wait(fd: int, path: Path, timeout: float, notice: Callable[[str], None], mode: int) -> None:
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            raise PipelineError(path, f"another command has been writing the catalogs or the glossary for {timeout:g} s; "
                                      "try again when it ends, or wait longer with --lock-timeout")
        if not told:
            notice(f"waiting for another command that writes the catalogs or the glossary (up to {timeout:g} s)")
            told = True
        time.sleep(POLL)
