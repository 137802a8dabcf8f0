"""Baselines: the findings to tolerate when adopting the checker."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.check.registry import Finding
from pipeline.check.runner import Report
from pipeline.errors import PipelineError


def baseline_key(finding: Finding) -> str:
    """What identifies a finding across edits: not its line, which moves."""
    return json.dumps([finding.file, finding.check, finding.msgctxt, finding.msgid, finding.term,
                       finding.message if finding.msgid is None else ""], ensure_ascii=False)


def baseline_text(findings: Iterable[Finding]) -> str:
    """A baseline file: the findings to tolerate, one JSON list per line, sorted."""
    return "".join(f"{key}\n" for key in sorted(baseline_key(finding) for finding in findings))


def read_baseline(path: Path) -> Counter[str]:
    """The findings recorded in a baseline file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(path, f"cannot be read: {exc}") from None
    known: Counter[str] = Counter()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PipelineError(path, f"not a baseline line: {exc.msg}", number) from None
        if not (isinstance(value, list) and len(value) == 6):
            raise PipelineError(path, "not a baseline line: expected a list of 6 values", number)
        known[json.dumps(value, ensure_ascii=False)] += 1
    return known


def with_problems(report: Report, problems: list[PipelineError]) -> Report:
    """``report`` with more unusable input added."""
    return dataclasses.replace(report, problems=(*problems, *report.problems))


def without_baseline(report: Report, known: Counter[str]) -> Report:
    """``report`` without the findings a baseline already records."""
    left = Counter(known)
    kept = []
    for finding in report.findings:
        key = baseline_key(finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(finding)
    return dataclasses.replace(report, findings=tuple(kept), baselined=len(report.findings) - len(kept))

