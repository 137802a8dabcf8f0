"""The errors users see: each problem is one line, ``path:line: what is wrong``."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """An expected failure: bad input or a failed stage, reported in one line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = str(path)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[type[PipelineError], tuple[str, str, int | None]]:
        """Picklable as it was made, so that it crosses from a worker process intact."""
        return PipelineError, (self.path, self.message, self.line)


class StageFailed(Exception):
    """A stage that found several problems, each already one line; ``status``
    is the exit status (2: unusable input, such as a malformed glossary)."""

    def __init__(self, stage: str, problems: list[str] | tuple[str, ...], status: int = 1) -> None:
        super().__init__(stage)
        self.stage = stage
        self.problems = tuple(problems)
        self.status = status

    def __str__(self) -> str:
        return "\n".join([*self.problems, f"{self.stage} failed ({len(self.problems)} problem(s))"])

    def __reduce__(self) -> tuple[type[StageFailed], tuple[str, tuple[str, ...], int]]:
        return StageFailed, (self.stage, self.problems, self.status)
