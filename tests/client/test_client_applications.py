"""Every application operation against a real emulator over HTTP."""

from __future__ import annotations

import pytest
from client_support import APP, APPS, app_spec, eventually, unique
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import LakeSailClient, NotFoundError
from pulumi_lakesail.client import models as api

pytestmark = pytest.mark.client


def test_create_returns_a_summary_and_describe_echoes_the_spec(
    client: LakeSailClient, ws: str
) -> None:
    spec = app_spec()
    summary = client.create_application(ws, spec)
    assert isinstance(summary, api.FlinkApplicationSummary)
    assert summary.name == spec.name
    assert summary.state in set(api.FlinkApplicationState)

    app = client.describe_application(ws, summary.id)
    assert app.id == summary.id
    assert app.created_at == summary.created_at
    assert (app.runtime, app.jars, app.plugins) == (spec.runtime, spec.jars, spec.plugins)
    assert app.flink_configuration == spec.flink_configuration
    assert app.log_configuration == spec.log_configuration
    assert app.job_manager_resource == spec.job_manager_resource
    assert app.task_manager_resource == spec.task_manager_resource
    assert (app.job.jar_uri, app.job.entry_class, app.job.args) == (
        spec.job.jar_uri,
        spec.job.entry_class,
        spec.job.args,
    )
    assert app.job.id and app.job.name


def test_application_reaches_running(client: LakeSailClient, ws: str) -> None:
    app_id = client.create_application(ws, app_spec()).id

    def running() -> api.FlinkApplication | None:
        app = client.describe_application(ws, app_id)
        return app if app.state is api.FlinkApplicationState.RUNNING else None

    assert eventually(running).state is api.FlinkApplicationState.RUNNING


def test_the_failure_rule_moves_an_application_to_failed(client: LakeSailClient, ws: str) -> None:
    app_id = client.create_application(ws, app_spec(**{"lakesail.emulator.fail": "true"})).id

    def failed() -> api.FlinkApplication | None:
        app = client.describe_application(ws, app_id)
        return app if app.state is api.FlinkApplicationState.FAILED else None

    assert eventually(failed).state is api.FlinkApplicationState.FAILED


def test_list_contains_created_applications(client: LakeSailClient, ws: str) -> None:
    created = {client.create_application(ws, app_spec()).id for _ in range(3)}
    listed = {app.id: app for app in client.list_applications(ws)}
    assert created <= set(listed)
    assert all(isinstance(a, api.FlinkApplicationSummary) for a in listed.values())


def test_delete_then_describe_is_not_found(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    app_id = client.create_application(ws, app_spec()).id
    assert client.delete_application(ws, app_id) is None
    assert emulator.count("DELETE", APP) == 1

    def gone() -> bool | None:
        try:
            client.describe_application(ws, app_id)
        except NotFoundError:
            return True
        return None

    assert eventually(gone)
    assert app_id not in {a.id for a in client.list_applications(ws)}


def test_url_is_created_for_a_running_application(client: LakeSailClient, ws: str) -> None:
    app_id = client.create_application(ws, app_spec()).id
    url = client.create_application_url(
        ws, app_id, api.FlinkUrlSpec(expires_in_seconds=5, web_session_duration_in_seconds=600)
    )
    assert url.url.startswith("http")


def test_savepoints_are_triggered_and_listed(client: LakeSailClient, ws: str) -> None:
    app_id = client.create_application(ws, app_spec()).id
    savepoint = client.create_application_savepoint(ws, app_id)
    assert savepoint.trigger_type is api.FlinkSavepointTriggerType.MANUAL

    def listed() -> api.FlinkSavepointList | None:
        savepoints = client.list_application_savepoints(ws, app_id)
        nonces = {s.trigger_nonce for s in savepoints.pending + savepoints.completed}
        return savepoints if savepoint.trigger_nonce in nonces else None

    assert len(eventually(listed).pending) <= 1


def test_each_call_is_one_request(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    app_id = client.create_application(ws, app_spec(unique())).id
    client.describe_application(ws, app_id)
    assert emulator.count("POST", APPS) == 1
    assert emulator.count("GET", APP) == 1
