"""Property: a random spec either fails Check before any request, or round-trips.

Round trip: Check -> Create -> Read -> Diff (against the checked inputs and against the inputs
Read rebuilt) shows no change -> Delete, with exactly one POST. Specs are valid ones with, half
of the time, one field replaced by a bad value.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from lakesail_testing.fault_harness import APPS, INSTANT, Env, Timing
from pulumi.runtime.proto import provider_pb2

NO_CHANGE = provider_pb2.DiffResponse.DIFF_NONE

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
key = st.text(st.characters(codec="utf-8", categories=["L", "N", "P"]), min_size=1, max_size=12)
uri = st.sampled_from(
    ["s3://bucket/job.jar", "local:///opt/flink/usrlib/job.jar", "https://repo.example/a-1.0.jar"]
)
memory = st.from_regex(r"\A(?:[0-9]{1,6}|[0-9]{1,4}(?:\.[0-9]{0,2})?[kKmMgGtT])\Z", fullmatch=True)
cpu = st.one_of(st.integers(1, 64), st.floats(0.001, 64.0, allow_nan=False, allow_infinity=False))
resource = st.fixed_dictionaries(
    {}, optional={"cpu": cpu, "memory": memory, "ephemeralStorage": memory}
)
plugin_name = st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,12}[a-z0-9]\Z", fullmatch=True)
plugin = st.fixed_dictionaries(
    {
        "name": plugin_name,
        "jars": st.lists(st.one_of(uri, st.just("/opt/flink/opt/x.jar")), max_size=2),
    }
)
entry_class = st.sampled_from(["org.example.Job", "Main", "a.b.C$Inner", "_x.Y1"])
job = st.fixed_dictionaries(
    {"jarUri": uri},
    optional={"entryClass": entry_class, "args": st.lists(text, max_size=3)},
)
valid_spec = st.fixed_dictionaries(
    {"name": text, "runtime": st.sampled_from(["FLINK_1_17", "FLINK_1_18"]), "job": job},
    optional={
        "jars": st.lists(uri, max_size=3),
        "plugins": st.lists(plugin, max_size=2),
        "flinkConfiguration": st.dictionaries(key, text, max_size=3),
        "logConfiguration": st.dictionaries(key, text, max_size=2),
        "jobManagerResource": resource,
        "taskManagerResource": resource,
    },
)
# One bad value at one place: (top-level field, nested key or None, value).
breakage = st.one_of(
    st.tuples(st.just("name"), st.none(), st.sampled_from(["", "  ", 7, None])),
    st.tuples(st.just("runtime"), st.none(), st.sampled_from(["FLINK_2_0", "flink_1_17", 1.17])),
    st.tuples(st.just("jars"), st.none(), st.sampled_from([["job.jar"], "s3://b/j.jar", [3]])),
    st.tuples(
        st.sampled_from(["jobManagerResource", "taskManagerResource"]),
        st.sampled_from(["cpu", "memory", "ephemeralStorage"]),
        st.sampled_from([0, -1.5, "1", True, "2Gi", "", "-1g", "\uff12g"]),
    ),
    st.tuples(st.just("flinkConfiguration"), key, st.sampled_from([2, True, None, {"a": "b"}])),
    st.tuples(
        st.just("job"),
        st.sampled_from(["jarUri", "entryClass", "args"]),
        st.sampled_from([1, "no scheme.jar", "1Bad", "x"]),
    ),
    st.tuples(st.just("plugins"), st.none(), st.sampled_from([[{"name": "X", "jars": []}], {}])),
    st.tuples(st.just("workspace"), st.none(), st.sampled_from(["default", "W" * 21, "A-B"])),
)


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = draw(valid_spec)
    broken = draw(st.one_of(st.none(), breakage))
    if broken is not None:
        field, nested, value = broken
        if nested is None:
            spec[field] = value
        else:
            container = spec.get(field)
            spec[field] = {**(container if isinstance(container, dict) else {}), nested: value}
    return spec


@pytest.fixture(scope="module")
def env(env_for: Callable[[Timing], Env]) -> Env:
    return env_for(INSTANT)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(spec=specs())
def test_random_spec_is_rejected_before_any_request_or_round_trips_without_a_diff(
    env: Env, spec: dict[str, Any]
) -> None:
    if isinstance(spec.get("name"), str) and spec["name"].strip():
        spec["name"] = f"prop-{uuid.uuid4().hex[:8]}-{spec['name']}"  # names are unique
    plugin, emulator = env.plugin, env.emulator
    emulator.reset_stats()
    checked, failures = plugin.check(spec)
    note(f"failures: {failures}")
    event("rejected by check" if failures else "created and round-tripped")
    if failures:
        assert all(path and reason for path, reason in failures)
        assert emulator.stats()["total"] == 0
        return
    resource_id, outputs = plugin.create(checked)
    try:
        read_id, properties, rebuilt = plugin.read(resource_id, outputs, checked)
        assert read_id == resource_id and properties["state"] == "RUNNING"
        assert plugin.diff(resource_id, properties, checked).changes == NO_CHANGE
        assert plugin.diff(resource_id, properties, rebuilt).changes == NO_CHANGE
        assert plugin.check(rebuilt) == (rebuilt, [])
    finally:
        plugin.delete(resource_id, outputs)
    assert emulator.count("POST", APPS) == 1
    assert env.applications("prop-") == []
