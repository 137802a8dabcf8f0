"""The checks, on real PO and .rst files against the mini project's glossary."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from conftest import ROOTS

from pipeline import check, glossary
from pipeline.check import Finding, runner
from pipeline.check.concordance import concordance

MINI = glossary.load(ROOTS / "mini" / "glossary")
# One concept with a preferred and an admitted Spanish variant.
AGREEMENTS = glossary.Glossary((glossary.Concept(
    id="ssa", pos="noun", source="s", note="n", definitions={"en": "d", "es": "d"},
    terms={"en": (glossary.Term("social security agreement", "preferred"),),
           "es": (glossary.Term("convenio de seguridad social", "preferred", "m"),
                  glossary.Term("acuerdo de seguridad social", "admitted", "m"))}),))
HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'


def po(tmp_path: Path, *entries: str, name: str = "doc.po") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(entries), encoding="utf-8")
    return path


def entry(msgid: str, msgstr: str, comments: str = "") -> str:
    return f'{comments}msgid "{msgid}"\nmsgstr "{msgstr}"\n'


def run(*paths: Path, sources: tuple[Path, ...] = (), **options: object) -> check.Report:
    return check.run(list(paths), list(sources), MINI, [], **options)


def found(report: check.Report) -> list[tuple[int, str, str | None]]:
    return [(finding.line, finding.check, finding.term) for finding in report.findings]


def test_a_correct_catalog_has_no_findings(tmp_path: Path) -> None:
    path = po(tmp_path, entry("Migrant workers' benefits and contributions.",
                              "Las prestaciones y cotizaciones de las trabajadoras migrantes."),
              entry("The ILO and social security.", "La OIT y la seguridad social."))
    report = run(path)
    assert report.findings == () and (report.catalogs, report.entries) == (1, 2)


def test_target_drift_forbidden_accent_and_acronym_are_reported_once_each(tmp_path: Path) -> None:
    path = po(tmp_path,
              entry("Benefits are paid.", "Se pagan subsidios."),                  # line 6
              entry("Benefits are paid monthly.", "Se pagan beneficios."),         # line 9
              entry("A benefit is paid.", "Se paga una prestacion."),              # line 12
              entry("The ILO helps.", "La ILO ayuda."),                            # line 15
              entry("The beneficiary of a benefit.", "El beneficiario de una prestación."))
    assert found(run(path)) == [
        (6, "term-missing", "benefit"), (9, "term-forbidden", "beneficio"), (12, "term-accent", "prestación"),
        (15, "term-acronym", "ILO")]
    messages = [finding.message for finding in run(path).findings]
    assert "write 'prestaciones'" in messages[1] and "write 'prestación'" in messages[2]


def test_deprecated_variants_count_only_where_the_english_has_the_concept(tmp_path: Path) -> None:
    path = po(tmp_path, entry("Each contribution counts.", "Cuenta cada contribución."),
              entry("Her input to the debate.", "Su contribución al debate."))
    assert [line for line, check_id, _ in found(run(path)) if check_id == "term-forbidden"] == [6]


def test_a_forbidden_variant_in_another_sense_is_not_reported(tmp_path: Path) -> None:
    path = po(tmp_path, entry("A fund for the benefit of migrant workers.", "Un fondo en beneficio de los trabajadores migrantes."),
              entry("Migrant workers matter.", "Los beneficios de los trabajadores migrantes importan."))
    assert found(run(path)) == [(9, "term-forbidden", "beneficio")]


def test_markup_and_numbers_must_carry_over(tmp_path: Path) -> None:
    path = po(tmp_path,
              entry("See :term:`benefits <benefit>` and ``conf.py``.", "Véanse :term:`prestaciones` y ``config.py``."),
              entry("In 2019, 169,000,000 workers; 2.5 per cent.", "En 2019, 169,000,000 trabajadores; 2.5 por ciento."),
              entry("Read `the site <https://ilo.org>`__ [#]_.", "Lea `el sitio <https://ilo.org>`__ [#]_."))
    findings = run(path).findings
    assert [(f.line, f.check) for f in findings] == [(6, "markup"), (6, "markup"), (9, "numbers"), (9, "numbers")]
    assert ":term:`prestaciones <benefit>`" in findings[1].message or ":term:`prestaciones <benefit>`" in findings[0].message


def test_four_digit_figures_take_no_separator_in_spanish(tmp_path: Path) -> None:
    path = po(tmp_path,
              entry("4.1 billion people and 1,500 cases in 2021.", "4.100 millones de personas y 1.500 casos en 2021."),
              entry("4.1 billion people and 1,500 cases in 2021.", "4100 millones de personas y 1500 casos en 2021.", "msgctxt \"b\"\n"),
              entry("25,000 people.", "25.000 personas."))
    assert [(f.line, f.message) for f in run(path).findings] == [
        (6, "the figure 4.100 takes no group separator: write 4100"),
        (6, "the figure 1.500 takes no group separator: write 1500")]


def test_fuzzy_and_untranslated_entries_are_skipped_unless_asked(tmp_path: Path) -> None:
    path = po(tmp_path, entry("A benefit.", "Un beneficio.", "#, fuzzy\n"), entry("Another benefit.", ""))
    assert run(path).findings == ()
    assert found(run(path, include_fuzzy=True)) == [(7, "term-forbidden", "beneficio")]


def test_suppression_needs_a_reason(tmp_path: Path) -> None:
    path = po(tmp_path,
              entry("A benefit.", "Un beneficio.", "# ignore-term-forbidden: quoted from a national law\n"),
              entry("A benefit!", "Un beneficio.", "#, ignore-term-forbidden\n"),
              entry("A benefit?", "Un beneficio.", "# ignore-no-such-check: why\n"))
    assert found(run(path)) == [
        (11, "suppression", None), (11, "term-forbidden", "beneficio"),
        (15, "suppression", None), (15, "term-forbidden", "beneficio")]


def test_identical_english_translated_differently(tmp_path: Path) -> None:
    first = po(tmp_path, entry("Key resources", "Recursos clave"), name="a.po")
    second = po(tmp_path, entry("Key resources", "Recursos clave"), name="b.po")
    third = po(tmp_path, entry("Key resources", "Recursos principales"), name="c.po")
    findings = run(first, second, third).findings
    assert [(Path(f.file).name, f.check) for f in findings] == [("c.po", "inconsistent-translation")]
    assert f"{first}:6" in findings[0].message


def test_admitted_variants_are_reported_with_their_distribution(tmp_path: Path) -> None:
    path = po(tmp_path, *[entry(f"Social security agreement {n}.", f"Convenio de seguridad social {n}.") for n in range(3)],
              entry("Social security agreements 9.", "Acuerdos bilaterales de seguridad social 9."))
    assert check.run([path], [], AGREEMENTS, []).findings == ()  # admitted variants are not findings by default
    report = check.run([path], [], AGREEMENTS, [], enabled=frozenset({"term-variant"}))
    findings = report.findings
    assert [(f.line, f.check) for f in findings] == [(15, "term-variant")]
    assert "'convenio de seguridad social' 3×, 'acuerdo de seguridad social' 1×" in findings[0].message
    agreement = {used.id: used for used in concordance(report.records, AGREEMENTS, "es")}["ssa"]
    assert [(usage.text, usage.status, usage.count) for usage in agreement.usages] == [
        ("convenio de seguridad social", "preferred", 3), ("acuerdo de seguridad social", "admitted", 1)]


def test_source_drift_in_rst_with_suppression(tmp_path: Path) -> None:
    rst = tmp_path / "m.rst"
    rst.write_text("Title\n=====\n\nSome illegal\nmigrants arrive.\n\n.. ignore-source-term: explains the word\n\n"
                   "Why not \"illegal migrant\"?\n\nUse :term:`migrant in an irregular situation`.\n")
    assert [(f.line, f.check, f.term) for f in run(sources=(rst,)).findings] == [(4, "source-term", "illegal migrant")]


def test_a_malformed_catalog_is_reported_and_the_others_still_checked(tmp_path: Path) -> None:
    bad = po(tmp_path, 'msgid "a"\nmsgstr "b\n', name="bad.po")
    good = po(tmp_path, entry("A benefit.", "Un beneficio."), name="good.po")
    before = bad.read_bytes(), good.read_bytes()
    report = run(bad, good)
    assert [str(problem) for problem in report.problems] == [f"{bad}:6: msgstr without a string, or with one not closed on its line"]
    assert found(report) == [(6, "term-forbidden", "beneficio")]
    assert (bad.read_bytes(), good.read_bytes()) == before


def aged(path: Path) -> Path:
    """``path`` as if last saved a minute ago (results of a file saved just now are not kept)."""
    then = time.time() - 60
    os.utime(path, (then, then))
    return path


def test_cached_results_are_reused_only_for_unchanged_files(tmp_path: Path) -> None:
    path = aged(po(tmp_path, entry("A benefit.", "Un beneficio.")))
    cache = tmp_path / "cache.pickle"
    first = run(path, cache_file=cache)
    assert cache.is_file() and run(path, cache_file=cache).findings == first.findings
    path.write_text(HEADER + entry("A benefit.", "Una prestación."), encoding="utf-8")
    assert run(path, cache_file=cache).findings == ()
    cache.write_bytes(b"damaged")
    assert run(path, cache_file=cache).findings == ()


def test_the_results_of_a_catalog_that_is_gone_leave_the_cache(tmp_path: Path) -> None:
    gone = aged(po(tmp_path, entry("A benefit.", "Un beneficio."), name="gone.po"))
    kept = aged(po(tmp_path, entry("A benefit.", "Una prestación."), name="kept.po"))
    cache = tmp_path / "cache.pickle"
    run(gone, kept, cache_file=cache)
    gone.unlink()
    kept.write_text(HEADER + entry("A benefit.", "Un subsidio."), encoding="utf-8")
    kept = aged(kept)
    run(kept, cache_file=cache)  # one file of two changed: the two cache files are merged
    _, stored = pickle.loads(cache.read_bytes())
    assert set(stored) == {str(kept)}


def test_a_report_from_the_cache_has_the_records_only_when_asked(tmp_path: Path) -> None:
    paths = [aged(po(tmp_path, entry("A benefit.", "Un beneficio."), name=f"{n}.po")) for n in range(2)]
    cache = tmp_path / "cache.pickle"
    first = run(*paths, cache_file=cache)
    files: list[Path] = []  # as run() gives: no glossary files
    plain = check.cached(paths, [], files, cache_file=cache, records=False)
    full = check.cached(paths, [], files, cache_file=cache)
    assert plain is not None and full is not None
    assert plain.findings == full.findings == first.findings and plain.records == ()
    assert full.records == first.records and len(full.records) == 2
    (tmp_path / "cache.pickle").unlink()  # the catalogs' results, where the records are kept, are gone
    assert check.cached(paths, [], files, cache_file=cache) is None
    assert check.cached(paths, [], files, cache_file=cache, records=False) is not None


def test_a_file_saved_while_it_is_checked_or_just_before_is_not_cached(tmp_path: Path) -> None:
    path = aged(po(tmp_path, entry("A benefit.", "Un beneficio.")))
    stamps = ((str(path), check.Cache.stamp(path)),)
    results = dict(zip([path], runner.check_files([path], MINI, "es", False), strict=True))
    cache = check.Cache(tmp_path / "cache.pickle", "key")
    path.write_text(HEADER + entry("A benefit.", "Un beneficio?"), encoding="utf-8")  # saved by an editor meanwhile
    then = path.stat().st_mtime_ns - 60_000_000_000
    os.utime(path, ns=(then, then))  # even with its old time back (same size, same mtime)
    cache.save(results, stamps)
    assert check.Cache(tmp_path / "cache.pickle", "key").get(path) is None
    fresh = po(tmp_path, entry("A benefit.", "Un beneficio."), name="fresh.po")  # saved just now: may change within the tick
    stamps = ((str(fresh), check.Cache.stamp(fresh)),)
    results = dict(zip([fresh], runner.check_files([fresh], MINI, "es", False), strict=True))
    cache.save(results, stamps)
    assert check.Cache(tmp_path / "cache.pickle", "key").get(fresh) is None


def test_findings_are_printed_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    path = aged(po(tmp_path, entry("A benefit.", "Un beneficio.")))
    (tmp_path / "file").write_text("")
    warnings: list[str] = []
    report = run(path, cache_file=tmp_path / "file" / "cache.pickle", warn=warnings.append)
    assert found(report) == found(run(path)) != []
    assert len(warnings) == 1 and "\n" not in warnings[0] and str(tmp_path / "file") in warnings[0]


def test_the_glossary_read_for_the_cache_is_reused_until_a_file_of_it_changes(tmp_path: Path) -> None:
    csv = tmp_path / "terms.csv"
    csv.write_text("en,es,es_forbidden,note\nscheme,régimen,esquema,\n")
    cache = tmp_path / "qa" / "cache.pickle"
    first = check.read_glossary(csv, cache_file=cache)
    kept = tmp_path / "qa" / "cache-glossary.pickle"
    assert kept.is_file() and check.read_glossary(csv, cache_file=cache) == first == check.read_glossary(csv)
    csv.write_text("en,es,es_forbidden,note\nscheme,régimen,esquema,\nbenefit,prestación,beneficio,\n")
    changed = check.read_glossary(csv, cache_file=cache)
    assert changed == check.read_glossary(csv) and len(changed[0]) == 2
    kept.write_bytes(b"damaged")
    assert check.read_glossary(csv, cache_file=cache) == changed
    (tmp_path / "file").write_text("")  # a cache that cannot be written: the glossary is read all the same
    assert check.read_glossary(csv, cache_file=tmp_path / "file" / "cache.pickle") == changed


def test_checks_in_two_processes_find_the_same(tmp_path: Path) -> None:
    paths = [po(tmp_path, entry("A benefit.", "Un beneficio."), entry("Key resources", f"Recursos {n}"), name=f"{n}.po")
             for n in range(6)]
    assert run(*paths, workers=2).findings == run(*paths, workers=1).findings


def test_a_baseline_hides_known_findings_only(tmp_path: Path) -> None:
    path = po(tmp_path, entry("A benefit.", "Un beneficio."))
    baseline = tmp_path / "baseline"
    baseline.write_text(check.baseline_text(run(path).findings))
    path.write_text(HEADER + "\n" + entry("A benefit.", "Un beneficio.") + entry("Benefits.", "Beneficios."), encoding="utf-8")
    report = check.without_baseline(run(path), check.read_baseline(baseline))
    assert (found(report), report.baselined) == ([(9, "term-forbidden", "beneficio")], 1)


def test_a_csv_glossary_checks_any_catalog(tmp_path: Path) -> None:
    csv = tmp_path / "terms.csv"
    csv.write_text("en,es,es_forbidden,note\nscheme,régimen,esquema,\n")
    glossary_, files, problems = check.read_glossary(csv)
    path = po(tmp_path, entry("Two schemes.", "Dos esquemas."))
    assert (files, problems) == ([csv], [])
    assert [(f.check, f.message) for f in check.run([path], [], glossary_, files).findings] == [
        ("term-forbidden", "'esquemas' is forbidden in the glossary for 'scheme': write 'regímenes'")]


def test_a_spreadsheet_csv_with_a_byte_order_mark_and_an_unknown_file(tmp_path: Path) -> None:
    csv = tmp_path / "terms.csv"
    csv.write_text("\ufeffen,es,es_forbidden,note\nscheme,régimen,esquema,\n", encoding="utf-8")
    glossary_, _, problems = check.read_glossary(csv)
    assert (len(glossary_), problems) == (1, [])
    other = tmp_path / "terms.txt"
    other.write_text("x")
    assert [str(problem) for problem in check.read_glossary(other)[2]] == [f"{other}: unknown format: name the file .tbx or .csv"]


def test_every_check_explains_itself_to_a_translator() -> None:
    ids = [registered.id for registered in check.CHECKS]
    assert len(ids) == len(set(ids))
    for registered in check.CHECKS:
        assert registered.severity in check.SEVERITIES and len(registered.doc) > 80


@pytest.mark.parametrize(("finding", "text"), [
    (Finding("a.po", 3, "markup", "error", "msg"), "a.po:3: error markup: msg"),
])
def test_finding_text(finding: Finding, text: str) -> None:
    assert str(finding) == text


def test_in_a_tie_of_variants_the_preferred_term_is_the_main_one(tmp_path: Path) -> None:
    path = po(tmp_path, entry("Social security agreement A.", "Acuerdo de seguridad social A."),
              entry("Social security agreement B.", "Convenio de seguridad social B."))
    findings = check.run([path], [], AGREEMENTS, [], enabled=frozenset({"term-variant"})).findings
    assert [(f.line, f.check) for f in findings] == [(6, "term-variant")]


def test_markup_a_translation_adds_is_unsafe_and_cannot_be_suppressed(tmp_path: Path) -> None:
    hostile = ".. include:: ../../etc/passwd"
    path = po(tmp_path, entry("Two formats.", hostile.replace("\n", "\\n")),
              entry("Social protection.", "Véase `esto <javascript:alert(1)>`_.",
                    "# ignore-markup-unsafe: the link is fine\n"))
    report = run(path)
    unsafe = [(finding.line, finding.severity, finding.message) for finding in report.findings if finding.check == "markup-unsafe"]
    assert unsafe == [
        (6, "error", "adds the directive '.. include::' (.. include:: ../../etc/passwd), which the English does not have"),
        (10, "error", "adds a 'javascript:' link: only http, https and mailto links are allowed"),
    ]
    assert (10, "suppression", None) in found(report)  # the comment is answered: it has no effect


SOFTWARE_CSV = ("en,es,es_forbidden,note\ncharacter,carácter,,\nmodule,módulo,,\nlist,lista,,\nsearch,búsqueda,,\n"
                "file,archivo,fichero,\nstring,cadena|cadena de caracteres|cadena de texto,string,\n")


def software(tmp_path: Path) -> glossary.Glossary:
    """A CSV glossary of software terms, as ``check --glossary terms.csv`` reads it (no part of speech)."""
    path = tmp_path / "terms.csv"
    path.write_text(SOFTWARE_CSV, encoding="utf-8")
    terms, _, problems = check.read_glossary(path)
    assert problems == []
    return terms


@pytest.mark.parametrize(("english", "spanish", "expected"), [
    ("Null characters are not allowed.", "Los caracteres nulos no están permitidos.", []),
    ("At least one character.", "Al menos un caracter.", [("term-accent", "'caracter' is missing an accent: write 'carácter'")]),
    ("Overview: module code", "Resumen: código de modulo", [("term-accent", "'modulo' is missing an accent: write 'módulo'")]),
    ("Setup is in :file:`Modules/Setup`.", "La configuración está en :file:`Modules/Setup`.", []),
    ("invalid css_file: %r", "css_file inválido: %r", []),
    ("This section lists all modules.", "Esta sección enumera todos los módulos.", []),
    ("Search this documentation", "Buscar en esta documentación", []),
    ("The files are out of date.", "Los archivos están desactualizados.", []),
    ("A string of text.", "Una cadena de texto.", []),
    ("A string.", "Una cadena de caracteres.", []),
    ("The file is empty.", "El fichero está vacío.", [("term-forbidden", "'fichero' is forbidden in the glossary for 'file': write 'archivo'")]),
    ("The file is empty.", "El documento está vacío.", [("term-missing", "'file' is not translated with the glossary term: use 'archivo'")]),
])
def test_real_software_translations(tmp_path: Path, english: str, spanish: str, expected: list[tuple[str, str]]) -> None:
    path = po(tmp_path, entry(english, spanish))
    report = check.run([path], [], software(tmp_path), [])
    assert [(f.check, f.message) for f in report.findings] == expected


def test_a_finding_points_at_the_msgstr_not_at_the_msgid(tmp_path: Path) -> None:
    path = po(tmp_path, 'msgid ""\n"A long English paragraph about the benefit that is paid to migrant workers "\n'
                        '"abroad."\nmsgstr ""\n"Un largo párrafo sobre el beneficio que se paga a los trabajadores "\n'
                        '"migrantes en el extranjero."\n')
    assert found(run(path)) == [(8, "term-forbidden", "beneficio")]
    assert path.read_text(encoding="utf-8").splitlines()[7] == 'msgstr ""'


def test_english_pasted_as_the_translation_is_found_when_long(tmp_path: Path) -> None:
    paragraph = "People move across borders for work, family, study and safety."
    path = po(tmp_path, entry(paragraph, paragraph), entry("MERCOSUR", "MERCOSUR"),
              entry("See ``conf.py`` and ``index.rst`` or ``make html``.", "See ``conf.py`` and ``index.rst`` or ``make html``."))
    assert found(run(path)) == [(6, "untranslated-copy", None)]
