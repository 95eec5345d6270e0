"""The ``--max-requests-per-second`` limit: a sliding one-second window per server.

At most ``limit`` requests under ``/api`` are admitted in any one second; the others are
answered 429 with ``Retry-After``. Refused requests do not fill the window, so a client that
retries keeps its chances.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

WINDOW_SECONDS = 1.0


class RateLimiter:
    """Admits requests while fewer than ``limit`` were admitted in the last second."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._lock = threading.Lock()
        self._admitted: deque[float] = deque()

    def admit(self, now: float | None = None) -> int | None:
        """None if the request may run, else the whole seconds (>= 1) to wait before retrying."""
        at = time.monotonic() if now is None else now
        with self._lock:
            while self._admitted and self._admitted[0] <= at - WINDOW_SECONDS:
                self._admitted.popleft()
            if len(self._admitted) < self.limit:
                self._admitted.append(at)
                return None
            free_at = self._admitted[0] + WINDOW_SECONDS
            return max(1, math.ceil(free_at - at))
