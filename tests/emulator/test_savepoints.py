"""Savepoints: RUNNING jobs only, completion after --savepoint-seconds, restore at create.

This module runs its own emulator with short, non-zero delays. Every wait polls.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from lakesail_testing.emulator import EmulatorProcess

pytestmark = pytest.mark.emulator

SAVEPOINT_SECONDS = 0.3
RESTORE_KEY = "execution.savepoint.path"
FAIL = {"lakesail.emulator.fail": "true"}


@pytest.fixture(scope="module")
def emu() -> Iterator[EmulatorProcess]:
    args = ["--savepoint-seconds", str(SAVEPOINT_SECONDS)]
    with EmulatorProcess(startup_seconds=0.2, delete_seconds=0.2, extra_args=args) as process:
        yield process


@pytest.fixture
def sapi(emu: EmulatorProcess, api_for: Any) -> Any:
    return api_for(emu)


def state_of(api: Any, path: str) -> str | None:
    response = api.flink("GET", path)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    return str(response.json()["state"])


@pytest.fixture
def running(sapi: Any, specs: Any, poll: Any) -> Any:
    """`running(collection, spec)`: create, wait until RUNNING; the resource's path."""

    def create(collection: str, spec: dict[str, Any]) -> str:
        path = f"{collection}/{sapi.create(collection, spec)['id']}"
        assert poll(lambda: state_of(sapi, path), lambda s: s != "PENDING") == "RUNNING"
        return path

    return create


def settled(api: Any, path: str, poll: Any) -> str:
    return str(poll(lambda: state_of(api, path), lambda s: s != "PENDING"))


# ---------------------------------------------------------------- trigger and completion


def test_savepoint_completes_after_the_delay_with_a_location(sapi, specs, running, poll):
    config = {"state.savepoints.dir": "s3://bucket/sp/"}
    path = running("/applications", specs.app(flinkConfiguration=config)) + "/savepoints"
    started = time.monotonic()
    response = sapi.flink("POST", path)
    assert response.status_code == 202
    triggered = response.json()
    assert set(triggered) == {"triggerType", "triggerNonce", "triggeredAt"}  # no location yet
    listing = sapi.flink("GET", path).json()
    assert listing == {"pending": [triggered], "completed": []}
    conflict = sapi.flink("POST", path)
    assert conflict.status_code == 409 and "already pending" in conflict.json()["message"]
    done = poll(lambda: sapi.flink("GET", path).json(), lambda b: b["completed"])
    elapsed = time.monotonic() - started
    assert elapsed >= SAVEPOINT_SECONDS - 0.05  # not before the delay (ms rounding)
    assert done["pending"] == []
    [completed] = done["completed"]
    assert completed == {**triggered, "location": completed["location"]}
    assert completed["location"].startswith("s3://bucket/sp/savepoint-")


def test_every_savepoint_has_its_own_location_and_the_list_is_newest_first(
    sapi, specs, running, take_savepoint
):
    path = running("/applications", specs.app()) + "/savepoints"
    taken = [take_savepoint(sapi, path) for _ in range(3)]
    assert len({s["location"] for s in taken}) == 3
    assert all(s["location"].startswith("file:///tmp/lakesail-emulator/savepoints/") for s in taken)
    listing = sapi.flink("GET", path).json()
    assert listing["completed"] == taken[::-1]


def test_session_job_savepoint_completes_under_the_sessions_directory(
    sapi, specs, running, take_savepoint
):
    config = {"state.savepoints.dir": "s3://session-bucket/sp"}
    session = running("/sessions", specs.session(flinkConfiguration=config))
    job = running(f"{session}/jobs", specs.job())
    first = take_savepoint(sapi, f"{job}/savepoints")
    second = take_savepoint(sapi, f"{job}/savepoints")
    assert first["location"] != second["location"]
    assert first["location"].startswith("s3://session-bucket/sp/savepoint-")


@pytest.mark.parametrize("how", ["pending", "failed", "deleting", "failure-rule"])
def test_savepoint_of_a_job_that_is_not_running_is_409(sapi, emu, specs, poll, how):
    config = FAIL if how == "failure-rule" else {}
    app = sapi.create("/applications", specs.app(flinkConfiguration=config))
    path = f"/applications/{app['id']}"
    if how == "failed":
        assert settled(sapi, path, poll) == "RUNNING"
        emu.control("POST", f"workspaces/DEFAULT{path}/fail")
    elif how == "deleting":
        assert settled(sapi, path, poll) == "RUNNING"
        assert sapi.flink("DELETE", path).status_code == 204
    elif how == "failure-rule":
        assert settled(sapi, path, poll) == "FAILED"
    state = state_of(sapi, path)
    assert state == {"pending": "PENDING", "deleting": "DELETING"}.get(how, "FAILED")
    response = sapi.flink("POST", f"{path}/savepoints")
    assert response.status_code == 409
    assert set(response.json()) == {"message"} and state in response.json()["message"]


def test_session_job_savepoint_is_409_while_the_job_is_pending(sapi, specs, running):
    session = running("/sessions", specs.session())
    job = sapi.create(f"{session}/jobs", specs.job())
    response = sapi.flink("POST", f"{session}/jobs/{job['id']}/savepoints")
    assert response.status_code == 409 and "PENDING" in response.json()["message"]


@pytest.mark.parametrize("how", ["fail", "delete"])
def test_a_savepoint_in_progress_when_the_job_stops_never_completes(
    sapi, emu, specs, running, poll, how
):
    app = running("/applications", specs.app())
    other = running("/applications", specs.app())
    assert sapi.flink("POST", f"{app}/savepoints").status_code == 202
    if how == "fail":
        emu.control("POST", f"workspaces/DEFAULT{app}/fail")
    else:
        emu.control("POST", f"workspaces/DEFAULT{app}/stuck")  # keep it visible while DELETING
        assert sapi.flink("DELETE", app).status_code == 204
    assert sapi.flink("GET", f"{app}/savepoints").json() == {"pending": [], "completed": []}
    # a savepoint of another job, triggered later, completes: its due time has passed as well
    later = sapi.flink("POST", f"{other}/savepoints")
    assert later.status_code == 202
    poll(lambda: sapi.flink("GET", f"{other}/savepoints").json(), lambda b: b["completed"])
    assert sapi.flink("GET", f"{app}/savepoints").json() == {"pending": [], "completed": []}


# ---------------------------------------------------------------- restore


def test_application_starts_from_a_completed_savepoint(
    sapi, emu, specs, running, take_savepoint, poll
):
    origin = running("/applications", specs.app())
    location = take_savepoint(sapi, f"{origin}/savepoints")["location"]
    restored = sapi.create("/applications", specs.app(flinkConfiguration={RESTORE_KEY: location}))
    path = f"/applications/{restored['id']}"
    assert settled(sapi, path, poll) == "RUNNING"
    described = sapi.flink("GET", path).json()
    assert described["flinkConfiguration"] == {RESTORE_KEY: location}
    progress = emu.control("GET", f"workspaces/DEFAULT{path}/progress")
    assert progress["restoredFrom"] == location


def test_restore_works_after_the_original_application_is_gone(
    sapi, emu, specs, running, take_savepoint, poll
):
    origin = running("/applications", specs.app())
    location = take_savepoint(sapi, f"{origin}/savepoints")["location"]
    assert sapi.flink("DELETE", origin).status_code == 204
    poll(lambda: state_of(sapi, origin), lambda s: s is None)
    sapi.create("/applications", specs.app())  # a create purges what is gone
    restored = sapi.create("/applications", specs.app(flinkConfiguration={RESTORE_KEY: location}))
    path = f"/applications/{restored['id']}"
    assert settled(sapi, path, poll) == "RUNNING"
    assert emu.control("GET", f"workspaces/DEFAULT{path}/progress")["restoredFrom"] == location


def test_restore_works_after_the_original_is_removed_out_of_band(
    sapi, emu, specs, running, take_savepoint, poll
):
    origin = running("/applications", specs.app())
    location = take_savepoint(sapi, f"{origin}/savepoints")["location"]
    emu.control("DELETE", f"workspaces/DEFAULT{origin}")
    restored = sapi.create("/applications", specs.app(flinkConfiguration={RESTORE_KEY: location}))
    assert settled(sapi, f"/applications/{restored['id']}", poll) == "RUNNING"


@pytest.mark.parametrize(
    "location",
    ["s3://bucket/savepoints/savepoint-000000-000000000000", "", "file:///tmp/x"],
    ids=["unknown", "empty", "other"],
)
def test_unknown_location_goes_pending_then_failed(sapi, emu, specs, poll, location):
    app = sapi.create("/applications", specs.app(flinkConfiguration={RESTORE_KEY: location}))
    assert app["state"] == "PENDING"
    path = f"/applications/{app['id']}"
    assert state_of(sapi, path) == "PENDING"
    assert settled(sapi, path, poll) == "FAILED"
    progress = emu.control("GET", f"workspaces/DEFAULT{path}/progress")
    assert progress == {"progress": 0, "restoredFrom": None}


def test_failure_rule_still_applies_to_a_restore(sapi, specs, running, take_savepoint, poll):
    origin = running("/applications", specs.app())
    location = take_savepoint(sapi, f"{origin}/savepoints")["location"]
    config = {RESTORE_KEY: location, **FAIL}
    app = sapi.create("/applications", specs.app(flinkConfiguration=config))
    assert settled(sapi, f"/applications/{app['id']}", poll) == "FAILED"


def test_session_job_restores_from_a_savepoint_and_fails_on_an_unknown_one(
    sapi, emu, specs, running, take_savepoint, poll
):
    session = running("/sessions", specs.session())
    origin = running(f"{session}/jobs", specs.job())
    location = take_savepoint(sapi, f"{origin}/savepoints")["location"]
    good = sapi.create(f"{session}/jobs", specs.job(flinkConfiguration={RESTORE_KEY: location}))
    bad = sapi.create(f"{session}/jobs", specs.job(flinkConfiguration={RESTORE_KEY: "s3://none"}))
    good_path, bad_path = f"{session}/jobs/{good['id']}", f"{session}/jobs/{bad['id']}"
    assert settled(sapi, good_path, poll) == "RUNNING"
    assert settled(sapi, bad_path, poll) == "FAILED"
    progress = emu.control("GET", f"workspaces/DEFAULT{good_path}/progress")
    assert progress["restoredFrom"] == location


def test_a_sessions_own_configuration_does_not_restore(sapi, specs, poll):
    session = sapi.create("/sessions", specs.session(flinkConfiguration={RESTORE_KEY: "s3://x"}))
    assert settled(sapi, f"/sessions/{session['id']}", poll) == "RUNNING"


def test_produced_locations_survive_a_restart_after_the_application_is_gone(
    api_for, specs, poll, take_savepoint
):
    args = ["--savepoint-seconds", "0.2"]
    with EmulatorProcess(startup_seconds=0.2, delete_seconds=0.0, extra_args=args) as emu:
        api = api_for(emu)
        origin = f"/applications/{api.create('/applications', specs.app())['id']}"
        poll(lambda: state_of(api, origin), lambda s: s == "RUNNING")
        location = take_savepoint(api, f"{origin}/savepoints")["location"]
        assert api.flink("DELETE", origin).status_code == 204
        emu.restart(kill=True)
        api = api_for(emu)
        assert state_of(api, origin) is None
        spec = specs.app(flinkConfiguration={RESTORE_KEY: location})
        restored = f"/applications/{api.create('/applications', spec)['id']}"
        assert poll(lambda: state_of(api, restored), lambda s: s != "PENDING") == "RUNNING"
