"""Every error status reaches the caller as its typed error, with the API's message."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from client_support import APP, APPS, app_spec, unique
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import (
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    EndpointError,
    LakeSailClient,
    NotFoundError,
    PermissionDeniedError,
    RetryPolicy,
    ServerError,
)
from pulumi_lakesail.client import models as api

pytestmark = pytest.mark.client


def test_malformed_id_is_bad_request(client: LakeSailClient, ws: str) -> None:
    with pytest.raises(BadRequestError) as info:
        client.describe_application(ws, "not-an-id")
    assert info.value.status == 400
    assert info.value.path == f"/api/flink/v1/workspaces/{ws}/applications/not-an-id"
    assert info.value.message


def test_a_body_that_breaks_the_contract_is_bad_request(client: LakeSailClient, ws: str) -> None:
    # model_construct skips validation, standing in for a client whose models lag the server.
    bad = app_spec().model_copy(
        update={"job_manager_resource": api.ContainerResource.model_construct(memory="2Gi")}
    )
    with pytest.raises(BadRequestError) as info:
        client.create_application(ws, bad)
    assert info.value.method == "POST"


def test_wrong_token_is_authentication_error(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    client = make_client(token="not-the-right-key")
    with pytest.raises(AuthenticationError) as info:
        client.describe_current_identity()
    assert info.value.status == 401
    with pytest.raises(AuthenticationError):
        client.create_application(ws, app_spec())
    assert emulator.count("POST", APPS) == 1  # a 401 is not retried


def test_another_organizations_workspace_is_permission_denied(
    client: LakeSailClient, emulator: EmulatorProcess
) -> None:
    other = emulator.control("POST", "organizations")
    with pytest.raises(PermissionDeniedError) as info:
        list(client.list_applications(other["workspace"]))
    assert info.value.status == 403
    with pytest.raises(PermissionDeniedError):
        client.create_application(other["workspace"], app_spec())


def test_unknown_application_and_workspace_are_not_found(client: LakeSailClient, ws: str) -> None:
    with pytest.raises(NotFoundError) as info:
        client.describe_application(ws, "NOSUCHAPP1")
    assert info.value.status == 404
    with pytest.raises(NotFoundError):
        client.delete_application(ws, "NOSUCHAPP1")
    with pytest.raises(NotFoundError):
        client.describe_workspace("NOSUCHWS1")
    # Under a workspace that does not exist, a 404 says nothing about the object itself.
    with pytest.raises(EndpointError):
        client.create_application("NOSUCHWS1", app_spec())


def test_duplicate_name_is_conflict(client: LakeSailClient, ws: str) -> None:
    name = unique()
    first = client.create_application(ws, app_spec(name))
    with pytest.raises(ConflictError) as info:
        client.create_application(ws, app_spec(name))
    assert info.value.status == 409
    assert name in info.value.message or first.id in info.value.message


@pytest.mark.parametrize("status", [500, 501])
def test_server_errors_outside_the_retry_list_are_raised_at_once(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess, status: int
) -> None:
    emulator.set_faults(errorBurst={"count": 1, "status": status})
    with pytest.raises(ServerError) as info:
        client.describe_application(ws, "ANYID")
    assert info.value.status == status
    assert emulator.count("GET", APP) == 1


def test_a_503_burst_longer_than_the_retries_ends_in_server_error(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    client = make_client(retry=RetryPolicy(total=2, backoff_factor=0.01, backoff_jitter=0))
    emulator.set_faults(errorBurst={"count": 10, "status": 503})
    with pytest.raises(ServerError) as info:
        list(client.list_applications(ws))
    assert info.value.status == 503
    assert emulator.count("GET", APPS) == 3  # the first attempt plus two retries


def test_unlisted_status_is_a_plain_api_error(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    emulator.set_faults(errorBurst={"count": 1, "status": 418})
    with pytest.raises(ApiError) as info:
        client.describe_workspace(ws)
    assert type(info.value) is ApiError
    assert info.value.status == 418


def test_closed_port_is_a_connection_error_before_sending() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = LakeSailClient(
        f"http://127.0.0.1:{port}", "tok", retry=RetryPolicy(total=2, backoff_factor=0.01)
    )
    with pytest.raises(ApiConnectionError) as info:
        client.create_application("DEFAULT", app_spec())
    assert info.value.request_sent is False
    assert type(info.value) is ApiConnectionError
    assert info.value.path == "/api/flink/v1/workspaces/DEFAULT/applications"
