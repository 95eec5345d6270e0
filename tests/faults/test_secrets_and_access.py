"""Secrets and access: the token shows up nowhere, and the API refuses what it must.

Everything the provider produces is collected (gRPC responses, init-failure details, error
texts, engine log messages, plugin stderr, reprs, the dynamic provider's pickled blob, Python
log records) and searched for the token. Then the emulator's access rules as the provider meets
them: an unknown key (401), another organization's workspace (403), an oversized body (413);
each a clear error with nothing created.
"""

from __future__ import annotations

import base64
import json
import logging
import pickle
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import json_format
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.fault_harness import APPS, APPS_PATH, FAST, Env, Timing, details, init_failure
from lakesail_testing.plugin import (
    PluginProcess,
    from_struct,
    is_secret,
    secret,
    to_struct,
    urn,
)
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.proto import provider_pb2

from pulumi_lakesail.client import LakeSailClient, LakeSailError, RetryPolicy
from pulumi_lakesail.core.settings import ProviderSettings, Secret
from pulumi_lakesail.core.validate import check
from pulumi_lakesail.dynamic import FlinkApplicationProvider

SPEC: dict[str, Any] = {
    "runtime": "FLINK_1_17",
    "jobManagerResource": {"cpu": 0.5, "memory": "1g"},
    "taskManagerResource": {"cpu": 1, "memory": "2g"},
    "job": {"jarUri": "local:///opt/flink/usrlib/job.jar", "entryClass": "org.example.Job"},
}


def spec(name: str, **changes: Any) -> dict[str, Any]:
    return {"name": name, **SPEC, **changes}


@pytest.fixture
def own() -> Iterator[tuple[EmulatorProcess, PluginProcess]]:
    """An emulator and a plugin of this test alone (the test restarts the emulator)."""
    with EmulatorProcess(startup_seconds=0.2, delete_seconds=0.2) as emu, PluginProcess() as plugin:
        yield emu, plugin


def test_token_is_in_no_output_state_log_error_repr_or_pickle(
    own: tuple[EmulatorProcess, PluginProcess], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    emu, plugin = own
    token = emu.token
    seen: list[str] = []

    def call_failing(fn: Callable[[], Any]) -> grpc.RpcError:
        with pytest.raises(grpc.RpcError) as raised:
            fn()
        error = raised.value
        seen.append(f"{details(error)} {error!r} {error.trailing_metadata()!r}")
        detail = init_failure(error)
        if detail is not None:
            seen.append(json_format.MessageToJson(detail))
        return error

    # The engine sends the token as a secret; CheckConfig keeps it secret, Configure echoes nothing.
    provider_urn = urn("default", "pulumi:providers:lakesail")
    news = to_struct({"endpoint": emu.url, "token": token})
    checked = plugin.stub.CheckConfig(provider_pb2.CheckRequest(urn=provider_urn, news=news))
    assert is_secret(from_struct(checked.inputs)["token"])
    configured = plugin.configure(endpoint=emu.url, token=secret(token), workspace=emu.workspace)
    seen.append(json_format.MessageToJson(configured))

    # Every resource operation, and a function call, with their results.
    inputs, failures = plugin.check(spec("leak-a"))
    seen.append(json.dumps([inputs, failures]))
    resource_id, outputs = plugin.create(inputs)
    seen.append(json.dumps([resource_id, outputs]))
    seen.append(json.dumps(plugin.read(resource_id, outputs, inputs)))
    seen.append(json.dumps(plugin.read(resource_id)))  # import
    seen.append(json.dumps(plugin.invoke("lakesail:index:listFlinkApplications", {})))
    args = {"applicationId": outputs["applicationId"]}
    seen.append(json.dumps(plugin.invoke("lakesail:index:getFlinkApplication", args)))
    seen.append(str(plugin.diff(resource_id, outputs, inputs)))

    # Failures of every kind: init failure, 429 and 503 on the POST, a dropped response,
    # a conflict, a malformed ID.
    failing, _ = plugin.check(spec("leak-f", flinkConfiguration={"lakesail.emulator.fail": "true"}))
    call_failing(lambda: plugin.create(failing))
    other, _ = plugin.check(spec("leak-b"))
    emu.set_faults(
        paths=APPS_PATH, rateLimit={"count": 40, "retryAfterSeconds": 0, "methods": ["POST"]}
    )
    call_failing(lambda: plugin.create(other))
    emu.set_faults(paths=APPS_PATH, errorBurst={"count": 1, "status": 503, "methods": ["POST"]})
    call_failing(lambda: plugin.create(other))
    emu.set_faults(paths=APPS_PATH, dropResponse={"count": 1, "methods": ["POST"]})
    dropped_id, dropped = plugin.create(other)
    emu.clear_faults()
    seen.append(json.dumps([dropped_id, dropped]))
    clash, _ = plugin.check(spec("leak-a", runtime="FLINK_1_18"))
    call_failing(lambda: plugin.create(clash, name="again"))  # 409, another spec
    call_failing(lambda: plugin.read("not-an-id"))

    # The server stops knowing the key the plugin holds (401): its errors must not echo it.
    emu.token = "rotated_" + token[::-1]
    emu.restart()
    call_failing(lambda: plugin.read(resource_id, outputs, inputs))
    call_failing(lambda: plugin.create(other, name="after-rotation"))
    call_failing(lambda: plugin.delete(resource_id, outputs))

    seen.extend(entry.message for entry in plugin.logs)
    seen.append(plugin.stderr())
    seen.append(emu.output())

    # In process: reprs, errors with their tracebacks, refusals to pickle.
    secret_value = Secret(token)
    settings = ProviderSettings.resolve(
        {"endpoint": emu.url, "token": token, "workspace": "DEFAULT"}
    )
    client = settings.client()
    seen += [repr(secret_value), str(secret_value), repr(settings), str(settings), repr(client)]
    for obj in (secret_value, client):
        with pytest.raises(TypeError) as refused:
            pickle.dumps(obj)
        seen.append("".join(traceback.format_exception(refused.value)))
    with pytest.raises(LakeSailError) as unauthorized:
        client.describe_current_identity()  # 401: this token is no longer the server's
    seen.append("".join(traceback.format_exception(unauthorized.value)) + repr(unauthorized.value))
    dead = LakeSailClient("http://127.0.0.1:9", token, retry=RetryPolicy.none())
    with pytest.raises(LakeSailError) as refused_connection:
        dead.describe_current_identity()
    seen.append("".join(traceback.format_exception(refused_connection.value)))
    client.close()
    dead.close()

    # The dynamic provider, configured and used, pickled as the engine stores it in the state.
    emu.token = token
    emu.restart()
    provider = FlinkApplicationProvider()
    provider.configure(
        ConfigureRequest(
            Config({"lakesail:endpoint": emu.url, "lakesail:token": token}, "lakesail-test")
        )
    )
    created = provider.create(check(spec("leak-dynamic"), emu.workspace).inputs)
    seen.append(repr(created.outs))
    blob = serialize_provider(provider)
    provider.delete(created.id, created.outs or {})
    pickled = base64.b64decode(blob)
    assert len(pickled) < 4096, f"the pickled provider is {len(pickled)} bytes: it holds state"
    assert token.encode() not in pickled
    seen.append(pickled.decode("latin-1"))

    seen.extend(record.getMessage() for record in caplog.records)
    haystack = "\n".join(seen)
    assert plugin.logs and caplog.records and len(seen) > 40, "too little collected to prove much"
    assert "401" in haystack and "FAILED" in haystack and "429" in haystack
    assert token not in haystack
    assert "Bearer" not in haystack


@pytest.fixture(scope="module")
def env(env_for: Callable[[Timing], Env]) -> Env:
    return env_for(FAST)


def test_unknown_key_is_refused_with_401_and_creates_nothing(env: Env) -> None:
    emu = env.emulator
    emu.reset_stats()
    with PluginProcess() as plugin:
        # Learned at Configure, before any create: the message names the key to fix.
        with pytest.raises(grpc.RpcError) as raised:
            plugin.configure(
                endpoint=emu.url, token="lsk_unknown_key_0000", workspace=emu.workspace
            )
    message = details(raised.value)
    assert "401" in message and "lakesail:token" in message, message
    assert "lsk_unknown_key_0000" not in message
    assert emu.count("POST", APPS) == 0
    assert env.applications("access-401") == []


def test_another_organizations_workspace_is_refused_with_403(env: Env) -> None:
    emu = env.emulator
    other = emu.control("POST", "organizations")
    with PluginProcess() as plugin:
        # The key of organization 2; the resource names the workspace of organization 1.
        plugin.configure(endpoint=emu.url, token=other["token"])
        inputs, _ = plugin.check({**spec("access-403"), "workspace": emu.workspace})
        with pytest.raises(grpc.RpcError) as raised:
            plugin.create(inputs)
        message = details(raised.value)
        assert "403" in message and "PermissionDeniedError" in message, message
        with pytest.raises(grpc.RpcError) as listing:
            plugin.invoke("lakesail:index:listFlinkApplications", {"workspace": emu.workspace})
        assert "403" in details(listing.value)
    with PluginProcess() as plugin, pytest.raises(grpc.RpcError) as configured:
        # As the default workspace, it is refused at Configure, naming the keys to fix.
        plugin.configure(endpoint=emu.url, token=other["token"], workspace=emu.workspace)
    assert "403" in details(configured.value) and "lakesail:workspace" in details(configured.value)
    assert env.applications("access-403") == []


def test_oversized_body_passes_check_but_is_refused_with_413_and_creates_nothing(env: Env) -> None:
    # No size rule is documented, so check accepts a 2 MB configuration value; the API's body
    # limit refuses it at create, clearly, and nothing is stored.
    huge = spec("access-413", flinkConfiguration={"big": "x" * (2 << 20)})
    inputs, failures = env.plugin.check(huge)
    assert failures == []
    env.emulator.reset_stats()
    with pytest.raises(grpc.RpcError) as raised:
        env.plugin.create(inputs)
    message = details(raised.value)
    assert "413" in message and "POST" in message, message[:300]
    assert init_failure(raised.value) is None
    assert env.emulator.count("POST", APPS) == 1
    assert env.applications("access-413") == []
