"""Check: validation with property paths, defaults, unknowns."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_lakesail.core.validate import check
from pulumi_lakesail.resources.values import UNKNOWN


def valid(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "name": "wordcount",
        "runtime": "FLINK_1_17",
        "job": {"jarUri": "local:///opt/flink/examples/streaming/WordCount.jar"},
    }
    raw.update(overrides)
    return raw


def failures(raw: dict[str, Any], workspace: str | None = "DEFAULT") -> dict[str, str]:
    return {f.path: f.reason for f in check(raw, workspace).failures}


def test_minimal_inputs_get_defaults_and_the_provider_workspace() -> None:
    result = check(valid(), "DEFAULT")
    assert result.failures == []
    assert result.inputs == {
        "workspace": "DEFAULT",
        "name": "wordcount",
        "runtime": "FLINK_1_17",
        "jars": [],
        "plugins": [],
        "flinkConfiguration": {},
        "logConfiguration": {},
        "jobManagerResource": {},
        "taskManagerResource": {},
        "job": {"jarUri": "local:///opt/flink/examples/streaming/WordCount.jar", "args": []},
        "upgradeMode": "stateless",
        "suspended": False,
    }


def test_explicit_workspace_wins_over_provider_default() -> None:
    assert check(valid(workspace="TEAM1"), "DEFAULT").inputs["workspace"] == "TEAM1"


def test_missing_workspace_names_every_way_to_set_it() -> None:
    reason = failures(valid(), workspace=None)["workspace"]
    assert "lakesail:workspace" in reason and "LAKESAIL_WORKSPACE" in reason


@pytest.mark.parametrize(
    ("overrides", "path", "fragment"),
    [
        ({"name": None}, "name", "required"),
        ({"name": ""}, "name", "empty"),
        ({"name": 3.0}, "name", "string"),
        ({"runtime": "FLINK_2_0"}, "runtime", "FLINK_1_17"),
        ({"workspace": "lower"}, "workspace", "upper-case"),
        ({"jars": ["not a uri"]}, "jars[0]", "scheme"),
        ({"jars": "s3://b/x.jar"}, "jars", "list"),
        ({"jobManagerResource": {"cpu": 0.0}}, "jobManagerResource.cpu", "positive"),
        ({"jobManagerResource": {"cpu": -1.0}}, "jobManagerResource.cpu", "positive"),
        ({"jobManagerResource": {"cpu": "1"}}, "jobManagerResource.cpu", "number"),
        ({"jobManagerResource": {"cpu": True}}, "jobManagerResource.cpu", "number"),
        ({"taskManagerResource": {"memory": "2Gi"}}, "taskManagerResource.memory", "Gi"),
        (
            {"taskManagerResource": {"ephemeralStorage": "lots"}},
            "taskManagerResource.ephemeralStorage",
            "suffix",
        ),
        ({"taskManagerResource": {"gpu": 1.0}}, "taskManagerResource.gpu", "unknown property"),
        (
            {"flinkConfiguration": {"taskmanager.numberOfTaskSlots": 2.0}},
            'flinkConfiguration["taskmanager.numberOfTaskSlots"]',
            "quote",
        ),
        ({"logConfiguration": ["x"]}, "logConfiguration", "map"),
        ({"plugins": [{"name": "S3", "jars": []}]}, "plugins[0].name", "lower-case"),
        ({"plugins": [{"jars": []}]}, "plugins[0].name", "required"),
        (
            {"plugins": [{"name": "s3-fs", "jars": ["relative.jar"]}]},
            "plugins[0].jars[0]",
            "absolute path",
        ),
        (
            {"job": {"entryClass": "not a class!"}, "jars": ["s3://b/j.jar"]},
            "job.entryClass",
            "Java class",
        ),
        ({"job": {"args": "--x"}, "jars": ["s3://b/j.jar"]}, "job.args", "list"),
        ({"job": {"args": []}}, "job.jarUri", "program"),
        ({"job": {"jarUri": "WordCount.jar"}}, "job.jarUri", "scheme"),
        ({"extra": 1.0}, "extra", "unknown property"),
    ],
)
def test_each_invalid_input_names_its_path_and_rule(
    overrides: dict[str, Any], path: str, fragment: str
) -> None:
    found = failures(valid(**overrides))
    assert path in found, found
    assert fragment in found[path]


def test_jars_alone_are_a_program() -> None:
    assert failures(valid(job=None, jars=["s3://bucket/job.jar"])) == {}


def test_plugin_jars_may_be_absolute_paths() -> None:
    plugin = {"name": "flink-s3-hadoop", "jars": ["/opt/flink/opt/flink-s3-fs-hadoop-1.17.1.jar"]}
    assert failures(valid(plugins=[plugin])) == {}


def test_unknown_values_are_accepted_during_preview() -> None:
    raw = valid(name=UNKNOWN, jars=UNKNOWN, flinkConfiguration={"a": UNKNOWN}, job=UNKNOWN)
    result = check(raw, "DEFAULT")
    assert result.failures == []
    assert result.inputs["name"] is UNKNOWN
