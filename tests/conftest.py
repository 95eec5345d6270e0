"""Test layers are directories; each test gets its layer's marker (see pyproject's markers)."""

from __future__ import annotations

from pathlib import Path

import pytest

LAYERS = {"unit", "client", "emulator", "contract", "program", "e2e", "faults"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = Path(str(item.fspath)).parent.name
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))
