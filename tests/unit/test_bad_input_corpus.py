"""The bad-input corpus through the lifecycle core's check, in memory.

The corpus lives in ``tests/faults/bad_input_corpus.py``; the plugin (``tests/faults``) and the
emulator (``tests/emulator``) run the same cases over gRPC and HTTP.
"""

from __future__ import annotations

import pytest
from lakesail_testing.bad_input_corpus import BASE, CASES, UNKNOWNS, BadInput, Unknown, value_at

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
