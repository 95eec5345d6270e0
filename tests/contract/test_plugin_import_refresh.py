"""Import by ID, and refresh after out-of-band deletes and changes."""

from __future__ import annotations

import time
from typing import Any

import requests
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess
from pulumi.runtime.proto import provider_pb2


def _create_out_of_band(emulator: EmulatorProcess, spec: dict[str, Any]) -> str:
    body = {
        "name": spec["name"],
        "runtime": spec["runtime"],
        "jars": [],
        "plugins": [],
        "flinkConfiguration": spec["flinkConfiguration"],
        "logConfiguration": {},
        "jobManagerResource": spec["jobManagerResource"],
        "taskManagerResource": spec["taskManagerResource"],
        "job": {**spec["job"], "args": []},
    }
    response = requests.post(
        f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications",
        json=body,
        headers={"Authorization": f"Bearer {emulator.token}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return f"{emulator.workspace}/{response.json()['id']}"


def test_import_with_only_an_id_rebuilds_inputs_and_leaves_no_diff(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    import_id = _create_out_of_band(emulator, spec)
    # Imported while PENDING it would diff on state: the next `up` waits for it to be RUNNING.
    deadline = time.monotonic() + 20
    while plugin.read(import_id)[1]["state"] != "RUNNING":
        assert time.monotonic() < deadline, "the application never reached RUNNING"
        time.sleep(0.05)
    read_id, outputs, inputs = plugin.read(import_id)
    # Imported by <workspace>/<applicationId>; tracked by <workspace>/<name> from then on.
    assert read_id == f"{emulator.workspace}/{spec['name']}"
    assert import_id == f"{emulator.workspace}/{outputs['applicationId']}"
    resource_id = read_id
    assert inputs["name"] == spec["name"] and inputs["workspace"] == emulator.workspace
    assert "id" not in inputs["job"] and outputs["job"]["id"]
    # The program declares the same application: check, then diff against the imported state.
    declared, failures = plugin.check(spec)
    assert failures == []
    assert (
        plugin.diff(resource_id, outputs, declared).changes == provider_pb2.DiffResponse.DIFF_NONE
    )
    # And the imported inputs themselves pass check unchanged.
    rechecked, failures = plugin.check(inputs)
    assert failures == [] and rechecked == inputs
    plugin.delete(resource_id, outputs)


def test_import_of_a_malformed_id_says_the_expected_form(plugin: PluginProcess) -> None:
    import grpc
    import pytest

    with pytest.raises(grpc.RpcError) as raised:
        plugin.read("no-slash")
    assert "<workspace>/<applicationId>" in (raised.value.details() or "")


def _created(
    plugin: PluginProcess, spec: dict[str, Any]
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    inputs, _ = plugin.check(spec)
    resource_id, outputs = plugin.create(inputs)
    return inputs, resource_id, outputs


def _out_of_band(
    emulator: EmulatorProcess, method: str, outputs: dict[str, Any], action: str = "", **body: Any
) -> None:
    """A test control on the application behind Pulumi's back."""
    application_id = outputs["applicationId"]
    path = f"/_emulator/workspaces/{emulator.workspace}/applications/{application_id}{action}"
    emulator.control(method, path, json=body or None)


def test_refresh_after_an_out_of_band_delete_reports_it_gone(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, resource_id, outputs = _created(plugin, spec)
    _out_of_band(emulator, "DELETE", outputs)
    read_id, properties, read_inputs = plugin.read(resource_id, outputs, inputs)
    assert (read_id, properties, read_inputs) == ("", {}, {})


def test_an_application_being_deleted_out_of_band_is_kept_and_replaced(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, resource_id, outputs = _created(plugin, spec)
    _out_of_band(emulator, "POST", outputs, "/stuck")
    requests.delete(
        f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications/"
        f"{outputs['applicationId']}",
        headers=emulator.headers,
        timeout=10,
    ).raise_for_status()
    # Still there, holding its name: refresh keeps it and shows it DELETING...
    read_id, properties, read_inputs = plugin.read(resource_id, outputs, inputs)
    assert read_id == resource_id and properties["state"] == "DELETING"
    # ...and the next update redeploys it, waiting for the old one to be gone first.
    response = plugin.diff(resource_id, properties, inputs)
    assert response.changes == provider_pb2.DiffResponse.DIFF_SOME and not response.replaces
    _out_of_band(emulator, "DELETE", outputs)


def test_a_delete_after_an_out_of_band_redeploy_deletes_the_live_application(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, resource_id, outputs = _created(plugin, spec)
    _out_of_band(emulator, "DELETE", outputs)
    live_id = _create_out_of_band(emulator, spec).split("/")[1]
    assert live_id != outputs["applicationId"]
    # The recorded ID is stale: the delete finds the application by its name.
    plugin.delete(resource_id, outputs)
    response = requests.get(
        f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications/{live_id}",
        headers=emulator.headers,
        timeout=10,
    )
    assert response.status_code == 404


def test_refresh_after_an_out_of_band_change_shows_drift(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, resource_id, outputs = _created(plugin, spec)
    slots = {"taskmanager.numberOfTaskSlots": "8"}
    _out_of_band(emulator, "PATCH", outputs, flinkConfiguration=slots)
    _, refreshed, refreshed_inputs = plugin.read(resource_id, outputs, inputs)
    assert refreshed_inputs["flinkConfiguration"] == slots
    response = plugin.diff(resource_id, refreshed, inputs)
    assert response.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert 'flinkConfiguration["taskmanager.numberOfTaskSlots"]' in response.detailedDiff
    plugin.delete(resource_id, refreshed)
