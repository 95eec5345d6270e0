"""Shared polling: many waits answered from one stream of List rounds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from pulumi_lakesail.core.poller import GONE, ScopePoller

pytestmark = pytest.mark.unit


@dataclass(frozen=True)
class Item:
    id: str
    state: str


class Scope:
    """A fake scope whose objects turn RUNNING after a number of rounds."""

    def __init__(self, count: int, running_after: int) -> None:
        self.ids = [f"APP{i}" for i in range(count)]
        self.running_after = running_after
        self.lists = 0
        self.lock = threading.Lock()

    def list(self) -> list[Item]:
        with self.lock:
            self.lists += 1
            state = "RUNNING" if self.lists > self.running_after else "PENDING"
        return [Item(i, "FAILED" if i == "APP7" else state) for i in self.ids]


def wait_for(poller: ScopePoller, object_id: str) -> str | None:
    import time

    while True:
        state = poller.state_of(object_id, newer_than=time.monotonic(), timeout=30)
        if state != "PENDING":
            return state


def test_a_hundred_waits_share_each_round() -> None:
    scope = Scope(100, running_after=3)
    poller = ScopePoller(scope.list, interval=0.05)
    with ThreadPoolExecutor(max_workers=100) as pool:
        states = list(pool.map(lambda i: wait_for(poller, i), scope.ids))
    assert states.count("RUNNING") == 99 and states[7] == "FAILED"
    # The listing cost follows the rounds, not the waits: far fewer than one per wait.
    assert scope.lists <= 10


def test_an_object_no_listing_holds_is_gone() -> None:
    import time

    poller = ScopePoller(Scope(1, 0).list, interval=0.05)
    assert poller.state_of("NOPE", newer_than=time.monotonic(), timeout=30) is GONE


def test_a_listing_error_reaches_the_waiter() -> None:
    import time

    def broken() -> list[Item]:
        raise ConnectionError("down")

    poller = ScopePoller(broken, interval=0.05)
    with pytest.raises(ConnectionError):
        poller.state_of("APP0", newer_than=time.monotonic(), timeout=30)


def test_a_scope_is_shared_only_while_its_waits_outnumber_its_pages() -> None:
    import time

    from pulumi_lakesail.core.poller import Pollers

    pollers = Pollers(interval=0.05)
    key = ("application", "DEFAULT")
    scope = Scope(250, running_after=0)  # three pages
    poller = pollers.for_scope(key, scope.list)
    assert poller.state_of("APP0", newer_than=time.monotonic(), timeout=30) == "RUNNING"
    assert poller.pages == 3
    for _ in range(2):
        pollers.enter(key)
    assert not pollers.shared(key)  # two waits: two GETs of their own cost less than three
    pollers.enter(key)
    assert pollers.shared(key)
    pollers.leave(key)
    assert not pollers.shared(key)
