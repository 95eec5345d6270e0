"""One polite client: every request of a provider waits its turn here.

A ``Retry-After`` (or a 429) seen by any request pauses every request of the client until it
has passed, not only the thread that got it; an optional client-side limit keeps the client
under a known number of requests per second (a token bucket of one second's worth).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Throttle:
    """Thread-safe pacing of requests: a shared pause and an optional rate limit."""

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
        self.pauses = 0
        """How many times a server asked the client to slow down."""

    @property
    def paused_until(self) -> float:
        """The clock time before which no request is sent."""
        return self._paused_until

    def slow_down(self, seconds: float) -> None:
        """A server asked to wait ``seconds``: no request of this client goes out before then."""
        with self._lock:
            self.pauses += 1
            self._paused_until = max(self._paused_until, self._clock() + max(seconds, 0.0))

    def wait_turn(self) -> None:
        """Block until this request may be sent."""
        while True:
            with self._lock:
                now = self._clock()
                start = max(now, self._paused_until)
                if self.max_per_second is not None:
                    start = max(start, self._next_slot)
                if start <= now:
                    if self.max_per_second is not None:
                        self._next_slot = max(self._next_slot, now) + 1.0 / self.max_per_second
                    return
                delay = start - now
            self._sleep(delay)
