"""The tree's lock: a second writer waits with one line, then gives up; a killed holder lets it go."""

from __future__ import annotations

import subprocess
import sys

from pipeline.project import Project


def test_a_writer_waits_for_the_lock_with_one_line_then_gives_up(mini: Project) -> None:
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; from pipeline import lock\n"
                               "with lock.held(Path(sys.argv[1]), 5, print):\n    print('held', flush=True); time.sleep(60)",
                               str(mini.lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = subprocess.run([sys.executable, "-m", "pipeline", "update", "--lock-timeout", "0.5"], cwd=mini.root,
                                capture_output=True, text=True, check=False, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and len(lines) == 2, result.stderr
    assert lines[0].startswith("waiting for another command") and "--lock-timeout" in lines[1]
    later = subprocess.run([sys.executable, "-m", "pipeline", "update", "--lock-timeout", "0.5"], cwd=mini.root,
                           capture_output=True, text=True, check=False, timeout=60)
    assert later.returncode == 0, later.stderr  # the kernel let the lock go with the killed holder
