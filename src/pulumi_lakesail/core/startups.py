"""How long objects of one scope take to start, learnt from the ones this process saw start.

A wait for RUNNING that looks before its object can have started spends GETs that answer
nothing. LakeSail stamps every object with its creation and its latest change (``createdAt``,
``updatedAt``, both on the server's clock): for an object just created and now RUNNING, their
difference is how long it took to start. The next wait in the scope takes its first look after
the shortest of the last few such times: the shortest, because a look too early costs one GET
while a look too late costs the user time.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime

RECENT = 16
"""How many of a scope's latest start times are kept."""


class StartupTimes:
    """The latest start times of each scope (such as ``("lakesail:...", "DEFAULT")``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seconds: dict[tuple[str, ...], deque[float]] = {}

    def record(self, scope: tuple[str, ...], created_at: str, updated_at: str) -> None:
        """An object of ``scope`` created at ``created_at`` was RUNNING as of ``updated_at``."""
        try:
            seconds = (_instant(updated_at) - _instant(created_at)).total_seconds()
        except ValueError:
            return  # a timestamp this process cannot read teaches nothing
        if seconds <= 0:
            return
        with self._lock:
            self._seconds.setdefault(scope, deque(maxlen=RECENT)).append(seconds)

    def expected(self, scope: tuple[str, ...]) -> float:
        """Seconds before which no new object of ``scope`` is expected to run (0: unknown)."""
        with self._lock:
            seen = self._seconds.get(scope)
            return min(seen) if seen else 0.0


def _instant(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
