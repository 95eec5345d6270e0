"""The dependency rule: core and client never import pulumi; the emulator never imports us."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(package: Path) -> set[str]:
    names: set[str] = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["pulumi_lakesail/core", "pulumi_lakesail/client"])
def test_core_and_client_do_not_import_pulumi(package: str) -> None:
    offenders = {
        m for m in imported_modules(ROOT / package) if m == "pulumi" or m.startswith("pulumi.")
    }
    assert not offenders


def test_emulator_does_not_import_the_provider() -> None:
    offenders = {m for m in imported_modules(ROOT / "lakesail_emulator") if m.startswith("pulumi")}
    assert not offenders
