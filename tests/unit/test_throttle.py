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


def _send(throttle: Throttle, t: FakeTime, n: int, over: float) -> None:
    """``n`` requests sent and answered, evenly over ``over`` seconds."""
    for _ in range(n):
        t.now += over / n
        throttle.wait_turn()
        throttle.answered()


def test_a_429_teaches_the_rate_the_server_admitted() -> None:
    t = FakeTime()
    throttle = Throttle(clock=t.clock, sleep=t.sleep)
    _send(throttle, t, 50, over=1.0)
    assert throttle.rate() is None  # nothing learnt before a refusal
    throttle.slow_down(1.0, refused=True)
    assert throttle.rate() == pytest.approx(45.0)  # 90 % of the 50 answered in the last second
    t.slept.clear()
    for _ in range(46):
        throttle.wait_turn()
    # the pause, then 45 gaps at the learnt rate (which has risen by under 1 % meanwhile)
    assert sum(t.slept) == pytest.approx(1.0 + 45 / 45.0, rel=0.02)


def test_the_learnt_rate_recovers_while_no_request_is_refused() -> None:
    t = FakeTime()
    throttle = Throttle(clock=t.clock, sleep=t.sleep)
    _send(throttle, t, 40, over=1.0)
    throttle.slow_down(1.0, refused=True)
    t.now += 20.0
    assert throttle.rate() == pytest.approx(36.0 * 1.01**20)
    t.now += 10.5  # 30 s without a 429: forgotten
    assert throttle.rate() is None


def test_one_lesson_a_pause_and_none_from_a_5xx() -> None:
    t = FakeTime()
    throttle = Throttle(clock=t.clock, sleep=t.sleep)
    _send(throttle, t, 40, over=1.0)
    throttle.slow_down(2.0)  # a 502's backoff: the server's rate is not in question
    assert throttle.rate() is None
    t.now += 2.0
    _send(throttle, t, 40, over=1.0)
    throttle.slow_down(1.0, refused=True)
    learnt = throttle.rate()
    throttle.slow_down(1.0, refused=True)  # the rest of the burst, sent before the pause
    throttle.slow_down(1.0, refused=True)
    assert throttle.rate() == learnt == pytest.approx(36.0)


def test_few_answers_before_a_429_teach_nothing() -> None:
    t = FakeTime()
    throttle = Throttle(clock=t.clock, sleep=t.sleep)
    _send(throttle, t, 3, over=1.0)
    throttle.slow_down(1.0, refused=True)
    assert throttle.rate() is None and throttle.paused_until == pytest.approx(t.now + 1.0)


def test_the_learnt_rate_never_halves_at_once_nor_passes_the_configured_limit() -> None:
    t = FakeTime()
    throttle = Throttle(30.0, clock=t.clock, sleep=t.sleep)
    _send(throttle, t, 30, over=1.0)
    throttle.slow_down(1.0, refused=True)
    assert throttle.rate() == pytest.approx(27.0)
    t.now += 25.0  # recovered beyond it: the configured limit holds
    assert throttle.rate() == 30.0
    _send(throttle, t, 5, over=1.0)  # a 429 after only 5 answers in a second
    throttle.slow_down(1.0, refused=True)
    assert throttle.rate() == pytest.approx(15.0)  # half the rate before, not 4.5
