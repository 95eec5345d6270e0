"""The client's throttle: shared pauses and the client-side rate limit, on a fake clock."""

from __future__ import annotations

import pytest

from pulumi_lakesail.client.throttle import Throttle

pytestmark = pytest.mark.unit


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_pause_holds_every_request_until_it_has_passed() -> None:
    t = FakeTime()
    throttle = Throttle(clock=t.clock, sleep=t.sleep)
    throttle.wait_turn()
    assert t.slept == []
    throttle.slow_down(2.0)
    throttle.slow_down(0.5)  # a shorter pause does not shorten the longer one
    throttle.wait_turn()
    assert sum(t.slept) == pytest.approx(2.0) and throttle.pauses == 2


def test_the_rate_limit_spaces_requests_evenly() -> None:
    t = FakeTime()
    throttle = Throttle(4.0, clock=t.clock, sleep=t.sleep)
    for _ in range(9):
        throttle.wait_turn()
    assert t.now - 100.0 == pytest.approx(2.0)  # 9 requests at 4 per second: 8 gaps of 0.25 s


@pytest.mark.parametrize("rate", [0, -1.0])
def test_the_rate_must_be_positive(rate: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        Throttle(rate)
