"""The one filter for untrusted text: a translation carries only the markup of its source.

Translators, machine translation and imported glossaries are less trusted
than the maintainers who write ``conf.py`` and the English ``.rst`` sources.
``unsafe(source, text)`` lists what ``text`` adds that reStructuredText or
Sphinx would act on rather than print:

* explicit markup: any directive (``include``, ``raw``, ``csv-table``,
  ``image``, ``only``, ``meta`` ...), a role definition (``.. role::``), a
  substitution definition (``.. |x| replace::``), an explicit or anonymous
  target (``.. _x: URL``, ``__ URL``), a footnote or a comment;
* a role the source does not use (``:download:``, ``:raw-html:`` ...), or a
  file role (``:download:``) that points at another file;
* a link whose scheme is not http, https or mailto (``javascript:``,
  ``data:``, ``file:``), written as ``<...>`` or standalone.

Interface strings (a project's own ``sphinx.po``, which the theme's
templates insert unescaped) may not add ``<``, ``>``, ``&`` or quotes
(``unsafe_html``).

The text is read as docutils reads it: every Unicode line break starts a
line, backslash escapes are dropped and whitespace inside a link target does
not count. The build extension (before Sphinx parses a translated message),
the checker (``markup-unsafe``), machine drafts and glossary import all call
this module.
"""

from __future__ import annotations

import re
from collections import Counter

from docutils.utils import urischemes

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
HTML_SPECIAL = "<>&\"'"
FILE_ROLES = frozenset({"download"})  # roles whose target is a file the build copies
SIMPLENAME = r"(?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*"  # docutils' role and directive names
ROLE = re.compile(rf"(?<![\w\\]):(?P<name>{SIMPLENAME}):`(?P<body>(?:[^`\\]|\\.)*)`"
                  rf"|`(?P<body2>(?:[^`\\]|\\.)*)`:(?P<name2>{SIMPLENAME}):")
ROLE_NAME = re.compile(rf"[:`](?:({SIMPLENAME}):`|:({SIMPLENAME}):)")  # a role, before or after its text
EMBEDDED = re.compile(r"<([^<>]*)>\s*$", re.DOTALL)  # the target of `text <target>`_
INTERPRETED = re.compile(r"`((?:[^`\\]|\\.)+)`")
COLON = re.compile(r":(?=\S)")  # where a standalone URI's scheme may end
SCHEME_BEFORE = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]*\Z")  # the word before that colon
EXPLICIT = re.compile(r"(?:\.\.|__)(?:\s|$)")
DIRECTIVE = re.compile(rf"\.\.\s+({SIMPLENAME})\s*::")


def lines(text: str) -> list[str]:
    """The lines of ``text`` as docutils splits them (any Unicode line break)."""
    return text.splitlines()


def explicit_blocks(text: str) -> Counter[str]:
    """Each explicit markup construct (``.. ...`` or ``__ ...``) with the
    option lines under it, whitespace collapsed."""
    found: Counter[str] = Counter()
    rows = lines(text)
    for number, row in enumerate(rows):
        stripped = row.lstrip()
        if not EXPLICIT.match(stripped):
            continue
        indent = len(row) - len(stripped)
        block = [stripped]
        for option in rows[number + 1:]:
            if not option.strip() or len(option) - len(option.lstrip()) <= indent or not option.lstrip().startswith(":"):
                break
            block.append(option.strip())
        found[" ".join(" ".join(block).split())] += 1
    return found


def describe_block(block: str) -> str:
    """What an explicit markup construct is, for a translator."""
    if block.startswith("__"):
        return "an anonymous link target"
    directive = DIRECTIVE.match(block)
    if directive and directive[1].lower() == "role":
        return "a role definition"
    if directive:
        return f"the directive '.. {directive[1]}::'"
    rest = block[2:].lstrip()
    if rest.startswith("|"):
        return "a substitution definition"
    if rest.startswith("_"):
        return "a link target"
    if rest.startswith("["):
        return "a footnote or citation"
    return "a comment"


def role_names(text: str) -> set[str]:
    """The names of the roles ``text`` uses, in lower case as docutils reads them."""
    return {(match[1] or match[2]).lower() for match in ROLE_NAME.finditer(text)}


def roles(text: str) -> Counter[tuple[str, str]]:
    """The roles of ``text`` as (name, target) pairs; names in lower case as docutils reads them."""
    found: Counter[tuple[str, str]] = Counter()
    for match in ROLE.finditer(text):
        name = (match["name"] or match["name2"]).lower()
        body = match["body"] if match["body"] is not None else match["body2"]
        embedded = EMBEDDED.search(body)
        found[(name, unescape(embedded[1] if embedded else body))] += 1
    return found


def unescape(text: str) -> str:
    """``text`` without backslashes and whitespace, as docutils reads a target."""
    return "".join(text.replace("\\", "").split())


def scheme(target: str) -> str | None:
    """The URI scheme of a link target, lower case; None for a relative one."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", unescape(target))
    return match[1].lower() if match else None


def links(text: str) -> set[str]:
    """The schemes other than http, https and mailto that links of ``text``
    use: in embedded targets (``<...>`` in backquotes) and standalone URIs."""
    found = set()
    for match in INTERPRETED.finditer(text):
        embedded = EMBEDDED.search(match[1])
        if embedded and scheme(embedded[1]) not in (None, *SAFE_SCHEMES):
            found.add(str(scheme(embedded[1])))
    plain = text.replace("\\", "")
    for colon in COLON.finditer(plain):
        word = SCHEME_BEFORE.search(plain, max(0, colon.start() - 24), colon.start())
        if word and word[0].lower() in urischemes.schemes and word[0].lower() not in SAFE_SCHEMES:
            found.add(word[0].lower())
    return found


def safe_uri(uri: str) -> bool:
    """Whether a link in the output may point at ``uri``: relative, or http, https or mailto."""
    return scheme(uri) in (None, *SAFE_SCHEMES)


def unsafe(source: str, text: str) -> list[str]:
    """What ``text`` (a translation of ``source``) adds that the build would
    act on, one reason each; empty if ``text`` is safe to parse."""
    reasons = []
    if ".." in text or "__" in text:
        blocks = explicit_blocks(text)
        for block in sorted((blocks - explicit_blocks(source) if blocks else blocks).elements()):
            reasons.append(f"adds {describe_block(block)} ({shorten(block)}), which the English does not have")
    if "`" in text and (added := role_names(text) - role_names(source)):
        reasons += [f"adds the role :{name}:, which the English does not use" for name in sorted(added)]
    for name in FILE_ROLES & role_names(text) & role_names(source) if "`" in text else ():
        files = Counter(target for role, target in roles(text).elements() if role == name)
        known = Counter(target for role, target in roles(source).elements() if role == name)
        reasons += [f"points :{name}: at another file ({shorten(target)})" for target in sorted((files - known).elements())]
    if ":" in text and (schemes := links(text)):
        for name in sorted(schemes - links(source)):
            reasons.append(f"adds a '{name}:' link: only http, https and mailto links are allowed")
    return reasons


def unsafe_html(source: str, text: str) -> list[str]:
    """What an interface string (a theme's "Search", "Next"...) adds that
    HTML would read as markup: Sphinx's templates insert these strings as
    they are, unescaped."""
    added = sorted(set(HTML_SPECIAL) & set(text) - set(source))
    return [f"adds {' '.join(added)} to an interface string, which the theme puts into the HTML unescaped"] if added else []


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
