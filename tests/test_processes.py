"""Worker processes end with the command that started them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from pipeline import build
from pipeline.processes import quiet_worker, starting_workers, stop_workers


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def job_with_a_copy(pid_file: Path) -> None:
    """A job that forks a copy of itself (as the PDF job does) and waits for it."""
    waiting = build.forked(lambda: time.sleep(60))
    pid_file.write_text(str(os.getpid()))
    waiting()


def test_a_forked_copy_ends_when_its_job_is_killed(tmp_path: Path) -> None:
    worker = multiprocessing.get_context("fork").Process(target=job_with_a_copy, args=(tmp_path / "pid",))
    worker.start()
    deadline = time.monotonic() + 10
    while not (tmp_path / "pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    copies = [int(task.name) for task in Path(f"/proc/{worker.pid}/task").iterdir()]  # the worker's threads
    children = {int(pid) for task in copies
                for pid in Path(f"/proc/{worker.pid}/task/{task}/children").read_text().split()}
    assert len(children) == 1
    os.kill(worker.pid, signal.SIGKILL)  # stopped as hard as can be: no cleanup runs in it
    worker.join()
    (copy,) = children
    deadline = time.monotonic() + 5
    while alive(copy) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(copy)


def test_a_signal_while_workers_start_comes_once_all_are_known() -> None:
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"),
                               initializer=quiet_worker, initargs=(os.getpid(),))
    workers: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        try:
            with starting_workers():
                os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the workers are forked
                for _ in range(2):
                    pool.submit(time.sleep, 0.1)
                workers = [process.pid for process in multiprocessing.active_children()]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            stop_workers()
    assert len(workers) == 2  # the signal came after both were registered, and stopped both
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
