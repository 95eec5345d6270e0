"""Savepoints of a running job: take one and wait until it completes, or find the newest."""

from __future__ import annotations

from collections.abc import Callable

from ..client import errors
from ..client import models as api
from .errors import LifecycleError
from .waiter import Waiter, WaitTimeoutError

Trigger = Callable[[], api.FlinkSavepoint]
Listing = Callable[[], api.FlinkSavepointList]


class SavepointError(LifecycleError):
    """A savepoint could not be taken; nothing was changed."""


def newest_completed(listing: api.FlinkSavepointList) -> str | None:
    """The location of the newest completed savepoint, if any."""
    completed = [s for s in listing.completed if s.location]
    if not completed:
        return None
    newest = max(completed, key=lambda s: s.triggered_at or "")
    return newest.location


def take(
    what: str,
    trigger: Trigger,
    listing: Listing,
    waiter: Waiter[api.FlinkSavepointList],
    *,
    timeout: float,
    progress: Callable[[str], None],
) -> str:
    """Trigger a savepoint and wait until it completes; its location.

    A savepoint already pending (an earlier attempt of ours, or someone else's) is waited for
    instead of triggering a second one.
    """
    try:
        pending: api.FlinkSavepoint | None = trigger()
    except errors.ConflictError:
        current = listing()
        pending = current.pending[0] if current.pending else None
        if pending is None:
            raise SavepointError(
                f"{what} refused a savepoint: it is not RUNNING. Nothing was changed; use "
                "upgradeMode last-state to redeploy from its newest completed savepoint"
            ) from None
    nonce = pending.trigger_nonce if pending is not None else None

    def completed(listed: api.FlinkSavepointList) -> bool:
        return any(
            s.location and (nonce is None or s.trigger_nonce == nonce) for s in listed.completed
        )

    def report(_: api.FlinkSavepointList, waited: float) -> None:
        progress(f"taking a savepoint of {what} ({waited:.0f}s)")

    try:
        listed = waiter.wait(listing, completed, timeout=timeout, on_poll=report)
    except WaitTimeoutError as exc:
        raise SavepointError(
            f"the savepoint of {what} did not complete within {exc.waited:.0f}s; nothing was "
            "changed and it still runs: run `pulumi up` again, or raise the update timeout"
        ) from None
    for savepoint in listed.completed:
        if savepoint.location and (nonce is None or savepoint.trigger_nonce == nonce):
            return savepoint.location
    raise SavepointError(f"the savepoint of {what} completed without a location")
