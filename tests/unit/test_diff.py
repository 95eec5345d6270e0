"""Diff: replace semantics, property paths, and no perpetual diffs."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_lakesail.core.diff import diff
from pulumi_lakesail.core.validate import check
from pulumi_lakesail.resources.values import UNKNOWN


def inputs(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "name": "wordcount",
        "runtime": "FLINK_1_17",
        "flinkConfiguration": {"a": "1", "b": "2"},
        "jobManagerResource": {"cpu": 1.0, "memory": "1024m"},
        "job": {"jarUri": "local:///opt/job.jar", "args": ["--x"]},
    }
    raw.update(overrides)
    return check(raw, "DEFAULT").inputs


def paths(olds: dict[str, Any], news: dict[str, Any]) -> dict[str, str]:
    return {c.path: c.kind for c in diff(olds, news).changes}


def test_identical_inputs_have_no_changes() -> None:
    assert not diff(inputs(), inputs()).has_changes


def test_values_that_mean_the_same_are_not_changes() -> None:
    olds = inputs()
    news = inputs(
        flinkConfiguration={"b": "2", "a": "1"},
        jobManagerResource={"cpu": 1, "memory": "1g"},
    )
    assert not diff(olds, news).has_changes


def test_outputs_as_olds_compare_only_spec_fields_of_job() -> None:
    olds = inputs()
    olds["job"] = {**olds["job"], "id": "a" * 32, "name": "wordcount"}
    olds.update(applicationId="APP1", state="RUNNING", createdAt="x", updatedAt="y")
    assert not diff(olds, inputs()).has_changes


def test_each_change_is_reported_per_field_and_replaces() -> None:
    olds = inputs()
    news = inputs(
        runtime="FLINK_1_18",
        flinkConfiguration={"a": "1", "c": "3"},
        jobManagerResource={"cpu": 2.0, "memory": "1024m"},
        job={"jarUri": "local:///opt/job.jar", "args": ["--y"]},
    )
    result = diff(olds, news)
    assert {c.path: c.kind for c in result.changes} == {
        "runtime": "update",
        "flinkConfiguration.b": "delete",
        "flinkConfiguration.c": "add",
        "jobManagerResource.cpu": "update",
        "job.args": "update",
    }
    assert result.tops == ["runtime", "flinkConfiguration", "jobManagerResource", "job"]
    assert result.replaces == [], "a spec change redeploys; only name and workspace replace"


def test_map_keys_with_dots_use_bracket_paths() -> None:
    changes = paths(inputs(), inputs(flinkConfiguration={"a": "1", "b": "2", "x.y": "z"}))
    assert changes == {'flinkConfiguration["x.y"]': "add"}


def test_same_name_deletes_before_replacing() -> None:
    assert diff(inputs(), inputs(runtime="FLINK_1_18")).delete_before_replace


def test_new_name_creates_before_deleting() -> None:
    result = diff(inputs(), inputs(name="other"))
    assert result.has_changes and not result.delete_before_replace


def test_unknown_new_values_are_changes_and_may_keep_the_name() -> None:
    result = diff(inputs(), inputs(name=UNKNOWN))
    assert result.has_changes and result.delete_before_replace


@pytest.mark.parametrize("state", ["FAILED", "DELETING"])
def test_failed_or_deleting_application_is_replaced_without_input_changes(state: str) -> None:
    result = diff(inputs(), inputs(), old_state=state)
    assert result.has_changes and result.replaced_because_of_state
    assert result.delete_before_replace


def test_running_application_without_changes_is_left_alone() -> None:
    assert not diff(inputs(), inputs(), old_state="RUNNING").has_changes


def test_an_application_left_pending_changes_state_and_says_why() -> None:
    result = diff(inputs(), inputs(), old_state="PENDING")
    assert [c.path for c in result.changes] == ["state"] and not result.replaces
    assert not result.replaced_because_of_state
    assert "recorded as PENDING" in result.reason
    assert "`pulumi up` waits for it to be RUNNING" in result.reason


def test_a_state_reason_is_given_only_when_no_input_changed() -> None:
    assert diff(inputs(), inputs(runtime="FLINK_1_18"), old_state="PENDING").reason == ""


def test_a_resource_left_without_a_deployment_is_deployed_again() -> None:
    # A redeploy that deleted the old object and could not create the new one records it
    # SUSPENDED with its savepoint; `suspended` was never set, so the next up deploys it.
    result = diff(inputs(), inputs(), old_state="SUSPENDED")
    assert [c.path for c in result.changes] == ["state"] and not result.replaces
    assert "lastSavepoint" in result.reason


def test_a_suspended_resource_that_stays_suspended_has_no_changes() -> None:
    result = diff(inputs(suspended=True), inputs(suspended=True), old_state="SUSPENDED")
    assert not result.has_changes and result.reason == ""
