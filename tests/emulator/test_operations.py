"""Every Flink and org operation of the contract, over raw HTTP."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.emulator

ID_RE = re.compile(r"^[A-Z0-9]{1,20}$")
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
SUMMARY_KEYS = {"id", "name", "state", "createdAt", "updatedAt"}


def check_summary(body: dict[str, Any], name: str) -> None:
    assert set(body) == SUMMARY_KEYS
    assert ID_RE.match(body["id"]) and len(body["id"]) == 16
    assert body["name"] == name
    assert body["state"] in {"PENDING", "RUNNING", "DELETING", "FAILED"}
    assert TS_RE.match(body["createdAt"]) and TS_RE.match(body["updatedAt"])


def test_create_application_returns_201_summary_as_json_utf8(api, specs):
    spec = specs.app()
    response = api.flink("POST", "/applications", json=spec)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    check_summary(response.json(), spec["name"])


def test_describe_application_echoes_spec_and_adds_flink_job(api, specs):
    spec = specs.app()
    created = api.create("/applications", spec)
    response = api.flink("GET", f"/applications/{created['id']}")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "id", "name", "runtime", "jars", "plugins", "flinkConfiguration", "logConfiguration",
        "jobManagerResource", "taskManagerResource", "job", "state", "createdAt", "updatedAt",
    ]  # fmt: skip
    for key in spec:
        if key != "job":
            assert body[key] == spec[key], key
    job = body["job"]
    assert re.fullmatch(r"[0-9a-f]{32}", job["id"])
    assert job["name"] == spec["name"]
    assert {k: job[k] for k in ("jarUri", "entryClass", "args")} == spec["job"]
    assert body["id"] == created["id"] and body["createdAt"] == created["createdAt"]
    assert body["state"] == "RUNNING"  # startup 0 s in the session emulator


def test_describe_job_omits_jar_uri_and_entry_class_when_not_given(api, specs):
    created = api.create("/applications", specs.app(job={"args": []}))
    job = api.flink("GET", f"/applications/{created['id']}").json()["job"]
    assert set(job) == {"id", "name", "args"}


def test_list_applications_contains_created_ones_in_creation_order(api, specs):
    first = api.create("/applications", specs.app())
    second = api.create("/applications", specs.app())
    body = api.flink("GET", "/applications").json()
    ids = [item["id"] for item in body["items"]]
    assert ids.index(first["id"]) < ids.index(second["id"])
    assert all(set(item) == SUMMARY_KEYS for item in body["items"])


def test_delete_application_answers_204_empty_then_404(api, specs):
    created = api.create("/applications", specs.app())
    response = api.flink("DELETE", f"/applications/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    # delete-seconds 0: gone at once
    assert api.flink("GET", f"/applications/{created['id']}").status_code == 404
    assert created["id"] not in [i["id"] for i in api.flink("GET", "/applications").json()["items"]]
    missing = api.flink("DELETE", f"/applications/{created['id']}")
    assert missing.status_code == 404
    assert "message" in missing.json()


def test_application_url_is_201_with_url(api, specs):
    created = api.create("/applications", specs.app())
    body = {"expiresInSeconds": 5, "webSessionDurationInSeconds": 600}
    response = api.flink("POST", f"/applications/{created['id']}/urls", json=body)
    assert response.status_code == 201
    assert set(response.json()) == {"url"}
    assert response.json()["url"].startswith(api.url + "/")


def test_application_savepoint_is_202_then_listed_as_completed(api, specs, completed_savepoint):
    config = {"state.savepoints.dir": "s3://bucket/savepoints"}
    created = api.create("/applications", specs.app(flinkConfiguration=config))
    path = f"/applications/{created['id']}/savepoints"
    response = api.flink("POST", path)
    assert response.status_code == 202
    savepoint = response.json()
    assert savepoint["triggerType"] == "MANUAL"
    assert TS_RE.match(savepoint["triggeredAt"]) and savepoint["triggerNonce"]
    assert api.flink("GET", path).status_code == 200
    done = completed_savepoint(api, path, savepoint["triggerNonce"])
    body = api.flink("GET", path).json()
    assert body["pending"] == [] and body["completed"] == [done]
    assert done["location"].startswith("s3://bucket/savepoints/")


def test_sessions_support_create_list_describe_url_delete(api, specs):
    spec = specs.session()
    created = api.create("/sessions", spec)
    check_summary(created, spec["name"])
    described = api.flink("GET", f"/sessions/{created['id']}").json()
    assert "job" not in described
    assert {k: described[k] for k in spec} == spec
    assert described["state"] == "RUNNING"
    assert created["id"] in [i["id"] for i in api.flink("GET", "/sessions").json()["items"]]
    url = api.flink(
        "POST",
        f"/sessions/{created['id']}/urls",
        json={"expiresInSeconds": 300, "webSessionDurationInSeconds": 86400},
    )
    assert url.status_code == 201 and "url" in url.json()
    assert api.flink("DELETE", f"/sessions/{created['id']}").status_code == 204
    assert api.flink("GET", f"/sessions/{created['id']}").status_code == 404


def test_session_jobs_support_every_operation(api, specs, completed_savepoint):
    session = api.create("/sessions", specs.session())
    jobs = f"/sessions/{session['id']}/jobs"
    spec = specs.job()
    created = api.create(jobs, spec)
    check_summary(created, spec["name"])
    described = api.flink("GET", f"{jobs}/{created['id']}").json()
    assert set(described) == {
        "id", "name", "flinkConfiguration", "job", "state", "createdAt", "updatedAt",
    }  # fmt: skip
    assert described["job"]["name"] == spec["name"]
    assert described["job"]["entryClass"] == "com.example.flink.Job"
    assert "jarUri" not in described["job"]
    listed = api.flink("GET", jobs).json()
    assert [i["id"] for i in listed["items"]] == [created["id"]]
    triggered = api.flink("POST", f"{jobs}/{created['id']}/savepoints")
    assert triggered.status_code == 202
    completed_savepoint(api, f"{jobs}/{created['id']}/savepoints", triggered.json()["triggerNonce"])
    assert len(api.flink("GET", f"{jobs}/{created['id']}/savepoints").json()["completed"]) == 1
    assert api.flink("DELETE", f"{jobs}/{created['id']}").status_code == 204
    assert api.flink("GET", f"{jobs}/{created['id']}").status_code == 404


def test_deleting_a_session_takes_its_jobs_along(api, specs):
    session = api.create("/sessions", specs.session())
    jobs = f"/sessions/{session['id']}/jobs"
    job = api.create(jobs, specs.job())
    assert api.flink("DELETE", f"/sessions/{session['id']}").status_code == 204
    assert api.flink("GET", f"{jobs}/{job['id']}").status_code == 404
    assert api.flink("GET", jobs).status_code == 404


def test_session_job_in_unknown_session_is_404(api, specs):
    response = api.flink("POST", "/sessions/NOSUCHSESSION/jobs", json=specs.job())
    assert response.status_code == 404
    assert "session" in response.json()["message"]


def test_unknown_resources_are_404_with_error_body(api):
    for path in (
        "/applications/NOSUCHAPP",
        "/applications/NOSUCHAPP/savepoints",
        "/sessions/NOSUCH",
        "/sessions/NOSUCH/jobs",
        "/sessions/NOSUCH/jobs/NOSUCH",
    ):
        response = api.flink("GET", path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"message"}


def test_application_id_is_not_a_session_id(api, specs):
    app = api.create("/applications", specs.app())
    assert api.flink("GET", f"/sessions/{app['id']}").status_code == 404


def test_duplicate_name_is_409_and_kinds_may_share_a_name(api, specs, unique):
    name = unique("dup")
    api.create("/applications", specs.app(name))
    response = api.flink("POST", "/applications", json=specs.app(name))
    assert response.status_code == 409
    assert name in response.json()["message"]
    api.create("/sessions", specs.session(name))  # another kind: allowed
    assert api.names("/applications").count(name) == 1


def test_name_is_free_again_once_the_application_is_gone(api, specs, unique):
    name = unique("reuse")
    first = api.create("/applications", specs.app(name))
    assert api.flink("DELETE", f"/applications/{first['id']}").status_code == 204
    second = api.create("/applications", specs.app(name))
    assert second["id"] != first["id"]


def test_org_me_returns_the_service_account(api):
    response = api.request("GET", "/api/org/v1/me")
    assert response.status_code == 200
    account = response.json()["serviceAccount"]
    assert set(account) == {"id", "username", "description", "createdAt", "updatedAt"}
    assert ID_RE.match(account["id"])
    assert re.fullmatch(r"[a-zA-Z0-9.-]{2,253}", account["username"])


def test_org_workspaces_list_and_describe(api):
    body = api.request("GET", "/api/org/v1/workspaces").json()
    assert [w["id"] for w in body["items"]] == ["DEFAULT"]
    assert "marker" not in body
    workspace = api.request("GET", "/api/org/v1/workspaces/DEFAULT").json()
    assert workspace == body["items"][0]
    assert set(workspace) == {
        "id", "name", "kubeClusterId", "kubeNamespace", "kubeServiceAccount",
        "createdAt", "updatedAt",
    }  # fmt: skip
    assert api.request("GET", "/api/org/v1/workspaces/NOPE").status_code == 404


def test_unknown_route_and_wrong_method_use_the_error_body(api):
    for method, path, status in (
        ("GET", "/api/flink/v1/nothing", 404),
        ("GET", "/", 404),
        ("PUT", "/api/flink/v1/workspaces/DEFAULT/applications", 405),
        ("PATCH", "/api/flink/v1/workspaces/DEFAULT/applications/ABC", 405),
        ("GET", "/api/flink/v1/workspaces/DEFAULT/applications/", 404),
    ):
        response = api.request(method, path)
        assert response.status_code == status, (method, path)
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        assert set(response.json()) == {"message"}
    allow = api.request("PUT", "/api/flink/v1/workspaces/DEFAULT/applications").headers["allow"]
    assert allow == "GET, POST"
