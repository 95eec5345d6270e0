"""Shared polling: many waits in one workspace answered from one stream of List pages.

Each waiting create, delete or redeploy asks ``state_of(id)``; one poller thread per scope (a
workspace, or a session's jobs) lists the scope's objects (100 a page, each summary with its
state) while anyone waits, and every waiter reads the newest listing. The cost grows with the
number of pages, not with the number of waits: a thousand waits in one workspace cost ten GETs
a round. Rounds of many pages come less often (``PAGE_SECONDS`` a page), so that a large
workspace is listed at a steady few pages a second; and a scope is listed only while it has at
least as many waits as pages, since below that each wait's own GET costs less.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from ..client.pagination import MAX_PAGE_SIZE
from .startups import StartupTimes


class Summary(Protocol):
    """What a List item must carry: its ID and its state."""

    @property
    def id(self) -> str: ...

    @property
    def state(self) -> object: ...


GONE = None
"""``state_of`` of an object no listing holds."""

PAGE_SECONDS = 0.5
"""The least time between rounds, per page of the last round."""


@dataclass(frozen=True)
class Listing:
    """One round of List pages: when it started, and each object's state by ID."""

    started: float
    states: dict[str, str]


class ScopePoller:
    """Polls one scope's List while any wait needs it; waiters share every round."""

    def __init__(
        self,
        list_scope: Callable[[], Iterable[Summary]],
        *,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._list = list_scope
        self._interval = interval
        self._clock = clock
        self._cond = threading.Condition()
        self._latest: Listing | None = None
        self._error: BaseException | None = None
        self._waiters = 0
        self._thread: threading.Thread | None = None
        self.rounds = 0
        """How many rounds of List pages were fetched."""
        self.pages = 1
        """How many pages the last round took."""

    def state_of(self, object_id: str, *, newer_than: float, timeout: float) -> str | None:
        """The object's state in the first listing that started after ``newer_than`` (None:
        gone). Raises the listing's error, or TimeoutError when none came within ``timeout``."""
        deadline = self._clock() + timeout
        with self._cond:
            self._waiters += 1
            try:
                self._ensure_thread()
                while self._latest is None or self._latest.started <= newer_than:
                    if self._error is not None:
                        error, self._error = self._error, None
                        raise error
                    remaining = deadline - self._clock()
                    if remaining <= 0:
                        raise TimeoutError(f"no listing of the scope within {timeout:.0f}s")
                    self._cond.wait(min(remaining, self._interval * 2))
                return self._latest.states.get(object_id, GONE)
            finally:
                self._waiters -= 1

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="lakesail-poller", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._waiters == 0:
                    self._thread = None
                    return
            started = self._clock()
            try:
                states = {item.id: _state_text(item.state) for item in self._list()}
            except Exception as exc:  # noqa: BLE001 - handed to a waiter, which raises it
                with self._cond:
                    self._error = exc
                    self._cond.notify_all()
            else:
                with self._cond:
                    self._latest = Listing(started, states)
                    self.rounds += 1
                    self.pages = max(1, -(-len(states) // MAX_PAGE_SIZE))
                    self._cond.notify_all()
            elapsed = self._clock() - started
            time.sleep(max(self._interval, self.pages * PAGE_SECONDS, elapsed) - elapsed)


def _state_text(state: object) -> str:
    value = getattr(state, "value", state)
    return str(value)


class Pollers:
    """The scope pollers of one provider process, created on first use.

    A scope is polled through its List only while ``threshold`` or more waits are in it, and
    no fewer than its last listing's pages: fewer waits describe their own objects, which
    costs less.
    """

    def __init__(self, *, interval: float = 1.0, threshold: int = 2) -> None:
        self._interval = interval
        self._threshold = threshold
        self.startups = StartupTimes()
        """How long each scope's objects take to start: when a new wait first looks."""
        self._lock = threading.Lock()
        self._by_scope: dict[tuple[str, ...], ScopePoller] = {}
        self._waits: dict[tuple[str, ...], int] = {}

    def enter(self, scope: tuple[str, ...]) -> None:
        """A wait in ``scope`` begins."""
        with self._lock:
            self._waits[scope] = self._waits.get(scope, 0) + 1

    def leave(self, scope: tuple[str, ...]) -> None:
        """A wait in ``scope`` ends."""
        with self._lock:
            self._waits[scope] = max(self._waits.get(scope, 1) - 1, 0)

    def shared(self, scope: tuple[str, ...]) -> bool:
        """Whether the waits of ``scope`` are answered from shared List rounds now."""
        with self._lock:
            poller = self._by_scope.get(scope)
            pages = poller.pages if poller is not None else 1
            return self._waits.get(scope, 0) >= max(self._threshold, pages)

    def for_scope(
        self, scope: tuple[str, ...], list_scope: Callable[[], Iterable[Summary]]
    ) -> ScopePoller:
        """The poller of ``scope`` (such as ``("application", "DEFAULT")``)."""
        with self._lock:
            poller = self._by_scope.get(scope)
            if poller is None:
                poller = ScopePoller(list_scope, interval=self._interval)
                self._by_scope[scope] = poller
            return poller
