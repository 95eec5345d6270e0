"""States: PENDING -> RUNNING (or FAILED by the failure rule), DELETING -> gone.

This module runs its own emulator with one-second delays. Every wait polls with a deadline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lakesail_testing.emulator import EmulatorProcess

pytestmark = pytest.mark.emulator

FAIL_KEY = "lakesail.emulator.fail"
FAIL = {FAIL_KEY: "true"}


@pytest.fixture(scope="module")
def slow() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(startup_seconds=1.0, delete_seconds=1.0) as emu:
        yield emu


@pytest.fixture
def sapi(slow: EmulatorProcess, api_for: Any) -> Any:
    return api_for(slow)


def state_of(api: Any, path: str) -> str | None:
    response = api.flink("GET", path)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    return str(response.json()["state"])


def test_application_goes_pending_then_running_and_updated_at_moves(sapi, specs, poll):
    created = sapi.create("/applications", specs.app())
    assert created["state"] == "PENDING"
    assert created["updatedAt"] == created["createdAt"]
    path = f"/applications/{created['id']}"
    assert state_of(sapi, path) == "PENDING"
    running = poll(lambda: sapi.flink("GET", path).json(), lambda b: b["state"] == "RUNNING")
    assert running["updatedAt"] > running["createdAt"]
    listed = {i["id"]: i for i in sapi.flink("GET", "/applications").json()["items"]}
    assert listed[created["id"]]["state"] == "RUNNING"


def test_failure_rule_makes_application_session_and_job_fail(sapi, specs, poll):
    app = sapi.create("/applications", specs.app(flinkConfiguration=FAIL))
    session = sapi.create("/sessions", specs.session(flinkConfiguration=FAIL))
    job = sapi.create(f"/sessions/{session['id']}/jobs", specs.job(flinkConfiguration=dict(FAIL)))
    paths = [
        f"/applications/{app['id']}",
        f"/sessions/{session['id']}",
        f"/sessions/{session['id']}/jobs/{job['id']}",
    ]
    for path in paths:
        assert state_of(sapi, path) == "PENDING"
    for path in paths:
        poll(lambda p=path: state_of(sapi, p), lambda s: s != "PENDING")
        assert state_of(sapi, path) == "FAILED"


def test_fail_flag_must_be_exactly_true(sapi, specs, poll):
    app = sapi.create("/applications", specs.app(flinkConfiguration={FAIL_KEY: "yes"}))
    path = f"/applications/{app['id']}"
    assert poll(lambda: state_of(sapi, path), lambda s: s != "PENDING") == "RUNNING"


def test_delete_goes_deleting_then_gone_and_is_idempotent(sapi, specs, poll, unique):
    name = unique("del")
    app = sapi.create("/applications", specs.app(name))
    path = f"/applications/{app['id']}"
    before = sapi.flink("GET", path).json()["updatedAt"]
    assert sapi.flink("DELETE", path).status_code == 204
    deleting = sapi.flink("GET", path).json()
    assert deleting["state"] == "DELETING"
    assert deleting["updatedAt"] >= before
    listed = {i["id"]: i["state"] for i in sapi.flink("GET", "/applications").json()["items"]}
    assert listed[app["id"]] == "DELETING"
    again = sapi.flink("DELETE", path)
    assert again.status_code == 204 and again.content == b""
    # the name stays taken until the application is gone
    conflict = sapi.flink("POST", "/applications", json=specs.app(name))
    assert conflict.status_code == 409
    assert "DELETING" in conflict.json()["message"]
    poll(lambda: sapi.flink("GET", path).status_code, lambda s: s == 404)
    assert app["id"] not in [i["id"] for i in sapi.flink("GET", "/applications").json()["items"]]
    assert sapi.flink("DELETE", path).status_code == 404
    sapi.create("/applications", specs.app(name))


def test_delete_while_pending_never_becomes_running(sapi, specs, poll):
    app = sapi.create("/applications", specs.app())
    path = f"/applications/{app['id']}"
    assert sapi.flink("DELETE", path).status_code == 204
    states = set()
    poll(lambda: states.add(state_of(sapi, path)) or state_of(sapi, path), lambda s: s is None)
    assert "RUNNING" not in states


def test_savepoint_of_a_pending_job_is_refused_until_it_runs(sapi, specs, poll):
    app = sapi.create("/applications", specs.app())
    path = f"/applications/{app['id']}/savepoints"
    refused = sapi.flink("POST", path)
    assert refused.status_code == 409
    assert "PENDING" in refused.json()["message"]
    assert sapi.flink("GET", path).json() == {"pending": [], "completed": []}
    poll(lambda: state_of(sapi, f"/applications/{app['id']}"), lambda s: s == "RUNNING")
    assert sapi.flink("POST", path).status_code == 202


def test_job_creation_in_a_deleting_session_is_409(sapi, specs):
    session = sapi.create("/sessions", specs.session())
    assert sapi.flink("DELETE", f"/sessions/{session['id']}").status_code == 204
    response = sapi.flink("POST", f"/sessions/{session['id']}/jobs", json=specs.job())
    assert response.status_code == 409
