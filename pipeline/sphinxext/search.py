"""Numbers and instrument codes in the search.

Sphinx leaves numbers out of its index and out of queries, so "157" or
"C157" found nothing. Here every number, and every code of an ILO
Convention or Recommendation (``C157``, ``C097``, ``R202``), is indexed and
searched as one token per value, ``n157``: "157", "C157" and "Convention
No. 157" meet. The index keeps the code as well; a query asks for the token
only (Sphinx wants every word of a query on a page). The rule runs in Python
(the index) and in JavaScript (the query), for every search language of the guide.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish
from sphinx.search.es import SearchSpanish

NUMBER = re.compile(r"^[CcRr]?(\d+)$")

# splitQuery, as Sphinx's (split on what is not a letter, a digit or "_"),
# then each number or code as its token.
JS_SPLITTER = r"""
var splitQuery = (query) => {
  const words = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((term) => term);
  const out = [];
  for (const word of words) {
    const number = word.match(/^[CcRr]?(\d+)$/);
    out.push(number ? "n" + String(parseInt(number[1], 10)) : word);
  }
  return out;
};
"""


def number_token(word: str) -> str | None:
    """``"157"``, ``"C157"``, ``"C0157"`` -> ``"n157"``; other words: None."""
    match = NUMBER.match(word)
    return f"n{int(match.group(1))}" if match else None


def with_numbers(words: list[str]) -> list[str]:
    """The words, each number or code followed by its token (bare numbers,
    which Sphinx drops anyway, replaced by it)."""
    out: list[str] = []
    for word in words:
        token = number_token(word)
        if token:
            out.append(token)
        if not word.isdigit():
            out.append(word)
    return out


def searchable(base: type[SearchLanguage]) -> type[SearchLanguage]:
    """``base`` (a Sphinx search language) that also indexes numbers and codes."""

    def split(self: SearchLanguage, input: str) -> list[str]:
        return with_numbers(base.split(self, input))

    return type(base.__name__, (base,), {"split": split, "js_splitter_code": JS_SPLITTER})


def setup(app: Sphinx) -> None:
    for language in (SearchEnglish, SearchSpanish):
        app.add_search_language(searchable(language))
