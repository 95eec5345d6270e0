"""The token never leaves the provider configuration; secret inputs stay secret."""

from __future__ import annotations

import json
from typing import Any

import grpc
import pytest
from google.protobuf import json_format
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess, is_secret, reveal, secret


def test_token_is_absent_from_everything_returned_logged_or_printed(
    emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    seen: list[str] = []
    with PluginProcess() as plugin:
        checked = plugin.configure(
            endpoint=emulator.url, token=secret(emulator.token), workspace=emulator.workspace
        )
        seen.append(json_format.MessageToJson(checked))
        inputs, failures = plugin.check(spec)
        seen.append(json.dumps([inputs, failures]))
        resource_id, outputs = plugin.create(inputs)
        seen.append(json.dumps([resource_id, outputs]))
        seen.append(json.dumps(plugin.read(resource_id, outputs, inputs)))
        seen.append(
            json.dumps(
                plugin.invoke(
                    "lakesail:index:getFlinkApplication",
                    {"applicationId": outputs["applicationId"]},
                )
            )
        )
        seen.append(json.dumps(plugin.invoke("lakesail:index:listFlinkApplications", {})))
        failing, _ = plugin.check(
            {
                **spec,
                "name": spec["name"] + "-f",
                "flinkConfiguration": {"lakesail.emulator.fail": "true"},
            }
        )
        with pytest.raises(grpc.RpcError) as raised:
            plugin.create(failing)
        seen.append(str(raised.value.details()) + repr(raised.value.trailing_metadata()))
        plugin.delete(resource_id, outputs)
        seen.extend(entry.message for entry in plugin.logs)
        seen.append(plugin.stderr())
    assert plugin.logs, "the plugin sent no progress messages"
    haystack = "\n".join(seen)
    assert emulator.token not in haystack


def test_token_set_without_secret_is_still_marked_secret(emulator: EmulatorProcess) -> None:
    with PluginProcess() as plugin:
        from lakesail_testing.plugin import from_struct, to_struct, urn
        from pulumi.runtime.proto import provider_pb2

        checked = plugin.stub.CheckConfig(
            provider_pb2.CheckRequest(
                urn=urn("default", "pulumi:providers:lakesail"),
                news=to_struct({"endpoint": emulator.url, "token": emulator.token}),
            )
        )
        assert is_secret(from_struct(checked.inputs)["token"])


def test_secret_inputs_stay_secret_in_outputs(plugin: PluginProcess, spec: dict[str, Any]) -> None:
    secret_spec = {**spec, "flinkConfiguration": secret({"s3.secret-key": "hunter2"})}
    inputs, failures = plugin.check(secret_spec)
    assert failures == [] and is_secret(inputs["flinkConfiguration"])
    resource_id, outputs = plugin.create(inputs)
    assert is_secret(outputs["flinkConfiguration"])
    _, read_outputs, read_inputs = plugin.read(resource_id, outputs, inputs)
    assert is_secret(read_outputs["flinkConfiguration"]) and is_secret(
        read_inputs["flinkConfiguration"]
    )
    plugin.delete(resource_id, outputs)


def test_a_secret_inside_a_map_keeps_its_value_and_makes_the_map_secret(
    plugin: PluginProcess, spec: dict[str, Any]
) -> None:
    config = {"taskmanager.numberOfTaskSlots": "2", "s3.secret-key": secret("hunter2")}
    inputs, failures = plugin.check({**spec, "flinkConfiguration": config})
    assert failures == [] and is_secret(inputs["flinkConfiguration"])
    resource_id, outputs = plugin.create(inputs)
    for recorded in (outputs, *plugin.read(resource_id, outputs, inputs)[1:]):
        assert is_secret(recorded["flinkConfiguration"])
        assert reveal(recorded["flinkConfiguration"])["s3.secret-key"] == "hunter2"
    plugin.delete(resource_id, outputs)
