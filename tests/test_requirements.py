"""The dependency files agree with each other and with what the notebooks import (offline checks).

`make lock-check` (network) re-resolves the lock for every claimed Python and platform.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", re.M)
# import name -> distribution name, where they differ
DISTRIBUTIONS = {"PIL": "pillow", "sklearn": "scikit-learn", "yaml": "pyyaml"}
# imported by the notebooks, installed as a dependency of a listed package on purpose
PROVIDED = {"tensorflow": "tensorflow-cpu", "IPython": "ipykernel"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    return {canonical(name): version for name, version in PIN.findall(path.read_text(encoding="utf-8"))}


def claimed_python() -> tuple[str, str]:
    """(lowest, highest) Python version that pyproject.toml claims."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    low, high = re.search(r'requires-python = ">=(3\.\d+),<3\.(\d+)"', text).groups()
    return low, f"3.{int(high) - 1}"


def test_every_top_level_pin_is_locked_at_the_same_version():
    top, locked = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements.lock")
    assert top, "no pins in requirements.txt"
    different = {name: (version, locked.get(name)) for name, version in top.items() if locked.get(name) != version}
    assert not different, f"requirements.lock is stale (run `make lock`): {different}"


def test_every_locked_package_has_hashes():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
    unhashed = [entry.split()[0] for entry in entries if PIN.match(entry) and "--hash=sha256:" not in entry]
    assert not unhashed, f"entries without hashes: {unhashed}"


def test_python_versions_claimed_consistently():
    low, high = claimed_python()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    versions = re.search(r"^PY_VERSIONS\s*:=\s*(.+)$", makefile, re.M).group(1).split()
    assert versions[0] == low and versions[-1] == high, (versions, low, high)
    claim = f"Python {low}–{high}"
    for name in ["README.md", "requirements.txt"]:
        assert claim in (ROOT / name).read_text(encoding="utf-8"), f"{name} should say {claim!r}"
    assert sys.version_info[:2] >= tuple(map(int, low.split("."))), "this Python is older than claimed"


def notebook_imports() -> set[str]:
    names = set()
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return names


def test_every_package_a_notebook_imports_is_listed():
    listed = set(pins(ROOT / "requirements.txt"))
    third_party = {name for name in notebook_imports() if name not in sys.stdlib_module_names and name != "lecture5"}
    missing = sorted(name for name in third_party
                     if canonical(DISTRIBUTIONS.get(name, PROVIDED.get(name, name))) not in listed)
    assert not missing, f"imported by a notebook but not in requirements.txt: {missing}"
