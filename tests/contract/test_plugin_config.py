"""Provider configuration: explicit values, environment fallbacks, and clear errors."""

from __future__ import annotations

import os

import grpc
import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKESAIL_")}
    env.update(extra)
    return env


def test_missing_endpoint_and_token_are_named_with_both_ways_to_set_them() -> None:
    with PluginProcess(env=_env()) as plugin:
        response = plugin.configure()
        failures = {f.property: f.reason for f in response.failures}
        assert set(failures) == {"endpoint", "token"}
        assert "pulumi config set lakesail:endpoint" in failures["endpoint"]
        assert "LAKESAIL_ENDPOINT" in failures["endpoint"]
        assert "--secret" in failures["token"] and "LAKESAIL_TOKEN" in failures["token"]


def test_environment_variables_configure_the_provider(emulator: EmulatorProcess) -> None:
    env = _env(
        LAKESAIL_ENDPOINT=emulator.url,
        LAKESAIL_TOKEN=emulator.token,
        LAKESAIL_WORKSPACE=emulator.workspace,
    )
    with PluginProcess(env=env) as plugin:
        response = plugin.configure()
        assert response.acceptSecrets and response.supportsPreview
        inputs, failures = plugin.check(
            {"name": "x", "runtime": "FLINK_1_17", "jars": ["s3://b/j.jar"]}
        )
        assert failures == [] and inputs["workspace"] == emulator.workspace
        items, _ = plugin.invoke("lakesail:index:listFlinkApplications", {})
        assert items["workspace"] == emulator.workspace


def test_explicit_configuration_wins_over_the_environment(emulator: EmulatorProcess) -> None:
    env = _env(LAKESAIL_ENDPOINT="http://127.0.0.1:9", LAKESAIL_TOKEN="wrong")
    with PluginProcess(env=env) as plugin:
        plugin.configure(endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace)
        items, failures = plugin.invoke("lakesail:index:listFlinkApplications", {})
        assert failures == [] and isinstance(items["items"], list)


def test_a_wrong_token_fails_with_the_api_status_and_no_token_text(
    emulator: EmulatorProcess,
) -> None:
    with PluginProcess(env=_env()) as plugin:
        # Learned at Configure (previews included), naming the key to fix.
        with pytest.raises(grpc.RpcError) as raised:
            plugin.configure(
                endpoint=emulator.url, token="not-a-key-0123456789", workspace=emulator.workspace
            )
        details = raised.value.details() or ""
        assert "401" in details and "lakesail:token" in details
        assert "not-a-key-0123456789" not in details
