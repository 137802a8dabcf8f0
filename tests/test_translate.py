"""Machine drafts through deep-translator, over real HTTP to a LibreTranslate-
compatible server on 127.0.0.1 (tests/translation_server.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from translation_server import Server

from pipeline.catalogs import read_catalog
from pipeline.project import Project
from pipeline.translate import protect, restore

HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
CATALOG = HEADER + '''msgid "Workers are paid."
msgstr "A los trabajadores se les paga."

#, fuzzy
msgid "The benefit"
msgstr "La prestación"

msgid "Benefits paid to migrant workers."
msgstr ""

msgid "See :term:`benefits <benefit>` and ``conf.py`` for 1,000 workers."
msgstr ""

msgid "The social security of workers."
msgstr ""

#~ msgid "Old"
#~ msgstr "Viejo"
'''


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    running.thread.start()
    yield running
    running.shutdown()
    running.server_close()


@pytest.fixture
def catalog(mini: Project) -> Path:
    path = mini.po_dir("es") / "drafts.po"
    path.write_text(CATALOG, encoding="utf-8")
    return path


def run(project: Project, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "translate", "--lang", "es", "--provider", "libre",
                           "--interval", "0", *args], cwd=project.root, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, check=False)


def strings(path: Path) -> dict[str, tuple[str, bool, list[str]]]:
    return {message.id: (message.string, message.fuzzy, message.user_comments) for message in read_catalog(path) if message.id}


def test_protect_and_restore_keep_markup_and_write_figures_the_spanish_way() -> None:
    held = protect("See :term:`benefits <benefit>`, ``x``, `ILO <https://ilo.org>`__, **bold** and 1,000 and 10,000 and 2.5 per cent in Box 1.1 in 2021.")
    assert "benefits" in held.text and "ILO" in held.text and "bold" in held.text
    assert "https" not in held.text and "``" not in held.text and "1,000" not in held.text
    back = restore(held.text.replace("benefits", "prestaciones"), held, "es")
    assert back == "See :term:`prestaciones <benefit>`, ``x``, `ILO <https://ilo.org>`__, **bold** and 1000 and 10.000 and 2,5 per cent in Box 1.1 in 2021."
    assert restore(held.text.replace("⟦1⟧", ""), held, "es") is None
    assert restore(held.text + " ⟦1⟧", held, "es") is None


def test_only_empty_entries_get_fuzzy_drafts_with_the_provider_and_date(mini: Project, catalog: Path, server: Server) -> None:
    before = strings(catalog)
    result = run(mini, "--url", server.url, str(catalog.relative_to(mini.root)))
    assert result.returncode == 0, result.stderr
    after = strings(catalog)
    assert after["Workers are paid."] == before["Workers are paid."]
    assert after["The benefit"] == before["The benefit"]
    draft, fuzzy, comments = after["Benefits paid to migrant workers."]
    assert draft == "prestaciones pagadas a migrantes trabajadores." and fuzzy
    assert comments[-1].startswith("Machine translation (libre, ") and "review" in comments[-1]
    marked, _, _ = after["See :term:`benefits <benefit>` and ``conf.py`` for 1,000 workers."]
    assert ":term:`prestaciones <benefit>`" in marked and "``conf.py``" in marked and "1000 " in marked
    assert "#~ msgid \"Old\"" in catalog.read_text()
    assert len(server.requests) == 3
    assert "3 drafts written" in result.stderr
    assert "drafts.po:13: error term-missing: 'migrant worker'" in result.stdout  # the checks run on the drafts


def test_a_forbidden_rendering_is_replaced_and_reported(mini: Project, catalog: Path, server: Server) -> None:
    server.words["benefits"] = "beneficios"
    result = run(mini, "--url", server.url, str(catalog.relative_to(mini.root)))
    assert "glossary: 'beneficios' → 'prestaciones'" in result.stdout
    assert strings(catalog)["Benefits paid to migrant workers."][0].startswith("prestaciones")


def test_server_errors_are_retried_until_an_answer_comes(mini: Project, catalog: Path, server: Server) -> None:
    server.script.extend(["500", "429"])
    result = run(mini, "--url", server.url, "--retries", "2", str(catalog.relative_to(mini.root)))
    assert result.returncode == 0, result.stderr
    assert len(server.requests) == 5 and "3 drafts written" in result.stderr


def test_a_request_that_never_returns_times_out_and_is_retried(mini: Project, catalog: Path, server: Server) -> None:
    server.script.append("hang")
    start = time.monotonic()
    result = run(mini, "--url", server.url, "--timeout", "1", "--retries", "1", str(catalog.relative_to(mini.root)))
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start < 30 and "3 drafts written" in result.stderr


def test_malformed_answers_and_broken_placeholders_leave_the_entry_empty(mini: Project, catalog: Path, server: Server) -> None:
    server.script.extend(["malformed", "mangle"])
    result = run(mini, "--url", server.url, str(catalog.relative_to(mini.root)))
    assert result.returncode == 1
    assert "malformed" in result.stderr and "broke the markup placeholders" in result.stderr
    after = strings(catalog)
    assert after["Benefits paid to migrant workers."][0] == ""
    assert after["See :term:`benefits <benefit>` and ``conf.py`` for 1,000 workers."][0] == ""
    assert after["The social security of workers."][1]  # the third one got its draft


@pytest.mark.parametrize("answer", ["\n\n.. include:: /etc/passwd\n\n", "`x <javascript:alert(1)>`_", ":download:`x </etc/passwd>`"])
def test_a_draft_that_adds_markup_is_not_written(mini: Project, catalog: Path, server: Server, answer: str) -> None:
    server.words["paid"] = answer  # a hostile or confused service
    result = run(mini, "--url", server.url, str(catalog.relative_to(mini.root)))
    assert result.returncode == 1
    assert "drafts.po:13: not translated: the draft adds" in result.stderr
    assert strings(catalog)["Benefits paid to migrant workers."][0] == ""
    assert strings(catalog)["The social security of workers."][1]  # the others still get their drafts


def test_the_server_dying_mid_run_keeps_the_drafts_already_made(mini: Project, catalog: Path, server: Server) -> None:
    server.script.extend(["ok"])
    server.delay = 0.5
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "translate", "--lang", "es", "--provider", "libre",
                                "--interval", "0", "--batch", "1", "--retries", "1", "--url", server.url,
                                str(catalog.relative_to(mini.root))], cwd=mini.root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    while len(server.requests) < 2:
        time.sleep(0.05)
    server.shutdown()
    server.server_close()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1 and "connection failed" in stderr
    after = strings(catalog)
    assert after["Benefits paid to migrant workers."][1]  # saved before the server died
    assert after["The social security of workers."][0] == ""


def test_killed_mid_run_then_resumed(mini: Project, catalog: Path, server: Server) -> None:
    server.delay = 0.4
    args = [sys.executable, "-m", "pipeline", "translate", "--lang", "es", "--provider", "libre", "--interval", "0",
            "--batch", "1", "--url", server.url, str(catalog.relative_to(mini.root))]
    process = subprocess.Popen(args, cwd=mini.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(fuzzy and "Machine" in " ".join(comments) for _, fuzzy, comments in strings(catalog).values()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    drafted = [key for key, (_, fuzzy, comments) in strings(catalog).items() if comments]
    assert 1 <= len(drafted) < 3  # the file is whole, with what was saved
    sent_before = len(server.requests)
    assert run(mini, "--url", server.url, str(catalog.relative_to(mini.root))).returncode == 0
    assert len(server.requests) - sent_before == 3 - len(drafted)  # only what was missing is sent again
    assert all(value for value, _, _ in strings(catalog).values())


def test_dry_run_sends_and_writes_nothing(mini: Project, catalog: Path, server: Server) -> None:
    before = catalog.read_bytes()
    result = run(mini, "--url", server.url, "--dry-run", str(catalog.relative_to(mini.root)))
    assert result.returncode == 0 and server.requests == [] and catalog.read_bytes() == before
    assert "drafts.po:16: would send: See ⟦1⟧benefits⟦2⟧ and ⟦3⟧ for ⟦4⟧ workers." in result.stdout
    assert result.stdout.count("would send:") == 3


def test_the_api_key_comes_from_the_environment_and_is_never_shown(mini: Project, catalog: Path, server: Server) -> None:
    server.script.extend(["403"] * 3)
    result = run(mini, "--url", server.url, str(catalog.relative_to(mini.root)), env={"LIBRE_API_KEY": "s3cret-key"})
    assert "s3cret-key" not in result.stdout + result.stderr + catalog.read_text()
    assert result.returncode == 1




@pytest.mark.parametrize(("forms", "expected"), [
    ("nplurals=2; plural=(n != 1);", ("One prestación", "los prestaciones")),
    ("nplurals=1; plural=0;", ("los prestaciones",)),
    ("nplurals=3; plural=(n%10==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);", ("", "", "")),
])
def test_a_plural_entry_gets_one_draft_per_form_or_stays_empty(mini: Project, server: Server, forms: str,
                                                               expected: tuple[str, ...]) -> None:
    path = mini.po_dir("es") / "plurals.po"
    empty = "".join(f'msgstr[{index}] ""\n' for index in range(len(expected)))
    path.write_text(HEADER.replace('"Language: es\\n"', f'"Language: es\\n"\n"Plural-Forms: {forms}\\n"')
                    + f'msgid "One benefit"\nmsgid_plural "The benefits"\n{empty}', encoding="utf-8")
    result = run(mini, "--url", server.url, str(path.relative_to(mini.root)))
    [message] = [message for message in read_catalog(path) if message.id]
    assert tuple(message.string) == expected
    assert message.fuzzy == bool(expected[0])
    assert (result.returncode == 1) == (not expected[0])
    if not expected[0]:
        assert "plural entry with 3 forms needs a translator" in result.stderr


def test_a_translation_saved_while_translate_waits_for_the_service_is_kept_and_not_sent(mini: Project, catalog: Path) -> None:
    slow = Server(delay=1.0)
    slow.thread.start()
    try:
        command = subprocess.Popen([sys.executable, "-m", "pipeline", "translate", "--lang", "es", "--provider", "libre",
                                    "--interval", "0", "--batch", "1", "--url", slow.url, str(catalog.relative_to(mini.root))],
                                   cwd=mini.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while not slow.requests:
            time.sleep(0.02)
        human = "La seguridad social de los trabajadores."  # a translator saves while the first draft is on its way
        edited = catalog.with_name("edited.tmp")
        edited.write_text(catalog.read_text().replace('"The social security of workers."\nmsgstr ""',
                                                      f'"The social security of workers."\nmsgstr "{human}"'))
        os.replace(edited, catalog)
        _, err = command.communicate(timeout=60)
    finally:
        slow.shutdown()
        slow.server_close()
    assert command.returncode == 0, err
    after = strings(catalog)
    assert after["The social security of workers."] == (human, False, [])
    assert "The social security of workers." not in slow.requests
    drafts = [msgid for msgid, (_, fuzzy, comments) in after.items() if fuzzy and comments]
    assert len(drafts) == 2 and "2 drafts written" in err  # what it says is what is in the file

