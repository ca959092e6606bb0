"""pyproject.toml declares compatible ranges; constraints.txt (the lock file) pins the exact
versions that `make install`, `make train` and CI install, and every pin lies in its range."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def locked() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        assert match, f"constraints.txt: not an exact pin: {line!r}"
        pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    return pins


def test_pyproject_declares_ranges_not_exact_pins() -> None:
    for requirement in declared():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators == {">=", "<"}, f"{requirement}: give a range, >=X.Y,<NEXT"


@pytest.mark.parametrize("requirement", declared(), ids=str)
def test_every_declared_package_is_locked_within_its_range(requirement: Requirement) -> None:
    pin = locked().get(canonicalize_name(requirement.name))
    assert pin is not None, f"{requirement.name} is not in constraints.txt: run `make lock`"
    assert requirement.specifier.contains(pin, prereleases=True), (
        f"constraints.txt pins {requirement.name}=={pin}, outside {requirement.specifier}")


def test_the_lock_is_sorted_without_duplicates_and_names_no_package_index() -> None:
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    names = [line.split("==")[0] for line in text.splitlines() if "==" in line]
    assert names == sorted(set(names))
    assert not re.search(r"^\s*-", text, re.MULTILINE), "no pip options: only pins"
    assert "://" not in text


def installed_for_tests() -> dict[str, str]:
    """What `make install` put in from the lock: warta[dev] and its requirements, transitively.
    The venv's own bootstrap (pip, setuptools from `python -m venv`) is not installed from the
    lock, so it is left out: CI's Python brings an older setuptools than the train extra's."""
    spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
    assert spec is not None and spec.loader is not None
    lock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lock)
    return lock.closure(extras=("dev",))


def test_the_installed_packages_are_the_locked_versions() -> None:
    """`make install` installs from the lock: a drifted .venv is reported here."""
    pins = locked()
    installed_now = installed_for_tests()
    assert "duckdb" in installed_now and "pytest" in installed_now
    drifted = []
    for name, version in installed_now.items():
        pin = pins.get(name)
        if pin is None:
            drifted.append(f"{name} {version} (not in the lock)")
            continue
        installed = Version(version)
        if installed != pin:
            drifted.append(f"{name} {installed} (locked {pin})")
    assert not drifted, ("installed versions differ from constraints.txt: "
                         f"{', '.join(drifted)}; run `make install` or `make lock`")
