"""The bad-input corpus through the real plugin's Check: a failure naming the property path
(and, for sessions and session jobs, the rule), and not one request to the API. Unknown values
(previews) are accepted and stay unknown.

One plugin process serves the whole corpus (the session's ``FAST`` environment).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
from lakesail_testing.bad_input_corpus import BASE, CASES, UNKNOWNS, BadInput, Unknown, value_at
from lakesail_testing.fault_harness import FAST, Env, Timing
from lakesail_testing.kind_bad_input_corpus import BASES, RESOURCES, KindBadInput, KindUnknown
from lakesail_testing.kind_bad_input_corpus import CASES as KIND_CASES
from lakesail_testing.kind_bad_input_corpus import UNKNOWNS as KIND_UNKNOWNS
from lakesail_testing.plugin import UNKNOWN, failure_path, from_struct, to_struct, urn
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

MAX_REASON = 1000
"""A failure's reason quotes the bad value; a huge value must not be echoed whole."""


@pytest.fixture(scope="module")
def env(env_for: Callable[[Timing], Env]) -> Env:
    return env_for(FAST)


@pytest.fixture(scope="module")
def check(env: Env) -> Iterator[Callable[[dict[str, Any]], list[tuple[str, str]]]]:
    """Check over a channel that, like the engine's, takes large messages; the failures only
    (the harness's JSON decoding of inputs cannot hold an infinite cpu)."""
    channel = grpc.insecure_channel(
        f"127.0.0.1:{env.plugin.port}", options=[("grpc.max_receive_message_length", 64 << 20)]
    )
    stub = provider_pb2_grpc.ResourceProviderStub(channel)

    def run(spec: dict[str, Any]) -> list[tuple[str, str]]:
        request = provider_pb2.CheckRequest(urn=urn(), olds=to_struct({}), news=to_struct(spec))
        return [(failure_path(f), f.reason) for f in stub.Check(request).failures]

    yield run
    channel.close()


def test_base_spec_passes_check(env: Env) -> None:
    assert env.plugin.check(BASE)[1] == []


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_fails_check_with_its_path_and_no_request(
    env: Env, check: Callable[[dict[str, Any]], list[tuple[str, str]]], case: BadInput
) -> None:
    env.emulator.reset_stats()
    failures = check(case.spec())
    assert case.path in [path for path, _ in failures], failures[:5]
    assert all(reason.strip() for _, reason in failures)
    assert env.emulator.stats()["total"] == 0


@pytest.mark.parametrize("case", UNKNOWNS, ids=[case.id for case in UNKNOWNS])
def test_unknown_during_preview_is_accepted_not_rejected(env: Env, case: Unknown) -> None:
    env.emulator.reset_stats()
    checked, failures = env.plugin.check(case.spec(UNKNOWN))
    assert failures == []
    assert value_at(checked, case.path) == UNKNOWN
    assert env.emulator.stats()["total"] == 0


# ----------------------------------------------------------------------------- sessions, jobs

Checked = tuple[dict[str, Any], list[tuple[str, str]]]


@pytest.fixture(scope="module")
def check_kind(env: Env) -> Iterator[Callable[[str, dict[str, Any]], Checked]]:
    """Check of one resource type (its token) over a large-message channel: the checked inputs
    and the failures."""
    channel = grpc.insecure_channel(
        f"127.0.0.1:{env.plugin.port}", options=[("grpc.max_receive_message_length", 64 << 20)]
    )
    stub = provider_pb2_grpc.ResourceProviderStub(channel)

    def run(token: str, spec: dict[str, Any]) -> Checked:
        request = provider_pb2.CheckRequest(
            urn=urn("corpus", token), olds=to_struct({}), news=to_struct(spec)
        )
        response = stub.Check(request)
        failures = [(failure_path(f), f.reason) for f in response.failures]
        return from_struct(response.inputs), failures

    yield run
    channel.close()


def test_session_job_and_stateful_bases_pass_check(
    check_kind: Callable[[str, dict[str, Any]], Checked],
) -> None:
    for kind, base in BASES.items():
        assert check_kind(RESOURCES[kind].token, base)[1] == [], kind


@pytest.mark.parametrize("case", KIND_CASES, ids=[case.key for case in KIND_CASES])
def test_bad_session_or_job_input_fails_check_naming_path_and_rule_and_no_request(
    env: Env, check_kind: Callable[[str, dict[str, Any]], Checked], case: KindBadInput
) -> None:
    env.emulator.reset_stats()
    _, failures = check_kind(case.token, case.spec())
    reasons = [reason for path, reason in failures if path == case.path]
    assert reasons, failures[:5]
    assert any(case.rule in reason for reason in reasons), reasons
    assert all(len(reason) <= MAX_REASON for _, reason in failures)
    assert env.emulator.stats()["total"] == 0


@pytest.mark.parametrize("case", KIND_UNKNOWNS, ids=[case.key for case in KIND_UNKNOWNS])
def test_unknown_session_or_job_input_during_preview_is_accepted(
    env: Env, check_kind: Callable[[str, dict[str, Any]], Checked], case: KindUnknown
) -> None:
    env.emulator.reset_stats()
    checked, failures = check_kind(case.token, case.spec(UNKNOWN))
    assert failures == []
    assert value_at(checked, case.path) == UNKNOWN
    assert env.emulator.stats()["total"] == 0
