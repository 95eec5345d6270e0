"""The pydantic models mirror openapi.yaml: names, aliases, required fields, constraints."""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from pulumi_lakesail.client import models as api

pytestmark = pytest.mark.unit

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "lakesail-api" / "openapi.yaml"

TS = "2024-01-01T00:00:00.000Z"

# The documented CreateFlinkApplication example (openapi.yaml), verbatim.
DOCUMENTED_SPEC: dict[str, Any] = {
    "name": "Example Flink Application",
    "runtime": "FLINK_1_17",
    "jars": ["s3://bucket/flink-job.jar"],
    "plugins": [
        {"name": "flink-s3-hadoop", "jars": ["/opt/flink/opt/flink-s3-fs-hadoop-1.17.1.jar"]}
    ],
    "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
    "logConfiguration": {"log4j-console.properties": "rootLogger.level = INFO\n"},
    "jobManagerResource": {"cpu": 0.5, "memory": "1024m", "ephemeralStorage": "256m"},
    "taskManagerResource": {"cpu": 0.5, "memory": "1024m", "ephemeralStorage": "256m"},
    "job": {
        "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
        "entryClass": "com.example.flink.Job",
        "args": [],
    },
}

APPLICATION: dict[str, Any] = {
    **{k: v for k, v in DOCUMENTED_SPEC.items() if k != "job"},
    "id": "APP1",
    "job": {
        "id": "a" * 32,
        "name": "WordCount",
        "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
        "args": ["--x", "1"],
    },
    "state": "RUNNING",
    "createdAt": "2024-05-06T07:08:09.123Z",
    "updatedAt": "2024-05-06T07:08:10.456Z",
}


def wire(model: BaseModel) -> dict[str, Any]:
    """What the client sends: the contract's names, no nulls."""
    return model.model_dump(by_alias=True, exclude_none=True, mode="json")


# ---------------------------------------------------------------- aliases and round trips


def test_documented_example_round_trips_byte_for_byte() -> None:
    spec = api.FlinkApplicationSpec.model_validate(DOCUMENTED_SPEC)
    assert wire(spec) == DOCUMENTED_SPEC


def test_python_names_and_wire_names_both_construct_the_same_spec() -> None:
    by_alias = api.FlinkApplicationSpec.model_validate(DOCUMENTED_SPEC)
    by_name = api.FlinkApplicationSpec(
        name="Example Flink Application",
        runtime=api.FlinkRuntime.FLINK_1_17,
        jars=["s3://bucket/flink-job.jar"],
        plugins=[
            api.FlinkPlugin(
                name="flink-s3-hadoop", jars=["/opt/flink/opt/flink-s3-fs-hadoop-1.17.1.jar"]
            )
        ],
        flink_configuration={"taskmanager.numberOfTaskSlots": "2"},
        log_configuration={"log4j-console.properties": "rootLogger.level = INFO\n"},
        job_manager_resource=api.ContainerResource(
            cpu=0.5, memory="1024m", ephemeral_storage="256m"
        ),
        task_manager_resource=api.ContainerResource(
            cpu=0.5, memory="1024m", ephemeral_storage="256m"
        ),
        job=api.FlinkJobSpec(
            jar_uri="local:///opt/flink/examples/streaming/WordCount.jar",
            entry_class="com.example.flink.Job",
            args=[],
        ),
    )
    assert by_name == by_alias


def test_application_response_round_trips_with_timestamps_untouched() -> None:
    app = api.FlinkApplication.model_validate(APPLICATION)
    assert app.created_at == "2024-05-06T07:08:09.123Z"
    assert app.state is api.FlinkApplicationState.RUNNING
    assert wire(app) == APPLICATION


def test_optional_job_fields_are_omitted_not_sent_as_null() -> None:
    assert wire(api.FlinkJobSpec(args=[])) == {"args": []}
    assert wire(api.ContainerResource()) == {}


def test_session_job_documented_example_without_jar_uri_is_valid() -> None:
    body = {
        "name": "Example Flink Session Job",
        "flinkConfiguration": {},
        "job": {"entryClass": "com.example.flink.Job", "args": []},
    }
    assert wire(api.FlinkSessionJobSpec.model_validate(body)) == body


# ---------------------------------------------------------------- strict requests


@pytest.mark.parametrize(
    "path",
    [(), ("job",), ("jobManagerResource",), ("plugins", 0)],
    ids=["top", "job", "resource", "plugin"],
)
def test_request_models_reject_unknown_fields_at_every_depth(path: tuple[Any, ...]) -> None:
    body = copy.deepcopy(DOCUMENTED_SPEC)
    target: Any = body
    for key in path:
        target = target[key]
    target["typo"] = "x"
    with pytest.raises(ValidationError) as info:
        api.FlinkApplicationSpec.model_validate(body)
    assert info.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize("field", sorted(api.FlinkApplicationSpec.model_fields))
def test_every_application_spec_field_is_required(field: str) -> None:
    alias = api.FlinkApplicationSpec.model_fields[field].alias or field
    body = {k: v for k, v in DOCUMENTED_SPEC.items() if k != alias}
    with pytest.raises(ValidationError, match="Field required"):
        api.FlinkApplicationSpec.model_validate(body)


def test_session_spec_is_the_application_spec_without_job() -> None:
    assert set(api.FlinkSessionSpec.model_fields) == set(api.FlinkApplicationSpec.model_fields) - {
        "job"
    }
    body = {k: v for k, v in DOCUMENTED_SPEC.items() if k != "job"}
    assert wire(api.FlinkSessionSpec.model_validate(body)) == body
    with pytest.raises(ValidationError):
        api.FlinkSessionSpec.model_validate(DOCUMENTED_SPEC)  # job is unknown there


def test_job_args_are_required_even_when_empty() -> None:
    with pytest.raises(ValidationError, match="args"):
        api.FlinkJobSpec.model_validate({"jarUri": "local:///x.jar"})


def test_configuration_values_must_be_strings() -> None:
    body = {**DOCUMENTED_SPEC, "flinkConfiguration": {"taskmanager.numberOfTaskSlots": 2}}
    with pytest.raises(ValidationError):
        api.FlinkApplicationSpec.model_validate(body)


def test_runtime_is_an_enum_of_the_contract() -> None:
    assert [r.value for r in api.FlinkRuntime] == ["FLINK_1_17", "FLINK_1_18"]
    with pytest.raises(ValidationError):
        api.FlinkApplicationSpec.model_validate({**DOCUMENTED_SPEC, "runtime": "FLINK_1_16"})


@pytest.mark.parametrize("cpu", [float("inf"), float("nan")])
def test_cpu_must_be_finite_because_json_has_no_infinity(cpu: float) -> None:
    with pytest.raises(ValidationError):
        api.ContainerResource(cpu=cpu)


# ---------------------------------------------------------------- patterns and bounds


@pytest.mark.parametrize(
    "value", ["1024", "1024m", "1024M", "1g", "1.5g", ".5G", "1.k", "1 g", "2  T", "0"]
)
def test_memory_pattern_accepts_flink_sizes(value: str) -> None:
    assert api.ContainerResource(memory=value, ephemeral_storage=value).memory == value


@pytest.mark.parametrize("value", ["2Gi", "512Mi", "1.5", "", "1gb", "-1g", "1e3", "g", " 1g"])
def test_memory_pattern_rejects_kubernetes_and_malformed_sizes(value: str) -> None:
    with pytest.raises(ValidationError):
        api.ContainerResource(memory=value)
    with pytest.raises(ValidationError):
        api.ContainerResource(ephemeral_storage=value)


@given(st.from_regex(api.MEMORY_PATTERN, fullmatch=True))
def test_memory_field_accepts_exactly_the_contract_pattern(value: str) -> None:
    assert api.ContainerResource(memory=value).memory == value


@pytest.mark.parametrize("value", ["A", "DEFAULT", "0123456789ABCDEFGHIJ"])
def test_resource_id_accepts_upper_case_letters_and_digits(value: str) -> None:
    summary = {"id": value, "name": "n", "state": "PENDING", "createdAt": TS, "updatedAt": TS}
    assert api.FlinkApplicationSummary.model_validate(summary).id == value


@pytest.mark.parametrize("value", ["", "default", "A-1", "0123456789ABCDEFGHIJK", "É"])
def test_resource_id_rejects_other_shapes(value: str) -> None:
    summary = {"id": value, "name": "n", "state": "PENDING", "createdAt": TS, "updatedAt": TS}
    with pytest.raises(ValidationError):
        api.FlinkApplicationSummary.model_validate(summary)


@pytest.mark.parametrize("name", ["ab", "flink-s3-hadoop", "a.b_c", "0" * 63])
def test_plugin_name_pattern_accepts_dns_like_names(name: str) -> None:
    assert api.FlinkPlugin(name=name, jars=[]).name == name


@pytest.mark.parametrize("name", ["a", "-ab", "ab-", "Flink", "a b", "0" * 64])
def test_plugin_name_pattern_rejects_others(name: str) -> None:
    with pytest.raises(ValidationError):
        api.FlinkPlugin(name=name, jars=[])


def test_name_must_not_be_empty() -> None:
    with pytest.raises(ValidationError):
        api.FlinkApplicationSpec.model_validate({**DOCUMENTED_SPEC, "name": ""})


@pytest.mark.parametrize(
    ("expires", "session", "ok"),
    [(5, 600, True), (300, 86400, True), (4, 600, False), (301, 600, False), (5, 599, False)]
    + [(5, 86401, False)],
)
def test_url_spec_bounds(expires: int, session: int, ok: bool) -> None:
    body = {"expiresInSeconds": expires, "webSessionDurationInSeconds": session}
    if ok:
        assert wire(api.FlinkUrlSpec.model_validate(body)) == body
    else:
        with pytest.raises(ValidationError):
            api.FlinkUrlSpec.model_validate(body)


def test_savepoint_list_holds_at_most_one_pending_savepoint() -> None:
    one = {"triggerType": "MANUAL", "triggerNonce": "n1", "triggeredAt": TS}
    ok = api.FlinkSavepointList.model_validate({"pending": [one], "completed": [one, one]})
    assert ok.pending[0].trigger_type is api.FlinkSavepointTriggerType.MANUAL
    with pytest.raises(ValidationError):
        api.FlinkSavepointList.model_validate({"pending": [one, one], "completed": []})


def test_username_pattern() -> None:
    account = {"id": "SA1", "description": "", "createdAt": TS, "updatedAt": TS}
    assert api.ServiceAccount.model_validate({**account, "username": "svc.ci-1"}).username
    with pytest.raises(ValidationError):
        api.ServiceAccount.model_validate({**account, "username": "a"})
    with pytest.raises(ValidationError):
        api.ServiceAccount.model_validate({**account, "username": "has space"})


# ---------------------------------------------------------------- tolerant responses


def test_responses_ignore_unknown_fields_at_every_depth() -> None:
    body = copy.deepcopy(APPLICATION)
    body["failureReason"] = "new in a later API version"
    body["job"]["state"] = "RUNNING"
    body["jobManagerResource"]["gpu"] = 1
    body["plugins"][0]["version"] = "2"
    app = api.FlinkApplication.model_validate(body)
    assert wire(app) == APPLICATION


def test_responses_still_enforce_required_fields() -> None:
    body = {k: v for k, v in APPLICATION.items() if k != "state"}
    with pytest.raises(ValidationError, match="state"):
        api.FlinkApplication.model_validate(body)


def test_list_marker_is_optional_and_absent_means_last_page() -> None:
    page = api.FlinkApplicationList.model_validate({"items": []})
    assert page.marker is None
    summary = {"id": "A1", "name": "n", "state": "FAILED", "createdAt": TS, "updatedAt": TS}
    page = api.FlinkApplicationList.model_validate({"items": [summary], "marker": "M"})
    assert page.items[0].state is api.FlinkApplicationState.FAILED
    assert page.marker == "M"


def test_workspace_list_matches_the_pagination_guide_example() -> None:
    workspace = {
        "id": "WS1",
        "name": "first",
        "kubeClusterId": "CL1",
        "kubeNamespace": "ns1",
        "kubeServiceAccount": "lakesail",
        "createdAt": TS,
        "updatedAt": TS,
    }
    page = api.WorkspaceList.model_validate({"items": [workspace], "marker": "MARKER"})
    assert wire(page) == {"items": [workspace], "marker": "MARKER"}


@pytest.mark.parametrize("member", ["root", "user", "serviceAccount"])
def test_current_identity_has_one_member_per_credential_type(member: str) -> None:
    values: dict[str, Any] = {
        "root": {},
        "user": {
            "id": "U1",
            "username": "jane",
            "email": "jane@example.com",
            "firstName": "Jane",
            "lastName": "Doe",
            "displayName": "Jane Doe",
            "createdAt": TS,
            "updatedAt": TS,
        },
        "serviceAccount": {
            "id": "SA1",
            "username": "ci",
            "description": "CI",
            "createdAt": TS,
            "updatedAt": TS,
        },
    }
    identity = api.CurrentIdentity.model_validate({member: values[member]})
    assert wire(identity) == {member: values[member]}


def test_error_body() -> None:
    assert api.ErrorBody.model_validate({"message": "nope", "code": 7}).message == "nope"


# ---------------------------------------------------------------- hypothesis round trip

names = st.text(min_size=1, max_size=30)
strings = st.text(max_size=20)
memory = st.from_regex(api.MEMORY_PATTERN, fullmatch=True)
plugin_names = st.from_regex(r"^[a-z0-9][a-z0-9._-]{0,20}[a-z0-9]$", fullmatch=True)
# Wire-shaped dictionaries (st.builds would infer pydantic's alias-named parameters itself).
resources = st.fixed_dictionaries(
    {},
    optional={
        "cpu": st.floats(min_value=0.001, max_value=64, allow_nan=False),
        "memory": memory,
        "ephemeralStorage": memory,
    },
)
specs = st.fixed_dictionaries(
    {
        "name": names,
        "runtime": st.sampled_from([r.value for r in api.FlinkRuntime]),
        "jars": st.lists(strings, max_size=3),
        "plugins": st.lists(
            st.fixed_dictionaries({"name": plugin_names, "jars": st.lists(strings, max_size=2)}),
            max_size=2,
        ),
        "flinkConfiguration": st.dictionaries(strings, strings, max_size=3),
        "logConfiguration": st.dictionaries(strings, strings, max_size=2),
        "jobManagerResource": resources,
        "taskManagerResource": resources,
        "job": st.fixed_dictionaries(
            {"args": st.lists(strings, max_size=3)},
            optional={"jarUri": strings, "entryClass": strings},
        ),
    }
)


@given(specs)
def test_any_valid_spec_survives_the_wire_round_trip(body: dict[str, Any]) -> None:
    spec = api.FlinkApplicationSpec.model_validate(body)
    assert wire(spec) == body
    assert api.FlinkApplicationSpec.model_validate(wire(spec)) == spec


# ---------------------------------------------------------------- docs and contract names

ALL_MODELS = [
    getattr(api, name)
    for name in api.__all__
    if isinstance(getattr(api, name), type) and issubclass(getattr(api, name), BaseModel)
]


def documented_fields() -> dict[str, set[str]]:
    """Each class of client/models.py: the fields it declares with a docstring under them."""
    tree = ast.parse(Path(api.__file__).read_text())
    documented: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            body = node.body
            documented[node.name] = {
                statement.target.id
                for statement, after in zip(body, body[1:], strict=False)
                if isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            }
    return documented


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_docstring_and_a_camel_case_alias(model: type[BaseModel]) -> None:
    assert model.__doc__
    documented = set().union(*(documented_fields().get(k.__name__, set()) for k in model.__mro__))
    for name, field in model.model_fields.items():
        assert name in documented, f"{model.__name__}.{name} has no docstring"
        assert field.alias and re.fullmatch(r"[a-z][A-Za-z]*", field.alias)


def test_model_names_are_the_contract_schema_names() -> None:
    text = CONTRACT.read_text().split("\n  schemas:\n", 1)[1]
    schemas = set(re.findall(r"^    ([A-Z][A-Za-z]+):\n", text, flags=re.MULTILINE))
    ours = {m.__name__ for m in ALL_MODELS if m is not api.Page} - {"ErrorBody"}
    assert ours <= schemas
    expected = {
        s
        for s in schemas
        if s
        not in {
            "Error",  # ErrorBody, so that it reads as a body, not as an exception
            "Timestamp",
            "ResourceId",
            "ResourceName",
            "Username",
            "FlinkConfiguration",
            "FlinkLogConfiguration",
        }
    }
    enums = {"FlinkRuntime", "FlinkApplicationState", "FlinkSessionState"}
    enums |= {"FlinkSessionJobState", "FlinkSavepointTriggerType"}
    assert expected - enums == ours
    assert all(hasattr(api, e) for e in enums)
