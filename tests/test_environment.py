"""The environment `make` installs: exactly the versions of requirements.lock."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)


def locked() -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall((REPO / "requirements.lock").read_text())}


def test_every_locked_package_has_hashes() -> None:
    text = (REPO / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1])
    pinned = [block for block in blocks if PIN.match(block)]
    assert pinned and all("--hash=sha256:" in block for block in pinned)


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
    assert installed == locked()
