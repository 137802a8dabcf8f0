"""Reading a built PDF as a reader would: its contents page and its headings.

Shared by the tests of the mini project and of the real guide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

LEADER = re.compile(r"^(?P<title>.*?)[\s.]*?(?P<number>\d+)$", re.S)


@dataclass(frozen=True)
class Entry:
    """One line of the contents: its text, the number printed after it, the page its link goes to (0-based)."""

    title: str
    printed: int
    target: int


def flat_outline(reader: PdfReader) -> list[tuple[str, int]]:
    """Every bookmark, in order, as (title, 0-based page)."""
    out: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((normal(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline)
    return out


def normal(text: str) -> str:
    """Text with hyphenation undone and whitespace collapsed."""
    return " ".join(text.replace("\u2010\n", "").replace("\u00ad", "").split())


def link_target(reader: PdfReader, annotation: Any) -> int | None:
    """The 0-based page an internal link goes to, or None for an external one."""
    dest = annotation.get("/Dest")
    if dest is None:
        action = annotation.get("/A", {})
        dest = action.get("/D") if action.get("/S") == "/GoTo" else None
    if dest is None:
        return None
    if isinstance(dest, str) or not hasattr(dest, "__getitem__"):
        named = reader.named_destinations[str(dest)]
        return reader.get_destination_page_number(named)
    return reader.get_page_number(dest[0].get_object() if hasattr(dest[0], "get_object") else dest[0])


def placed_text(page: Any) -> list[tuple[float, float, str]]:
    """The pieces of text of a page with the point where each starts."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        pieces.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return pieces


def text_in(pieces: list[tuple[float, float, str]], rect: list[float]) -> str:
    """The text that starts inside a rectangle (``/Rect``, in any corner order)."""
    x0, x1 = sorted((rect[0], rect[2]))
    y0, y1 = sorted((rect[1], rect[3]))
    return "".join(text for x, y, text in pieces if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1)


def contents_entries(reader: PdfReader, first: int, last: int) -> list[Entry]:
    """The entries of the contents printed on pages ``first`` to ``last`` (0-based,
    inclusive); an entry broken over two lines is one entry."""
    entries: list[Entry] = []
    for index in range(first, last + 1):
        page = reader.pages[index]
        lines: dict[tuple[float, int], list[float]] = {}  # WeasyPrint links a line, its leader and its number
        for annotation in page.get("/Annots", []):
            link = annotation.get_object()
            target = link_target(reader, link) if link["/Subtype"] == "/Link" else None
            if target is None:
                continue
            rect = [float(v) for v in link["/Rect"]]
            key = (round(max(rect[1], rect[3]), 1), target)
            if key not in lines or min(rect[0], rect[2]) < min(lines[key][0], lines[key][2]):
                lines[key] = rect
        pieces = placed_text(page)
        group: list[tuple[str, int]] = []
        for (_, target), rect in sorted(lines.items(), key=lambda item: -item[0][0]):
            text = normal(text_in(pieces, rect))
            if group and group[-1][1] == target and not re.search(r"\d$", group[-1][0]):
                group[-1] = (f"{group[-1][0]} {text}", target)
            else:
                group.append((text, target))
        for text, target in group:
            match = LEADER.match(text)
            assert match, f"page {index + 1}: no page number in contents entry {text!r}"
            entries.append(Entry(match["title"].strip(" ."), int(match["number"]), target))
    return entries


def check_contents(reader: PdfReader) -> list[str]:
    """Every contents entry whose printed number, link or heading disagree:
    the link must go to the page where the entry's heading is printed (found
    in order in the bookmarks and in the page's text), and the printed number
    must be that page's number (pages are numbered from 1 on the cover)."""
    outline = flat_outline(reader)
    contents_page = next(page for title, page in outline if title in {"Contents", "Índice"})
    after = min(page for _, page in outline if page > contents_page)
    entries = contents_entries(reader, contents_page, after - 1)
    problems: list[str] = []
    position = 0
    for entry in entries:
        found = next((i for i in range(position, len(outline)) if outline[i][0] == entry.title), None)
        if found is None:
            problems.append(f"{entry.title!r}: no bookmark with this title after the previous entry's")
            continue
        position = found + 1
        heading_page = outline[found][1]
        if entry.title not in normal(reader.pages[heading_page].extract_text()):
            problems.append(f"{entry.title!r}: its bookmark's page {heading_page + 1} does not show the heading")
        if entry.target != heading_page:
            problems.append(f"{entry.title!r}: links to page {entry.target + 1}, heading on page {heading_page + 1}")
        if entry.printed != heading_page + 1:
            problems.append(f"{entry.title!r}: printed page {entry.printed}, heading on page {heading_page + 1}")
    if not entries:
        problems.append("no contents entries found")
    return problems



def labels_of(reader: PdfReader, text: str) -> list[str]:
    """The list labels ("b)") printed on the same line as, and left of, each
    occurrence of ``text``, in page order (text extraction puts floated
    labels elsewhere)."""
    labels: list[str] = []
    for page in reader.pages:
        pieces = placed_text(page)
        for x, y, piece in pieces:
            if piece.strip().startswith(text):
                left = [(px, label.strip()) for px, py, label in pieces
                        if abs(py - y) < 1 and px < x and re.fullmatch(r"[a-j]\)", label.strip())]
                labels += [max(left)[1]] if left else ["?"]
    return labels


def text_by_marking(page: Any) -> list[tuple[str, str]]:
    """Each piece of text of a page with the marked-content tag it is drawn
    in (``Artifact``, ``Span``...; ``""`` for none)."""
    stack: list[str] = []
    out: list[tuple[str, str]] = []

    def operator(op: bytes, args: list[Any], *_: Any) -> None:
        if op in (b"BDC", b"BMC"):
            stack.append(str(args[0]).lstrip("/"))
        elif op == b"EMC" and stack:
            stack.pop()

    def text(piece: str, *_: Any) -> None:
        if piece.strip():
            out.append((piece.strip(), stack[-1] if stack else ""))

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return out


def hyphen_stacks(reader: PdfReader, at_least: int) -> list[tuple[int, int]]:
    """(page number, lines) for every run of ``at_least`` or more consecutive
    lines that end with a hyphenation hyphen."""
    stacks: list[tuple[int, int]] = []
    for index, page in enumerate(reader.pages):
        run = 0
        for line in [*page.extract_text().split("\n"), ""]:
            if line.rstrip().endswith("\u2010"):
                run += 1
                continue
            if run >= at_least:
                stacks.append((index + 1, run))
            run = 0
    return stacks
