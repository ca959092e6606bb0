"""Write the lock file (constraints.txt) from the packages installed in this environment.

pyproject.toml declares compatible ranges, so that warta installs beside an analyst's own
pandas, numpy or pyarrow; the exact versions that `make install`, `make train` and CI use are
pinned here, as pip constraints (`pip install -c constraints.txt -e '.[dev]'`). Only what
warta needs is written: its dependencies and those of the `dev` and `train` extras, followed
through their own requirements, at the versions installed now.

    make lock        # .venv/bin/python scripts/lock.py --out constraints.txt
    .venv/bin/python scripts/lock.py --check     # exit 1 when constraints.txt is out of date
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "warta"
EXTRAS = ("dev", "train")
HEADER = """\
# The exact versions that `make install`, `make train` and CI install (pip constraints:
# pip install -c constraints.txt -e '.[dev]'); pyproject.toml declares the compatible ranges.
# Written by `make lock` (scripts/lock.py) from the installed .venv: do not edit by hand.
"""


def _wanted(requirement: Requirement, extras: tuple[str, ...]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in ("", *extras))


def closure(project: str = PROJECT, extras: tuple[str, ...] = EXTRAS) -> dict[str, str]:
    """Every distribution `project[extras]` needs, transitively: {name: installed version}.
    A requirement that is not installed (a platform-only dependency) is left out."""
    found: dict[str, str] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    todo: list[tuple[str, tuple[str, ...]]] = [(project, extras)]
    while todo:
        name, wanted_extras = todo.pop()
        for requirement in _requirements(name, wanted_extras):
            key = canonicalize_name(requirement.name)
            visit = (key, tuple(sorted(requirement.extras)))
            if key == canonicalize_name(project) or visit in seen:
                continue
            try:
                found[key] = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                continue
            seen.add(visit)
            todo.append((requirement.name, visit[1]))
    return found


def _requirements(name: str, extras: tuple[str, ...]) -> list[Requirement]:
    try:
        lines = metadata.distribution(name).requires or ()
    except metadata.PackageNotFoundError:
        return []
    return [r for r in map(Requirement, lines) if _wanted(r, extras)]


def missing(project: str = PROJECT, extras: tuple[str, ...] = EXTRAS) -> list[str]:
    """warta's own requirements (with the extras) that are not installed: a lock written
    without them would leave them out."""
    absent = []
    for requirement in _requirements(project, extras):
        try:
            metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            absent.append(str(requirement))
    return absent


def render(pins: dict[str, str]) -> str:
    return HEADER + "".join(f"{name}=={pins[name]}\n" for name in sorted(pins))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("constraints.txt"))
    parser.add_argument("--check", action="store_true",
                        help="Compare with --out instead of writing it; exit 1 if it differs.")
    args = parser.parse_args(argv)
    absent = missing()
    if absent:
        print(f"not installed: {', '.join(absent)}; install them first (.venv/bin/pip install "
              f"-c {args.out} -e '.[dev,train]')", file=sys.stderr)
        return 1
    text = render(closure())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} differs from the installed packages; run `make lock`",
                  file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {text.count('==')} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
