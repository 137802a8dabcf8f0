"""Worker processes end with the command that started them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.check import runner
from pipeline.processes import Forked


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def job_with_a_copy(pid_file: Path) -> None:
    """A job that forks a copy of itself (as the PDF job does) and waits for it."""
    waiting = Forked(lambda: time.sleep(60))
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


def test_the_workers_of_a_command_killed_outright_end(tmp_path: Path) -> None:
    script = tmp_path / "command.py"
    script.write_text("\n".join([
        "import multiprocessing, os, sys, time",
        "from concurrent.futures import ProcessPoolExecutor",
        "from pipeline.processes import quiet_worker",
        "pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context('fork'),",
        "                           initializer=quiet_worker, initargs=(os.getpid(),))",
        "futures = [pool.submit(time.sleep, 60) for _ in range(2)]",
        "open(sys.argv[1], 'w').write(' '.join(str(p.pid) for p in multiprocessing.active_children()))",
        "time.sleep(60)",
    ]))
    command = subprocess.Popen([sys.executable, str(script), str(tmp_path / "workers")])
    deadline = time.monotonic() + 20
    while not (tmp_path / "workers").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(pid) for pid in (tmp_path / "workers").read_text().split()]
    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    command.kill()  # SIGKILL: nothing runs in it to stop them
    command.wait()
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


def children() -> set[int]:
    """The live child processes of this one (of any of its threads)."""
    tasks = Path(f"/proc/{os.getpid()}/task").iterdir()
    found = {int(pid) for task in tasks for pid in (task / "children").read_text().split()}
    return {pid for pid in found if alive(pid)}


def shares(items: list[int]) -> list[int]:
    """A share of work that fails in the first share, and runs long in the others."""
    if 0 in items:
        raise ValueError("the first share failed")
    time.sleep(60)
    return items


def test_a_failed_share_stops_the_forked_copies() -> None:
    before = children()
    start = time.monotonic()
    with pytest.raises(ValueError, match="first share failed"):
        runner.shared(3, shares, [0, 1, 2])
    assert time.monotonic() - start < 10 and children() == before
    assert runner.shared(2, lambda items: [item * 2 for item in items], [1, 2, 3]) == [2, 4, 6]

