"""The to-do list of each catalog, and what update changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline import todo
from pipeline.project import Project

PO = '''msgid ""
msgstr ""
"Language: es\\n"

msgid "Social protection"
msgstr "Protección social"

#, fuzzy
msgid "A benefit paid abroad"
msgstr "Una prestación"

msgid ""
"Two words"
msgstr ""

#~ msgid "Old"
#~ msgstr "Viejo"
'''


def test_untranslated_and_fuzzy_entries_with_their_lines_and_words(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO, encoding="utf-8")
    found = todo.catalog_todo(path)
    assert [(item.line, item.state, item.words) for item in found.items] == [(9, "fuzzy", 4), (12, "untranslated", 2)]
    assert (found.entries, found.words, found.done) == (3, 8, 33)
    text = todo.as_text([found, todo.catalog_todo(path, PO.replace("#, fuzzy\n", "").replace('msgstr ""\n\n#~', 'msgstr "Dos"\n\n#~').encode())])
    assert text.splitlines() == [
        f"{path}: 33 % done, 1 untranslated, 1 fuzzy (6 words)",
        f"  {path}:9: fuzzy, 4 words: A benefit paid abroad",
        f"  {path}:12: untranslated, 2 words: Two words",
        "todo: 2 entries (6 words) in 1 of 2 catalogs",
    ]
    data = json.loads(todo.as_json([found]))
    assert data[0]["fuzzy"] == 1 and data[0]["items"][1] == {
        "path": str(path), "line": 12, "state": "untranslated", "words": 2, "msgid": "Two words"}


def test_changes_count_new_newly_fuzzy_and_newly_obsolete(tmp_path: Path) -> None:
    after = PO.replace('msgid "Social protection"\nmsgstr "Protección social"\n\n', "") + \
        '\n#~ msgid "Social protection"\n#~ msgstr "Protección social"\n'
    after = after.replace('msgid ""\n"Two words"', 'msgid "Three new words"')
    assert todo.changes(PO.encode(), after.encode(), tmp_path / "a.po") == todo.Changes(new=1, fuzzy=0, obsolete=1)
    assert str(todo.changes(b"", PO.encode(), tmp_path / "a.po")) == "1 new, 1 fuzzy, 1 obsolete"


def test_update_says_what_changed_and_todo_lists_what_is_left(mini: Project) -> None:
    def pipeline(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=mini.root, capture_output=True, text=True,
                              check=False)
    source = mini.docs / "module1.rst"
    source.write_text(source.read_text().replace("Social protection is a human right.",
                                                 "Social protection is a universal human right.\n\nA new paragraph."))
    assert pipeline("extract").returncode == 0
    result = pipeline("update")
    assert "updated: locale/es/LC_MESSAGES/module1.po: 1 new, 1 fuzzy, 0 obsolete\n" in result.stdout, result.stdout
    listed = json.loads(pipeline("todo", "--format", "json").stdout)
    module1 = next(entry for entry in listed if entry["path"].endswith("module1.po"))
    assert {(item["state"], item["msgid"]) for item in module1["items"]} >= {
        ("fuzzy", "Social protection is a universal human right."), ("untranslated", "A new paragraph.")}
    po = (mini.po_dir("es") / "module1.po").read_text(encoding="utf-8").splitlines()
    assert all(po[item["line"] - 1].startswith(("msgid ", "#~ msgid ")) for item in module1["items"])
