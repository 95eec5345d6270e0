"""The token never reaches an exception's str/repr/traceback or a log line, even at DEBUG."""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Callable

import pytest
from client_support import app_spec, unique
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import LakeSailClient, LakeSailError, RetryPolicy

pytestmark = pytest.mark.client

WRONG_TOKEN = "wrong-key-5c2b9e71d04f"


def test_token_is_absent_from_errors_and_debug_logs(
    make_client: Callable[..., LakeSailClient],
    ws: str,
    emulator: EmulatorProcess,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, urllib3's, requests'
    client = make_client(timeout=(5.0, 0.5))
    errors: list[LakeSailError] = []

    def expect_error(call: Callable[[], object]) -> None:
        with pytest.raises(LakeSailError) as info:
            call()
        errors.append(info.value)

    name = unique()
    app_id = client.create_application(ws, app_spec(name)).id
    client.describe_current_identity()
    list(client.list_applications(ws, page_size=1))
    expect_error(lambda: client.describe_application(ws, "MISSING1"))  # 404
    expect_error(lambda: client.describe_application(ws, "bad-id"))  # 400
    expect_error(lambda: client.create_application(ws, app_spec(name)))  # 409
    other = emulator.control("POST", "organizations")
    expect_error(lambda: client.describe_workspace(other["workspace"]))  # 403
    expect_error(lambda: make_client(token=WRONG_TOKEN).describe_current_identity())  # 401
    emulator.set_faults(errorBurst={"count": 2, "status": 503})
    client.describe_application(ws, app_id)  # retried, logged by urllib3
    emulator.set_faults(errorBurst={"count": 1, "status": 503})
    expect_error(lambda: client.create_application(ws, app_spec()))  # 503 on POST
    emulator.set_faults(rateLimit={"count": 1, "retryAfterSeconds": 0})
    client.describe_workspace(ws)
    emulator.set_faults(dropResponse={"count": 1, "methods": ["POST"]})
    expect_error(lambda: client.create_application(ws, app_spec()))  # dropped
    emulator.set_faults(latencySeconds=1.0, paths=r"/api/org/v1/me$")
    expect_error(
        lambda: make_client(
            timeout=(5.0, 0.2), retry=RetryPolicy.none()
        ).describe_current_identity()
    )  # read timeout
    emulator.clear_faults()

    assert len(errors) == 8
    for error in errors:
        rendered = [
            str(error),
            repr(error),
            "".join(traceback.format_exception(error)),
            repr(pickle.loads(pickle.dumps(error))),
        ]
        for text in rendered:
            assert emulator.token not in text
            assert WRONG_TOKEN not in text
        assert "Bearer" not in str(error)

    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert "GET /api/org/v1/me -> 200" in caplog.text
    assert "Retry" in caplog.text  # urllib3's retry lines were captured too
    for record in caplog.records:
        message = record.getMessage()
        assert emulator.token not in message
        assert WRONG_TOKEN not in message
    assert emulator.token not in caplog.text
    assert WRONG_TOKEN not in caplog.text


def test_client_and_session_reprs_hide_the_token(client: LakeSailClient) -> None:
    for obj in (client, client._session, client._session.auth, client.retry_policy):
        assert client._token not in repr(obj)
        assert client._token not in str(obj)
