"""FlinkSession and FlinkSessionJob through the real plugin (and the dynamic host): a session
with two jobs, its redeploy restarting them, stateful job redeploys, refresh after out-of-band
deletes, import by both ID forms, failures recorded with their cause."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import grpc
import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess, from_struct, reveal, to_struct, urn
from pulumi.runtime.proto import provider_pb2, status_pb2
from test_dynamic_host import host as dynamic_host  # noqa: F401 - a fixture

pytestmark = pytest.mark.contract

SESSION = "lakesail:index:FlinkSession"
JOB = "lakesail:index:FlinkSessionJob"
FAIL = {"lakesail.emulator.fail": "true"}
NONE = provider_pb2.DiffResponse.DIFF_NONE
SOME = provider_pb2.DiffResponse.DIFF_SOME


class Typed:
    """The plugin's resource calls for one type token, as the engine makes them.

    (PluginProcess's own helpers address FlinkApplication only.)
    """

    def __init__(self, plugin: PluginProcess, token: str, name: str) -> None:
        self.plugin, self.urn = plugin, urn(name, token)

    def check(self, news: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        response = self.plugin.stub.Check(
            provider_pb2.CheckRequest(urn=self.urn, olds=to_struct({}), news=to_struct(news))
        )
        return from_struct(response.inputs), [(f.property, f.reason) for f in response.failures]

    def checked(self, news: Mapping[str, Any]) -> dict[str, Any]:
        inputs, failures = self.check(news)
        assert failures == []
        return inputs

    def diff(self, rid: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Any:
        return self.plugin.stub.Diff(
            provider_pb2.DiffRequest(
                id=rid, urn=self.urn, olds=to_struct(olds), news=to_struct(news)
            )
        )

    def create(self, inputs: Mapping[str, Any], timeout: float = 0) -> tuple[str, dict[str, Any]]:
        response = self.plugin.stub.Create(
            provider_pb2.CreateRequest(urn=self.urn, properties=to_struct(inputs), timeout=timeout)
        )
        return response.id, from_struct(response.properties)

    def read(
        self,
        rid: str,
        properties: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        response = self.plugin.stub.Read(
            provider_pb2.ReadRequest(
                id=rid,
                urn=self.urn,
                properties=to_struct(properties or {}),
                inputs=to_struct(inputs or {}),
            )
        )
        return response.id, from_struct(response.properties), from_struct(response.inputs)

    def update(self, rid: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        response = self.plugin.stub.Update(
            provider_pb2.UpdateRequest(
                id=rid, urn=self.urn, olds=to_struct(olds), news=to_struct(news)
            )
        )
        return from_struct(response.properties)

    def delete(self, rid: str, properties: Mapping[str, Any]) -> None:
        self.plugin.stub.Delete(
            provider_pb2.DeleteRequest(id=rid, urn=self.urn, properties=to_struct(properties))
        )


# ----------------------------------------------------------------------------- helpers


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def session_spec(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "runtime": "FLINK_1_17",
        "jars": ["local:///opt/flink/usrlib/jobs.jar"],
        "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "4"},
        "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
        "taskManagerResource": {"cpu": 1, "memory": "2g"},
        **extra,
    }


def job_spec(session: str, name: str, **extra: Any) -> dict[str, Any]:
    # No jarUri: the session's jars hold the program.
    return {
        "session": session,
        "name": name,
        "flinkConfiguration": {"parallelism.default": "1"},
        "job": {"entryClass": "org.example.WordCount", "args": ["--input", "x"]},
        **extra,
    }


class Api:
    """The emulator's API, raw, for what happens behind Pulumi's back."""

    def __init__(self, emulator: EmulatorProcess) -> None:
        self.emulator = emulator
        self.base = f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = requests.request(
            method, self.base + path, json=body, headers=self.emulator.headers, timeout=10
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def sessions(self, name: str) -> list[dict[str, Any]]:
        return [s for s in self.call("GET", "/sessions")["items"] if s["name"] == name]

    def jobs(self, session_id: str) -> list[dict[str, Any]]:
        """The session's jobs, described; one that went between the list and its GET is gone."""
        listed = self.call("GET", f"/sessions/{session_id}/jobs")["items"]
        described = []
        for job in listed:
            try:
                described.append(self.call("GET", f"/sessions/{session_id}/jobs/{job['id']}"))
            except requests.HTTPError as exc:
                if exc.response is None or exc.response.status_code != 404:
                    raise
        return described

    def create_session(self, name: str) -> dict[str, Any]:
        spec = session_spec(name)
        body = {**spec, "plugins": [], "logConfiguration": {}}
        created: dict[str, Any] = self.call("POST", "/sessions", body)
        return created

    def create_job(self, session_id: str, name: str) -> dict[str, Any]:
        spec = job_spec("", name)
        body = {"name": name, "flinkConfiguration": spec["flinkConfiguration"], "job": spec["job"]}
        created: dict[str, Any] = self.call("POST", f"/sessions/{session_id}/jobs", body)
        return created


@pytest.fixture(scope="module")
def api(emulator: EmulatorProcess) -> Api:
    return Api(emulator)


def init_failure(error: grpc.RpcError) -> provider_pb2.ErrorResourceInitFailed:
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                found = provider_pb2.ErrorResourceInitFailed()
                if detail.Unpack(found):
                    return found
    raise AssertionError(f"no ErrorResourceInitFailed in {error}")


def poll(what: str, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 20
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def wait_until_gone(api: Api, name: str) -> None:
    poll(f"session {name} to be gone", lambda: not api.sessions(name))


def deployed_session(plugin: PluginProcess, name: str) -> tuple[Typed, str, dict[str, Any]]:
    sessions = Typed(plugin, SESSION, name)
    inputs = sessions.checked(session_spec(name))
    rid, outputs = sessions.create(inputs)
    assert outputs["state"] == "RUNNING"
    return sessions, rid, outputs


def deployed_job(
    plugin: PluginProcess, session: str, name: str, **extra: Any
) -> tuple[Typed, str, dict[str, Any], dict[str, Any]]:
    jobs = Typed(plugin, JOB, name)
    inputs = jobs.checked(job_spec(session, name, **extra))
    rid, outputs = jobs.create(inputs)
    assert outputs["state"] == "RUNNING"
    return jobs, rid, inputs, outputs


def messages(plugin: PluginProcess) -> str:
    return "\n".join(entry.message for entry in plugin.logs)


# ----------------------------------------------------------------------------- check


def test_check_takes_a_session_job_without_a_jar_uri_and_names_what_is_wrong(
    plugin: PluginProcess, emulator: EmulatorProcess
) -> None:
    jobs = Typed(plugin, JOB, "job")
    inputs = jobs.checked(job_spec("shared", "wordcount"))
    assert inputs["workspace"] == emulator.workspace and "jarUri" not in inputs["job"]
    assert inputs["upgradeMode"] == "stateless" and inputs["suspended"] is False
    _, failures = jobs.check({"name": "x", "job": {}})
    assert ("session", "is required") in [(p, r.split(":")[0]) for p, r in failures]
    _, failures = jobs.check(
        job_spec("s", "x", flinkConfiguration={"execution.savepoint.path": "file:///x"})
    )
    # The engine takes top-level properties: the full path leads the reason.
    [(path, reason)] = failures
    assert path == "flinkConfiguration" and "execution.savepoint.path" in reason
    sessions = Typed(plugin, SESSION, "session")
    _, failures = sessions.check({"name": "s", "job": {}})
    assert sorted(p for p, _ in failures) == ["job", "runtime"]


# ----------------------------------------------------------------------------- lifecycle


def test_a_session_with_two_jobs_up_redeployed_and_destroyed(
    plugin: PluginProcess, emulator: EmulatorProcess, api: Api
) -> None:
    name = unique("shared")
    sessions, session_id, session = deployed_session(plugin, name)
    assert session_id == f"{emulator.workspace}/{name}" and session["sessionId"]
    assert "job" not in session and "upgradeMode" not in session
    declared = sessions.checked(session_spec(name))
    assert sessions.diff(session_id, session, declared).changes == NONE
    read_id, refreshed, _ = sessions.read(session_id, session, declared)
    assert read_id == session_id and refreshed == session

    job_names = [unique("wordcount"), unique("sessionize")]
    jobs = [deployed_job(plugin, name, job) for job in job_names]
    for (typed, rid, inputs, outputs), job in zip(jobs, job_names, strict=True):
        assert rid == f"{emulator.workspace}/{name}/{job}"
        assert outputs["sessionId"] == session["sessionId"] and outputs["jobId"]
        assert outputs["job"]["id"] and "jarUri" not in outputs["job"]
        assert typed.diff(rid, outputs, inputs).changes == NONE

    # A change of the session's spec redeploys it; preview says what that restarts.
    news = sessions.checked(session_spec(name, flinkConfiguration={"parallelism.default": "2"}))
    diff = sessions.diff(session_id, session, news)
    assert diff.changes == SOME and not diff.replaces
    assert any(
        entry.severity == 2 and "2 running session job(s) restart" in entry.message
        for entry in plugin.logs
    ), messages(plugin)
    updated = sessions.update(session_id, session, news)
    assert updated["state"] == "RUNNING" and updated["sessionId"] != session["sessionId"]
    assert updated["flinkConfiguration"] == {"parallelism.default": "2"}
    # Both jobs run again in the new session, each from the savepoint taken before.
    restarted = {job["name"]: job for job in api.jobs(updated["sessionId"])}
    assert sorted(restarted) == sorted(job_names)
    for job in restarted.values():
        assert job["state"] == "RUNNING"
        assert job["flinkConfiguration"]["execution.savepoint.path"]
    # Refresh follows each job into the new session; no diff from the program.
    for typed, rid, inputs, outputs in jobs:
        read_id, properties, rebuilt = typed.read(rid, outputs, inputs)
        assert read_id == rid and properties["sessionId"] == updated["sessionId"]
        assert properties["restoredFrom"] and properties["jobId"] != outputs["jobId"]
        assert typed.diff(rid, properties, inputs).changes == NONE
        assert "execution.savepoint.path" not in rebuilt["flinkConfiguration"]
        typed.delete(rid, properties)
        assert typed.read(rid, properties, inputs)[0] == ""
    assert api.jobs(updated["sessionId"]) == []
    sessions.delete(session_id, updated)
    assert api.sessions(name) == []


def test_a_session_job_redeploys_from_a_savepoint_and_rolls_back_a_failure(
    plugin: PluginProcess, api: Api
) -> None:
    name = unique("stateful")
    sessions, session_id, session = deployed_session(plugin, name)
    jobs, rid, inputs, outputs = deployed_job(plugin, name, "counter", upgradeMode="savepoint")

    news = jobs.checked({**inputs, "flinkConfiguration": {"parallelism.default": "2"}})
    assert jobs.diff(rid, outputs, news).changes == SOME
    assert "carried over through a new savepoint" in messages(plugin)
    updated = jobs.update(rid, outputs, news)
    assert updated["state"] == "RUNNING" and updated["jobId"] != outputs["jobId"]
    assert updated["restoredFrom"] and updated["restoredFrom"] == updated["lastSavepoint"]
    [job] = api.jobs(session["sessionId"])
    assert job["flinkConfiguration"]["execution.savepoint.path"] == updated["restoredFrom"]

    failing = jobs.checked({**inputs, "flinkConfiguration": FAIL})
    with pytest.raises(grpc.RpcError) as raised:
        jobs.update(rid, updated, failing)
    assert "Rolled back" in (raised.value.details() or "")
    [job] = api.jobs(session["sessionId"])
    assert job["state"] == "RUNNING" and "lakesail.emulator.fail" not in job["flinkConfiguration"]

    _, current, _ = jobs.read(rid, updated, news)
    suspend = jobs.checked({**news, "suspended": True})
    suspended = jobs.update(rid, current, suspend)
    assert suspended["state"] == "SUSPENDED" and suspended["lastSavepoint"]
    assert api.jobs(session["sessionId"]) == []
    assert jobs.read(rid, suspended, suspend)[1]["state"] == "SUSPENDED"
    resumed = jobs.update(rid, suspended, news)
    assert resumed["state"] == "RUNNING"
    assert resumed["restoredFrom"] == suspended["lastSavepoint"]
    jobs.delete(rid, resumed)
    assert "final savepoint" in messages(plugin)
    sessions.delete(session_id, session)


def test_refresh_drops_a_session_and_a_job_deleted_out_of_band(
    plugin: PluginProcess, emulator: EmulatorProcess, api: Api
) -> None:
    name = unique("oob")
    sessions, session_id, session = deployed_session(plugin, name)
    jobs, rid, inputs, outputs = deployed_job(plugin, name, unique("job"))

    api.call("DELETE", f"/sessions/{session['sessionId']}/jobs/{outputs['jobId']}")
    # While LakeSail deletes it, it still holds its name (and shows DELETING); then it is gone.
    first = jobs.read(rid, outputs, inputs)
    assert first == ("", {}, {}) or first[1]["state"] == "DELETING"
    poll("the job to be gone", lambda: not api.jobs(session["sessionId"]))
    assert jobs.read(rid, outputs, inputs) == ("", {}, {})
    jobs.delete(rid, outputs)  # gone counts as done

    emulator.control(
        "DELETE", f"/_emulator/workspaces/{emulator.workspace}/sessions/{session['sessionId']}"
    )
    assert sessions.read(session_id, session, sessions.checked(session_spec(name))) == (
        "",
        {},
        {},
    )


def test_a_job_whose_session_is_gone_reads_as_gone(
    plugin: PluginProcess, emulator: EmulatorProcess
) -> None:
    name = unique("orphan")
    _, _, session = deployed_session(plugin, name)
    jobs, rid, inputs, outputs = deployed_job(plugin, name, unique("job"))
    emulator.control(
        "DELETE", f"/_emulator/workspaces/{emulator.workspace}/sessions/{session['sessionId']}"
    )
    assert jobs.read(rid, outputs, inputs) == ("", {}, {})
    jobs.delete(rid, outputs)
    # And a job cannot be created in a session that does not exist: the error names it.
    with pytest.raises(grpc.RpcError) as raised:
        jobs.create(inputs)
    assert repr(name) in (raised.value.details() or "")


def test_import_of_a_session_and_a_job_by_both_id_forms_leaves_no_diff(
    plugin: PluginProcess, emulator: EmulatorProcess, api: Api
) -> None:
    ws, name, job_name = emulator.workspace, unique("imported"), unique("job")
    created = api.create_session(name)
    sessions = Typed(plugin, SESSION, name)
    declared_session = sessions.checked(session_spec(name))
    poll("the session to run", lambda: api.sessions(name)[0]["state"] == "RUNNING")
    job = api.create_job(created["id"], job_name)
    # A job still PENDING would diff on state: the next `up` waits for it to be RUNNING.
    poll("the job to run", lambda: api.jobs(created["id"])[0]["state"] == "RUNNING")
    jobs = Typed(plugin, JOB, job_name)
    declared_job = jobs.checked(job_spec(name, job_name))

    for import_id in (f"{ws}/{created['id']}", f"{ws}/{name}"):
        read_id, outputs, inputs = sessions.read(import_id)
        assert read_id == f"{ws}/{name}" and outputs["sessionId"] == created["id"]
        assert sessions.diff(read_id, outputs, declared_session).changes == NONE
        assert sessions.checked(inputs) == inputs

    for import_id in (f"{ws}/{created['id']}/{job['id']}", f"{ws}/{name}/{job_name}"):
        read_id, outputs, inputs = jobs.read(import_id)
        assert read_id == f"{ws}/{name}/{job_name}"
        assert (outputs["sessionId"], outputs["jobId"]) == (created["id"], job["id"])
        assert inputs["session"] == name and "id" not in inputs["job"]
        assert jobs.diff(read_id, outputs, declared_job).changes == NONE
        assert jobs.checked(inputs) == inputs

    with pytest.raises(grpc.RpcError) as raised:
        jobs.read(f"{ws}/{name}/no-such-job")
    assert "no-such-job" in (raised.value.details() or "")
    with pytest.raises(grpc.RpcError) as raised:
        jobs.read(f"{ws}/{name}")
    assert "<workspace>/<sessionId>/<jobId>" in (raised.value.details() or "")
    api.call("DELETE", f"/sessions/{created['id']}")


def test_a_failed_session_job_fails_create_with_the_cause_and_is_recorded(
    plugin: PluginProcess, api: Api
) -> None:
    name = unique("failing")
    sessions, session_id, session = deployed_session(plugin, name)
    jobs = Typed(plugin, JOB, "bad")
    inputs = jobs.checked(job_spec(name, "bad", flinkConfiguration=FAIL))
    with pytest.raises(grpc.RpcError) as raised:
        jobs.create(inputs)
    detail = init_failure(raised.value)
    recorded = from_struct(detail.properties)
    assert detail.id == f"{inputs['workspace']}/{name}/bad"
    assert recorded["state"] == "FAILED" and recorded["jobId"]
    assert "FAILED" in detail.reasons[0] and "session's jars" in detail.reasons[0]
    # Recorded, so it is deleted with the rest: nothing orphaned.
    jobs.delete(detail.id, recorded)
    assert api.jobs(session["sessionId"]) == []
    sessions.delete(session_id, session)


def test_a_failed_session_fails_create_with_the_cause_and_is_recorded(
    plugin: PluginProcess, api: Api
) -> None:
    name = unique("badsession")
    sessions = Typed(plugin, SESSION, name)
    inputs = sessions.checked(session_spec(name, flinkConfiguration=FAIL))
    with pytest.raises(grpc.RpcError) as raised:
        sessions.create(inputs)
    detail = init_failure(raised.value)
    recorded = from_struct(detail.properties)
    assert detail.id == f"{inputs['workspace']}/{name}" and recorded["state"] == "FAILED"
    assert "session cluster could not start" in detail.reasons[0]
    sessions.delete(detail.id, recorded)
    wait_until_gone(api, name)


def test_a_session_job_whose_name_is_taken_names_the_command_that_adopts_it(
    plugin: PluginProcess, api: Api, emulator: EmulatorProcess
) -> None:
    name = unique("taken")
    sessions, session_id, session = deployed_session(plugin, name)
    theirs = api.create_job(session["sessionId"], "wordcount")  # made outside this stack
    jobs = Typed(plugin, JOB, "mine")
    with pytest.raises(grpc.RpcError) as raised:
        jobs.create(jobs.checked(job_spec(name, "wordcount")))
    details = raised.value.details() or ""
    ref = f"{emulator.workspace}/{session['sessionId']}/{theirs['id']}"
    assert f"({ref}, " in details, details
    assert f"`pulumi import {JOB} mine {emulator.workspace}/{name}/wordcount`" in details
    sessions.delete(session_id, session)


# ----------------------------------------------------------------------------- dynamic


def test_the_dynamic_variants_run_a_session_and_a_job_on_the_same_core(
    dynamic_host: PluginProcess,  # noqa: F811 - the fixture imported above
    emulator: EmulatorProcess,
    api: Api,
) -> None:
    from pulumi.dynamic.dynamic import serialize_provider

    from pulumi_lakesail.dynamic import FlinkSessionJobProvider, FlinkSessionProvider

    name = unique("dyn")
    made = []
    for provider, spec in (
        (FlinkSessionProvider(), session_spec(name)),
        (FlinkSessionJobProvider(), job_spec(name, unique("job"))),
    ):
        kind = provider.binding.token.split(":")[-1]
        typed = Typed(dynamic_host, f"pulumi-python:dynamic/lakesail:{kind}", kind)
        blob = serialize_provider(provider)
        assert len(blob) < 1024 and emulator.token not in blob
        inputs = typed.checked({**spec, "__provider": blob})
        rid, outputs = typed.create(inputs)
        outputs = reveal(outputs)
        assert outputs["state"] == "RUNNING"
        assert typed.diff(rid, outputs, inputs).changes == NONE
        assert typed.read(rid, outputs, inputs)[0] == rid
        made.append((typed, rid, {**outputs, "__provider": blob}))
    assert made[1][1] == f"{emulator.workspace}/{name}/{made[1][2]['name']}"
    for typed, rid, outputs in reversed(made):
        typed.delete(rid, outputs)
    wait_until_gone(api, name)


def test_a_failing_session_redeploy_is_rolled_back_with_its_jobs(
    plugin: PluginProcess, api: Api
) -> None:
    name = unique("rollback")
    sessions, session_id, session = deployed_session(plugin, name)
    job_name = unique("job")
    jobs, rid, inputs, outputs = deployed_job(plugin, name, job_name)
    failing = sessions.checked(session_spec(name, flinkConfiguration=FAIL))
    with pytest.raises(grpc.RpcError) as raised:
        sessions.update(session_id, session, failing)
    text = raised.value.details() or ""
    assert "FAILED" in text and "Rolled back" in text and "its jobs resubmitted" in text
    [rolled_back] = api.sessions(name)
    assert rolled_back["state"] == "RUNNING" and rolled_back["id"] != session["sessionId"]
    [job] = api.jobs(rolled_back["id"])
    assert job["name"] == job_name and job["state"] == "RUNNING"
    assert job["flinkConfiguration"]["execution.savepoint.path"]
    # Refresh finds both again; the session's change is still pending.
    read_id, current, _ = sessions.read(session_id, session)
    assert read_id == session_id and current["sessionId"] == rolled_back["id"]
    assert sessions.diff(session_id, current, failing).changes == SOME
    _, job_now, _ = jobs.read(rid, outputs, inputs)
    jobs.delete(rid, job_now)
    sessions.delete(session_id, current)
    assert api.sessions(name) == []
