"""Worker processes that end with the command that started them.

A command stopped by Ctrl-C or SIGTERM stops its workers (``stop_workers``).
Whatever it misses ends with its parent (``die_with_parent``): a forked
copy (``Forked``: the PDF job's second writer, the check's second reader),
a worker forked but not yet registered when the signal landed, the workers
of a command killed outright. Otherwise such a process would outlive the
command, keeping its output open and its caller waiting.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from typing import Generic, TypeVar

T = TypeVar("T")

PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal for this process when its parent ends


def die_with_parent(parent: int, signum: int = signal.SIGTERM) -> None:
    """In a process just forked from ``parent``: receive ``signum`` when the
    parent ends, however it ends (on Linux; elsewhere nothing is set); end
    now if it has already ended."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(130)


def quiet_worker(parent: int) -> None:
    """A worker's start: it leaves Ctrl-C to the main process, which stops it
    with SIGTERM (between jobs that ends it at once), and it ends with the
    main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


def stop_workers(grace: float = 5.0) -> None:
    """SIGTERM to every worker (each then stops its job and cleans up);
    SIGKILL to one still running after ``grace`` seconds."""
    import multiprocessing  # here: a command that started no worker (a check on every save) does not load it

    workers = multiprocessing.active_children()
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(grace)
        if process.is_alive():
            process.kill()
            process.join()


class Forked(Generic[T]):
    """``work`` running in a forked copy of this process, which starts with
    everything this one holds (nothing is sent to it) and sends back only its
    result. Call it to wait for the result (an exception the work raised is
    raised here); ``stop`` ends the copy if it is still running."""

    def __init__(self, work: Callable[[], T]) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the copy: do the work, send the result, leave at once; or end with its parent
            os.close(read)
            try:
                die_with_parent(parent, signal.SIGKILL)
                data, status = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL), 0
            except BaseException as exc:  # noqa: BLE001 -- the copy must never return into its parent's code
                data, status = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}")), 1
            with os.fdopen(write, "wb") as out:
                out.write(data)
            os._exit(status)
        os.close(write)
        self.pid: int | None = pid
        self.read = read

    def __call__(self) -> T:
        with os.fdopen(self.read, "rb") as pipe:
            self.read = -1  # closed with the pipe
            data = pipe.read()
        status = self.reap()
        value = pickle.loads(data) if data else RuntimeError("a forked copy stopped without a result")
        if status or isinstance(value, RuntimeError):
            raise value
        return value

    def reap(self) -> int:
        """Wait for the copy to end; its wait status."""
        if self.pid is None:
            return 0
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return status

    def stop(self) -> None:
        """End the copy, if it has not been waited for."""
        if self.pid is not None:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.reap()
        if self.read >= 0:
            os.close(self.read)
            self.read = -1
