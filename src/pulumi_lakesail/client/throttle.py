"""One polite client: every request of a provider waits its turn here.

A ``Retry-After`` (or a 429) seen by any request pauses every request of the client until it
has passed, not only the thread that got it; an optional client-side limit keeps the client
under a known number of requests per second (a token bucket of one second's worth).

A 429 also teaches the client the server's rate: after the pause, requests go out no faster
than :data:`BACKOFF` of what the server admitted in the second before the refusal, and that
learnt rate rises by :data:`RECOVERY` a second while no 429 comes, until it is forgotten after
:data:`MEMORY` seconds. Without it, the requests held by a pause all leave at once when it ends
and meet the next 429 together.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

BACKOFF = 0.9
"""After a 429: this share of the requests the server admitted in the second before it."""
RECOVERY = 0.01
"""The learnt rate rises by this share a second while no request is refused."""
MEMORY = 30.0
"""Seconds without a 429 after which the learnt rate is forgotten: one learnt from a moment of
little traffic, or from a quota since raised, does not hold the provider back for long."""
LEAST_RATE = 1.0
"""A learnt rate never falls below one request a second, nor below half the rate before."""
EVIDENCE = 4
"""Answers in the second before a 429 needed to learn from it: fewer say that the quota is
shared or not counted per second, and the pause alone is kept."""
WINDOW = 1.0


class Throttle:
    """Thread-safe pacing of requests: a shared pause, a learnt rate and an optional limit."""

    def __init__(
        self,
        max_per_second: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_per_second is not None and not max_per_second > 0:
            raise ValueError("max_per_second must be a positive number")
        self.max_per_second = max_per_second
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._paused_until = 0.0
        self._next_slot = 0.0
        self._sent: deque[float] = deque()  # when requests went out, over the last WINDOW
        self._answered: deque[float] = deque()  # when answers other than 429 came, likewise
        self._learnt: float | None = None
        self._learnt_at = 0.0
        self.pauses = 0
        """How many times a server asked the client to slow down."""

    @property
    def paused_until(self) -> float:
        """The clock time before which no request is sent."""
        return self._paused_until

    def rate(self) -> float | None:
        """Requests a second the client keeps under now (None: as fast as asked)."""
        with self._lock:
            return self._rate(self._clock())

    def slow_down(self, seconds: float, *, refused: bool = False) -> None:
        """A server asked to wait ``seconds``: no request of this client goes out before then.
        ``refused``: it answered 429, so its rate is learnt from what it admitted."""
        with self._lock:
            now = self._clock()
            self.pauses += 1
            # One lesson a pause: the other 429s of the burst were sent before it began.
            if refused and now >= self._paused_until:
                self._forget(now)
                self._learn(now)
            self._paused_until = max(self._paused_until, now + max(seconds, 0.0))

    def answered(self) -> None:
        """A request was answered, not refused: what the server admits is learnt from these."""
        with self._lock:
            now = self._clock()
            self._forget(now)
            self._answered.append(now)

    def wait_turn(self) -> None:
        """Block until this request may be sent."""
        while True:
            with self._lock:
                now = self._clock()
                rate = self._rate(now)
                start = max(now, self._paused_until)
                if rate is not None:
                    start = max(start, self._next_slot)
                if start <= now:
                    if rate is not None:
                        self._next_slot = max(self._next_slot, now) + 1.0 / rate
                    self._forget(now)
                    self._sent.append(now)
                    return
                delay = start - now
            self._sleep(delay)

    def _rate(self, now: float) -> float | None:
        learnt = None
        if self._learnt is not None and now - self._learnt_at > MEMORY:
            self._learnt = None
        if self._learnt is not None:
            learnt = self._learnt * (1.0 + RECOVERY) ** max(now - self._learnt_at, 0.0)
        limits = [r for r in (learnt, self.max_per_second) if r is not None]
        return min(limits) if limits else None

    def _learn(self, now: float) -> None:
        admitted = len(self._answered)
        if admitted < EVIDENCE:
            return
        before = self._rate(now) or float(len(self._sent))
        self._learnt = max(LEAST_RATE, BACKOFF * admitted, before / 2)
        self._learnt_at = now

    def _forget(self, now: float) -> None:
        for times in (self._sent, self._answered):
            while times and times[0] <= now - WINDOW:
                times.popleft()
