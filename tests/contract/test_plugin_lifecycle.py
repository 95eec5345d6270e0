"""The plugin's lifecycle against the emulator: preview, create, read, diff, delete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import UNKNOWN, PluginProcess

APPS = "/api/flink/v1/workspaces/{ws}/applications"
APP = "/api/flink/v1/workspaces/{ws}/applications/{app}"
ROOT = Path(__file__).resolve().parents[2]


def test_get_schema_serves_the_committed_schema(plugin: PluginProcess) -> None:
    from pulumi.runtime.proto import provider_pb2

    served = json.loads(plugin.stub.GetSchema(provider_pb2.GetSchemaRequest(version=0)).schema)
    assert served == json.loads((ROOT / "schema.json").read_text())


def test_preview_leaves_computed_outputs_unknown_and_calls_nothing(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    emulator.reset_stats()
    inputs, failures = plugin.check(spec)
    assert failures == []
    resource_id, outputs = plugin.create(inputs, preview=True)
    assert resource_id == ""
    for key in ("applicationId", "state", "createdAt", "updatedAt"):
        assert outputs[key] == UNKNOWN
    assert outputs["job"]["id"] == UNKNOWN and outputs["job"]["jarUri"] == spec["job"]["jarUri"]
    assert outputs["name"] == spec["name"]
    assert emulator.stats()["requests"] == []


def test_create_waits_for_running_then_read_diff_and_delete(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, _ = plugin.check(spec)
    resource_id, outputs = plugin.create(inputs)
    assert resource_id == f"{emulator.workspace}/{spec['name']}"
    assert outputs["applicationId"] and outputs["applicationId"] != spec["name"]
    assert outputs["state"] == "RUNNING"
    assert outputs["job"]["name"] and len(outputs["job"]["id"]) == 32
    assert outputs["flinkConfiguration"] == spec["flinkConfiguration"]
    assert any("waiting for RUNNING" in entry.message for entry in plugin.logs)

    read_id, read_outputs, read_inputs = plugin.read(resource_id, outputs, inputs)
    assert read_id == resource_id and read_outputs == outputs
    emulator.reset_stats()
    assert plugin.diff(resource_id, read_outputs, inputs).changes == 1  # DIFF_NONE
    assert emulator.stats()["requests"] == []

    plugin.delete(resource_id, outputs)
    assert emulator.count("DELETE", APP) == 1
    gone_id, _, _ = plugin.read(resource_id, outputs, inputs)
    assert gone_id == ""


def test_delete_of_an_application_already_gone_succeeds(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, _ = plugin.check(spec)
    resource_id, outputs = plugin.create(inputs)
    plugin.delete(resource_id, outputs)
    plugin.delete(resource_id, outputs)


def test_a_delete_without_a_final_savepoint_sends_its_delete_first(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, _ = plugin.check(spec)
    resource_id, outputs = plugin.create(inputs)
    emulator.reset_stats()
    plugin.delete(resource_id, outputs)
    sent = [(entry["method"], entry["route"]) for entry in emulator.stats()["requests"]]
    # The recorded ID is the live one: no describe to find it before the DELETE.
    assert sent[0] == ("DELETE", APP) and sent.count(("DELETE", APP)) == 1


def test_parallel_creates_are_not_serialized(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def create(index: int) -> tuple[str, dict[str, Any]]:
        inputs, _ = plugin.check({**spec, "name": f"{spec['name']}-{index}"})
        return plugin.create(inputs, name=f"app{index}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(create, range(8)))
    assert len({resource_id for resource_id, _ in created}) == 8
    # Every POST reached the server before the first application could have started: the plugin
    # did not wait for one create before sending the next.
    stamps = sorted(outputs["createdAt"] for _, outputs in created)
    from datetime import datetime

    first, last = (
        datetime.fromisoformat(s.replace("Z", "+00:00")) for s in (stamps[0], stamps[-1])
    )
    assert (last - first).total_seconds() < emulator.startup_seconds
    for resource_id, outputs in created:
        plugin.delete(resource_id, outputs)
