"""Test-only traffic controls: injected faults and the request log behind ``/_emulator/stats``.

Both are kept in memory (a restart clears them). `Traffic` is consulted by the outermost ASGI
layer (see `app.EmulatorApp`) for every request under ``/api``.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, deque
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
WRITE_METHODS: list[Method] = ["POST", "PUT", "PATCH", "DELETE"]
MAX_LOGGED_REQUESTS = 10_000
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class _Body(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ErrorBurst(_Body):
    """The next ``count`` matching requests answer ``status`` with an Error body."""

    count: Count
    status: Annotated[int, Field(ge=400, le=599)] = 503
    retryAfterSeconds: Annotated[int, Field(ge=0, le=3600)] | None = None
    methods: list[Method] | None = None


class RateLimit(_Body):
    """The next ``count`` matching requests answer 429 with ``Retry-After``."""

    count: Count
    retryAfterSeconds: Annotated[int, Field(ge=0, le=3600)] = 1
    methods: list[Method] | None = None


class DropResponse(_Body):
    """The next ``count`` matching requests run (and commit), then lose their response."""

    count: Count
    methods: list[Method] = Field(default_factory=lambda: list(WRITE_METHODS))


class FaultPlan(_Body):
    """Body of ``POST /_emulator/faults``; it replaces the current plan."""

    latencySeconds: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)] = 0.0
    errorBurst: ErrorBurst | None = None
    rateLimit: RateLimit | None = None
    dropResponse: DropResponse | None = None
    paths: str | None = None
    """Regular expression (``re.search``) on the request path that every fault is limited to."""


@dataclass(frozen=True)
class Action:
    """What the traffic layer does to one request."""

    latency: float = 0.0
    status: int | None = None
    """Answer with this status (Error body) instead of running the request."""
    retry_after: int | None = None
    drop: bool = False


def _matches(methods: list[Method] | None, method: str) -> bool:
    return methods is None or method in methods


class Traffic:
    """Fault plan and request statistics, shared by the ASGI layer and the control routes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._plan = FaultPlan()
        self._paths: re.Pattern[str] | None = None
        self._requests: deque[dict[str, Any]] = deque(maxlen=MAX_LOGGED_REQUESTS)
        self._counts: Counter[str] = Counter()
        self._statuses: Counter[str] = Counter()
        self._total = 0

    def set_plan(self, plan: FaultPlan) -> None:
        """Replace the fault plan (``paths`` must already be a valid regex)."""
        with self._lock:
            self._plan = plan.model_copy(deep=True)
            self._paths = re.compile(plan.paths) if plan.paths is not None else None

    def clear(self) -> None:
        """Remove every fault."""
        self.set_plan(FaultPlan())

    def plan(self) -> dict[str, Any]:
        """The current plan with the remaining counts."""
        with self._lock:
            return self._plan.model_dump(mode="json", exclude_none=True)

    def take(self, method: str, path: str) -> Action:
        """Consume the fault (if any) that applies to this request.

        Order: latency always applies; then at most one of errorBurst, rateLimit,
        dropResponse, in that order, each only while its count lasts.
        """
        with self._lock:
            plan = self._plan
            if self._paths is not None and not self._paths.search(path):
                return Action()
            latency = plan.latencySeconds
            burst, limit, drop = plan.errorBurst, plan.rateLimit, plan.dropResponse
            if burst and burst.count > 0 and _matches(burst.methods, method):
                burst.count -= 1
                return Action(latency, burst.status, burst.retryAfterSeconds)
            if limit and limit.count > 0 and _matches(limit.methods, method):
                limit.count -= 1
                return Action(latency, 429, limit.retryAfterSeconds)
            if drop and drop.count > 0 and _matches(drop.methods, method):
                drop.count -= 1
                return Action(latency, drop=True)
            return Action(latency)

    def record(self, method: str, path: str, route: str, status: int, dropped: bool) -> None:
        """Log one ``/api`` request (called before its response leaves the server)."""
        entry: dict[str, Any] = {"method": method, "path": path, "route": route, "status": status}
        if dropped:
            entry["dropped"] = True
        with self._lock:
            self._requests.append(entry)
            self._counts[f"{method} {route}"] += 1
            self._statuses[str(status)] += 1
            self._total += 1

    def stats(self) -> dict[str, Any]:
        """Every ``/api`` request since the last reset (the log keeps the latest 10,000)."""
        with self._lock:
            return {
                "total": self._total,
                "requests": list(self._requests),
                "counts": dict(self._counts),
                "statuses": dict(self._statuses),
            }

    def reset_stats(self) -> None:
        """Forget every logged request."""
        with self._lock:
            self._requests.clear()
            self._counts.clear()
            self._statuses.clear()
            self._total = 0
