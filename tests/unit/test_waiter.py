"""Waiting with backoff, on a fake clock."""

from __future__ import annotations

import pytest

from pulumi_lakesail.core.waiter import Backoff, Waiter, WaitTimeoutError


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def test_first_poll_is_immediate_then_backoff_is_capped() -> None:
    clock = FakeClock()
    values = iter(["PENDING"] * 6 + ["RUNNING"])
    waiter: Waiter[str] = Waiter(Backoff(initial=0.5, factor=2.0, maximum=3.0), clock.sleep, clock)
    assert waiter.wait(lambda: next(values), lambda s: s == "RUNNING", timeout=60) == "RUNNING"
    assert clock.sleeps == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


def test_timeout_reports_the_last_value_and_never_sleeps_past_the_deadline() -> None:
    clock = FakeClock()
    waiter: Waiter[str] = Waiter(Backoff(initial=4.0, factor=2.0, maximum=8.0), clock.sleep, clock)
    with pytest.raises(WaitTimeoutError) as raised:
        waiter.wait(lambda: "PENDING", lambda s: s == "RUNNING", timeout=10)
    assert raised.value.last == "PENDING"
    assert clock.now == 10
    assert clock.sleeps == [4.0, 6.0]


def test_a_cancelled_wait_returns_with_the_last_value_seen() -> None:
    import threading

    from pulumi_lakesail.core.waiter import Backoff, WaitCancelledError, Waiter, WaitTimeoutError

    waiter: Waiter[str] = Waiter(Backoff(initial=60, maximum=60))  # real sleep: 60 s polls
    threading.Timer(0.2, waiter.cancelled.set).start()
    with pytest.raises(WaitCancelledError) as raised:
        waiter.wait(lambda: "PENDING", lambda s: s == "RUNNING", timeout=3600)
    assert raised.value.last == "PENDING"
    assert isinstance(raised.value, WaitTimeoutError)  # callers record it as after a timeout
    assert "cancelled" in str(raised.value)


def test_first_look_holds_the_first_fetch_back() -> None:
    clock = FakeClock()
    fetched_at: list[float] = []

    def fetch() -> str:
        fetched_at.append(clock.now)
        return "RUNNING" if len(fetched_at) > 1 else "PENDING"

    waiter: Waiter[str] = Waiter(Backoff(initial=0.5, factor=2.0, maximum=3.0), clock.sleep, clock)
    waiter.wait(fetch, lambda s: s == "RUNNING", timeout=60, first_look=9.5)
    # Held back 9.5 s, then the usual backoff from its start.
    assert fetched_at == [9.5, 10.0]


def test_a_cancel_during_the_first_look_ends_the_wait_unfetched() -> None:
    from pulumi_lakesail.core.waiter import WaitCancelledError

    clock = FakeClock()
    waiter: Waiter[str] = Waiter(Backoff(), clock.sleep, clock)
    waiter.cancelled.set()
    with pytest.raises(WaitCancelledError) as raised:
        waiter.wait(lambda: pytest.fail("fetched"), lambda s: True, timeout=60, first_look=5)
    assert raised.value.last is None
