"""Knowing that a stage's output is current without running the stage.

A stage that is slow to start (Sphinx, WeasyPrint) records a digest of
everything its output is made from in a stamp file; the next run computes
the digest again, and when it equals the stamp, skips the stage. The digest
covers the input files (names and bytes), the Python version and the
installed distributions with their versions (a new Sphinx or theme rebuilds),
and anything else the caller names (options, the sources' date).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from pipeline.files import write_atomic


def installed() -> str:
    """The Python version and every installed distribution with its version."""
    names = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    return "\n".join([sys.version, *names])


def tree(folder: Path, skip: tuple[str, ...] = (".mo", ".pyc")) -> list[Path]:
    """The files under ``folder``, sorted, without compiled ones."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix not in skip)


def digest(files: Iterable[Path], base: Path, *extra: str) -> str:
    """A digest of the files (their paths relative to ``base``, and bytes),
    the installed software and ``extra``."""
    hasher = hashlib.sha256("\0".join([installed(), *extra]).encode())
    for path in files:
        name = path.relative_to(base) if path.is_relative_to(base) else Path(path.name)
        hasher.update(f"\0{name}\0".encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def is_fresh(stamp: Path, value: str, *outputs: Path) -> bool:
    """True if ``stamp`` holds ``value`` and every output exists."""
    return all(path.exists() for path in outputs) and stamp.is_file() and stamp.read_text() == value


def mark(stamp: Path, value: str) -> None:
    """Record that the outputs are current for ``value``."""
    write_atomic(stamp, value.encode())
