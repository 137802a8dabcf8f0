"""Where an editor opens a message: its line in the catalog, and its place in the built edition."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.core import publish_doctree

REFERENCE = re.compile(r"(?P<path>.+?)(?::(?P<line>\d+))?\Z")


def sections(text: str, path: Path) -> list[tuple[int, str]]:
    """(line of the title, id) of each section of a reStructuredText
    document, in order: the ids Sphinx gives them (from the English title,
    in every edition). Sphinx's own roles and directives are unknown here,
    which only leaves their content out."""
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(), "doctitle_xform": False,
                "file_insertion_enabled": False, "raw_enabled": False}
    doctree = publish_doctree(text, source_path=str(path), settings_overrides=settings)
    return [(section[0].line or 0, section["ids"][0]) for section in doctree.findall(nodes.section)
            if section["ids"] and isinstance(section[0], nodes.title)]


@dataclass
class Places:
    """Links for the editors' report: ``sources`` is the folder of the
    English ``.rst`` documents, ``html`` the folder of the built editions
    (``<html>/<lang>/<doc>.html``)."""

    sources: Path
    html: Path
    known: dict[Path, list[tuple[int, str]]] = field(default_factory=dict, repr=False)

    def page(self, lang: str, references: tuple[str, ...]) -> str | None:
        """The address of a message in the built edition in ``lang``: the page
        of the document its first ``#:`` reference names, at the section
        that holds that line; None if the reference names no document here."""
        for reference in references:
            match = REFERENCE.match(reference)
            if not match:
                continue
            document = self.document(match["path"])
            if document is None:
                continue
            path = self.sources / document
            if path not in self.known:
                try:
                    self.known[path] = sections(path.read_text(encoding="utf-8"), path)
                except (OSError, UnicodeDecodeError):
                    self.known[path] = []
            line = int(match["line"] or 0)
            anchors = [anchor for start, anchor in self.known[path] if start <= line]
            address = (self.html / lang / document).with_suffix(".html").resolve().as_uri()
            return address + (f"#{anchors[-1]}" if anchors else "")
        return None

    def document(self, reference: str) -> str | None:
        """The source document a ``#:`` path names (relative to wherever the
        templates were extracted): the ``.rst`` under ``sources`` it ends with."""
        parts = Path(reference).parts
        for start in range(len(parts)):
            candidate = Path(*parts[start:])
            if candidate.suffix == ".rst" and ".." not in candidate.parts and (self.sources / candidate).is_file():
                return candidate.as_posix()
        return None
