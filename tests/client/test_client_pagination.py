"""Pagination: the iterators follow the marker across every page, one request per page."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from client_support import APPS, JOBS, SESSIONS, WORKSPACES, app_spec, job_spec, session_spec
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import LakeSailClient

pytestmark = pytest.mark.client


@pytest.fixture
def fresh_org(emulator: EmulatorProcess) -> tuple[str, list[str]]:
    """A new organization with three workspaces: (token, workspace ids). Empty lists to start."""
    tag = uuid.uuid4().hex[:8].upper()
    ids = [f"PG{tag}{n}" for n in "ABC"]
    org = emulator.control("POST", "organizations", json={"workspaces": ids})
    return org["token"], org["workspaces"]


def test_seven_applications_in_pages_of_two_take_four_requests(
    make_client: Callable[..., LakeSailClient],
    fresh_org: tuple[str, list[str]],
    emulator: EmulatorProcess,
) -> None:
    token, workspaces = fresh_org
    client = make_client(token=token)
    ws = workspaces[0]
    created = [client.create_application(ws, app_spec()).id for _ in range(7)]
    emulator.reset_stats()

    iterator = client.list_applications(ws, page_size=2)
    assert emulator.count("GET", APPS) == 0  # lazy: nothing before the first next()
    first = next(iterator)
    assert emulator.count("GET", APPS) == 1
    listed = [first.id, *(a.id for a in iterator)]

    assert sorted(listed) == sorted(created)
    assert len(set(listed)) == 7
    assert emulator.count("GET", APPS) == 4
    queries = [r["path"] for r in emulator.stats()["requests"]]
    assert len(queries) == 4


def test_a_full_last_page_still_ends(
    make_client: Callable[..., LakeSailClient],
    fresh_org: tuple[str, list[str]],
    emulator: EmulatorProcess,
) -> None:
    token, workspaces = fresh_org
    client = make_client(token=token)
    ws = workspaces[1]
    created = {client.create_session(ws, session_spec()).id for _ in range(4)}
    emulator.reset_stats()
    assert {s.id for s in client.list_sessions(ws, page_size=2)} == created
    assert emulator.count("GET", SESSIONS) in (2, 3)  # a server may or may not send a last marker


def test_empty_listing_is_one_request(
    make_client: Callable[..., LakeSailClient],
    fresh_org: tuple[str, list[str]],
    emulator: EmulatorProcess,
) -> None:
    token, workspaces = fresh_org
    client = make_client(token=token)
    assert list(client.list_applications(workspaces[2])) == []
    assert emulator.count("GET", APPS) == 1


def test_session_jobs_and_workspaces_paginate_too(
    make_client: Callable[..., LakeSailClient],
    fresh_org: tuple[str, list[str]],
    emulator: EmulatorProcess,
) -> None:
    token, workspaces = fresh_org
    client = make_client(token=token)
    session_id = client.create_session(workspaces[0], session_spec()).id
    jobs = {client.create_session_job(workspaces[0], session_id, job_spec()).id for _ in range(3)}
    emulator.reset_stats()
    assert {j.id for j in client.list_session_jobs(workspaces[0], session_id, page_size=1)} == jobs
    assert emulator.count("GET", JOBS) >= 3
    assert sorted(w.id for w in client.list_workspaces(page_size=2)) == sorted(workspaces)
    assert emulator.count("GET", WORKSPACES) == 2


def test_default_page_size_is_the_contract_maximum(client: LakeSailClient, ws: str) -> None:
    # Reaches the server: a limit above 100 would be a 400 there, and the client refuses it.
    list(client.list_applications(ws))
    with pytest.raises(ValueError):
        client.list_applications(ws, page_size=101)
