"""A hostile translation against real builds of the mini project.

Each case puts one hostile msgstr into ``module1.po`` and runs the documented
commands as a user would (``python -m pipeline build`` on its own, and
``check``). A secret file sits outside the project; every process of the run
carries an audit hook (``sitecustomize``) that refuses and records any attempt
to open it, as a file the build may not read would. The build must fail at
the PO line, the secret must never be opened, and neither it nor the hostile
text may appear anywhere in ``_build/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_root

from pipeline.project import Project

SECRET = "SECRET-c0ffee"  # the secret file's text; also the tag of each hostile script
SENTINEL = '''
import os, sys

SECRET, LOG = os.environ["GUIDE_SECRET"], os.environ["GUIDE_OPEN_LOG"]

def refuse_secret(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if os.path.basename(path) == os.path.basename(SECRET) and os.path.realpath(path) == SECRET:
            with open(LOG, "a") as log:
                log.write(f"{os.getpid()} opened {path}\\n")
            raise PermissionError(13, "the secret may not be read", path)

sys.addaudithook(refuse_secret)
'''

FACTS_TITLE = 'msgstr "1.1 Datos y cifras"'
RIGHT = 'msgstr "La protección social es un derecho humano."'
# (name, the msgstr line replaced, the hostile translation; {secret} is a path to the secret from docs/)
CASES = [
    ("include", RIGHT, ".. include:: {deep}"),
    ("include-end-line", RIGHT, ".. include:: {deep}\n   :end-line: 3"),
    ("raw-file", RIGHT, ".. raw:: html\n   :file: {deep}"),
    ("title-then-include", FACTS_TITLE, "Dos formatos\n\n.. include:: {secret}"),
    ("download", RIGHT, "Véase :download:`el anexo <{secret}>`."),
    ("download-suffix-role", RIGHT, "Véase `el anexo <{secret}>`:download:."),
    ("role-raw", RIGHT, ".. role:: x(raw)\n   :format: html\n\n:x:`<script>alert('{tag}')</script>`"),
    ("javascript-link", RIGHT, "Un `enlace <javascript:alert('{tag}')>`_."),
    ("javascript-escaped", RIGHT, "Un `enlace <java\\script:alert('{tag}')>`__."),
    ("raw-script", RIGHT, ".. raw:: html\n\n   <script>alert('{tag}')</script>"),
    ("csv-table-file", RIGHT, ".. csv-table:: Datos\n   :file: {secret}"),
    ("csv-table-url", RIGHT, ".. csv-table:: Datos\n   :url: file://{absolute}"),
    ("literalinclude", RIGHT, ".. literalinclude:: {secret}"),
    ("image", RIGHT, ".. image:: {secret}"),
    ("only", RIGHT, ".. only:: html\n\n   <{tag}>"),
    ("meta", RIGHT, ".. meta::\n   :description: {tag}"),
    ("substitution-replace", RIGHT, "Texto |x|.\n\n.. |x| replace:: {tag}"),
    ("substitution-raw", RIGHT, "Texto |x|.\n\n.. |x| raw:: html\n   :file: {secret}"),
    ("anonymous-target", RIGHT, "Un enlace__.\n\n__ javascript:alert('{tag}')"),
    ("explicit-target", RIGHT, "Un enlace_.\n\n.. _enlace: javascript:alert('{tag}')"),
    ("data-url", RIGHT, "Un `enlace <data:text/html;base64,PHNjcmlwdD4=#{tag}>`_."),
    ("unicode-line-break", RIGHT, "La protección social.\u2028.. include:: {secret}"),
]


def po_string(text: str) -> str:
    """``text`` as a PO string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def plant(project: Project, line: str, hostile: str) -> int:
    """Replace one translation of module1.po by ``hostile``; the line of its msgstr (where findings point)."""
    po = project.po_dir("es") / "module1.po"
    text = po.read_text(encoding="utf-8")
    assert line in text
    po.write_text(text.replace(line, "msgstr " + po_string(hostile)), encoding="utf-8")
    return text[:text.index(line)].count("\n") + 1


@pytest.fixture
def hostile_env(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A secret file outside the project, and an environment whose Python processes refuse to open it."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SENTINEL, encoding="utf-8")
    log = tmp_path / "opened.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(REPO)]),
           "GUIDE_SECRET": os.path.realpath(secret), "GUIDE_OPEN_LOG": str(log)}
    return secret, log, env


def run(project: Project, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "--root", str(project.root), *args],
                          capture_output=True, text=True, env=env, cwd=project.root, check=False)


def test_the_sentinel_refuses_and_records_an_open(hostile_env: tuple[Path, Path, dict[str, str]]) -> None:
    secret, log, env = hostile_env
    proc = subprocess.run([sys.executable, "-c", f"open({str(secret)!r}).read()"], capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode != 0 and "PermissionError" in proc.stderr
    assert "opened" in log.read_text()


@pytest.mark.slow  # one real build per hostile translation
@pytest.mark.parametrize(("name", "line", "hostile"), CASES, ids=[case[0] for case in CASES])
def test_a_hostile_translation_is_refused_by_build_and_check(
        tmp_path: Path, hostile_env: tuple[Path, Path, dict[str, str]], name: str, line: str, hostile: str) -> None:
    secret, log, env = hostile_env
    project = copy_root("mini", tmp_path)
    relative = os.path.relpath(secret, project.docs)
    text = hostile.format(secret=relative, deep="../" * 20 + str(secret.resolve()).lstrip("/"),
                          absolute=secret.resolve(), tag=SECRET)
    msgstr_line = plant(project, line, text)
    where = f"module1.po:{msgstr_line}"

    built = run(project, env, "build", "--lang", "es", "--format", "html")
    checked = run(project, env, "check", "--no-cache", str(project.po_dir("es") / "module1.po"))

    assert built.returncode != 0
    assert any(where in row and "markup-unsafe" in row for row in built.stderr.splitlines()), built.stderr
    assert checked.returncode == 1
    assert any(where in row and "error markup-unsafe" in row for row in checked.stdout.splitlines()), checked.stdout
    assert not log.exists(), log.read_text()
    published = [path for path in (project.root / "_build").rglob("*")
                 if path.is_file() and SECRET.encode() in path.read_bytes()]
    assert published == []


@pytest.mark.slow  # one real build per source
@pytest.mark.parametrize(("source", "expected"), [
    (".. include:: index.rst", '"include" directive disabled'),
    (".. raw:: html\n\n   <b>bold</b>", '"raw" directive disabled'),
    ("A `link <javascript:alert(1)>`_.", "markup-unsafe: a link to 'javascript:alert(1)'"),
    (":download:`annex <../../outside.txt>`.", "markup-unsafe: a download from outside the project"),
])
def test_the_english_sources_get_no_file_insertion_raw_or_script_links_either(
        tmp_path: Path, hostile_env: tuple[Path, Path, dict[str, str]], source: str, expected: str) -> None:
    _, _, env = hostile_env
    project = copy_root("mini", tmp_path)
    (tmp_path / "outside.txt").write_text(SECRET)
    (project.docs / "module1.rst").write_text(f"Module 1\n========\n\n{source}\n", encoding="utf-8")
    built = run(project, env, "build", "--lang", "en", "--format", "html")
    assert built.returncode != 0
    assert any("module1.rst:4" in row and expected in row for row in built.stderr.splitlines()), built.stderr
    assert not any(SECRET.encode() in path.read_bytes() for path in (project.root / "_build").rglob("*") if path.is_file())


def test_interface_strings_may_not_add_html(tmp_path: Path, hostile_env: tuple[Path, Path, dict[str, str]]) -> None:
    _, _, env = hostile_env
    project = copy_root("mini", tmp_path)
    catalog = project.po_dir("es") / "sphinx.po"  # a project may override the theme's strings
    catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       f'msgid "Search"\nmsgstr "<script>alert(\'{SECRET}\')</script>"\n', encoding="utf-8")
    built = run(project, env, "build", "--lang", "es", "--format", "html")
    assert built.returncode != 0
    assert any(f"{catalog}:6" in row and "markup-unsafe" in row for row in built.stderr.splitlines()), built.stderr
    assert not any(SECRET.encode() in path.read_bytes() for path in (project.root / "_build").rglob("*") if path.is_file())
