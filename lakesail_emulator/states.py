"""Lifecycle of Flink resources, derived from stored timestamps.

Nothing runs in the background: a resource stores the instants at which things happen
(created, settles, failed, deleted, gone) and every read derives the state from them and
one clock reading. This survives restarts and kill -9, and one request sees one instant.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timezone

PENDING = "PENDING"
RUNNING = "RUNNING"
DELETING = "DELETING"
FAILED = "FAILED"

FAIL_KEY = "lakesail.emulator.fail"
"""flinkConfiguration key of the failure rule: ``"true"`` makes the resource fail."""


_request_instant: ContextVar[int | None] = ContextVar("request_instant", default=None)


def now_ms() -> int:
    """Milliseconds since the epoch: the request's instant inside `one_instant`, else the clock."""
    fixed = _request_instant.get()
    return fixed if fixed is not None else time.time_ns() // 1_000_000


@contextmanager
def one_instant() -> Iterator[None]:
    """Read the clock once: every `now_ms` in this context (one request) returns that instant."""
    token = _request_instant.set(time.time_ns() // 1_000_000)
    try:
        yield
    finally:
        _request_instant.reset(token)


def seconds_to_ms(seconds: float) -> int:
    """Convert a duration flag to whole milliseconds."""
    return round(seconds * 1000)


def format_ms(ms: int) -> str:
    """Render an instant as the contract's ``YYYY-MM-DDTHH:mm:ss.sssZ`` (UTC)."""
    moment = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    return f"{moment.strftime('%Y-%m-%dT%H:%M:%S')}.{ms % 1000:03d}Z"


def settle_state(flink_configuration: dict[str, str]) -> str:
    """The state a new resource reaches after the startup delay (the failure rule)."""
    return FAILED if flink_configuration.get(FAIL_KEY) == "true" else RUNNING


@dataclass(frozen=True)
class Timeline:
    """The stored instants of one resource (milliseconds; None = has not happened)."""

    created: int
    settle_at: int
    settle_state: str
    spec_updated: int | None = None
    failed: int | None = None
    deleted: int | None = None
    gone_at: int | None = None
    """When a DELETING resource disappears; None while DELETING means stuck forever."""

    def is_gone(self, now: int) -> bool:
        """True once the resource has disappeared (404, absent from lists)."""
        return self.deleted is not None and self.gone_at is not None and now >= self.gone_at

    def _settled(self, now: int) -> bool:
        cut = min((t for t in (self.failed, self.deleted) if t is not None), default=None)
        return self.settle_at <= now and (cut is None or self.settle_at <= cut)

    def state(self, now: int) -> str:
        """The state at ``now`` (meaningless once `is_gone`)."""
        if self.deleted is not None and self.deleted <= now:
            return DELETING
        if self.failed is not None and self.failed <= now:
            return FAILED
        if self._settled(now):
            return self.settle_state
        return PENDING

    def running_ms(self, now: int) -> int:
        """Milliseconds spent RUNNING up to ``now`` (the clock stops at FAILED or DELETING)."""
        if self.settle_state != RUNNING or not self._settled(now):
            return 0
        cut = min((t for t in (self.failed, self.deleted) if t is not None), default=now)
        return max(0, min(now, cut) - self.settle_at)

    def updated(self, now: int) -> int:
        """``updatedAt``: the latest event that has happened (state changes, spec edits)."""
        events = [self.created, self.spec_updated, self.failed, self.deleted]
        if self._settled(now):
            events.append(self.settle_at)
        return max((t for t in events if t is not None and t <= now), default=self.created)
