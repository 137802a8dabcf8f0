"""Every stage on the unusable and unusual catalogs of ``po_corpus``: what
msgfmt accepts is processed with no translation lost; what it refuses is one
``path:line`` line, exit 2, no traceback, and the file byte-identical."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import write_po
from conftest import copy_root
from po_corpus import CASES, STRICTER

from pipeline import cli, pofile
from pipeline.catalogs import read_catalog
from pipeline.project import Project

# Five stages; update merges a template with the catalog's own messages.
STAGES = {
    "check": ["check", "--no-cache"],
    "stats": ["stats"],
    "enrich": ["enrich"],
    "translate": ["translate", "--lang", "es", "--dry-run"],
    "update": ["update"],
}


def template(data: bytes, path: Path) -> bytes:
    """A template of the catalog's own messages, or a one-message one for a refused catalog."""
    try:
        catalog = read_catalog(path, data=data)
    except Exception:  # noqa: BLE001 - a refused catalog gets any template
        return b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr ""\n'
    for message in catalog:
        if message.id:
            message.string = ("",) * len(message.string) if isinstance(message.string, tuple) else ""
    catalog.obsolete.clear()
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


def translations(path: Path) -> dict[tuple[str | None, str], tuple[str, ...]]:
    return {(entry.msgctxt, entry.msgid): entry.msgstr for entry in pofile.read(path).entries}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_root("mini", tmp_path_factory.mktemp("corpus"))
    for po in project.po_dir("es").glob("*.po"):
        po.unlink()
    return project


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_stage_gives_msgfmts_verdict(project: Project, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    data, accepted = CASES[name]
    accepted = accepted and name not in STRICTER
    folder = project.po_dir("es")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(project.pot_dir, ignore_errors=True)
    folder.mkdir(parents=True)
    project.pot_dir.mkdir(parents=True)
    path = folder / "case.po"
    path.write_bytes(data)
    (project.pot_dir / "case.pot").write_bytes(template(data, path))
    before = translations(path) if accepted else {}
    for stage, args in STAGES.items():
        code = cli.main(["--root", str(project.root), *args, *([str(path)] if stage in ("check", "enrich", "translate") else [])])
        _, err = capsys.readouterr()
        assert "Traceback" not in err
        if accepted:
            assert code in (0, 1), f"{stage}: {err}"
            kept = translations(path)
            assert all(kept.get(key) == value for key, value in before.items() if any(value)), f"{stage} lost a translation"
        else:
            assert code == 2, f"{stage} accepted {name}"
            assert path.read_bytes() == data, f"{stage} changed {name}"
            assert any(line.startswith(f"{path}:") and line.split(":")[1].isdigit() for line in err.splitlines()), err


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_not_a_catalog_is_one_line_and_exit_2(tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_root("mini", tmp_path)
    path = tmp_path / "thing.po"
    if kind == "folder":
        path.mkdir()
        (path / "inner.po").mkdir()
    elif kind == "fifo":
        import os
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    for args in (["enrich", str(path)], ["translate", "--lang", "es", "--dry-run", str(path)], ["check", "--no-cache", str(path)]):
        code = cli.main(["--root", str(project.root), *args])
        _, err = capsys.readouterr()
        if kind == "folder":  # a folder is searched for catalogs: a folder named inner.po is none
            assert code in (0, 1) and "inner.po" not in err
        else:
            assert code == 2 and f"{path}: not a catalog" in err, err
