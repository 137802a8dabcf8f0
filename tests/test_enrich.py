"""Glossary hints in the PO files: content, idempotence, what is never touched."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from conftest import ROOTS

from pipeline import enrich, glossary, update
from pipeline.catalogs import catalog_bytes, read_catalog
from pipeline.project import Project
from pipeline.terms import Matcher

MATCHER = Matcher(glossary.load(ROOTS / "mini" / "glossary"))


def test_hints_name_the_approved_and_the_forbidden_terms() -> None:
    assert enrich.hints("Benefits reach the ILO, MERCOSUR and each illegal migrant.", MATCHER, "es") == [
        "Glossary: benefit → prestación (not: beneficio)",
        "Glossary: ILO → OIT",
        "Glossary: MERCOSUR → MERCOSUR (do not translate)",
        "Glossary: illegal migrant → migrante en situación irregular (not: inmigrante ilegal)",
    ]
    assert enrich.hints("The International Labour Organization.", MATCHER, "es") == [
        "Glossary: International Labour Organization → Organización Internacional del Trabajo"]
    assert enrich.hints("Nothing here.", MATCHER, "es") == []


def catalog_with(message_id: str, string: str = "", **fields: object) -> Catalog:
    catalog = Catalog(locale="es")
    catalog.add(message_id, string, **fields)
    return catalog


def test_enrich_replaces_old_hints_and_keeps_everything_else() -> None:
    catalog = catalog_with(
        "Every benefit counts.", "Cada prestación cuenta.",
        auto_comments=["A comment from the source.", "Glossary: benefit → ventaja", "(wrapped)"],
        user_comments=["Translator: checked with the editor."], flags=["fuzzy"],
    )
    message = enrich.enrich(catalog, MATCHER, "es")["Every benefit counts."]
    assert message.auto_comments == ["A comment from the source.", "Glossary: benefit → prestación (not: beneficio)"]
    assert message.user_comments == ["Translator: checked with the editor."]
    assert message.string == "Cada prestación cuenta." and message.fuzzy


def test_enrich_is_idempotent_through_a_po_file_with_long_hints(tmp_path) -> None:
    text = "The ILO wants every benefit to reach each migrant in an irregular situation."
    first = catalog_bytes(enrich.enrich(catalog_with(text), MATCHER, "es"))
    # one line however long, as GNU gettext writes extracted comments
    assert b"#. Glossary: migrant in an irregular situation \xe2\x86\x92 migrante en situaci\xc3\xb3n irregular" in first
    path = tmp_path / "x.po"
    path.write_bytes(first)
    again = enrich.enrich(read_catalog(path, locale="es"), MATCHER, "es")
    assert catalog_bytes(again) == first


def test_obsolete_messages_lose_their_hints() -> None:
    catalog = catalog_with("Old benefit.", "Prestación antigua.")
    catalog.obsolete["Old benefit."] = catalog._messages.pop("Old benefit.")
    catalog.obsolete["Old benefit."].auto_comments = ["Glossary: benefit → prestación (not: beneficio)"]
    assert enrich.enrich(catalog, MATCHER, "es").obsolete["Old benefit."].auto_comments == []


def test_update_adds_hints_and_a_rerun_writes_nothing(mini: Project) -> None:
    from pipeline import extract

    extract.extract(mini)
    def finish(catalog):
        return enrich.enrich(catalog, MATCHER, "es")
    po = mini.po_dir("es") / "module1.po"
    po.write_text(po.read_text().replace("#. Glossary: ILO → OIT\n", ""))  # a catalog from before a glossary change
    assert update.update(mini.pot_dir, mini.po_dir("es"), "es", finish)[str(po)] == "updated"
    text = po.read_text()
    assert "#. Glossary: contribution → cotización (not: contribución)\n#: ../../docs/module1.rst:22\n" in text
    assert text.count("#. Glossary: ILO → OIT\n") == 2
    assert set(update.update(mini.pot_dir, mini.po_dir("es"), "es", finish).values()) == {"unchanged"}
