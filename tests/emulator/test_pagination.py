"""Pagination: limit 1..100 (default 100), opaque markers, no marker on the last page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.emulator


@pytest.fixture
def fresh(api, other_org):
    """An empty workspace of a fresh organization, addressed by a copy of ``api``."""
    api.token, api.workspace = other_org["token"], other_org["workspace"]
    return api


def test_pages_of_two_walk_every_item_in_creation_order(fresh, specs):
    created = [fresh.create("/applications", specs.app())["id"] for _ in range(5)]
    seen, markers = [], []
    marker = None
    while True:
        params = {"limit": 2, **({"marker": marker} if marker else {})}
        response = fresh.flink("GET", "/applications", params=params)
        assert response.status_code == 200
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        if "marker" not in body:
            break
        assert len(body["items"]) == 2
        marker = body["marker"]
        markers.append(marker)
    assert seen == created
    assert len(markers) == 2
    assert len(body["items"]) == 1  # the last page


def test_exactly_full_last_page_has_no_marker(fresh, specs):
    for _ in range(2):
        fresh.create("/sessions", specs.session())
    body = fresh.flink("GET", "/sessions", params={"limit": 2}).json()
    assert len(body["items"]) == 2
    assert "marker" not in body


def test_default_page_size_is_100(fresh, specs):
    for _ in range(101):
        fresh.create("/sessions", specs.session())
    first = fresh.flink("GET", "/sessions").json()
    assert len(first["items"]) == 100 and "marker" in first
    second = fresh.flink("GET", "/sessions", params={"marker": first["marker"]}).json()
    assert len(second["items"]) == 1 and "marker" not in second


def test_empty_list_has_items_and_no_marker(fresh):
    assert fresh.flink("GET", "/applications").json() == {"items": []}


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "2.5", ""])
def test_limit_out_of_range_is_400(api, limit):
    response = api.flink("GET", "/applications", params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["message"].startswith("limit:")


def test_limit_bounds_are_accepted(api):
    for limit in ("1", "100"):
        assert api.flink("GET", "/applications", params={"limit": limit}).status_code == 200


@pytest.mark.parametrize(
    "marker", ["garbage!", "", "AAAA", "YXBwbGljYXRpb25zOkRFRkFVTFQ6fDk5OTk5OTk"]
)
def test_garbage_or_unknown_marker_is_400(api, marker):
    response = api.flink("GET", "/applications", params={"marker": marker})
    assert response.status_code == 400
    assert response.json()["message"].startswith("marker:")


def test_marker_of_another_list_is_400(fresh, specs):
    for _ in range(2):
        fresh.create("/applications", specs.app())
    marker = fresh.flink("GET", "/applications", params={"limit": 1}).json()["marker"]
    response = fresh.flink("GET", "/sessions", params={"marker": marker})
    assert response.status_code == 400


def test_marker_survives_deletion_of_the_last_seen_item(fresh, specs):
    ids = [fresh.create("/applications", specs.app())["id"] for _ in range(3)]
    body = fresh.flink("GET", "/applications", params={"limit": 1}).json()
    assert fresh.flink("DELETE", f"/applications/{ids[0]}").status_code == 204
    rest = fresh.flink("GET", "/applications", params={"marker": body["marker"]}).json()
    assert [i["id"] for i in rest["items"]] == ids[1:]


def test_session_jobs_and_workspaces_paginate(api, specs, emulator):
    org = emulator.control("POST", "organizations", json={"workspaces": ["PGA", "PGB", "PGC"]})
    first = api.request("GET", "/api/org/v1/workspaces", token=org["token"], params={"limit": 2})
    body = first.json()
    assert [w["id"] for w in body["items"]] == ["PGA", "PGB"]
    second = api.request(
        "GET",
        "/api/org/v1/workspaces",
        token=org["token"],
        params={"limit": 2, "marker": body["marker"]},
    ).json()
    assert [w["id"] for w in second["items"]] == ["PGC"] and "marker" not in second
    session = api.create("/sessions", specs.session())
    jobs = f"/sessions/{session['id']}/jobs"
    ids = [api.create(jobs, specs.job())["id"] for _ in range(3)]
    page = api.flink("GET", jobs, params={"limit": 2}).json()
    rest = api.flink("GET", jobs, params={"limit": 2, "marker": page["marker"]}).json()
    assert [i["id"] for i in page["items"] + rest["items"]] == ids
