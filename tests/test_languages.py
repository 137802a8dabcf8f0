"""Target languages behind one interface: Spanish rules, exact matching for the others."""

from __future__ import annotations

from pathlib import Path

from pipeline import check, glossary
from pipeline.languages import SPANISH, language

BENEFIT = glossary.Glossary((glossary.Concept(
    id="benefit", pos="noun", source="s", note="n", definitions={"en": "d"},
    terms={"en": (glossary.Term("benefit", "preferred"),),
           "es": (glossary.Term("prestación", "preferred", "f"), glossary.Term("beneficio", "forbidden", "m")),
           "fr": (glossary.Term("prestation", "preferred", "f"), glossary.Term("bénéfice", "forbidden", "m"))}),))


def catalog(folder: Path, lang: str, *pairs: tuple[str, str]) -> Path:
    path = folder / f"{lang}.po"
    body = f'msgid ""\nmsgstr "Language: {lang}\\n"\n\n' + "".join(f'msgid "{en}"\nmsgstr "{tr}"\n\n' for en, tr in pairs)
    path.write_text(body, encoding="utf-8")
    return path


def test_spanish_has_rules_and_a_regional_code_is_spanish() -> None:
    assert language("es") is SPANISH and language("es_MX") is SPANISH and language("es-419") is SPANISH
    assert SPANISH.inflect("prestación", None, True, True) == "Prestaciones"


def test_a_language_without_rules_matches_exactly_and_says_so_once(tmp_path: Path) -> None:
    french = language("fr")
    assert not french.rules and french.fold("Prestation") == "prestation"
    path = catalog(tmp_path, "fr", ("Benefits are paid.", "Les prestations sont versées."),
                   ("A benefit is paid.", "Une prestation est versée."), ("A benefit.", "Un bénéfice."))
    report = check.run([path], [], BENEFIT, [])
    # no French plural rule: «prestations» is not the term; the forbidden variant is still found, as written
    assert [(f.line, f.check) for f in report.findings] == [(5, "term-missing"), (11, "term-forbidden")]
    assert "write 'prestation'" in report.findings[1].message
    assert report.notes == ("check: no language rules for 'fr': glossary terms are matched exactly as written "
                            "(or as their glossary plural)",)


def test_spanish_catalogs_get_no_note(tmp_path: Path) -> None:
    path = catalog(tmp_path, "es", ("Benefits are paid.", "Se pagan prestaciones."))
    report = check.run([path], [], BENEFIT, [])
    assert report.findings == () and report.notes == ()
