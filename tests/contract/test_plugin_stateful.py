"""Stateful redeploys through the real plugin: savepoint, last-state, stateless, suspend and
resume, rollback, final savepoint, and the cases where state cannot be carried over."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess
from pulumi.runtime.proto import provider_pb2

pytestmark = pytest.mark.contract

FAIL = {"lakesail.emulator.fail": "true"}


def held(emulator: EmulatorProcess, name: str) -> list[dict[str, Any]]:
    """The applications named ``name`` the emulator holds, described."""
    base = f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications"
    items = requests.get(base, headers=emulator.headers, timeout=10).json()["items"]
    return [
        requests.get(f"{base}/{item['id']}", headers=emulator.headers, timeout=10).json()
        for item in items
        if item["name"] == name
    ]


def deployed(
    plugin: PluginProcess, spec: dict[str, Any], **extra: Any
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    inputs, failures = plugin.check({**spec, **extra})
    assert failures == []
    resource_id, outputs = plugin.create(inputs)
    assert outputs["state"] == "RUNNING"
    return resource_id, inputs, outputs


def changed(plugin: PluginProcess, inputs: dict[str, Any], **config: str) -> dict[str, Any]:
    news, failures = plugin.check(
        {**inputs, "flinkConfiguration": {**inputs["flinkConfiguration"], **config}}
    )
    assert failures == []
    return news


def messages(plugin: PluginProcess) -> str:
    return "\n".join(entry.message for entry in plugin.logs)


def test_savepoint_mode_redeploys_from_a_savepoint_it_took_and_logged(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    resource_id, inputs, outputs = deployed(plugin, spec, upgradeMode="savepoint")
    news = changed(plugin, inputs, **{"parallelism.default": "4"})

    diff = plugin.diff(resource_id, outputs, news)
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME and not diff.replaces
    assert "carried over through a new savepoint" in messages(plugin)

    updated = plugin.update(resource_id, outputs, news)
    assert updated["state"] == "RUNNING"
    assert updated["applicationId"] != outputs["applicationId"]
    assert updated["restoredFrom"] and updated["restoredFrom"] == updated["lastSavepoint"]
    assert f"completed: {updated['restoredFrom']}" in messages(plugin)
    [app] = held(emulator, spec["name"])
    assert app["flinkConfiguration"]["execution.savepoint.path"] == updated["restoredFrom"]
    assert app["flinkConfiguration"]["parallelism.default"] == "4"
    # The provider's savepoint key never shows up as drift.
    read_id, properties, rebuilt = plugin.read(resource_id, updated, news)
    assert (
        read_id == resource_id and "execution.savepoint.path" not in rebuilt["flinkConfiguration"]
    )
    assert plugin.diff(resource_id, properties, news).changes == provider_pb2.DiffResponse.DIFF_NONE
    plugin.delete(resource_id, properties)
    assert "final savepoint" in messages(plugin)
    assert held(emulator, spec["name"]) == []


def test_stateless_change_warns_that_state_is_discarded_and_starts_empty(
    plugin: PluginProcess, spec: dict[str, Any]
) -> None:
    resource_id, inputs, outputs = deployed(plugin, spec)
    news = changed(plugin, inputs, **{"parallelism.default": "2"})
    plugin.diff(resource_id, outputs, news)
    assert any(
        entry.severity == 2 and "will be discarded" in entry.message for entry in plugin.logs
    ), "preview did not warn that the job state is discarded"
    updated = plugin.update(resource_id, outputs, news)
    assert updated["restoredFrom"] == "" and updated["state"] == "RUNNING"
    plugin.delete(resource_id, updated)


def test_a_failing_new_deployment_is_rolled_back_from_the_same_savepoint(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    resource_id, inputs, outputs = deployed(plugin, spec, upgradeMode="savepoint")
    news = changed(plugin, inputs, **FAIL)
    with pytest.raises(grpc.RpcError) as raised:
        plugin.update(resource_id, outputs, news)
    text = raised.value.details() or ""
    assert "FAILED" in text and "Rolled back" in text and "still pending" in text
    [app] = held(emulator, spec["name"])
    assert app["state"] == "RUNNING" and "lakesail.emulator.fail" not in app["flinkConfiguration"]
    assert app["flinkConfiguration"]["execution.savepoint.path"]
    # The engine keeps the old state: refresh finds the rolled-back application by its name,
    # and the change is still pending.
    read_id, properties, _ = plugin.read(resource_id, outputs, inputs)
    assert read_id == resource_id and properties["applicationId"] == app["id"]
    assert plugin.diff(resource_id, properties, news).changes == provider_pb2.DiffResponse.DIFF_SOME
    plugin.delete(resource_id, properties)


def test_suspend_saves_the_state_and_resume_starts_from_it(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    resource_id, inputs, outputs = deployed(plugin, spec, upgradeMode="savepoint")
    suspend, _ = plugin.check({**inputs, "suspended": True})
    suspended = plugin.update(resource_id, outputs, suspend)
    assert suspended["state"] == "SUSPENDED" and suspended["lastSavepoint"]
    assert suspended["applicationId"] == "" and held(emulator, spec["name"]) == []
    # Refresh of a suspended resource is not drift.
    read_id, properties, _ = plugin.read(resource_id, suspended, suspend)
    assert read_id == resource_id and properties["state"] == "SUSPENDED"
    assert (
        plugin.diff(resource_id, properties, suspend).changes == provider_pb2.DiffResponse.DIFF_NONE
    )

    resume, _ = plugin.check({**inputs, "suspended": False})
    # The preview of a resume cannot know the new application's ID or state yet.
    previewed = plugin.update(resource_id, suspended, resume, preview=True)
    assert previewed["applicationId"] != "" and previewed["state"] != "SUSPENDED"
    resumed = plugin.update(resource_id, suspended, resume)
    assert resumed["state"] == "RUNNING" and resumed["restoredFrom"] == suspended["lastSavepoint"]
    plugin.delete(resource_id, resumed)


def test_last_state_without_a_savepoint_fails_before_touching_anything(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    resource_id, inputs, outputs = deployed(plugin, spec, upgradeMode="last-state")
    news = changed(plugin, inputs, **{"parallelism.default": "3"})
    with pytest.raises(grpc.RpcError) as raised:
        plugin.update(resource_id, outputs, news)
    assert "no completed savepoint" in (raised.value.details() or "")
    [app] = held(emulator, spec["name"])
    assert app["id"] == outputs["applicationId"] and app["state"] == "RUNNING"
    plugin.delete(resource_id, outputs)


def test_a_savepoint_job_whose_application_is_gone_is_not_started_without_its_state(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    resource_id, inputs, outputs = deployed(plugin, spec, upgradeMode="savepoint")
    emulator.control(
        "DELETE",
        f"/_emulator/workspaces/{emulator.workspace}/applications/{outputs['applicationId']}",
    )
    news = changed(plugin, inputs, **{"parallelism.default": "3"})
    with pytest.raises(grpc.RpcError) as raised:
        plugin.update(resource_id, outputs, news)
    assert "initialSavepointPath" in (raised.value.details() or "")
    assert held(emulator, spec["name"]) == []


def test_importing_what_does_not_exist_fails_naming_it(
    plugin: PluginProcess, emulator: EmulatorProcess
) -> None:
    for key in ("no-such-app", "NOSUCHID0000"):
        with pytest.raises(grpc.RpcError) as raised:
            plugin.read(f"{emulator.workspace}/{key}")
        text = raised.value.details() or ""
        assert key in text and emulator.workspace in text


def test_the_provider_owns_the_savepoint_key(plugin: PluginProcess, spec: dict[str, Any]) -> None:
    _, failures = plugin.check(
        {**spec, "flinkConfiguration": {"execution.savepoint.path": "file:///tmp/x"}}
    )
    assert [path for path, _ in failures] == ['flinkConfiguration["execution.savepoint.path"]']
