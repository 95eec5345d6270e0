"""Retries, counted at the emulator: GET and DELETE retry; a POST is never sent twice."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import pytest
from client_support import APP, APPS, app_spec, eventually
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import (
    ApiConnectionError,
    ApiTimeoutError,
    LakeSailClient,
    RateLimitError,
    RetryNotice,
    RetryPolicy,
    ServerError,
)

pytestmark = pytest.mark.client


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_burst_of_two_on_a_get_takes_three_requests(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess, status: int
) -> None:
    app_id = client.create_application(ws, app_spec()).id
    emulator.set_faults(errorBurst={"count": 2, "status": status})
    assert client.describe_application(ws, app_id).id == app_id
    assert emulator.count("GET", APP) == 3


def test_a_burst_on_delete_is_retried(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    app_id = client.create_application(ws, app_spec()).id
    emulator.set_faults(errorBurst={"count": 1, "status": 503, "methods": ["DELETE"]})
    client.delete_application(ws, app_id)
    assert emulator.count("DELETE", APP) == 2


def test_list_retries_each_page(client: LakeSailClient, ws: str, emulator: EmulatorProcess) -> None:
    client.create_application(ws, app_spec())
    emulator.set_faults(errorBurst={"count": 1, "status": 502, "methods": ["GET"]})
    assert list(client.list_applications(ws))
    assert emulator.count("GET", APPS) >= 2


def test_429_waits_for_retry_after(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    emulator.set_faults(rateLimit={"count": 1, "retryAfterSeconds": 1})
    started = time.monotonic()
    assert client.describe_workspace(ws).id == ws
    elapsed = time.monotonic() - started
    assert emulator.count("GET", "/api/org/v1/workspaces/{ws}") == 2
    # The backoff alone is 0 s for a first retry (factor 0.01): only Retry-After explains 1 s.
    assert elapsed >= 0.95


def test_retry_after_is_capped_by_the_policy(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    client = make_client(
        retry=RetryPolicy(backoff_factor=0.01, backoff_jitter=0, retry_after_max=0.2)
    )
    emulator.set_faults(rateLimit={"count": 1, "retryAfterSeconds": 30})
    started = time.monotonic()
    client.describe_workspace(ws)
    assert time.monotonic() - started < 5  # not the 30 s the server asked for


def test_a_503_on_a_post_is_sent_once_and_raised(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    emulator.set_faults(errorBurst={"count": 1, "status": 503})
    with pytest.raises(ServerError) as info:
        client.create_application(ws, app_spec())
    assert info.value.status == 503
    assert emulator.count("POST", APPS) == 1


def test_a_429_on_a_post_is_sent_again_after_retry_after(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    # A rate limit refuses the request before acting on it: resending cannot duplicate.
    emulator.set_faults(rateLimit={"count": 1, "retryAfterSeconds": 1, "methods": ["POST"]})
    created = client.create_application(ws, app_spec())
    assert emulator.count("POST", APPS) == 2
    assert [a.id for a in client.list_applications(ws) if a.name == created.name] == [created.id]
    assert client.throttle.pauses >= 1


def test_a_429_that_outlasts_the_retries_carries_retry_after(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    policy = RetryPolicy(total=1, rate_limited=0, backoff_factor=0.01, retry_after_max=0.1)
    client = make_client(retry=policy)
    emulator.set_faults(rateLimit={"count": 2, "retryAfterSeconds": 2, "methods": ["POST"]})
    with pytest.raises(RateLimitError) as info:
        client.create_application(ws, app_spec())
    assert info.value.retry_after == 2.0
    assert emulator.count("POST", APPS) == 2


def test_429s_take_turns_without_using_up_the_retries_for_failures(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    # Under a busy quota a request may be refused many times in a row; each refusal is a turn
    # to wait, not a failure, so it does not count against `total`.
    policy = RetryPolicy(total=1, rate_limited=10, backoff_factor=0.01, retry_after_max=0.05)
    client = make_client(retry=policy)
    emulator.set_faults(rateLimit={"count": 8, "retryAfterSeconds": 1, "methods": ["GET"]})
    assert client.describe_workspace(ws).id == ws
    assert emulator.count("GET", "/api/org/v1/workspaces/{ws}") == 9
    emulator.set_faults(rateLimit={"count": 12, "retryAfterSeconds": 1, "methods": ["GET"]})
    with pytest.raises(RateLimitError):  # ten turns, then the one retry: a server that refuses
        client.describe_workspace(ws)


def test_a_429_seen_by_one_thread_paces_every_request_of_the_client(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    emulator.set_faults(rateLimit={"count": 1, "retryAfterSeconds": 1, "methods": ["GET"]})
    before = client.throttle.paused_until
    client.describe_workspace(ws)
    # The pause is the client's, not the thread's: any other thread's next request waits too.
    assert client.throttle.paused_until > before and client.throttle.pauses == 1


def test_a_dropped_post_response_is_not_retried(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    spec = app_spec()
    emulator.set_faults(dropResponse={"count": 1, "methods": ["POST"]})
    with pytest.raises(ApiConnectionError) as info:
        client.create_application(ws, spec)
    assert info.value.request_sent is True
    assert emulator.count("POST", APPS) == 1
    # The ambiguity is real: the write committed although no response arrived.
    assert spec.name in {a.name for a in client.list_applications(ws)}


def test_a_dropped_get_response_is_retried(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    app_id = client.create_application(ws, app_spec()).id
    emulator.set_faults(dropResponse={"count": 1, "methods": ["GET"]})
    assert client.describe_application(ws, app_id).id == app_id
    assert emulator.count("GET", APP) == 2


def test_a_post_that_times_out_is_not_retried(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    client = make_client(timeout=(5.0, 0.5))
    spec = app_spec()
    emulator.set_faults(latencySeconds=1.5, paths=r"/applications$")
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError) as info:
        client.create_application(ws, spec)
    elapsed = time.monotonic() - started
    assert info.value.request_sent is True
    # One read timeout is 0.5 s; a second attempt would need another 0.5 s.
    assert elapsed < 0.95
    emulator.clear_faults()
    # The server finishes the request after its latency: the application appears, once.
    eventually(lambda: True if emulator.count("POST", APPS) else None)
    eventually(
        lambda: True if spec.name in {a.name for a in client.list_applications(ws)} else None
    )
    assert emulator.count("POST", APPS) == 1


def test_a_get_that_times_out_is_retried_then_raised(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    client = make_client(
        timeout=(5.0, 0.3), retry=RetryPolicy(total=2, backoff_factor=0.01, backoff_jitter=0)
    )
    emulator.set_faults(latencySeconds=1.0, paths=r"/api/org/v1/me$")
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError) as info:
        client.describe_current_identity()
    assert time.monotonic() - started >= 0.85  # three read timeouts of 0.3 s
    assert info.value.request_sent is True
    eventually(lambda: True if emulator.count("GET", "/api/org/v1/me") == 3 else None)


def test_no_retry_policy_means_one_attempt(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    client = make_client(retry=RetryPolicy.none())
    emulator.set_faults(errorBurst={"count": 1, "status": 503})
    with pytest.raises(ServerError):
        client.describe_workspace(ws)
    assert emulator.count("GET", "/api/org/v1/workspaces/{ws}") == 1


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_each_retry_of_an_unreachable_endpoint_is_announced_before_its_wait() -> None:
    port = closed_port()
    notices: list[RetryNotice] = []
    client = LakeSailClient(
        f"http://127.0.0.1:{port}",
        "token",
        retry=RetryPolicy(total=2, backoff_factor=0.5, backoff_jitter=0),
        on_retry=notices.append,
    )
    with client, pytest.raises(ApiConnectionError):
        client.describe_workspace("DEFAULT")
    assert [str(n) for n in notices] == [
        f"cannot reach 127.0.0.1:{port} (connection refused); retrying now (attempt 2 of 3)",
        f"cannot reach 127.0.0.1:{port} (connection refused); retrying in 1s (attempt 3 of 3)",
    ]
    assert [(n.origin, n.status, n.wait) for n in notices] == [
        (f"127.0.0.1:{port}", None, 0.0),
        (f"127.0.0.1:{port}", None, 1.0),
    ]


def test_each_retry_of_a_5xx_or_429_says_what_the_server_answered(
    make_client: Callable[..., LakeSailClient], ws: str, emulator: EmulatorProcess
) -> None:
    notices: list[RetryNotice] = []
    client = make_client(on_retry=notices.append)
    origin = emulator.url.removeprefix("http://")
    emulator.set_faults(errorBurst={"count": 2, "status": 503})
    client.describe_workspace(ws)
    assert [(n.status, n.attempt, n.attempts) for n in notices] == [(503, 2, 6), (503, 3, 6)]
    assert str(notices[0]).startswith(
        f"{origin} answered 503 to GET /api/org/v1/workspaces/{ws}; retrying now (attempt 2 of 6)"
    )
    notices.clear()
    emulator.set_faults(rateLimit={"count": 1, "retryAfterSeconds": 1, "methods": ["POST"]})
    client.create_application(ws, app_spec())
    assert [str(n) for n in notices] == [
        f"{origin} asks to slow down (429 to POST /api/flink/v1/workspaces/{ws}/applications); "
        "retrying in 1s"
    ]
