"""The bindings and declarations of FlinkSession and FlinkSessionJob, and the conversions the
core derives from them, without any process."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

from pulumi_lakesail.client import models as api
from pulumi_lakesail.client.client import LakeSailClient
from pulumi_lakesail.core.convert import Conversions
from pulumi_lakesail.core.diff import diff
from pulumi_lakesail.core.resource_id import InvalidResourceIdError, Scope, split_id
from pulumi_lakesail.core.validate import check, check_args
from pulumi_lakesail.resources import flink_application, flink_session, flink_session_job
from pulumi_lakesail.resources.binding import Binding
from pulumi_lakesail.resources.package import BINDINGS, LOOKUPS, schema_json
from pulumi_lakesail.resources.values import UNKNOWN

pytestmark = pytest.mark.unit

JOB = flink_session_job.BINDING
SESSION = flink_session.BINDING


def _operations(binding: Binding) -> list[tuple[str, int]]:
    """The client methods a binding names, with the IDs each takes before the object's own."""
    scope = 2 if binding.parent else 1
    names = [
        (f"create_{binding.operations}", scope + 1),
        (f"describe_{binding.operations}", scope + 1),
        (f"list_{binding.operations}s", scope),
        (f"delete_{binding.operations}", scope + 1),
    ]
    if binding.savepoints:
        names += [
            (f"create_{binding.operations}_savepoint", scope + 1),
            (f"list_{binding.operations}_savepoints", scope + 1),
        ]
    if binding.web_ui:
        names.append((f"create_{binding.operations}_url", scope + 2))
    return names


@pytest.mark.parametrize("binding", BINDINGS, ids=lambda b: b.what)
def test_every_operation_a_binding_names_is_a_client_method(binding: Binding) -> None:
    for name, positional in _operations(binding):
        method = getattr(LakeSailClient, name)
        required = [
            p
            for p in inspect.signature(method).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD
        ]
        assert len(required) == positional + 1, name  # + self


@pytest.mark.parametrize("binding", BINDINGS, ids=lambda b: b.what)
def test_spec_fields_are_the_request_models_fields(binding: Binding) -> None:
    model = getattr(api, binding.spec_model)
    assert set(binding.spec_fields) == {f.alias for f in model.model_fields.values()}


def test_state_enums_and_secret_urls_in_the_schema() -> None:
    schema = json.loads(schema_json())
    types = schema["types"]
    states = {t: [e["value"] for e in types[t]["enum"]] for t in types if t.endswith("State")}
    assert "SUSPENDED" in states["lakesail:index:FlinkSessionJobState"]
    assert "SUSPENDED" not in states["lakesail:index:FlinkSessionState"]
    for token in ("getFlinkApplicationUrl", "getFlinkSessionUrl"):
        outputs = schema["functions"][f"lakesail:index:{token}"]["outputs"]["properties"]
        assert outputs["url"]["secret"] is True and outputs["expiresAt"]["secret"] is True
    job = schema["resources"]["lakesail:index:FlinkSessionJob"]
    assert job["requiredInputs"] == ["session", "name"]
    assert {"sessionId", "jobId", "restoredFrom", "lastSavepoint"} <= set(job["properties"])
    assert sorted(lookup.token.split(":")[-1] for lookup in LOOKUPS) == sorted(
        [
            "getFlinkApplication",
            "listFlinkApplications",
            "listFlinkApplicationSavepoints",
            "getFlinkApplicationUrl",
            "getFlinkSession",
            "listFlinkSessions",
            "getFlinkSessionUrl",
            "getFlinkSessionJob",
            "listFlinkSessionJobs",
            "listFlinkSessionJobSavepoints",
        ]
    )


def test_resource_ids_of_each_form() -> None:
    assert split_id("WS/shared/word/count", JOB) == ("WS", "shared", "word/count")
    assert split_id("WS/shared", SESSION) == ("WS", "shared")
    assert split_id("WS/APP1", flink_application.BINDING) == ("WS", "APP1")
    for text in ("WS/shared", "ws/a/b", "WS//b", "WS/a/"):
        with pytest.raises(InvalidResourceIdError, match="<workspace>/<sessionId>/<jobId>"):
            split_id(text, JOB)
    assert JOB.id_form() == "<workspace>/<session>/<name>"
    assert SESSION.import_form() == "<workspace>/<sessionId>"


def _described_job(inputs: dict[str, Any], restore: str = "") -> api.FlinkSessionJob:
    config = dict(inputs["flinkConfiguration"])
    if restore:
        config["execution.savepoint.path"] = restore
    return api.FlinkSessionJob.model_validate(
        {
            "id": "J1",
            "name": inputs["name"],
            "flinkConfiguration": config,
            "job": {**inputs["job"], "id": "f" * 32, "name": "flink-name"},
            "state": "RUNNING",
            "createdAt": "2026-01-01T00:00:00.000Z",
            "updatedAt": "2026-01-01T00:00:01.000Z",
        }
    )


def test_a_session_job_round_trips_through_the_api_without_a_diff() -> None:
    checked = check(
        {"session": "shared", "name": "wordcount", "job": {"entryClass": "a.B"}},
        "WS",
        resource=JOB.resource,
    )
    assert checked.failures == []
    inputs = checked.inputs
    convert = Conversions(JOB)
    spec = convert.to_spec(inputs, "file:///sp/1")
    assert isinstance(spec, api.FlinkSessionJobSpec)
    assert spec.flink_configuration == {"execution.savepoint.path": "file:///sp/1"}
    assert convert.resource_id(inputs) == "WS/shared/wordcount"

    scope = Scope("WS", "shared", "S1")
    obj = _described_job(inputs, restore="file:///sp/1")
    rebuilt = convert.inputs_from(scope, obj, inputs)
    assert rebuilt == inputs
    assert not diff(rebuilt, inputs, resource=JOB.resource).has_changes
    outputs = convert.outputs_from(scope, obj, inputs)
    assert (outputs["sessionId"], outputs["jobId"], outputs["restoredFrom"]) == (
        "S1",
        "J1",
        "file:///sp/1",
    )
    assert outputs["job"]["id"] == "f" * 32 and "execution.savepoint.path" not in str(rebuilt)


def test_previews_leave_what_the_api_computes_unknown() -> None:
    inputs = check(
        {"session": "s", "name": "n", "job": {"jarUri": "local:///j.jar"}}, "WS", JOB.resource
    ).inputs
    preview = Conversions(JOB).preview_outputs(inputs)
    for key in ("sessionId", "jobId", "state", "createdAt", "restoredFrom", "lastSavepoint"):
        assert preview[key] is UNKNOWN
    assert preview["job"]["id"] is UNKNOWN and preview["job"]["jarUri"] == "local:///j.jar"
    session = check({"name": "s", "runtime": "FLINK_1_18"}, "WS", SESSION.resource).inputs
    assert set(Conversions(SESSION).preview_outputs(session)) - set(session) == {
        "sessionId",
        "state",
        "createdAt",
        "updatedAt",
    }


def test_a_change_of_session_replaces_a_job_and_a_spec_change_redeploys_it() -> None:
    olds = check({"session": "a", "name": "n", "job": {}}, "WS", JOB.resource).inputs
    moved = diff(olds, {**olds, "session": "b"}, resource=JOB.resource)
    assert moved.replaces == ["session"] and moved.delete_before_replace
    changed = diff(olds, {**olds, "flinkConfiguration": {"x": "1"}}, resource=JOB.resource)
    assert changed.has_changes and changed.replaces == []


def test_url_arguments_default_and_are_bounded() -> None:
    url = flink_session.URL.function
    ok = check_args(url, {"name": "s"}, "WS")
    assert ok.failures == []
    assert (ok.inputs["expiresInSeconds"], ok.inputs["webSessionDurationInSeconds"]) == (60, 3600)
    bad = check_args(
        url, {"name": "s", "expiresInSeconds": 301, "webSessionDurationInSeconds": "x"}, "WS"
    )
    assert sorted(f.path for f in bad.failures) == [
        "expiresInSeconds",
        "webSessionDurationInSeconds",
    ]
    missing = check_args(flink_session_job.GET.function, {"session": "s"}, "WS")
    assert [f.path for f in missing.failures] == ["jobId"]
