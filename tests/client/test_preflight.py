"""The configuration is checked at configure time, each failure naming the key to fix."""

from __future__ import annotations

import socket

import pytest
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.core.errors import ConfigurationError
from pulumi_lakesail.core.preflight import preflight
from pulumi_lakesail.core.settings import ProviderSettings

pytestmark = pytest.mark.client


def settings(**config: str) -> ProviderSettings:
    return ProviderSettings.resolve(config, environ={})


def keys_of(config: dict[str, str]) -> tuple[list[str], str]:
    with pytest.raises(ConfigurationError) as raised:
        preflight(settings(**config))
    return [key for key, _ in raised.value.problems], str(raised.value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_working_configuration_passes(emulator: EmulatorProcess) -> None:
    preflight(settings(endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace))


def test_a_wrong_token_names_lakesail_token(emulator: EmulatorProcess) -> None:
    keys, text = keys_of({"endpoint": emulator.url, "token": "not-the-key"})
    assert keys == ["token"] and "lakesail:token" in text and "not-the-key" not in text


def test_a_missing_workspace_names_lakesail_workspace(emulator: EmulatorProcess) -> None:
    keys, text = keys_of({"endpoint": emulator.url, "token": emulator.token, "workspace": "NOPE"})
    assert keys == ["workspace"] and "NOPE" in text


def test_an_unreachable_endpoint_names_host_and_port() -> None:
    port = free_port()
    keys, text = keys_of({"endpoint": f"http://127.0.0.1:{port}", "token": "t"})
    assert keys == ["endpoint"] and f"127.0.0.1:{port}" in text


def test_an_endpoint_that_is_not_lakesail_names_lakesail_endpoint(
    emulator: EmulatorProcess,
) -> None:
    keys, text = keys_of({"endpoint": emulator.url + "/elsewhere", "token": emulator.token})
    assert keys == ["endpoint"] and "server root" in text
