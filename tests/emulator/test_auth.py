"""Authentication (401), organizations (403) and unknown workspaces (404)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.emulator

PATHS = [
    ("GET", "/api/org/v1/me"),
    ("GET", "/api/org/v1/workspaces"),
    ("GET", "/api/org/v1/workspaces/DEFAULT"),
    ("GET", "/api/flink/v1/workspaces/DEFAULT/applications"),
    ("POST", "/api/flink/v1/workspaces/DEFAULT/applications"),
    ("DELETE", "/api/flink/v1/workspaces/DEFAULT/applications/ABC"),
    ("GET", "/api/flink/v1/workspaces/DEFAULT/sessions/S/jobs"),
]


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer a b", "bad"],
)
@pytest.mark.parametrize(("method", "path"), PATHS)
def test_missing_or_malformed_authorization_is_401(api, method, path, header):
    headers = {} if header is None else {"Authorization": header}
    response = api.request(method, path, token=None, headers=headers, json={})
    assert response.status_code == 401
    assert set(response.json()) == {"message"}
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_unknown_key_is_401_and_the_key_is_not_echoed(api):
    response = api.request("GET", "/api/org/v1/me", token="not-a-real-key-123")
    assert response.status_code == 401
    assert "not-a-real-key-123" not in response.text


def test_bearer_scheme_is_case_insensitive(api):
    headers = {"Authorization": f"bearer {api.token}"}
    assert api.request("GET", "/api/org/v1/me", token=None, headers=headers).status_code == 200


def test_workspace_of_another_organization_is_403(api, specs, other_org):
    foreign = other_org["workspace"]
    for method, path in [
        ("GET", f"/api/flink/v1/workspaces/{foreign}/applications"),
        ("POST", f"/api/flink/v1/workspaces/{foreign}/applications"),
        ("GET", f"/api/flink/v1/workspaces/{foreign}/sessions"),
        ("GET", f"/api/org/v1/workspaces/{foreign}"),
    ]:
        response = api.request(method, path, json=specs.app())
        assert response.status_code == 403, path
        assert set(response.json()) == {"message"}
    # and the other way round: the new organization cannot see DEFAULT
    response = api.flink("GET", "/applications", token=other_org["token"])
    assert response.status_code == 403


def test_organizations_see_only_their_own_workspaces_and_resources(api, specs, other_org):
    theirs = api.request("GET", "/api/org/v1/workspaces", token=other_org["token"]).json()
    assert [w["id"] for w in theirs["items"]] == [other_org["workspace"]]
    mine = api.request("GET", "/api/org/v1/workspaces").json()
    assert other_org["workspace"] not in [w["id"] for w in mine["items"]]
    created = api.create("/applications", specs.app())
    response = api.flink(
        "GET", f"/applications/{created['id']}", ws=other_org["workspace"], token=other_org["token"]
    )
    assert response.status_code == 404
    me = api.request("GET", "/api/org/v1/me", token=other_org["token"]).json()
    assert (
        me["serviceAccount"]["id"]
        != api.request("GET", "/api/org/v1/me").json()["serviceAccount"]["id"]
    )


def test_unknown_workspace_is_404(api, specs):
    for method, path in [
        ("GET", "/api/flink/v1/workspaces/NOSUCHWS/applications"),
        ("POST", "/api/flink/v1/workspaces/NOSUCHWS/applications"),
        ("GET", "/api/flink/v1/workspaces/NOSUCHWS/sessions/S1/jobs"),
        ("GET", "/api/org/v1/workspaces/NOSUCHWS"),
    ]:
        response = api.request(method, path, json=specs.app())
        assert response.status_code == 404, path
        assert "NOSUCHWS" in response.json()["message"]


def test_authentication_comes_before_validation(api):
    response = api.request("GET", "/api/flink/v1/workspaces/bad-ws/applications", token=None)
    assert response.status_code == 401
