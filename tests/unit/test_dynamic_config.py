"""The dynamic provider reads the stack's lakesail:* configuration in configure()."""

from __future__ import annotations

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pulumi_lakesail.dynamic import FlinkApplicationProvider


@pytest.mark.parametrize("prefix", ["lakesail:", "lakesail:config:"])
def test_configure_reads_the_stack_configuration(
    prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LAKESAIL_ENDPOINT", "LAKESAIL_TOKEN", "LAKESAIL_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    raw = {
        f"{prefix}endpoint": "http://127.0.0.1:9",
        f"{prefix}token": "t0k3n",
        f"{prefix}workspace": "WS",
    }
    provider = FlinkApplicationProvider()
    provider.configure(ConfigureRequest(Config(raw, "project")))
    assert provider._settings is not None
    assert (provider._settings.endpoint, provider._settings.workspace) == (
        "http://127.0.0.1:9",
        "WS",
    )


def test_nothing_configured_is_pickled() -> None:
    import pickle

    provider = FlinkApplicationProvider()
    provider.configure(
        ConfigureRequest(
            Config({"lakesail:endpoint": "http://127.0.0.1:9", "lakesail:token": "t0k3n"}, "p")
        )
    )
    assert b"t0k3n" not in pickle.dumps(provider)
