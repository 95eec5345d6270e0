"""The bad-input corpus POSTed raw to the emulator: 400 (413 for the huge body) with an Error
``message`` naming the field, and nothing stored.

The corpus lives in ``tests/faults/bad_input_corpus.py``; cases marked ``provider_only`` are
rules of the provider alone, and the last test proves the API really accepts them, so that the
marking stays honest.
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
