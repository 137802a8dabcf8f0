"""The command line, run as users run it: one line per problem, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from pipeline import check
from pipeline.cli import main
from pipeline.project import Project


def cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project.root, capture_output=True, text=True, check=False)


def test_stats_counts_messages_and_words_per_document(mini: Project) -> None:
    result = cli(mini, "stats")
    assert result.returncode == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:]}
    assert rows["index"] == ["100.0%", "2", "0", "0", "7", "0", "0"]
    assert rows["module1"][:4] == ["91.7%", "22", "0", "2"]  # eleven of them are the two slides
    assert rows["glossary"][:4] == ["100.0%", "2", "0", "0"]
    assert rows["TOTAL"][1:4] == ["32", "0", "2"]


def test_unknown_language_is_one_line_and_exit_2(mini: Project) -> None:
    result = cli(mini, "build", "--lang", "fr")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"{mini.root / 'conf.py'}: unknown language 'fr'; guide_languages is ['en', 'es']"]


def test_malformed_catalog_is_reported_at_its_line(mini: Project) -> None:
    po = mini.po_dir("es") / "index.po"
    lines = po.read_text().splitlines()
    lines[20] = 'msgstr "broken'
    po.write_text("\n".join(lines) + "\n")
    result = cli(mini, "stats")
    assert result.returncode == 2
    assert result.stderr == f"{po}:21: msgstr without a string, or with one not closed on its line\n"


def test_outside_a_project_says_where_to_run(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "stats"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path / 'conf.py'}: no Sphinx configuration here; run from the project root\n"


def test_build_failure_lists_warnings_and_fails(mini: Project) -> None:
    (mini.docs / "module1.rst").write_text("Module 1\n========\n\nSee :number:`lots`.\n")
    result = cli(mini, "build", "--lang", "en", "--format", "html")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "module1.rst:4" in result.stderr and "invalid :number: value 'lots'" in result.stderr
    assert result.stderr.strip().endswith("build failed (1 problem(s))")


def snapshot(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_glossary_validate_reports_each_problem_and_exits_2(mini: Project) -> None:
    assert cli(mini, "glossary", "validate").stdout == "glossary: 10 concepts, no problems\n"
    path = mini.glossary_dir / "terms.toml"
    path.write_text(path.read_text().replace('status = "forbidden", gender = "m"', 'status = "banned"'), encoding="utf-8")
    result = cli(mini, "glossary", "validate")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{path}:21: term 'beneficio' has status 'banned'; use one of preferred, admitted, deprecated, forbidden",
        "glossary validate failed (1 problem(s))",
    ]


def test_glossary_export_and_import_round_trip(mini: Project, tmp_path) -> None:
    target = tmp_path / "out.tbx"
    result = cli(mini, "glossary", "export", "--format", "tbx", "-o", str(target))
    assert result.returncode == 0 and target.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>')
    csv_text = cli(mini, "glossary", "export", "--format", "csv").stdout
    assert csv_text.startswith("id,subject,pos,source,note,context,related,other_senses,flags,lang,definition,term,")
    before = snapshot(mini.glossary_dir)
    result = cli(mini, "glossary", "import", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "glossary import: 0 concepts added, 0 updated, 10 unchanged\n"
    assert snapshot(mini.glossary_dir) == before


def test_import_updates_a_concept_and_a_dry_run_says_how(mini: Project, tmp_path) -> None:
    edited = tmp_path / "edited.csv"
    text = cli(mini, "glossary", "export", "--format", "csv").stdout
    assert ",es,Pago o servicio que otorga un régimen de seguridad social.,beneficio,forbidden,m," in text
    edited.write_text(text.replace(",beneficio,forbidden,m,", ",beneficio,deprecated,m,", 1), encoding="utf-8")
    before = snapshot(mini.glossary_dir)
    result = cli(mini, "glossary", "import", "--dry-run", str(edited))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"benefit: update ({mini.glossary_dir / 'terms.toml'}:3): es term 'beneficio': status 'forbidden' -> 'deprecated'",
        "glossary import: 0 concepts would be added, 1 would be updated, 9 unchanged; nothing written"]
    assert snapshot(mini.glossary_dir) == before
    assert cli(mini, "glossary", "import", str(edited)).returncode == 0
    assert cli(mini, "glossary", "export", "--format", "csv").stdout == edited.read_text(encoding="utf-8")
    assert "# " in (mini.glossary_dir / "terms.toml").read_text(encoding="utf-8")  # the file's comments stay


def test_failed_import_writes_nothing(mini: Project, tmp_path) -> None:
    bad = tmp_path / "terms.csv"
    bad.write_text("en,es,es_forbidden,note\nnew term,término nuevo,,\nbenefit,beneficio,,\nempty,,,\n", encoding="utf-8")
    before = snapshot(mini.glossary_dir)
    result = cli(mini, "glossary", "import", str(bad))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{bad}:3: duplicates concept 'benefit' ({mini.glossary_dir / 'terms.toml'}:3) with a different translation",
        f"{bad}:4: empty Spanish term",
        "glossary import failed (2 problem(s))",
    ]
    assert snapshot(mini.glossary_dir) == before


def test_import_of_a_file_that_is_not_xml(mini: Project, tmp_path) -> None:
    bad = tmp_path / "terms.tbx"
    bad.write_text("<tbx><text><body>\n<conceptEntry>\n</body></tbx>\n", encoding="utf-8")
    result = cli(mini, "glossary", "import", str(bad))
    assert (result.returncode, result.stderr) == (2, f"{bad}:3: not well-formed XML: mismatched tag\n")


def test_enrich_refreshes_hints_and_leaves_translator_work_alone(mini: Project) -> None:
    po = mini.po_dir("es") / "module1.po"
    text = po.read_text(encoding="utf-8")
    stale = text.replace("#. Glossary: contribution → cotización (not: contribución)\n",
                         "# Translator: «cotización», agreed with the editor.\n#. Glossary: contribution → aporte\n")
    po.write_text(stale, encoding="utf-8")
    result = cli(mini, "enrich")
    assert result.returncode == 0 and result.stdout.endswith("enrich: 1 changed, 4 unchanged\n")
    assert po.read_text(encoding="utf-8") == text.replace(
        "#. Glossary: contribution", "# Translator: «cotización», agreed with the editor.\n#. Glossary: contribution")
    assert cli(mini, "enrich").stdout == "enrich: 0 changed, 5 unchanged\n"


def test_export_to_an_unwritable_place_is_one_line(mini: Project) -> None:
    result = cli(mini, "glossary", "export", "-o", "/proc/out.tbx")
    assert (result.returncode, result.stderr) == (2, "/proc/out.tbx: cannot be written: No such file or directory\n")


def test_enrich_of_a_missing_path_is_one_line(mini: Project) -> None:
    result = cli(mini, "enrich", "nowhere.po")
    assert (result.returncode, result.stderr) == (2, "nowhere.po: no such file or folder\n")


def test_check_passes_on_the_mini_project_and_writes_the_html_report(mini: Project) -> None:
    result = cli(mini, "check", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert (mini.root / "_build" / "qa" / "report.html").is_file()
    assert result.stderr.splitlines()[-1].startswith("check: 5 catalogs")


def test_check_errors_exit_1_with_clickable_lines(mini: Project) -> None:
    po = mini.po_dir("es") / "module1.po"
    po.write_text(po.read_text().replace('msgstr "La protección social es un derecho humano."',
                                         'msgstr "La protección social es un beneficio."'))
    result = cli(mini, "check")
    assert result.returncode == 1
    line = next(number for number, text in enumerate(po.read_text().splitlines(), 1) if "es un beneficio" in text)
    assert po.read_text().splitlines()[line - 1].startswith("msgstr ")  # the line of the fault
    assert f"locale/es/LC_MESSAGES/module1.po:{line}: error term-forbidden: 'beneficio' is forbidden" in result.stdout


def test_check_unusable_input_exits_2_and_checks_the_rest(mini: Project) -> None:
    po = mini.po_dir("es") / "index.po"
    po.write_text(po.read_text() + '\nmsgid "x"\nmsgstr "unclosed\n')
    before = po.read_bytes()
    result = cli(mini, "check", "--format", "json", "locale", "missing.po")
    assert result.returncode == 2
    assert "missing.po: no such file or folder" in result.stderr
    assert "locale/es/LC_MESSAGES/index.po:" in result.stderr and "msgstr without a string" in result.stderr
    assert "Traceback" not in result.stderr and po.read_bytes() == before
    assert result.stdout.startswith("[")


def test_check_with_a_csv_glossary_outside_a_project(tmp_path: Path) -> None:
    (tmp_path / "terms.csv").write_text("en,es,es_forbidden,note\nbenefit,prestación,beneficio,\n")
    (tmp_path / "a.po").write_text('msgid ""\nmsgstr "Language: es\\n"\n\nmsgid "A benefit"\nmsgstr "Un beneficio"\n')
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "pipeline", "check", "--glossary", "terms.csv", "--format", "junit", "a.po"],
                            cwd=tmp_path, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1, result.stderr
    assert "a.po:5: error term-forbidden" in result.stdout and "<testsuite" in result.stdout


def test_check_baseline_lets_ci_fail_only_on_new_findings(mini: Project) -> None:
    po = mini.po_dir("es") / "module1.po"
    po.write_text(po.read_text().replace('msgstr "La protección social es un derecho humano."',
                                         'msgstr "La protección social es un beneficio."'))
    assert cli(mini, "check", "--write-baseline", "qa-baseline.txt").returncode == 0
    assert cli(mini, "check", "--baseline", "qa-baseline.txt").returncode == 0
    po.write_text(po.read_text().replace('msgstr "Relato compuesto ilustrativo; no es una persona real."',
                                         'msgstr "Relato compuesto con beneficios ilustrativos."'))
    result = cli(mini, "check", "--baseline", "qa-baseline.txt")
    assert result.returncode == 1 and result.stdout.count("term-forbidden") == 1


def test_check_with_a_broken_glossary_exits_2_and_still_checks_markup(mini: Project) -> None:
    glossary_file = mini.glossary_dir / "terms.toml"
    glossary_file.write_text(glossary_file.read_text() + "\n[[concept]\n")
    po = mini.po_dir("es") / "module1.po"
    po.write_text(po.read_text().replace('msgstr "1.1 Datos y cifras"', 'msgstr "1.1 Datos y cifras ``x``"'))
    result = cli(mini, "check")
    assert result.returncode == 2
    assert f"{glossary_file}:" in result.stderr and "not valid TOML" in result.stderr
    assert "error markup" in result.stdout


def test_an_unreadable_baseline_is_unusable_input(mini: Project) -> None:
    (mini.root / "baseline.txt").write_text("not json\n")
    result = cli(mini, "check", "--baseline", "baseline.txt")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "baseline.txt:1: not a baseline line: Expecting value"


def test_build_stops_at_check_errors_and_says_where_to_look(mini: Project) -> None:
    po = mini.po_dir("es") / "module1.po"
    po.write_text(po.read_text().replace('msgstr "La protección social es un derecho humano."',
                                         'msgstr "La protección social es un beneficio."'))
    result = cli(mini, "all", "--format", "html")
    assert result.returncode == 1 and "error term-forbidden" in result.stdout
    assert "1 error(s) in the catalogs or sources: see above, or _build/qa/report.html" in result.stderr
    assert not (mini.root / "_build" / "html").exists()


def test_version_quiet_and_verbose(mini: Project) -> None:
    version = cli(mini, "--version")
    assert version.returncode == 0 and version.stdout.startswith("python -m pipeline 0.")
    assert cli(mini, "glossary", "validate").stdout.startswith("glossary: ")
    assert cli(mini, "-q", "glossary", "validate").stdout == ""
    assert cli(mini, "enrich", "-q").stdout == ""
    verbose = cli(mini, "extract", "-v")
    assert "extract: the gettext templates (Sphinx)…" in verbose.stderr and "done in" in verbose.stderr
    assert cli(mini, "-q", "-v", "stats").returncode == 2  # one or the other


def test_the_console_script_is_installed(mini: Project) -> None:
    script = Path(sys.executable).with_name("guide-pipeline")
    result = subprocess.run([str(script), "--version"], cwd=mini.root, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "0." in result.stdout


def test_a_closed_pipe_and_a_terminal_that_is_not_utf8(mini: Project) -> None:
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    exported = subprocess.run([sys.executable, "-m", "pipeline", "glossary", "export", "--format", "csv"], cwd=mini.root,
                              capture_output=True, env=env, check=False)
    assert exported.returncode == 0 and "prestación".encode() in exported.stdout  # a file or a pipe gets UTF-8
    big = subprocess.Popen([sys.executable, "-m", "pipeline", "glossary", "export", "--format", "tbx"], cwd=REPO,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert big.stdout is not None and big.stderr is not None
    big.stdout.close()  # as `| head -1` does once it has its line
    assert (big.wait(timeout=60), big.stderr.read()) == (141, b"")


def concept(en: str = "zzword", es: str = "prestación social", forbidden: str = "", extra_en: str = "", extra: str = "") -> str:
    """One more glossary concept, with the values given (TOML-escaped by the caller where needed)."""
    rejected = f'\n  {{ term = "{forbidden}", status = "forbidden", gender = "f" }},' if forbidden else ""
    return (f'\n[[concept]]\nid = "zz-case"\npos = "noun"\nsource = "s"\nnote = "n"{extra}\n\n[concept.en]\ndefinition = "d"\n'
            f'terms = [\n  {{ term = "{en}", status = "preferred" }},{extra_en}\n]\n\n[concept.es]\ndefinition = "d"\n'
            f'terms = [\n  {{ term = "{es}", status = "preferred", gender = "f" }},{rejected}\n]\n')


# Malformed glossaries a careless editor may write: (name, text appended to terms.toml, line of the problem
# counted from the first appended line, what the message says).
MALFORMED = [
    ("nested-arrays", "\nx = " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested more than"),
    ("nested-inline-tables", "\nx = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", 2, "nested more than"),
    ("nested-arrays-in-terms", '\n[[concept]]\nid = "zz"\n[concept.en]\nterms = ' + "[" * 3000 + "]" * 3000 + "\n", 5, "nested more than"),
    ("emoji", concept(en="😀"), 11, "has no letter or digit"),
    ("emoji-spanish", concept(es="😀"), 17, "has no letter or digit"),
    ("emoji-sequence", concept(es="👩\u200d👩\u200d👧"), 17, "has no letter or digit"),
    ("combining-marks", concept(en="\u0301\u0301"), 11, "COMBINING ACUTE ACCENT"),
    ("combining-mark-spanish", concept(es="\u0303"), 17, "has no letter or digit"),
    ("punctuation", concept(en="..."), 11, "has no letter or digit"),
    ("spanish-punctuation", concept(es="¡¿!"), 17, "has no letter or digit"),
    ("dash-forbidden", concept(forbidden="—"), 18, "has no letter or digit"),
    ("regex-dot-star", concept(en=".*"), 11, "has no letter or digit"),
    ("regex-bracket", concept(en="["), 11, "has no letter or digit"),
    ("regex-bracket-spanish", concept(es="["), 17, "has no letter or digit"),
    ("regex-bracket-forbidden", concept(forbidden="["), 18, "has no letter or digit"),
    ("regex-dot-star-forbidden", concept(forbidden=".*"), 18, "has no letter or digit"),
    ("zero-width-space", concept(en="\u200b"), 11, "ZERO WIDTH SPACE"),
    ("variation-selector", concept(en="\ufe0f"), 11, "has no letter or digit"),
    ("acronym-punctuation", concept(extra_en='\n  { term = "..", status = "preferred", type = "acronym", expansion = "zzword" },'),
     12, "has no letter or digit"),
    ("plural-punctuation", concept(es='régimen", plural = "**'), 17, "plural '**'"),
]
COMMANDS = [("glossary", "validate"), ("check",), ("extract",), ("update",), ("enrich",), ("build", "--lang", "es", "--format", "html"),
            ("translate", "--lang", "es", "--dry-run"), ("glossary", "export"), ("all", "--lang", "es", "--format", "html")]


@pytest.mark.parametrize(("name", "text", "line", "reason"), MALFORMED, ids=[case[0] for case in MALFORMED])
def test_a_malformed_glossary_is_one_line_and_exit_2_from_every_command(
        mini: Project, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int, reason: str) -> None:
    path = mini.glossary_dir / "terms.toml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    where = f"{path}:{before.count(chr(10)) + line}: "
    for command in COMMANDS:
        status = main(["--root", str(mini.root), *command])
        err = capsys.readouterr().err
        problems = [row for row in err.splitlines() if str(path) in row]
        assert status == 2, (command, err)
        assert len(problems) == 1 and problems[0].startswith(where) and reason in problems[0], (command, err)


def test_terms_are_matched_as_text_not_as_patterns(mini: Project) -> None:
    path = mini.glossary_dir / "terms.toml"
    path.write_text(path.read_text(encoding="utf-8") + concept(en="a+b (c)", es="a+b (c)", forbidden="x.*y"), encoding="utf-8")
    po = mini.po_dir("es") / "module1.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Use a+b (c) here."\nmsgstr "Use xy or x.*y aquí."\n', encoding="utf-8")
    result = cli(mini, "check", "--no-cache", str(po))
    assert "'x.*y' is forbidden in the glossary for 'a+b (c)'" in result.stdout, result.stdout + result.stderr
    assert "'xy'" not in result.stdout


def test_list_checks_prints_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "check", "--list-checks"]) == 0
    printed = capsys.readouterr().out
    assert all(f"| `{registered.id}` |" in printed for registered in check.CHECKS)
