"""The environment `make` installs: exactly the versions of the two lock
files, requirements-bootstrap.lock (pip, setuptools, wheel) and
requirements.lock (everything else, what `pip freeze` lists)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)


LOCKS = ("requirements-bootstrap.lock", "requirements.lock")


def locked(name: str = "requirements.lock") -> dict[str, str]:
    return {canonicalize_name(package): version for package, version in PIN.findall((REPO / name).read_text())}


@pytest.mark.parametrize("name", LOCKS)
def test_every_locked_package_has_hashes(name: str) -> None:
    text = (REPO / name).read_text()
    pinned = [block for block in re.split(r"\n(?=[A-Za-z0-9])", text) if PIN.match(block)]
    assert len(pinned) == len(locked(name)) and all("--hash=sha256:" in block for block in pinned)


def test_the_locks_agree_and_the_installers_are_in_the_bootstrap_lock() -> None:
    bootstrap, main = locked(LOCKS[0]), locked(LOCKS[1])
    assert {"pip", "setuptools", "wheel"} <= set(bootstrap)
    assert not {"pip", "setuptools", "wheel"} & set(main)
    assert all(main[name] == version for name, version in bootstrap.items() if name in main)


def test_the_lock_satisfies_every_range_of_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    pins = locked()
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} is outside {requirement}"


def test_the_venv_holds_exactly_the_locked_versions() -> None:
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop(canonicalize_name(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["name"]))
    assert installed == {**locked(LOCKS[0]), **locked(LOCKS[1])}


def test_pip_freeze_lists_exactly_requirements_lock() -> None:
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout
    assert {canonicalize_name(name): version for name, version in PIN.findall(frozen)} == locked()
