"""Errors are values: one line each, and intact after crossing a process boundary."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from pipeline.errors import PipelineError, StageFailed


def fail(kind: str) -> None:
    if kind == "pipeline":
        raise PipelineError("a.po", "no space left on device", 3)
    raise StageFailed("build", ["a.rst:1: bad", "b.rst:2: worse"])


def test_errors_survive_pickling() -> None:
    error = pickle.loads(pickle.dumps(PipelineError("a.po", "bad", 7)))
    assert (str(error), error.line) == ("a.po:7: bad", 7)
    stage = pickle.loads(pickle.dumps(StageFailed("check", ["x: y"], status=2)))
    assert (str(stage), stage.status) == ("x: y\ncheck failed (1 problem(s))", 2)


@pytest.mark.parametrize(("kind", "text"), [("pipeline", "a.po:3: no space left on device"),
                                            ("stage", "a.rst:1: bad\nb.rst:2: worse\nbuild failed (2 problem(s))")])
def test_an_error_raised_in_a_worker_reaches_the_parent_as_it_was(kind: str, text: str) -> None:
    with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises((PipelineError, StageFailed)) as caught:
        pool.submit(fail, kind).result()
    assert str(caught.value) == text
