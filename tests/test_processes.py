"""Worker processes end with the command that started them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
