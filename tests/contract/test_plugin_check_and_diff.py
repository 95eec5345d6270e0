"""Check and Diff over gRPC: failures with paths, replace kinds, and no HTTP calls."""

from __future__ import annotations

from typing import Any

import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import UNKNOWN, PluginProcess
from pulumi.runtime.proto import provider_pb2

KIND = provider_pb2.PropertyDiff


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"runtime": "FLINK_9"}, "runtime"),
        ({"jobManagerResource": {"cpu": -1}}, "jobManagerResource.cpu"),
        ({"taskManagerResource": {"memory": "2Gi"}}, "taskManagerResource.memory"),
        (
            {"flinkConfiguration": {"parallelism.default": 2}},
            'flinkConfiguration["parallelism.default"]',
        ),
        ({"job": {"args": []}}, "job.jarUri"),
        ({"workspace": "not-valid"}, "workspace"),
        ({"plugins": [{"name": "X", "jars": []}]}, "plugins[0].name"),
    ],
)
def test_invalid_inputs_fail_check_with_the_path_and_no_http_call(
    plugin: PluginProcess,
    emulator: EmulatorProcess,
    spec: dict[str, Any],
    change: dict[str, Any],
    path: str,
) -> None:
    emulator.reset_stats()
    _, failures = plugin.check({**spec, **change})
    assert path in [prop for prop, _ in failures], failures
    assert all(reason for _, reason in failures)
    assert emulator.stats()["requests"] == []


def test_check_fills_defaults_and_the_configured_workspace(
    plugin: PluginProcess, emulator: EmulatorProcess
) -> None:
    inputs, failures = plugin.check(
        {"name": "n", "runtime": "FLINK_1_18", "jars": ["s3://b/job.jar"]}
    )
    assert failures == []
    assert inputs["workspace"] == emulator.workspace
    assert (
        inputs["plugins"] == []
        and inputs["flinkConfiguration"] == {}
        and inputs["job"] == {"args": []}
    )


def _outputs(plugin: PluginProcess, spec: dict[str, Any]) -> dict[str, Any]:
    inputs, _ = plugin.check(spec)
    outputs = dict(inputs)
    outputs.update(
        applicationId="APP1",
        state="RUNNING",
        createdAt="2024-01-01T00:00:00.000Z",
        updatedAt="2024-01-01T00:00:00.000Z",
    )
    outputs["job"] = {**inputs["job"], "id": "0" * 32, "name": spec["name"]}
    return outputs


def test_diff_kinds(plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]) -> None:
    olds = _outputs(plugin, spec)
    emulator.reset_stats()

    same, _ = plugin.check(
        {**spec, "taskManagerResource": {"cpu": 1.0, "memory": "2048m", "ephemeralStorage": "256m"}}
    )
    assert plugin.diff("DEFAULT/APP1", olds, same).changes == provider_pb2.DiffResponse.DIFF_NONE

    changed, _ = plugin.check({**spec, "runtime": "FLINK_1_18"})
    response = plugin.diff("DEFAULT/APP1", olds, changed)
    assert response.changes == provider_pb2.DiffResponse.DIFF_SOME
    # A spec change keeps the resource and redeploys the application behind it.
    assert list(response.replaces) == [] and list(response.diffs) == ["runtime"]
    assert response.detailedDiff["runtime"].kind == KIND.UPDATE

    renamed, _ = plugin.check({**spec, "name": spec["name"] + "-2"})
    response = plugin.diff("DEFAULT/APP1", olds, renamed)
    assert list(response.replaces) == ["name"] and not response.deleteBeforeReplace

    added, _ = plugin.check(
        {**spec, "flinkConfiguration": {**spec["flinkConfiguration"], "state.backend": "rocksdb"}}
    )
    response = plugin.diff("DEFAULT/APP1", olds, added)
    assert response.detailedDiff['flinkConfiguration["state.backend"]'].kind == KIND.ADD

    removed, _ = plugin.check({**spec, "flinkConfiguration": {}})
    response = plugin.diff("DEFAULT/APP1", olds, removed)
    assert (
        response.detailedDiff['flinkConfiguration["taskmanager.numberOfTaskSlots"]'].kind
        == KIND.DELETE
    )

    unknown, _ = plugin.check({**spec, "jars": UNKNOWN})
    response = plugin.diff("DEFAULT/APP1", olds, unknown)
    assert response.changes == provider_pb2.DiffResponse.DIFF_SOME and "jars" in response.diffs
    assert not response.replaces

    failed = {**olds, "state": "FAILED"}
    response = plugin.diff("DEFAULT/APP1", failed, same)
    assert response.changes == provider_pb2.DiffResponse.DIFF_SOME and not response.replaces

    assert emulator.stats()["requests"] == []
