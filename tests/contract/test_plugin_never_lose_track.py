"""Through the real plugin: Configure learns what is wrong with the configuration, Cancel ends
every wait with what exists recorded, and two resources of one program cannot share a name."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.fault_harness import init_failure
from lakesail_testing.plugin import PluginProcess, from_struct

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def slow_emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(startup_seconds=600, delete_seconds=0.2) as process:
        yield process


def configured(emulator: EmulatorProcess) -> PluginProcess:
    plugin = PluginProcess().start()
    plugin.configure(endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace)
    return plugin


def test_cancel_ends_waiting_creates_promptly_and_keeps_them_recorded(
    slow_emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    plugin = configured(slow_emulator)
    try:
        names = [f"{spec['name']}-{i}" for i in range(4)]
        outcomes: dict[str, BaseException | tuple[str, dict[str, Any]]] = {}

        def create(name: str) -> None:
            inputs, _ = plugin.check({**spec, "name": name}, name=name)
            try:
                outcomes[name] = plugin.create(inputs, name=name)
            except grpc.RpcError as exc:
                outcomes[name] = exc

        threads = [threading.Thread(target=create, args=(n,)) for n in names]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while slow_emulator.count("POST", "/api/flink/v1/workspaces/{ws}/applications") < 4:
            assert time.monotonic() < deadline, "the creates never reached the API"
            time.sleep(0.05)
        plugin.stub.Cancel(empty_pb2.Empty())
        for thread in threads:
            thread.join(timeout=30)
            assert not thread.is_alive(), "a wait did not return after Cancel"
        for name in names:
            error = outcomes[name]
            assert isinstance(error, grpc.RpcError), "a create waiting 600 s succeeded?"
            detail = init_failure(error)
            assert detail is not None, "the created application was not recorded"
            assert detail.id == f"{slow_emulator.workspace}/{name}"
            assert "cancelled" in detail.reasons[0]
            assert from_struct(detail.properties)["state"] == "PENDING"
    finally:
        plugin.stop()


def test_two_resources_with_one_name_fail_at_check(
    plugin: PluginProcess, spec: dict[str, Any]
) -> None:
    _, first = plugin.check(spec, name="first")
    assert first == []
    assert plugin.check(spec, name="first")[1] == []  # the same resource, checked again
    _, second = plugin.check(spec, name="second")
    assert [path for path, _ in second] == ["name"]
    assert "first" in second[0][1] and "unique" in second[0][1]


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"workspace": "NOSUCHWS"}, "lakesail:workspace"),
        ({"endpoint_suffix": "/not-the-root"}, "lakesail:endpoint"),
    ],
)
def test_configure_names_the_key_to_fix(
    emulator: EmulatorProcess, config: dict[str, str], key: str
) -> None:
    endpoint = emulator.url + config.get("endpoint_suffix", "")
    with PluginProcess() as plugin:
        with pytest.raises(grpc.RpcError) as raised:
            plugin.configure(
                endpoint=endpoint,
                token=emulator.token,
                workspace=config.get("workspace", emulator.workspace),
            )
        assert key in (raised.value.details() or "")
