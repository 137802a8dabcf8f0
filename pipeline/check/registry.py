"""Registering a check: the ``@check`` decorator alone; what a check needs is an attribute."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

SEVERITIES = ("error", "warning")
SCOPES = ("entry", "comments", "catalogs", "source")
Problem = tuple[str, str | None]  # a message, and the glossary term concerned


class Finding(NamedTuple):
    """One problem, where a translator or editor can jump to it."""

    file: str
    line: int
    check: str
    severity: str
    message: str
    msgctxt: str | None = None
    msgid: str | None = None
    term: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.check}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


Example = tuple[str, ...]  # (English, translation[, translator comments]), or (reStructuredText,) for a source check


@dataclass(frozen=True)
class Check:
    """A registered check: a stable id, a severity, the function, and what it needs."""

    id: str
    severity: str
    scope: str  # "entry" (one message), "comments" (its comments), "catalogs" (all messages) or "source" (.rst)
    run: Callable[..., Iterator]
    terms: bool = True  # entry checks: looks at glossary terms, so runs only on messages with some
    opt_in: bool = False  # runs only when asked for (``check --enable <id>``)
    suppressible: bool = True  # False: the build refuses such a text too, whatever a comment says
    example: tuple[Example, ...] = ()  # messages (or a paragraph) it finds a problem in, for the contract test

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.run.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence of the docstring."""
        return re.split(r"(?<=[^.])\.\s+(?=[A-Z])", " ".join(self.doc.split("\n\n")[0].split()))[0].rstrip(".") + "."


# Every check, by id, in the order they are defined: the ``@check`` decorator is the only registration.
REGISTRY: dict[str, Check] = {}


def check(check_id: str, severity: str, scope: str = "entry", *, terms: bool = True, opt_in: bool = False,
          suppressible: bool = True, example: tuple[Example, ...] = ()) -> Callable[[Callable[..., Iterator]], Check]:
    """Register a function as the check ``check_id``; two checks cannot share an id."""
    if severity not in SEVERITIES or scope not in SCOPES:
        raise ValueError(f"check {check_id!r}: severity must be one of {SEVERITIES}, scope one of {SCOPES}")

    def register(function: Callable[..., Iterator]) -> Check:
        registered = Check(check_id, severity, scope, function, terms, opt_in, suppressible, example)
        known = REGISTRY.get(check_id)
        if known is not None and known.run.__qualname__ != function.__qualname__:
            raise ValueError(f"two checks are named {check_id!r}: {known.run.__qualname__} and {function.__qualname__}")
        REGISTRY[check_id] = registered
        return registered

    return register
