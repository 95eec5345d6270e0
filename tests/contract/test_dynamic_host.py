"""The dynamic variant, driven through Pulumi's real dynamic-provider host over gRPC."""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess, from_struct, reveal, to_struct, urn
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.proto import provider_pb2

from pulumi_lakesail.dynamic import FlinkApplicationProvider

TYPE = "pulumi-python:dynamic/lakesail:FlinkApplication"
BLOB = serialize_provider(FlinkApplicationProvider())


@pytest.fixture(scope="module")
def host(emulator: EmulatorProcess) -> Iterator[PluginProcess]:
    # Started as the engine starts it; -u because the host does not flush its port line.
    with PluginProcess(command=[sys.executable, "-u", "-m", "pulumi.dynamic"]) as process:
        config = {
            "lakesail:endpoint": emulator.url,
            "lakesail:token": emulator.token,
            "lakesail:workspace": emulator.workspace,
        }
        process.stub.Configure(
            provider_pb2.ConfigureRequest(args=to_struct(config), acceptSecrets=True)
        )
        yield process


def check(
    host: PluginProcess, news: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    response = host.stub.Check(
        provider_pb2.CheckRequest(
            urn=urn("app", TYPE), olds=to_struct({}), news=to_struct({**news, "__provider": BLOB})
        )
    )
    return from_struct(response.inputs), [(f.property, f.reason) for f in response.failures]


def test_blob_is_small_and_holds_no_configuration(emulator: EmulatorProcess) -> None:
    assert len(BLOB) < 1024
    decoded = base64.b64decode(BLOB)
    assert emulator.token.encode() not in decoded and b"requests" not in decoded
    assert b"pulumi_lakesail.dynamic" in decoded  # pickled by reference


def test_lifecycle_diff_and_refresh_through_the_dynamic_host(
    host: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, failures = check(host, spec)
    assert failures == [] and inputs["workspace"] == emulator.workspace

    created = host.stub.Create(
        provider_pb2.CreateRequest(urn=urn("app", TYPE), properties=to_struct(inputs))
    )
    outputs = reveal(from_struct(created.properties))
    assert created.id == f"{emulator.workspace}/{inputs['name']}"
    assert outputs["state"] == "RUNNING"
    assert emulator.token not in str(outputs)

    unchanged = host.stub.Diff(
        provider_pb2.DiffRequest(
            id=created.id, urn=urn("app", TYPE), olds=created.properties, news=to_struct(inputs)
        )
    )
    assert unchanged.changes == provider_pb2.DiffResponse.DIFF_NONE
    changed_inputs, _ = check(host, {**spec, "runtime": "FLINK_1_18"})
    changed = host.stub.Diff(
        provider_pb2.DiffRequest(
            id=created.id,
            urn=urn("app", TYPE),
            olds=created.properties,
            news=to_struct(changed_inputs),
        )
    )
    assert changed.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(changed.replaces) == [] and changed.changes == provider_pb2.DiffResponse.DIFF_SOME

    read = host.stub.Read(
        provider_pb2.ReadRequest(id=created.id, urn=urn("app", TYPE), properties=created.properties)
    )
    assert read.id == created.id and reveal(from_struct(read.properties))["name"] == spec["name"]

    # Deleted out of band (removed at once): refresh drops it.
    application_id = outputs["applicationId"]
    emulator.control(
        "DELETE", f"/_emulator/workspaces/{emulator.workspace}/applications/{application_id}"
    )
    gone = host.stub.Read(
        provider_pb2.ReadRequest(id=created.id, urn=urn("app", TYPE), properties=created.properties)
    )
    assert gone.id == ""
    host.stub.Delete(
        provider_pb2.DeleteRequest(
            id=created.id, urn=urn("app", TYPE), properties=created.properties
        )
    )


def test_invalid_inputs_fail_check_through_the_dynamic_host(
    host: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    emulator.reset_stats()
    _, failures = check(host, {**spec, "jobManagerResource": {"cpu": -1}})
    assert [p for p, _ in failures] == ["jobManagerResource.cpu"]
    assert emulator.stats()["requests"] == []


def test_failed_create_is_rolled_back_not_orphaned(
    host: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, _ = check(host, {**spec, "flinkConfiguration": {"lakesail.emulator.fail": "true"}})
    with pytest.raises(grpc.RpcError) as raised:
        host.stub.Create(
            provider_pb2.CreateRequest(urn=urn("app", TYPE), properties=to_struct(inputs))
        )
    assert "FAILED" in (raised.value.details() or "") and "deleted again" in (
        raised.value.details() or ""
    )
    import requests

    listed = requests.get(
        f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications",
        headers=emulator.headers,
        timeout=10,
    ).json()["items"]
    names = [item["name"] for item in listed if item["state"] != "DELETING"]
    assert spec["name"] not in names
