"""What one running service holds: its project, its memo of computed
values, and the live preview's builder (no module-level state)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.check import Terminology
from pipeline.glossary import glossary_files
from pipeline.project import Project
from pipeline.service import data
from pipeline.service.live import Builder


@dataclass
class State:
    project: Project
    builds: Builder
    memo: data.Memo = field(default_factory=data.Memo)

    def terminology(self, lang: str) -> Terminology:
        """The glossary ready for the checker in ``lang``, made again when the glossary changes."""
        found, _ = data.glossary(self.project, self.memo)
        return self.memo.get(f"terminology-{lang}", glossary_files(self.project.glossary_dir),
                             lambda: Terminology.build(found, lang, self.project.source_language))
