"""A FAILED application and a timeout: the error says why, and the engine still gets the ID."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import UNKNOWN, PluginProcess, from_struct, to_struct, urn
from pulumi.runtime.proto import engine_pb2, provider_pb2, status_pb2


@pytest.fixture(scope="module")
def slow_emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(startup_seconds=30, delete_seconds=0) as process:
        yield process


@pytest.fixture(scope="module")
def slow_plugin(slow_emulator: EmulatorProcess) -> Iterator[PluginProcess]:
    with PluginProcess() as process:
        process.configure(
            endpoint=slow_emulator.url, token=slow_emulator.token, workspace=slow_emulator.workspace
        )
        yield process


def init_failure(error: grpc.RpcError) -> provider_pb2.ErrorResourceInitFailed:
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                found = provider_pb2.ErrorResourceInitFailed()
                if detail.Unpack(found):
                    return found
    raise AssertionError(f"no ErrorResourceInitFailed in {error}")


def test_failed_application_fails_create_with_the_cause_and_its_id(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    failing = {**spec, "flinkConfiguration": {"lakesail.emulator.fail": "true"}}
    inputs, _ = plugin.check(failing)
    with pytest.raises(grpc.RpcError) as raised:
        plugin.create(inputs)
    detail = init_failure(raised.value)
    assert detail.id.startswith(f"{emulator.workspace}/")
    assert from_struct(detail.properties)["state"] == "FAILED"
    assert "FAILED" in detail.reasons[0]
    assert "FAILED" in (raised.value.details() or "")
    # It is tracked, so it can be deleted.
    plugin.delete(detail.id, from_struct(detail.properties))


def test_create_timeout_records_the_pending_application(
    slow_plugin: PluginProcess, slow_emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, _ = slow_plugin.check(spec)
    with pytest.raises(grpc.RpcError) as raised:
        slow_plugin.create(inputs, timeout=1.5)
    detail = init_failure(raised.value)
    outputs = from_struct(detail.properties)
    assert outputs["state"] == "PENDING" and detail.id == f"{inputs['workspace']}/{inputs['name']}"
    assert outputs["applicationId"]
    assert "did not reach RUNNING within the timeout (it is PENDING" in detail.reasons[0], detail
    # The next update resumes the wait instead of creating a second application...
    with pytest.raises(grpc.RpcError) as again:
        slow_plugin.update(detail.id, outputs, inputs, timeout=1)
    assert "PENDING" in init_failure(again.value).reasons[0]
    apps = "/api/flink/v1/workspaces/{ws}/applications"
    assert slow_emulator.count("POST", apps) == 1
    # ...and one that FAILED meanwhile is redeployed (LakeSail cannot restart it), the failed
    # one deleted first: never two applications, the new one recorded.
    slow_emulator.control(
        "POST",
        f"/_emulator/workspaces/{slow_emulator.workspace}/applications/{outputs['applicationId']}/fail",
    )
    with pytest.raises(grpc.RpcError) as redeployed:
        slow_plugin.update(detail.id, outputs, inputs, timeout=5)
    recorded = from_struct(init_failure(redeployed.value).properties)
    assert recorded["applicationId"] != outputs["applicationId"]
    assert slow_emulator.count("POST", apps) == 2
    slow_plugin.delete(detail.id, recorded)


def test_after_a_timed_out_create_diff_says_why_and_up_waits_for_running(
    spec: dict[str, Any],
) -> None:
    # The application starts in 4 s; the create gives up after 1 s, leaving it PENDING.
    with (
        EmulatorProcess(startup_seconds=4, delete_seconds=0) as emulator,
        PluginProcess() as plugin,
    ):
        plugin.configure(endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace)
        inputs, _ = plugin.check(spec)
        with pytest.raises(grpc.RpcError) as raised:
            plugin.create(inputs, timeout=1)
        detail = init_failure(raised.value)
        olds = from_struct(detail.properties)
        assert olds["state"] == "PENDING"

        # The next preview: a change of state, and a warning that says why.
        diff = plugin.diff(detail.id, olds, inputs)
        assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME
        assert list(diff.diffs) == ["state"] and list(diff.replaces) == []
        assert diff.detailedDiff["state"].kind == provider_pb2.PropertyDiff.UPDATE
        warnings = [e.message for e in plugin.logs if e.severity == engine_pb2.WARNING]
        assert any(
            f"{detail.id} is recorded as PENDING" in w
            and "`pulumi up` waits for it to be RUNNING" in w
            for w in warnings
        ), warnings
        preview = plugin.stub.Update(
            provider_pb2.UpdateRequest(
                id=detail.id, urn=urn(), olds=to_struct(olds), news=to_struct(inputs), preview=True
            )
        )
        assert from_struct(preview.properties)["state"] == UNKNOWN  # learned by the update

        # `up` waits for that same application, and then nothing is left to change.
        outputs = plugin.update(detail.id, olds, inputs)
        assert outputs["state"] == "RUNNING"
        assert outputs["applicationId"] == olds["applicationId"]
        assert emulator.count("POST", "/api/flink/v1/workspaces/{ws}/applications") == 1
        assert plugin.diff(detail.id, outputs, inputs).changes != diff.changes
        plugin.delete(detail.id, outputs)


def test_duplicate_name_is_a_clear_conflict(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, _ = plugin.check(spec)
    resource_id, outputs = plugin.create(inputs)
    other, _ = plugin.check({**spec, "runtime": "FLINK_1_18"})
    with pytest.raises(grpc.RpcError) as raised:
        plugin.create(other, name="other")
    details = raised.value.details() or ""
    assert "already exists" in details
    # The real object and the exact command that adopts it under the resource that failed.
    assert f"{emulator.workspace}/{outputs['applicationId']}, RUNNING" in details
    command = f"`pulumi import lakesail:index:FlinkApplication other {resource_id}`"
    assert command in details and "<" not in details, details
    assert "another `name`" in details and "delete the other" in details
    assert "under another resource" in details and "rename" in details
    plugin.delete(resource_id, outputs)


def test_a_name_held_by_an_object_being_deleted_says_to_wait_and_run_up_again(
    spec: dict[str, Any],
) -> None:
    with (
        EmulatorProcess(startup_seconds=0, delete_seconds=60) as emulator,
        PluginProcess() as plugin,
    ):
        plugin.configure(endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace)
        inputs, _ = plugin.check(spec)
        _, outputs = plugin.create(inputs)
        app = f"{emulator.workspace}/{outputs['applicationId']}"
        # Deleted outside this stack: it holds its name for the next 60 s.
        requests.delete(
            f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications/"
            f"{outputs['applicationId']}",
            headers=emulator.headers,
            timeout=10,
        ).raise_for_status()
        with pytest.raises(grpc.RpcError) as raised:
            plugin.create(inputs, name="again", timeout=1.5)
        details = raised.value.details() or ""
        assert f"({app}) is being deleted" in details, details
        assert "wait until it is gone, then run `pulumi up` again" in details


def test_retries_show_as_progress_and_an_unreachable_endpoint_names_lakesail_endpoint(
    spec: dict[str, Any],
) -> None:
    with EmulatorProcess() as emulator, PluginProcess() as plugin:
        plugin.configure(endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace)
        origin = emulator.url.removeprefix("http://")
        emulator.stop()  # configured, then gone: every request is refused
        inputs, _ = plugin.check(spec)
        with pytest.raises(grpc.RpcError) as raised:
            plugin.create(inputs)
    shown = [e.message for e in plugin.logs if e.ephemeral and e.urn == urn()]
    refused = f"cannot reach {origin} (connection refused); retrying"
    assert f"{refused} now (attempt 2 of 6)" in shown, shown
    assert any(m.startswith(f"{refused} in ") and m.endswith("(attempt 6 of 6)") for m in shown)
    details = raised.value.details() or ""
    assert f"cannot reach LakeSail at {origin} (lakesail:endpoint {emulator.url})" in details
    assert "connection refused" in details.lower(), details
