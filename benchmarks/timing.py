"""The benchmarks' shared timing helper."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(label: str, run: Callable[[], object], repeat: int = 3, unit: str = "s") -> object:
    """Run ``run`` ``repeat`` times, print the best time in ``unit`` (s or ms), return its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:8.1f} ms" if unit == "ms" else f"{label:<58} {best:8.3f} s")
    return result
