"""Request validation: every bad body is a 400 naming the field, and nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.emulator


def _set(spec: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set (or, with value ..., delete) a dotted path such as ``jobManagerResource.cpu``."""
    *parents, last = path.split(".")
    target = spec
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if value is ...:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return spec


BAD_APPLICATION_FIELDS = [
    # (path, value, text the message must hold)
    ("jobManagerResource.cpu", "1", "jobManagerResource.cpu: must be a number"),
    ("jobManagerResource.cpu", True, "jobManagerResource.cpu: must be a number"),
    ("jobManagerResource.cpu", 0, "jobManagerResource.cpu: must be > 0"),
    ("taskManagerResource.cpu", -0.5, "taskManagerResource.cpu: must be > 0"),
    ("jobManagerResource.memory", "2Gi", "jobManagerResource.memory: must match"),
    ("jobManagerResource.memory", "1.5", "jobManagerResource.memory: must match"),
    ("jobManagerResource.memory", 1024, "jobManagerResource.memory: must be a string"),
    ("taskManagerResource.ephemeralStorage", "10 Mi", "ephemeralStorage: must match"),
    ("jobManagerResource.gpu", 1, "jobManagerResource.gpu: unknown field"),
    ("name", ..., "name: is required"),
    ("name", "", "name: must hold at least 1"),
    ("name", 7, "name: must be a string"),
    ("runtime", "FLINK_1_19", "runtime: must be one of FLINK_1_17, FLINK_1_18"),
    ("runtime", ..., "runtime: is required"),
    ("jars", ..., "jars: is required"),
    ("jars", "a.jar", "jars: must be an array"),
    ("jars", [1], "jars[0]: must be a string"),
    ("plugins.0.name", "S3", "plugins[0].name: must match"),
    ("plugins.0.name", "a", "plugins[0].name: must hold at least 2"),
    ("plugins.0.name", "a" * 64, "plugins[0].name: must hold at most 63"),
    ("plugins.0.jars", ..., "plugins[0].jars: is required"),
    ("flinkConfiguration.parallelism.default", 2, '["parallelism.default"]: must be a string'),
    ("flinkConfiguration", [], "flinkConfiguration: must be an object"),
    ("logConfiguration", ..., "logConfiguration: is required"),
    ("logConfiguration.log4j.properties", None, "must not be null"),
    ("job.args", ..., "job.args: is required"),
    ("job.args", ["--n", 3], "job.args[1]: must be a string"),
    ("job.jarUri", None, "job.jarUri: must not be null"),
    ("job", ..., "job: is required"),
    ("surprise", 1, "surprise: unknown field"),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD_APPLICATION_FIELDS)
def test_bad_application_field_is_400_naming_the_field(api, specs, path, value, expected):
    spec = specs.app()
    if path.startswith("flinkConfiguration.") or path.startswith("logConfiguration."):
        field, key = path.split(".", 1)
        spec[field][key] = value
    else:
        _set(spec, path, value)
    response = api.flink("POST", "/applications", json=spec)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"message"}
    assert expected in body["message"]
    if "name" in spec and isinstance(spec["name"], str):
        assert spec["name"] not in api.names("/applications")


def test_several_errors_are_reported_together(api, specs):
    spec = specs.app(runtime="FLINK_2", jars=None)
    spec["jobManagerResource"]["cpu"] = "2"
    message = api.flink("POST", "/applications", json=spec).json()["message"]
    for field in ("runtime", "jars", "jobManagerResource.cpu"):
        assert field in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "malformed JSON"),
        (b"", "a JSON object is required"),
        (b"[1, 2]", "must be a JSON object"),
        (b'"text"', "must be a JSON object"),
        (b'{"cpu": NaN}', "malformed JSON"),
        (b"\xff\xfe", "UTF-8"),
        (b'{"x":' + b"[" * 500 + b"]" * 500 + b"}", "nested deeper than 32"),
    ],
)
def test_malformed_body_is_400(api, body, expected):
    response = api.flink(
        "POST", "/applications", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert expected in response.json()["message"]


def test_url_spec_ranges_and_types(api, specs):
    app = api.create("/applications", specs.app())
    path = f"/applications/{app['id']}/urls"
    cases = [
        ({"expiresInSeconds": 4, "webSessionDurationInSeconds": 600}, "expiresInSeconds: must"),
        ({"expiresInSeconds": 301, "webSessionDurationInSeconds": 600}, "must be <= 300"),
        ({"expiresInSeconds": 5, "webSessionDurationInSeconds": 599}, "must be >= 600"),
        ({"expiresInSeconds": 5, "webSessionDurationInSeconds": 86401}, "must be <= 86400"),
        ({"expiresInSeconds": "5", "webSessionDurationInSeconds": 600}, "must be an integer"),
        ({"expiresInSeconds": 5.5, "webSessionDurationInSeconds": 600}, "must be an integer"),
        ({"expiresInSeconds": 5}, "webSessionDurationInSeconds: is required"),
        ({"expiresInSeconds": 5, "webSessionDurationInSeconds": 600, "x": 1}, "x: unknown field"),
    ]  # fmt: skip
    for body, expected in cases:
        response = api.flink("POST", path, json=body)
        assert response.status_code == 400, body
        assert expected in response.json()["message"], body


def test_session_and_job_specs_are_validated(api, specs):
    session_with_job = specs.app()  # a session spec has no job
    response = api.flink("POST", "/sessions", json=session_with_job)
    assert response.status_code == 400
    assert "job: unknown field" in response.json()["message"]
    session = api.create("/sessions", specs.session())
    jobs = f"/sessions/{session['id']}/jobs"
    bad_job = specs.job(flinkConfiguration={"a": 1})
    response = api.flink("POST", jobs, json=bad_job)
    assert response.status_code == 400
    assert "flinkConfiguration.a: must be a string" in response.json()["message"]
    assert api.flink("GET", jobs).json()["items"] == []


@pytest.mark.parametrize("bad_id", ["lower", "TOO0LONG0ID0000000001", "A-B", "%20"])
def test_malformed_path_ids_are_400_naming_the_parameter(api, specs, bad_id):
    response = api.flink("GET", f"/applications/{bad_id}")
    assert response.status_code == 400
    assert response.json()["message"].startswith("app:")
    response = api.flink("GET", "/applications", ws=bad_id)
    assert response.status_code == 400
    assert response.json()["message"].startswith("ws:")
    response = api.flink("GET", f"/sessions/S1/jobs/{bad_id}")
    assert response.status_code == 400
    assert response.json()["message"].startswith("job:")


def test_body_over_the_limit_is_413_with_error_body(api, specs):
    spec = specs.app()
    spec["logConfiguration"]["big.properties"] = "x" * (1024 * 1024 + 1)
    response = api.flink("POST", "/applications", json=spec)
    assert response.status_code == 413
    assert "message" in response.json()
    assert spec["name"] not in api.names("/applications")


def test_no_422_ever(api):
    response = api.flink(
        "POST", "/applications", data=json.dumps({"name": 1}), params={"limit": "x"}
    )
    assert response.status_code == 400
