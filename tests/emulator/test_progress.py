"""The progress counter of emulated jobs (test control): grows while RUNNING, is captured by a
savepoint at its completion, and a restore continues from the captured value.

This module runs its own emulator with short, non-zero delays. Every wait polls.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess

pytestmark = pytest.mark.emulator

RESTORE_KEY = "execution.savepoint.path"


@pytest.fixture(scope="module")
def emu() -> Iterator[EmulatorProcess]:
    args = ["--savepoint-seconds", "0.3"]
    with EmulatorProcess(startup_seconds=0.3, delete_seconds=0.2, extra_args=args) as process:
        yield process


@pytest.fixture
def sapi(emu: EmulatorProcess, api_for: Any) -> Any:
    return api_for(emu)


def progress(emu: EmulatorProcess, path: str) -> dict[str, Any]:
    """The progress control of the resource at ``path`` (``/applications/ID`` and so on)."""
    result: dict[str, Any] = emu.control("GET", f"workspaces/{emu.workspace}{path}/progress")
    return result


def count(emu: EmulatorProcess, path: str) -> int:
    return int(progress(emu, path)["progress"])


def state_of(api: Any, path: str) -> str:
    return str(api.flink("GET", path).json()["state"])


def create(api: Any, collection: str, spec: dict[str, Any]) -> str:
    return f"{collection}/{api.create(collection, spec)['id']}"


def wait_running(api: Any, path: str, poll: Any) -> None:
    assert poll(lambda: state_of(api, path), lambda s: s != "PENDING") == "RUNNING"


def captured(emu: EmulatorProcess, location: str) -> int:
    record = emu.control("GET", "savepoints?" + requests.compat.urlencode({"location": location}))
    assert record["location"] == location
    return int(record["progress"])


def let_time_pass(emu: EmulatorProcess, sapi: Any, specs: Any, poll: Any) -> None:
    """Wait until a fresh RUNNING job has counted a few steps (so time has visibly passed)."""
    witness = create(sapi, "/applications", specs.app())
    wait_running(sapi, witness, poll)
    poll(lambda: count(emu, witness), lambda n: n >= 3)


def test_stateless_start_counts_from_zero_only_while_running(emu, sapi, specs, poll):
    app = create(sapi, "/applications", specs.app())
    assert state_of(sapi, app) == "PENDING"
    assert progress(emu, app) == {"progress": 0, "restoredFrom": None}
    wait_running(sapi, app, poll)
    seen = [count(emu, app)]
    poll(lambda: seen.append(count(emu, app)) or seen[-1], lambda n: n >= 5)
    assert seen == sorted(seen)
    assert progress(emu, app)["restoredFrom"] is None


@pytest.mark.parametrize("how", ["fail", "delete"])
def test_the_counter_stops_when_the_job_stops(emu, sapi, specs, poll, how):
    app = create(sapi, "/applications", specs.app())
    wait_running(sapi, app, poll)
    poll(lambda: count(emu, app), lambda n: n >= 2)
    if how == "fail":
        emu.control("POST", f"workspaces/DEFAULT{app}/fail")
    else:
        emu.control("POST", f"workspaces/DEFAULT{app}/stuck")  # keep it visible while DELETING
        assert sapi.flink("DELETE", app).status_code == 204
    stopped = count(emu, app)
    let_time_pass(emu, sapi, specs, poll)
    assert count(emu, app) == stopped


@pytest.mark.parametrize(
    "config",
    [{"lakesail.emulator.fail": "true"}, {RESTORE_KEY: "s3://bucket/never-produced"}],
    ids=["failure-rule", "unknown-savepoint"],
)
def test_a_job_that_never_runs_never_counts(emu, sapi, specs, poll, config):
    app = create(sapi, "/applications", specs.app(flinkConfiguration=config))
    assert poll(lambda: state_of(sapi, app), lambda s: s != "PENDING") == "FAILED"
    let_time_pass(emu, sapi, specs, poll)
    assert progress(emu, app) == {"progress": 0, "restoredFrom": None}


def test_savepoint_captures_the_counter_and_a_restore_continues_from_it(
    emu, sapi, specs, poll, take_savepoint
):
    origin = create(sapi, "/applications", specs.app())
    wait_running(sapi, origin, poll)
    poll(lambda: count(emu, origin), lambda n: n >= 2)
    before = count(emu, origin)
    savepoint = take_savepoint(sapi, f"{origin}/savepoints")
    after = count(emu, origin)
    value = captured(emu, savepoint["location"])
    assert before + 3 <= value <= after  # taken at completion: 0.3 s (3 steps) after the trigger

    restored = create(
        sapi, "/applications", specs.app(flinkConfiguration={RESTORE_KEY: savepoint["location"]})
    )
    assert state_of(sapi, restored) == "PENDING"
    assert progress(emu, restored) == {"progress": value, "restoredFrom": savepoint["location"]}
    wait_running(sapi, restored, poll)
    assert count(emu, restored) >= value
    poll(lambda: count(emu, restored), lambda n: n > value)


def test_a_chain_of_restores_never_loses_progress(emu, sapi, specs, poll, take_savepoint):
    session = create(sapi, "/sessions", specs.session())
    wait_running(sapi, session, poll)
    job = create(sapi, f"{session}/jobs", specs.job())
    last = 0
    for _ in range(3):
        wait_running(sapi, job, poll)
        poll(lambda j=job: count(emu, j), lambda n, floor=last: n > floor)
        location = take_savepoint(sapi, f"{job}/savepoints")["location"]
        value = captured(emu, location)
        assert value > last
        assert sapi.flink("DELETE", job).status_code == 204
        job = create(sapi, f"{session}/jobs", specs.job(flinkConfiguration={RESTORE_KEY: location}))
        assert progress(emu, job) == {"progress": value, "restoredFrom": location}
        last = value


def test_progress_and_savepoint_controls_answer_404_and_400_with_an_error(emu, sapi, specs):
    session = create(sapi, "/sessions", specs.session())
    for path in (
        "workspaces/DEFAULT/applications/NOSUCHAPP/progress",
        f"workspaces/DEFAULT{session}/jobs/NOSUCHJOB/progress",
        "workspaces/DEFAULT/sessions/NOSUCH/jobs/NOSUCHJOB/progress",
        f"workspaces/DEFAULT{session}/progress",  # a session has no job of its own
        "savepoints?location=s3%3A%2F%2Fnever%2Fproduced",
    ):
        response = requests.get(f"{emu.url}/_emulator/{path}", timeout=5)
        assert response.status_code == 404, path
        assert set(response.json()) == {"message"}
    for path in (
        "savepoints",
        "savepoints?location=",
        "workspaces/DEFAULT/applications/x/progress",
    ):
        response = requests.get(f"{emu.url}/_emulator/{path}", timeout=5)
        assert response.status_code == 400, path
        assert set(response.json()) == {"message"}


def test_job_in_another_session_is_404(emu, sapi, specs, poll):
    first = create(sapi, "/sessions", specs.session())
    second = create(sapi, "/sessions", specs.session())
    job = create(sapi, f"{first}/jobs", specs.job())
    job_id = job.rsplit("/", 1)[1]
    assert progress(emu, job)["progress"] == 0
    response = requests.get(
        f"{emu.url}/_emulator/workspaces/DEFAULT{second}/jobs/{job_id}/progress", timeout=5
    )
    assert response.status_code == 404


def test_progress_survives_a_restart(api_for, specs, poll, take_savepoint):
    args = ["--savepoint-seconds", "0.2"]
    with EmulatorProcess(startup_seconds=0.2, delete_seconds=0.0, extra_args=args) as emu:
        api = api_for(emu)
        app = create(api, "/applications", specs.app())
        wait_running(api, app, poll)
        location = take_savepoint(api, f"{app}/savepoints")["location"]
        value = captured(emu, location)
        restored = create(
            api, "/applications", specs.app(flinkConfiguration={RESTORE_KEY: location})
        )
        wait_running(api, restored, poll)
        before = count(emu, restored)
        emu.restart(kill=True)
        assert captured(emu, location) == value
        assert count(emu, restored) >= before >= value
        assert progress(emu, restored)["restoredFrom"] == location
