"""Fixtures for the emulator tests: a real emulator process driven over raw HTTP."""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess

FLINK = "/api/flink/v1/workspaces"


def unique(prefix: str = "n") -> str:
    """A name no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


APP_SPEC: dict[str, Any] = {
    "name": "example",
    "runtime": "FLINK_1_17",
    "jars": ["s3://bucket/flink-job.jar"],
    "plugins": [{"name": "flink-s3-hadoop", "jars": ["/opt/flink/opt/flink-s3-fs-hadoop.jar"]}],
    "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
    "logConfiguration": {"log4j-console.properties": "rootLogger.level = INFO\n"},
    "jobManagerResource": {"cpu": 0.5, "memory": "1024m", "ephemeralStorage": "256m"},
    "taskManagerResource": {"cpu": 1, "memory": "1g"},
    "job": {
        "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
        "entryClass": "com.example.flink.Job",
        "args": ["--input", "x"],
    },
}


class Specs:
    """Valid request bodies, each with a fresh unique name unless one is given."""

    def app(self, name: str | None = None, **changes: Any) -> dict[str, Any]:
        spec = copy.deepcopy(APP_SPEC)
        spec["name"] = name or unique("app")
        spec.update(changes)
        return spec

    def session(self, name: str | None = None, **changes: Any) -> dict[str, Any]:
        spec = self.app(name or unique("session"), **changes)
        del spec["job"]
        return spec

    def job(self, name: str | None = None, **changes: Any) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "name": name or unique("job"),
            "flinkConfiguration": {},
            "job": {"entryClass": "com.example.flink.Job", "args": []},
        }
        spec.update(changes)
        return spec


class Api:
    """Raw HTTP against one emulator: no client library, just requests."""

    def __init__(self, url: str, token: str, workspace: str) -> None:
        self.url = url
        self.token = token
        self.workspace = workspace
        self.session = requests.Session()

    def request(
        self, method: str, path: str, *, token: str | None = "", **kwargs: Any
    ) -> requests.Response:
        """``token=""`` sends the own key, ``None`` sends no Authorization header."""
        headers = dict(kwargs.pop("headers", {}))
        key = self.token if token == "" else token
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.url + path, headers=headers, **kwargs)

    def flink(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A request under ``/api/flink/v1/workspaces/<own workspace>``."""
        ws = kwargs.pop("ws", self.workspace)
        return self.request(method, f"{FLINK}/{ws}{path}", **kwargs)

    def create(self, collection: str, spec: dict[str, Any]) -> dict[str, Any]:
        """POST a spec that must be accepted; the Summary."""
        response = self.flink("POST", collection, json=spec)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def names(self, collection: str) -> list[str]:
        """Names of every listed item (follows markers)."""
        names: list[str] = []
        marker: str | None = None
        while True:
            params = {"marker": marker} if marker else {}
            body = self.flink("GET", collection, params=params).json()
            names += [item["name"] for item in body["items"]]
            marker = body.get("marker")
            if marker is None:
                return names


def poll(fetch: Callable[[], Any], until: Callable[[Any], bool], timeout: float = 10.0) -> Any:
    """Call ``fetch`` until ``until`` holds for its result; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout} s; last value: {value}")
        time.sleep(0.05)


def completed_savepoint(api: Api, path: str, nonce: str) -> dict[str, Any]:
    """Poll the savepoints at ``path`` until the one with ``nonce`` has completed; that one."""
    listing = poll(
        lambda: api.flink("GET", path).json(),
        lambda body: any(s["triggerNonce"] == nonce for s in body["completed"]),
    )
    found: dict[str, Any] = next(s for s in listing["completed"] if s["triggerNonce"] == nonce)
    return found


def take_savepoint(api: Api, path: str) -> dict[str, Any]:
    """Trigger a savepoint at ``path`` (``.../savepoints``), wait until it completes; it."""
    response = api.flink("POST", path)
    assert response.status_code == 202, response.text
    return completed_savepoint(api, path, response.json()["triggerNonce"])


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    """One emulator for the session: instant lifecycle, quick savepoints, test controls on."""
    quick = ["--savepoint-seconds", "0.2"]
    with EmulatorProcess(startup_seconds=0.0, delete_seconds=0.0, extra_args=quick) as emu:
        yield emu


@pytest.fixture
def api(emulator: EmulatorProcess) -> Api:
    """Raw HTTP against the session emulator with the bootstrap key."""
    return Api(emulator.url, emulator.token, emulator.workspace)


@pytest.fixture(scope="session")
def api_for() -> Callable[[EmulatorProcess], Api]:
    """`api_for(emulator)`: raw HTTP against another emulator process."""
    return lambda emu: Api(emu.url, emu.token, emu.workspace)


@pytest.fixture(scope="session")
def specs() -> Specs:
    """Builders of valid request bodies."""
    return Specs()


@pytest.fixture
def other_org(emulator: EmulatorProcess) -> dict[str, Any]:
    """A fresh organization: ``token`` and ``workspace``."""
    result: dict[str, Any] = emulator.control("POST", "organizations")
    return result


@pytest.fixture
def clean_faults(emulator: EmulatorProcess) -> Iterator[EmulatorProcess]:
    """The session emulator, with faults cleared before and after the test."""
    emulator.clear_faults()
    yield emulator
    emulator.clear_faults()


@pytest.fixture(name="poll", scope="session")
def poll_fixture() -> Callable[..., Any]:
    """`poll(fetch, until, timeout=10)`: wait for a condition without fixed sleeps."""
    return poll


@pytest.fixture(name="completed_savepoint", scope="session")
def completed_savepoint_fixture() -> Callable[[Api, str, str], dict[str, Any]]:
    """`completed_savepoint(api, path, nonce)`: poll until that savepoint has completed."""
    return completed_savepoint


@pytest.fixture(name="take_savepoint", scope="session")
def take_savepoint_fixture() -> Callable[[Api, str], dict[str, Any]]:
    """`take_savepoint(api, ".../savepoints")`: trigger one and wait for its completion."""
    return take_savepoint


@pytest.fixture(name="unique", scope="session")
def unique_fixture() -> Callable[[str], str]:
    """`unique(prefix)`: a name no other test uses."""
    return unique
