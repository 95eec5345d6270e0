"""The bad-input corpus through the lifecycle core's check, in memory.

The corpus lives in ``tests/lakesail_testing/bad_input_corpus.py`` (FlinkApplication) and
``kind_bad_input_corpus.py`` (FlinkSession, FlinkSessionJob, the stateful inputs); the plugin
(``tests/faults``) and the emulator (``tests/emulator``) run the same cases over gRPC and HTTP.
"""

from __future__ import annotations

from collections import Counter

import pytest
from lakesail_testing.bad_input_corpus import BASE, CASES, UNKNOWNS, BadInput, Unknown, value_at
from lakesail_testing.kind_bad_input_corpus import BASES, RESOURCES, KindBadInput, KindUnknown
from lakesail_testing.kind_bad_input_corpus import CASES as KIND_CASES
from lakesail_testing.kind_bad_input_corpus import UNKNOWNS as KIND_UNKNOWNS

from pulumi_lakesail.core.validate import check
from pulumi_lakesail.resources.values import UNKNOWN

WORKSPACE = "DEFAULT"


def test_corpus_is_large_and_its_base_is_valid() -> None:
    assert len(CASES) >= 50
    assert len({case.id for case in CASES}) == len(CASES), "case ids must be unique"
    assert check(BASE, WORKSPACE).failures == []


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_fails_check_naming_its_property_path(case: BadInput) -> None:
    failures = check(case.spec(), WORKSPACE).failures
    assert case.path in [f.path for f in failures], failures[:5]
    assert all(f.reason.strip() for f in failures)


@pytest.mark.parametrize("case", UNKNOWNS, ids=[case.id for case in UNKNOWNS])
def test_unknown_during_preview_is_accepted_and_stays_unknown(case: Unknown) -> None:
    result = check(case.spec(UNKNOWN), WORKSPACE)
    assert result.failures == []
    assert value_at(result.inputs, case.path) is UNKNOWN


MAX_REASON = 1000


def test_failure_reasons_do_not_echo_huge_values() -> None:
    # A reason quotes the bad value ("got 'FLINK_9'"); a 2 MB value must not come back whole:
    # it floods the terminal and exceeds a default gRPC client's 4 MB message limit.
    too_long = {
        case.id: len(f.reason)
        for case in CASES
        for f in check(case.spec(), WORKSPACE).failures
        if len(f.reason) > MAX_REASON
    }
    assert too_long == {}


# ----------------------------------------------------------------------------- sessions, jobs


def test_kind_corpus_covers_sessions_and_jobs_and_its_bases_are_valid() -> None:
    kinds = Counter(case.kind for case in KIND_CASES)
    assert kinds["session"] >= 40 and kinds["session-job"] >= 50, kinds
    assert len({case.key for case in KIND_CASES}) == len(KIND_CASES), "case keys must be unique"
    for kind, base in BASES.items():
        assert check(base, WORKSPACE, resource=RESOURCES[kind]).failures == [], kind


@pytest.mark.parametrize("case", KIND_CASES, ids=[case.key for case in KIND_CASES])
def test_bad_session_or_job_input_fails_check_naming_its_path_and_rule(case: KindBadInput) -> None:
    failures = check(case.spec(), WORKSPACE, resource=case.resource).failures
    named = [f for f in failures if f.path == case.path]
    assert named, failures[:5]
    assert any(case.rule in f.reason for f in named), named
    assert all(len(f.reason) <= MAX_REASON for f in failures)


@pytest.mark.parametrize("case", KIND_UNKNOWNS, ids=[case.key for case in KIND_UNKNOWNS])
def test_unknown_session_or_job_input_is_accepted_and_stays_unknown(case: KindUnknown) -> None:
    result = check(case.spec(UNKNOWN), WORKSPACE, resource=case.resource)
    assert result.failures == []
    assert value_at(result.inputs, case.path) is UNKNOWN
