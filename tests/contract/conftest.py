"""Fixtures: a real emulator process and the real plugin process, configured against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(startup_seconds=0.5, delete_seconds=0.3) as process:
        yield process


@pytest.fixture(scope="module")
def plugin(emulator: EmulatorProcess) -> Iterator[PluginProcess]:
    with PluginProcess() as process:
        response = process.configure(
            endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace
        )
        assert not getattr(response, "failures", None)
        yield process


@pytest.fixture
def spec() -> dict[str, Any]:
    """Inputs of a small, valid application, unique per test."""
    import uuid

    return {
        "name": f"app-{uuid.uuid4().hex[:10]}",
        "runtime": "FLINK_1_17",
        "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
        "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
        "taskManagerResource": {"cpu": 1, "memory": "2g", "ephemeralStorage": "256m"},
        "job": {
            "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
            "entryClass": "org.example.WordCount",
        },
    }
