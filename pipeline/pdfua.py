"""Two PDF/UA repairs WeasyPrint (70) does not make by itself, and one speed fix.

* Running headers and folios: WeasyPrint draws the text of page-margin boxes
  as tagged content (``/Span`` with an MCID) but leaves it out of the
  structure tree, so it is neither content nor artifact. Here it is written
  as ``/Artifact`` marked content, which assistive technology skips.
* Link descriptions: WeasyPrint gives each link annotation its target as
  ``/Contents`` ("term-c143"); here it is the link's text.
* pydyf rebuilds its list of page references at every look-up, and the
  structure tree looks one up for every element (22,000 times for the
  guide, 3 s); here the list is kept while the number of pages is the same.

All are applied only inside ``accessible_rendering()``, by wrapping
WeasyPrint and pydyf functions, and undone on leaving it; the PDF jobs run in their
own processes. Tests read the resulting PDFs (``tests/test_build.py``), so a
WeasyPrint release that changes these internals fails them, not the readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def link_description(element: Any, target: str) -> str:
    """What a link says: its text, else its ``title``, else its target."""
    text = " ".join("".join(element.itertext()).split()) if element is not None else ""
    return text or (element.get("title", "") if element is not None else "") or target


@contextmanager
def accessible_rendering() -> Iterator[None]:
    """Within this block, WeasyPrint writes margin boxes as artifacts and links with readable descriptions."""
    import pydyf
    import weasyprint.document as document_module
    import weasyprint.pdf as pdf_module
    import weasyprint.pdf.tags as tags_module
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf.stream import Stream

    add_links, build_box_tree = pdf_module.add_links, tags_module._build_box_tree
    draw_page, marked = document_module.draw_page, Stream.marked
    page_references = pydyf.PDF.page_references

    def described_links(links_and_anchors: Any, *args: Any) -> None:
        add_links(links_and_anchors, *args)
        for _, target, _, box in links_and_anchors[0]:
            if (annotation := getattr(box, "link_annotation", None)) is not None:
                annotation["Contents"] = pydyf.String(link_description(box.element, str(target)))

    def tree_without_margins(box: Any, *args: Any) -> Any:
        return iter(()) if isinstance(box, boxes.MarginBox) else build_box_tree(box, *args)

    def draw_with_pagination(page: Any, stream: Any) -> None:
        stream.pagination = {id(box) for margin in page.children if isinstance(margin, boxes.MarginBox)
                             for box in margin.descendants()}
        draw_page(page, stream)

    def marked_or_artifact(self: Any, box: Any, tag: str) -> Any:
        return self.artifact() if id(box) in getattr(self, "pagination", ()) else marked(self, box, tag)

    def kept_page_references(self: Any) -> tuple[bytes, ...]:
        key = len(self.pages["Kids"])
        if getattr(self, "kept_page_references", (None, ()))[0] != key:
            self.kept_page_references = (key, page_references.fget(self))
        return self.kept_page_references[1]

    pdf_module.add_links, tags_module._build_box_tree = described_links, tree_without_margins
    document_module.draw_page, Stream.marked = draw_with_pagination, marked_or_artifact
    pydyf.PDF.page_references = property(kept_page_references)
    try:
        yield
    finally:
        pdf_module.add_links, tags_module._build_box_tree = add_links, build_box_tree
        document_module.draw_page, Stream.marked = draw_page, marked
        pydyf.PDF.page_references = page_references
