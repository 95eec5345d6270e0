"""Test controls under /_emulator/: faults, statistics, organizations, out-of-band changes."""

from __future__ import annotations

import time

import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess

pytestmark = pytest.mark.emulator

APPS = "/api/flink/v1/workspaces/{ws}/applications"
APP = "/api/flink/v1/workspaces/{ws}/applications/{app}"


def test_stats_count_every_api_request_exactly(api, emulator, specs):
    emulator.reset_stats()
    assert emulator.stats() == {"total": 0, "requests": [], "counts": {}, "statuses": {}}
    created = api.create("/applications", specs.app())
    api.flink("GET", f"/applications/{created['id']}")
    api.flink("GET", "/applications/NOPE")
    api.flink("POST", "/applications", json={})
    api.request("GET", "/api/org/v1/me", token=None)
    api.request("GET", "/api/nowhere")
    stats = emulator.stats()
    assert stats["counts"] == {
        f"POST {APPS}": 2,
        f"GET {APP}": 2,
        "GET /api/org/v1/me": 1,
        "GET /api/nowhere": 1,
    }
    assert [(r["method"], r["status"]) for r in stats["requests"]] == [
        ("POST", 201), ("GET", 200), ("GET", 404), ("POST", 400), ("GET", 401), ("GET", 404),
    ]  # fmt: skip
    assert (
        stats["requests"][1]["path"]
        == f"/api/flink/v1/workspaces/DEFAULT/applications/{created['id']}"
    )
    assert emulator.count("POST", APPS) == 2
    assert stats["statuses"] == {"201": 1, "200": 1, "404": 2, "400": 1, "401": 1}
    emulator.reset_stats()
    assert emulator.count("POST", APPS) == 0


def test_control_calls_are_not_counted(emulator):
    emulator.reset_stats()
    emulator.stats()
    emulator.control("GET", "faults")
    assert emulator.stats()["total"] == 0


def test_error_burst_answers_the_status_then_recovers(api, clean_faults):
    emu = clean_faults
    emu.set_faults(errorBurst={"count": 3, "status": 503})
    emu.reset_stats()
    statuses = [api.request("GET", "/api/org/v1/me").status_code for _ in range(4)]
    assert statuses == [503, 503, 503, 200]
    response = api.flink("GET", "/applications")
    assert response.status_code == 200
    assert emu.count("GET", "/api/org/v1/me") == 4


def test_error_burst_body_is_an_error(api, clean_faults):
    clean_faults.set_faults(errorBurst={"count": 1, "status": 500, "retryAfterSeconds": 2})
    response = api.request("GET", "/api/org/v1/me")
    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    assert response.headers["retry-after"] == "2"


def test_rate_limit_answers_429_with_retry_after(api, clean_faults):
    clean_faults.set_faults(rateLimit={"count": 2, "retryAfterSeconds": 1})
    first = api.request("GET", "/api/org/v1/me")
    second = api.request("GET", "/api/org/v1/me")
    third = api.request("GET", "/api/org/v1/me")
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["retry-after"] == "1"
    assert "message" in first.json()


def test_latency_delays_each_api_request(api, clean_faults):
    clean_faults.set_faults(latencySeconds=0.3)
    start = time.monotonic()
    assert api.request("GET", "/api/org/v1/me").status_code == 200
    assert time.monotonic() - start >= 0.3
    clean_faults.clear_faults()
    start = time.monotonic()
    api.request("GET", "/api/org/v1/me")
    assert time.monotonic() - start < 0.3


def test_drop_response_commits_the_write_but_the_client_sees_a_connection_error(
    api, specs, clean_faults
):
    emu = clean_faults
    emu.set_faults(dropResponse={"count": 1, "methods": ["POST"]})
    emu.reset_stats()
    spec = specs.app()
    assert api.request("GET", "/api/org/v1/me").status_code == 200  # GET is not dropped
    with pytest.raises(requests.ConnectionError):
        api.flink("POST", "/applications", json=spec)
    assert spec["name"] in api.names("/applications")  # committed
    [dropped] = [r for r in emu.stats()["requests"] if r.get("dropped")]
    assert dropped["status"] == 201 and dropped["method"] == "POST"
    assert api.flink("POST", "/applications", json=specs.app()).status_code == 201


def test_faults_can_be_limited_to_paths_and_methods(api, clean_faults):
    clean_faults.set_faults(
        errorBurst={"count": 5, "status": 502, "methods": ["GET"]}, paths="/applications$"
    )
    assert api.request("GET", "/api/org/v1/me").status_code == 200
    assert api.flink("POST", "/applications", json={}).status_code == 400
    assert api.flink("GET", "/applications").status_code == 502
    remaining = clean_faults.control("GET", "faults")
    assert remaining["errorBurst"]["count"] == 4


def test_faults_never_touch_the_controls(clean_faults):
    clean_faults.set_faults(errorBurst={"count": 5, "status": 500}, latencySeconds=0)
    assert clean_faults.stats()["total"] >= 0  # a control call still works


@pytest.mark.parametrize(
    "body",
    [
        {"errorBurst": {"count": 1, "status": 200}},
        {"errorBurst": {"count": "1"}},
        {"rateLimit": {"count": 1, "retryAfterSeconds": -1}},
        {"dropResponse": {"count": 1, "methods": ["FETCH"]}},
        {"paths": "("},
        {"latencySeconds": 100},
        {"surprise": True},
    ],
)
def test_bad_fault_bodies_are_400(emulator, body):
    response = requests.post(f"{emulator.url}/_emulator/faults", json=body, timeout=5)
    assert response.status_code == 400
    assert "message" in response.json()


def test_fail_control_makes_the_application_failed_now(api, emulator, specs):
    app = api.create("/applications", specs.app())
    body = emulator.control("POST", f"workspaces/DEFAULT/applications/{app['id']}/fail")
    assert body["state"] == "FAILED"
    assert api.flink("GET", f"/applications/{app['id']}").json()["state"] == "FAILED"


def test_patch_control_changes_the_spec_out_of_band(api, emulator, specs):
    app = api.create("/applications", specs.app())
    path = f"/applications/{app['id']}"
    before = api.flink("GET", path).json()
    change = {"flinkConfiguration": {"a": "b"}, "taskManagerResource": {"cpu": 2}}
    emulator.control("PATCH", f"workspaces/DEFAULT/applications/{app['id']}", json=change)
    after = api.flink("GET", path).json()
    assert after["flinkConfiguration"] == {"a": "b"}
    assert after["taskManagerResource"] == {"cpu": 2}
    assert after["jobManagerResource"] == before["jobManagerResource"]
    assert after["updatedAt"] >= before["updatedAt"]
    bad = requests.patch(
        f"{emulator.url}/_emulator/workspaces/DEFAULT/applications/{app['id']}",
        json={"taskManagerResource": {"cpu": "2"}},
        timeout=5,
    )
    assert bad.status_code == 400


def test_stuck_control_keeps_the_application_deleting(api, emulator, specs):
    app = api.create("/applications", specs.app())
    path = f"/applications/{app['id']}"
    emulator.control("POST", f"workspaces/DEFAULT/applications/{app['id']}/stuck")
    assert api.flink("DELETE", path).status_code == 204  # delete-seconds is 0 here
    assert api.flink("GET", path).json()["state"] == "DELETING"
    assert api.flink("DELETE", path).status_code == 204
    assert api.flink("GET", path).json()["state"] == "DELETING"


def test_remove_control_deletes_out_of_band(api, emulator, specs):
    app = api.create("/applications", specs.app())
    emulator.control("DELETE", f"workspaces/DEFAULT/applications/{app['id']}")
    assert api.flink("GET", f"/applications/{app['id']}").status_code == 404


def test_organizations_control_issues_a_working_key(api, emulator):
    org = emulator.control("POST", "organizations")
    assert set(org) == {"organization", "token", "workspace", "workspaces"}
    assert org["organization"] > 1
    me = api.request("GET", "/api/org/v1/me", token=org["token"])
    assert me.status_code == 200


def test_controls_are_404_without_the_flag():
    with EmulatorProcess(test_controls=False) as emu:
        for method, path in [
            ("GET", "/_emulator/stats"),
            ("POST", "/_emulator/faults"),
            ("POST", "/_emulator/organizations"),
        ]:
            response = requests.request(method, emu.url + path, json={}, timeout=5)
            assert response.status_code == 404
            assert set(response.json()) == {"message"}
