"""The concordance: every rendering of each concept, with counts and places."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOTS

from pipeline import check, glossary
from pipeline.check.concordance import Place, Usage, concordance

MINI = glossary.load(ROOTS / "mini" / "glossary")
CATALOG = '''msgid ""
msgstr ""
"Language: es\\n"

msgid "Benefits are paid."
msgstr "Se pagan prestaciones."

msgid "A benefit abroad."
msgstr "Una prestación en el extranjero."

msgid "The benefit is due."
msgstr "Se debe el beneficio."

# ignore-term-forbidden: quoted from a national law
msgid "The benefit, in law."
msgstr "El beneficio, en la ley."

msgid "Benefit rules."
msgstr "Normas aplicables."

msgid "Rules apply."
msgstr "Se aplica el beneficio."
'''


def test_each_rendering_with_its_count_and_places_across_catalogs(tmp_path: Path) -> None:
    first, second = tmp_path / "a.po", tmp_path / "b.po"
    first.write_text(CATALOG, encoding="utf-8")
    second.write_text(CATALOG.split("\n\n", 3)[0] + "\n\nmsgid \"Benefits.\"\nmsgstr \"Prestaciones.\"\n", encoding="utf-8")
    report = check.run([first, second], [], MINI, [])
    found = {used.id: used for used in concordance(report.records, MINI, "es")}
    benefit = found["benefit"]
    assert (benefit.english, benefit.preferred) == (("benefit",), "prestación")
    assert benefit.usages == (
        Usage("prestación", "preferred", (Place(str(first), 6), Place(str(first), 9), Place(str(second), 6))),
        Usage("beneficio", "forbidden", (Place(str(first), 12), Place(str(first), 16),  # suppressed too: it is used
                                         Place(str(first), 22))),  # where the English has no benefit
        Usage("", "missing", (Place(str(first), 19),)),
    )
    assert (benefit.messages, benefit.problems) == (7, 4)
    assert list(found) == [concept.id for concept in MINI]  # every concept, in glossary order
    assert found["social-security"].usages == ()
