"""Waiting for a state: poll with capped exponential backoff until done, failed or out of time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Delays between polls: ``initial``, then multiplied by ``factor``, never above ``maximum``.

    The first poll happens at once: an application that starts fast is seen without delay.
    """

    initial: float = 0.5
    factor: float = 2.0
    maximum: float = 5.0

    def delays(self) -> Callable[[], float]:
        """A fresh sequence of delays."""
        current = self.initial / self.factor

        def next_delay() -> float:
            nonlocal current
            current = min(current * self.factor, self.maximum)
            return current

        return next_delay


class WaitTimeoutError(Exception):
    """The deadline passed before the condition held; ``last`` is the last value seen."""

    def __init__(self, last: object, waited: float) -> None:
        super().__init__(f"timed out after {waited:.0f}s")
        self.last = last
        self.waited = waited


class WaitCancelledError(WaitTimeoutError):
    """The engine cancelled the operation (Ctrl-C, ``pulumi cancel``) while it waited.

    A kind of timeout, so that every caller records what exists exactly as after a timeout.
    """

    def __init__(self, last: object, waited: float) -> None:
        super().__init__(last, waited)
        self.args = (f"cancelled after {waited:.0f}s of waiting",)


@dataclass
class Waiter(Generic[T]):
    """Polls ``fetch`` until ``done(value)`` is true, or the deadline passes, or ``cancelled``
    is set (every wait of the provider then returns at once).

    ``sleep`` and ``clock`` are injectable so unit tests take no wall time.
    """

    backoff: Backoff
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    cancelled: threading.Event = field(default_factory=threading.Event)

    def pause(self, seconds: float) -> None:
        """Sleep ``seconds``, waking at once when cancelled."""
        if self.sleep is time.sleep:
            self.cancelled.wait(seconds)
        else:
            self.sleep(seconds)

    def wait(
        self,
        fetch: Callable[[], T],
        done: Callable[[T], bool],
        *,
        timeout: float,
        on_poll: Callable[[T, float], None] | None = None,
        first_look: float = 0.0,
    ) -> T:
        """Return the first fetched value for which ``done`` holds; raise WaitTimeoutError.

        The first fetch comes after ``first_look`` seconds (a wait that knows it would find
        nothing sooner); a cancel during them has seen no value (``last`` is None).
        """
        start = self.clock()
        deadline = start + timeout
        next_delay = self.backoff.delays()
        if first_look > 0:
            self.pause(min(first_look, timeout))
            if self.cancelled.is_set():
                raise WaitCancelledError(None, self.clock() - start)
        while True:
            value = fetch()
            if done(value):
                return value
            now = self.clock()
            if self.cancelled.is_set():
                raise WaitCancelledError(value, now - start)
            if on_poll is not None:
                on_poll(value, now - start)
            if now >= deadline:
                raise WaitTimeoutError(value, now - start)
            self.pause(min(next_delay(), max(deadline - now, 0.0)))
            if self.cancelled.is_set():
                raise WaitCancelledError(value, self.clock() - start)
