"""The functions of sessions, session jobs, savepoints and web-UI URLs, through the real plugin.

The objects are made through the API directly: a function looks up what exists, whoever made
it. The pre-signed URL is a credential: it must travel as a secret and appear nowhere else.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess, from_struct, is_secret, reveal, to_struct
from pulumi.runtime.proto import provider_pb2

pytestmark = pytest.mark.contract

FN = "lakesail:index:"


def poll(what: str, fetch: Callable[[], Any], done: Callable[[Any], bool]) -> Any:
    deadline = time.monotonic() + 20
    while True:
        value = fetch()
        if done(value):
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}: {value}"
        time.sleep(0.05)


class World:
    """A session with one job and an application, made through the API."""

    def __init__(self, emulator: EmulatorProcess) -> None:
        self.emulator = emulator
        self.ws = emulator.workspace
        self.base = f"{emulator.url}/api/flink/v1/workspaces/{self.ws}"
        tag = uuid.uuid4().hex[:8]
        cluster = {
            "runtime": "FLINK_1_17",
            "jars": ["local:///opt/flink/usrlib/jobs.jar"],
            "plugins": [],
            "flinkConfiguration": {},
            "logConfiguration": {},
            "jobManagerResource": {"cpu": 0.5, "memory": "1g"},
            "taskManagerResource": {"cpu": 1, "memory": "2g"},
        }
        job = {"entryClass": "org.example.Job", "args": []}
        self.session = self.call("POST", "/sessions", {"name": f"fn-{tag}", **cluster})
        self.wait_running(f"/sessions/{self.session['id']}")
        self.job = self.call(
            "POST",
            f"/sessions/{self.session['id']}/jobs",
            {"name": f"fn-job-{tag}", "flinkConfiguration": {}, "job": job},
        )
        self.app = self.call(
            "POST",
            "/applications",
            {"name": f"fn-app-{tag}", **cluster, "job": {**job, "jarUri": "local:///a.jar"}},
        )
        self.wait_running(self.job_path)
        self.wait_running(f"/applications/{self.app['id']}")

    @property
    def job_path(self) -> str:
        return f"/sessions/{self.session['id']}/jobs/{self.job['id']}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = requests.request(
            method, self.base + path, json=body, headers=self.emulator.headers, timeout=10
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def wait_running(self, path: str) -> None:
        poll(path, lambda: self.call("GET", path)["state"], lambda s: s == "RUNNING")

    def savepoint(self, path: str) -> str:
        """Take a savepoint of the job at ``path`` and wait until it completes; its nonce."""
        nonce: str = self.call("POST", f"{path}/savepoints")["triggerNonce"]
        poll(
            "the savepoint",
            lambda: self.call("GET", f"{path}/savepoints")["completed"],
            lambda done: any(s["triggerNonce"] == nonce for s in done),
        )
        return nonce


@pytest.fixture(scope="module")
def world(emulator: EmulatorProcess) -> Iterator[World]:
    made = World(emulator)
    yield made
    made.call("DELETE", f"/sessions/{made.session['id']}")
    made.call("DELETE", f"/applications/{made.app['id']}")


def invoke(plugin: PluginProcess, function: str, **args: Any) -> dict[str, Any]:
    result, failures = plugin.invoke(FN + function, args)
    assert failures == []
    return result


def test_get_flink_session_by_id_and_by_name_and_list(plugin: PluginProcess, world: World) -> None:
    session = world.session
    by_id = invoke(plugin, "getFlinkSession", sessionId=session["id"])
    assert by_id["id"] == f"{world.ws}/{session['name']}" and by_id["name"] == session["name"]
    assert by_id["state"] == "RUNNING" and by_id["jars"] == ["local:///opt/flink/usrlib/jobs.jar"]
    by_name = invoke(plugin, "getFlinkSession", name=session["name"], workspace=world.ws)
    assert by_name == by_id
    listed = invoke(plugin, "listFlinkSessions")
    assert listed["workspace"] == world.ws
    [item] = [i for i in listed["items"] if i["sessionId"] == session["id"]]
    assert item == {
        "id": by_id["id"],
        "sessionId": session["id"],
        "name": session["name"],
        "state": "RUNNING",
        "createdAt": by_id["createdAt"],
        "updatedAt": by_id["updatedAt"],
    }


def test_get_flink_session_job_by_ids_or_names_and_list(
    plugin: PluginProcess, world: World
) -> None:
    session, job = world.session, world.job
    by_ids = invoke(plugin, "getFlinkSessionJob", sessionId=session["id"], jobId=job["id"])
    assert by_ids["id"] == f"{world.ws}/{session['name']}/{job['name']}"
    assert (by_ids["session"], by_ids["sessionId"], by_ids["jobId"]) == (
        session["name"],
        session["id"],
        job["id"],
    )
    assert by_ids["job"]["id"] and by_ids["state"] == "RUNNING"
    by_names = invoke(plugin, "getFlinkSessionJob", session=session["name"], name=job["name"])
    assert by_names == by_ids
    listed = invoke(plugin, "listFlinkSessionJobs", session=session["name"])
    assert (listed["workspace"], listed["sessionId"]) == (world.ws, session["id"])
    assert [(i["id"], i["jobId"]) for i in listed["items"]] == [(by_ids["id"], job["id"])]


def test_lookups_name_what_is_missing_or_inconsistent(plugin: PluginProcess, world: World) -> None:
    _, failures = plugin.invoke(FN + "getFlinkSessionJob", {})
    assert [path for path, _ in failures] == ["sessionId", "jobId"]
    _, failures = plugin.invoke(FN + "listFlinkSessionJobs", {"sessionId": "lower-case"})
    assert [path for path, _ in failures] == ["sessionId"]
    for args, text in (
        ({"session": "no-such-session", "name": "x"}, "no session named 'no-such-session'"),
        ({"sessionId": world.session["id"], "name": "no-such-job"}, "no-such-job"),
        ({"sessionId": world.session["id"], "jobId": world.job["id"], "name": "other"}, "not"),
    ):
        with pytest.raises(Exception) as raised:
            plugin.invoke(FN + "getFlinkSessionJob", args)
        assert text in str(raised.value)


def test_savepoints_are_listed_pending_and_completed_newest_first(
    plugin: PluginProcess, world: World
) -> None:
    for function, path, keys in (
        ("listFlinkSessionJobSavepoints", world.job_path, {"session": world.session["name"]}),
        ("listFlinkApplicationSavepoints", f"/applications/{world.app['id']}", {}),
    ):
        target = world.job if "Job" in function else world.app
        first, second = world.savepoint(path), world.savepoint(path)
        listed = invoke(plugin, function, name=target["name"], **keys)
        id_output = "jobId" if "Job" in function else "applicationId"
        assert listed[id_output] == target["id"] and listed["pending"] == []
        nonces = [s["triggerNonce"] for s in listed["completed"]]
        assert nonces.index(second) < nonces.index(first), "not newest first"
        newest = listed["completed"][0]
        assert newest["location"] and newest["triggerType"] == "MANUAL" and newest["triggeredAt"]


def _raw_invoke(plugin: PluginProcess, name: str, args: dict[str, Any]) -> dict[str, Any]:
    """The marshalled result as the engine receives it (secrets still wrapped)."""
    response = plugin.stub.Invoke(provider_pb2.InvokeRequest(tok=FN + name, args=to_struct(args)))
    assert not response.failures
    return from_struct(getattr(response, "return"))


def test_web_ui_urls_are_secrets_and_appear_nowhere_in_plain_text(
    plugin: PluginProcess, world: World
) -> None:
    before = time.time()
    results = [
        _raw_invoke(plugin, "getFlinkSessionUrl", {"name": world.session["name"]}),
        _raw_invoke(
            plugin,
            "getFlinkApplicationUrl",
            {"applicationId": world.app["id"], "expiresInSeconds": 5},
        ),
    ]
    for marshalled in results:
        assert is_secret(marshalled["url"]) and is_secret(marshalled["expiresAt"])
        plain = reveal(marshalled)
        assert plain["url"].startswith(world.emulator.url + "/")
        assert "signature=" in plain["url"]
        assert plain["expiresAt"].endswith("Z")
        # Nothing but the secret wrapper holds it: not the IDs, not a log line, not stderr.
        assert plain["url"] not in str({k: v for k, v in marshalled.items() if k != "url"})
        assert all(plain["url"] not in entry.message for entry in plugin.logs)
        assert plain["url"] not in plugin.stderr()
    session_expiry = reveal(results[0])["expiresAt"]
    app_expiry = reveal(results[1])["expiresAt"]
    # The defaults (60 s) and the argument (5 s) set the expiry.
    assert app_expiry < session_expiry
    assert time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(before + 4)) <= app_expiry
    assert reveal(results[0])["sessionId"] == world.session["id"]


def test_url_arguments_are_checked(plugin: PluginProcess, world: World) -> None:
    _, failures = plugin.invoke(
        FN + "getFlinkSessionUrl",
        {"name": world.session["name"], "expiresInSeconds": 1, "webSessionDurationInSeconds": 1.5},
    )
    assert sorted(path for path, _ in failures) == [
        "expiresInSeconds",
        "webSessionDurationInSeconds",
    ]
    assert "from 5 to 300" in dict(failures)["expiresInSeconds"]
