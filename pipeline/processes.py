"""Worker processes that end with the command that started them.

A command stopped by Ctrl-C or SIGTERM stops its workers (``stop_workers``).
Whatever it misses ends with its parent (``die_with_parent``): a process
forked by a worker (the PDF job's second writer), a worker forked but not
yet registered when the signal landed, the workers of a command killed
outright. Otherwise such a process would outlive the command, keeping its
output open and its caller waiting.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

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
