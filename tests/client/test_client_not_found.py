"""A 404 means "gone" only when the endpoint has shown it serves the object's workspace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from client_support import FAST_RETRY
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import EndpointError, LakeSailClient, NotFoundError

pytestmark = pytest.mark.client


def test_a_missing_application_of_a_served_workspace_is_not_found(
    make_client: Callable[..., LakeSailClient], emulator: EmulatorProcess
) -> None:
    with pytest.raises(NotFoundError):
        make_client().describe_application(emulator.workspace, "NOSUCHAPP")


@pytest.mark.parametrize("suffix", ["/api/flink/v1", "/not-lakesail"])
def test_an_endpoint_that_is_not_the_server_root_is_an_endpoint_error(
    emulator: EmulatorProcess, suffix: str
) -> None:
    with LakeSailClient(emulator.url + suffix, emulator.token, retry=FAST_RETRY) as client:
        with pytest.raises(EndpointError) as raised:
            client.describe_application(emulator.workspace, "NOSUCHAPP")
        with pytest.raises(EndpointError):
            client.delete_application(emulator.workspace, "NOSUCHAPP")
    text = str(raised.value)
    assert emulator.url + suffix in text and "lakesail:endpoint" in text
    assert not isinstance(raised.value, NotFoundError)


def test_a_workspace_that_does_not_exist_is_an_endpoint_error(
    make_client: Callable[..., LakeSailClient],
) -> None:
    with pytest.raises(EndpointError) as raised:
        make_client().describe_application("NOSUCHWS", "NOSUCHAPP")
    assert "NOSUCHWS" in str(raised.value) and "lakesail:workspace" in str(raised.value)


def test_the_workspace_is_confirmed_once(
    make_client: Callable[..., LakeSailClient], emulator: EmulatorProcess
) -> None:
    client = make_client()
    for _ in range(3):
        with pytest.raises(NotFoundError):
            client.describe_application(emulator.workspace, "NOSUCHAPP")
    assert emulator.count("GET", "/api/org/v1/workspaces/{ws}") == 1
