"""Sessions, session jobs and the organization operations against a real emulator."""

from __future__ import annotations

import pytest
from client_support import JOB, SESSION, eventually, job_spec, session_spec
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import LakeSailClient, NotFoundError
from pulumi_lakesail.client import models as api

pytestmark = pytest.mark.client


def running_session(client: LakeSailClient, ws: str) -> str:
    session_id = client.create_session(ws, session_spec()).id

    def running() -> str | None:
        state = client.describe_session(ws, session_id).state
        return session_id if state is api.FlinkSessionState.RUNNING else None

    return eventually(running)


def test_session_create_describe_list(client: LakeSailClient, ws: str) -> None:
    spec = session_spec()
    summary = client.create_session(ws, spec)
    assert isinstance(summary, api.FlinkSessionSummary)
    session = client.describe_session(ws, summary.id)
    assert (session.name, session.runtime, session.jars) == (spec.name, spec.runtime, spec.jars)
    assert session.job_manager_resource == spec.job_manager_resource
    assert summary.id in {s.id for s in client.list_sessions(ws)}


def test_session_url(client: LakeSailClient, ws: str) -> None:
    session_id = running_session(client, ws)
    url = client.create_session_url(
        ws,
        session_id,
        api.FlinkUrlSpec(expires_in_seconds=300, web_session_duration_in_seconds=86400),
    )
    assert url.url.startswith("http")


def test_session_job_lifecycle(client: LakeSailClient, ws: str, emulator: EmulatorProcess) -> None:
    session_id = running_session(client, ws)
    spec = job_spec()
    summary = client.create_session_job(ws, session_id, spec)
    assert isinstance(summary, api.FlinkSessionJobSummary)

    job = client.describe_session_job(ws, session_id, summary.id)
    assert job.name == spec.name
    assert job.job.entry_class == "com.example.flink.Job"
    assert job.job.jar_uri is None
    assert summary.id in {j.id for j in client.list_session_jobs(ws, session_id)}

    def job_running() -> bool | None:
        state = client.describe_session_job(ws, session_id, summary.id).state
        return True if state is api.FlinkSessionJobState.RUNNING else None

    eventually(job_running)
    savepoint = client.create_session_job_savepoint(ws, session_id, summary.id)
    assert savepoint.trigger_type is api.FlinkSavepointTriggerType.MANUAL
    savepoints = client.list_session_job_savepoints(ws, session_id, summary.id)
    assert len(savepoints.pending) + len(savepoints.completed) >= 1

    client.delete_session_job(ws, session_id, summary.id)
    assert emulator.count("DELETE", JOB) == 1

    def job_gone() -> bool | None:
        try:
            client.describe_session_job(ws, session_id, summary.id)
        except NotFoundError:
            return True
        return None

    eventually(job_gone)


def test_session_delete(client: LakeSailClient, ws: str, emulator: EmulatorProcess) -> None:
    session_id = client.create_session(ws, session_spec()).id
    client.delete_session(ws, session_id)
    assert emulator.count("DELETE", SESSION) == 1

    def gone() -> bool | None:
        try:
            client.describe_session(ws, session_id)
        except NotFoundError:
            return True
        return None

    eventually(gone)


def test_session_failure_rule(client: LakeSailClient, ws: str) -> None:
    session_id = client.create_session(ws, session_spec(**{"lakesail.emulator.fail": "true"})).id

    def failed() -> bool | None:
        state = client.describe_session(ws, session_id).state
        return True if state is api.FlinkSessionState.FAILED else None

    eventually(failed)


def test_workspaces_and_identity(client: LakeSailClient, ws: str) -> None:
    workspaces = list(client.list_workspaces())
    assert ws in {w.id for w in workspaces}
    workspace = client.describe_workspace(ws)
    assert workspace.id == ws
    assert workspace.kube_namespace
    identity = client.describe_current_identity()
    members = [identity.root, identity.user, identity.service_account]
    assert sum(m is not None for m in members) == 1
