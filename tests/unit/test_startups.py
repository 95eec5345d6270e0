"""Start times learnt per scope: a new wait first looks after the shortest recent one."""

from __future__ import annotations

import pytest

from pulumi_lakesail.core.startups import RECENT, StartupTimes

pytestmark = pytest.mark.unit

SCOPE = ("lakesail:index:FlinkApplication", "DEFAULT")


def test_nothing_seen_means_look_at_once() -> None:
    assert StartupTimes().expected(SCOPE) == 0.0


def test_the_shortest_recent_start_is_expected_and_scopes_are_apart() -> None:
    times = StartupTimes()
    times.record(SCOPE, "2026-12-03T10:00:00.000Z", "2026-12-03T10:00:12.500Z")
    times.record(SCOPE, "2026-12-03T10:00:01.000Z", "2026-12-03T10:00:11.250Z")
    times.record(SCOPE, "2026-12-03T10:00:02.000Z", "2026-12-03T10:00:40.000Z")
    assert times.expected(SCOPE) == pytest.approx(10.25)
    assert times.expected((SCOPE[0], "OTHER")) == 0.0


def test_only_the_latest_starts_count() -> None:
    times = StartupTimes()
    times.record(SCOPE, "2026-12-03T10:00:00.000Z", "2026-12-03T10:00:01.000Z")
    for _ in range(RECENT):
        times.record(SCOPE, "2026-12-03T10:00:00.000Z", "2026-12-03T10:00:30.000Z")
    assert times.expected(SCOPE) == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("created", "updated"),
    [
        ("2026-12-03T10:00:00.000Z", "2026-12-03T10:00:00.000Z"),  # no time to learn from
        ("2026-12-03T10:00:05.000Z", "2026-12-03T10:00:00.000Z"),  # clock went back
        ("yesterday", "2026-12-03T10:00:00.000Z"),
    ],
)
def test_stamps_that_tell_no_start_time_teach_nothing(created: str, updated: str) -> None:
    times = StartupTimes()
    times.record(SCOPE, created, updated)
    assert times.expected(SCOPE) == 0.0
