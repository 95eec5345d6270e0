"""Provider settings: explicit config wins, the environment is the fallback, errors say how."""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_lakesail.core.errors import ConfigurationError
from pulumi_lakesail.core.settings import ProviderSettings, Secret

ENV = {
    "LAKESAIL_ENDPOINT": "http://env:1",
    "LAKESAIL_TOKEN": "env-token",
    "LAKESAIL_WORKSPACE": "ENV",
}


def test_explicit_values_win_over_the_environment() -> None:
    settings = ProviderSettings.resolve(
        {"endpoint": "http://cfg:2", "token": "cfg-token", "workspace": "CFG"}, ENV
    )
    assert (settings.endpoint, settings.token.reveal(), settings.workspace) == (
        "http://cfg:2",
        "cfg-token",
        "CFG",
    )


def test_the_environment_is_the_fallback() -> None:
    settings = ProviderSettings.resolve({}, ENV)
    assert (settings.endpoint, settings.workspace) == ("http://env:1", "ENV")


def test_every_problem_is_named_with_how_to_fix_it() -> None:
    with pytest.raises(ConfigurationError) as raised:
        ProviderSettings.resolve({"workspace": "lower", "caBundle": "/no/such.pem"}, {})
    message = str(raised.value)
    for fragment in (
        "lakesail:endpoint is not set",
        "LAKESAIL_ENDPOINT",
        "pulumi config set --secret lakesail:token",
        "lakesail:workspace must be",
        "lakesail:caBundle must be a PEM file",
    ):
        assert fragment in message


def test_a_ca_bundle_file_is_used_for_verification(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    settings = ProviderSettings.resolve({"caBundle": str(bundle)}, ENV)
    assert settings.ca_bundle == str(bundle) and not settings.insecure


def test_the_token_never_shows_itself() -> None:
    settings = ProviderSettings.resolve({}, ENV)
    assert "env-token" not in repr(settings) and "env-token" not in str(settings.token)
    assert Secret("x") == Secret("x")
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(settings.token)


@pytest.mark.parametrize("suffix", ["/api/flink/v1", "/api/flink/v1/", "/api", "/api/org/v1"])
def test_an_endpoint_given_with_the_api_prefix_is_taken_as_the_server_root(suffix: str) -> None:
    settings = ProviderSettings.resolve(
        {"endpoint": "http://127.0.0.1:8080" + suffix, "token": "t"}, environ={}
    )
    assert settings.endpoint == "http://127.0.0.1:8080"
    assert settings.notes and "server root http://127.0.0.1:8080" in settings.notes[0]


def test_a_server_root_is_kept_without_a_note() -> None:
    settings = ProviderSettings.resolve({"endpoint": "http://h:1/", "token": "t"}, environ={})
    assert (settings.endpoint, settings.notes) == ("http://h:1", ())


def test_max_requests_per_second_comes_from_config_or_the_environment() -> None:
    base = {"endpoint": "http://h:1", "token": "t"}
    assert ProviderSettings.resolve(base, environ={}).max_requests_per_second is None
    configured = ProviderSettings.resolve({**base, "maxRequestsPerSecond": 50}, environ={})
    assert configured.max_requests_per_second == 50.0
    from_env = ProviderSettings.resolve(base, environ={"LAKESAIL_MAX_REQUESTS_PER_SECOND": "2.5"})
    assert from_env.max_requests_per_second == 2.5
    assert from_env.client().throttle.max_per_second == 2.5


@pytest.mark.parametrize("bad", ["fast", 0, -3, "inf"])
def test_a_bad_max_requests_per_second_names_the_key(bad: object) -> None:
    with pytest.raises(ConfigurationError) as raised:
        ProviderSettings.resolve(
            {"endpoint": "http://h:1", "token": "t", "maxRequestsPerSecond": bad}, environ={}
        )
    assert [key for key, _ in raised.value.problems] == ["maxRequestsPerSecond"]
