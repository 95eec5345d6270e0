"""The bad-input corpus POSTed raw to the emulator: 400 (413 for the huge body) with an Error
``message`` naming the field, and nothing stored.

The corpus lives in ``tests/lakesail_testing/bad_input_corpus.py`` (applications) and
``kind_bad_input_corpus.py`` (sessions and session jobs, POSTed into a session of the test's
organization); cases marked ``provider_only`` are rules of the provider alone, and a test proves
the API really accepts them, so that the marking stays honest.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

import pytest
import requests
from lakesail_testing.bad_input_corpus import CASES, BadInput, http_cases
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.kind_bad_input_corpus import BASES, KindBadInput
from lakesail_testing.kind_bad_input_corpus import CASES as KIND_CASES
from lakesail_testing.kind_bad_input_corpus import http_cases as kind_http_cases

HTTP_CASES = list(http_cases())
PROVIDER_ONLY = [
    c for c in CASES if c.provider_only and isinstance(c.spec().get("workspace", ""), str)
]


class Org:
    """Raw HTTP as one organization of the emulator."""

    def __init__(self, url: str, token: str, workspace: str) -> None:
        self.url, self.workspace = url, workspace
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def applications(self, workspace: str | None = None) -> str:
        ws = quote(workspace or self.workspace, safe="")
        return f"{self.url}/api/flink/v1/workspaces/{ws}/applications"

    def sessions(self, workspace: str | None = None) -> str:
        ws = quote(workspace or self.workspace, safe="")
        return f"{self.url}/api/flink/v1/workspaces/{ws}/sessions"


@pytest.fixture(scope="module")
def org(emulator: EmulatorProcess) -> Org:
    """A fresh organization, so that its workspace's list is exactly what these tests stored."""
    created: dict[str, Any] = emulator.control("POST", "organizations")
    return Org(emulator.url, created["token"], created["workspace"])


def post(org: Org, body: dict[str, Any], workspace: str | None = None) -> requests.Response:
    # json.dumps, not requests' json=: an infinite cpu must reach the server as `Infinity`.
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    return org.session.post(org.applications(workspace), data=data, headers=headers, timeout=30)


def stored(org: Org) -> list[dict[str, Any]]:
    response = org.session.get(org.applications(), timeout=10)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_corpus_has_enough_cases_the_api_refuses_too() -> None:
    assert len(HTTP_CASES) >= 50


@pytest.mark.parametrize("case", HTTP_CASES, ids=[case.id for case in HTTP_CASES])
def test_bad_body_is_refused_with_a_message_and_nothing_is_stored(org: Org, case: BadInput) -> None:
    response = post(org, case.body(), case.workspace)
    assert response.status_code == case.http_status, response.text[:300]
    assert response.headers["Content-Type"].startswith("application/json")
    message = response.json()["message"]
    assert message.strip()
    assert case.expected_http_mention in message, message[:300]
    assert stored(org) == []


@pytest.mark.parametrize("case", PROVIDER_ONLY, ids=[case.id for case in PROVIDER_ONLY])
def test_provider_only_rule_is_really_not_an_api_rule(org: Org, case: BadInput) -> None:
    body = case.body()
    if "name" not in [path[0] for path, _ in case.edits]:
        body["name"] = f"accepted-{uuid.uuid4().hex[:8]}"
    response = post(org, body)
    assert response.status_code == 201, response.text[:300]
    deleted = org.session.delete(f"{org.applications()}/{response.json()['id']}", timeout=10)
    assert deleted.status_code == 204
    assert stored(org) == []


# ----------------------------------------------------------------------------- sessions, jobs

KIND_HTTP_CASES = list(kind_http_cases())
KIND_PROVIDER_ONLY = [c for c in KIND_CASES if c.provider_only and not c.provider_side]


@pytest.fixture(scope="module")
def parent(org: Org) -> dict[str, Any]:
    """The session the job bodies are POSTed into."""
    body = {k: v for k, v in BASES["session"].items() if k != "name"}
    response = org.session.post(
        f"{org.sessions()}", json={**body, "name": "corpus-parent"}, timeout=10
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def kind_url(org: Org, case: KindBadInput, parent: dict[str, Any], workspace: str | None) -> str:
    if case.kind == "application":
        return org.applications(workspace)
    if case.kind == "session":
        return org.sessions(workspace)
    return f"{org.sessions(workspace)}/{parent['id']}/jobs"


def kind_stored(org: Org, case: KindBadInput, parent: dict[str, Any]) -> list[dict[str, Any]]:
    """What the kind's list holds beyond the jobs' own session."""
    response = org.session.get(kind_url(org, case, parent, None), timeout=10)
    assert response.status_code == 200, response.text
    return [i for i in response.json()["items"] if i["id"] != parent["id"]]


def test_kind_corpus_has_cases_the_api_refuses_too() -> None:
    kinds = {case.kind for case in KIND_HTTP_CASES}
    assert {"session", "session-job"} <= kinds
    assert len(KIND_HTTP_CASES) >= 50


@pytest.mark.parametrize("case", KIND_HTTP_CASES, ids=[case.key for case in KIND_HTTP_CASES])
def test_bad_session_or_job_body_is_refused_and_nothing_is_stored(
    org: Org, parent: dict[str, Any], case: KindBadInput
) -> None:
    data = json.dumps(case.body()).encode()
    response = org.session.post(
        kind_url(org, case, parent, case.workspace),
        data=data,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400, response.text[:300]
    message = response.json()["message"]
    assert case.expected_http_mention in message, message[:300]
    assert kind_stored(org, case, parent) == []


@pytest.mark.parametrize("case", KIND_PROVIDER_ONLY, ids=[case.key for case in KIND_PROVIDER_ONLY])
def test_provider_only_session_or_job_rule_is_really_not_an_api_rule(
    org: Org, parent: dict[str, Any], case: KindBadInput
) -> None:
    body = case.body()
    if "name" not in [path[0] for path, _ in case.edits]:
        body["name"] = f"accepted-{uuid.uuid4().hex[:8]}"
    url = kind_url(org, case, parent, None)
    response = org.session.post(url, json=body, timeout=10)
    assert response.status_code == 201, response.text[:300]
    deleted = org.session.delete(f"{url}/{response.json()['id']}", timeout=10)
    assert deleted.status_code == 204
    assert kind_stored(org, case, parent) == []
