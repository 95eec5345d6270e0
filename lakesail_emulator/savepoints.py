"""Savepoints: triggering on a RUNNING job, completion after a delay, restoring at start.

A savepoint completes ``savepoint_ms`` after its trigger, with a location never issued before;
it captures the job's progress counter at that instant. Each produced location is recorded apart
from its job, so a job created later (also after the original one is gone) can start from it.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from .errors import ApiError
from .progress import captured_at
from .states import FAILED, RUNNING, settle_state
from .store import ResourceRow, SavepointRow, Store

DEFAULT_SAVEPOINT_DIR = "file:///tmp/lakesail-emulator/savepoints"
SAVEPOINT_PATH_KEY = "execution.savepoint.path"
"""flinkConfiguration key that makes Flink start a job from a savepoint."""


@dataclass(frozen=True)
class Start:
    """How a new resource starts: its settle state and, for a restore, where from."""

    settle_state: str
    restored_from: str | None = None
    progress: int = 0


def start_of(store: Store, spec: dict[str, Any], has_job: bool, now: int) -> Start:
    """The start of a new resource: the failure rule, then the savepoint to restore from.

    Only a job (application or session job) restores. A location that this emulator has not
    produced, or whose savepoint has not completed, makes the job FAILED (Flink refuses to start
    from a missing savepoint).
    """
    config: dict[str, str] = spec.get("flinkConfiguration", {})
    state = settle_state(config)
    path = config.get(SAVEPOINT_PATH_KEY) if has_job else None
    if path is None:
        return Start(state)
    found = store.completed_savepoint(path, now)
    if found is None:
        return Start(FAILED)
    return Start(state, path, found[1])


def _location(directory: str, row: ResourceRow) -> str:
    """A Flink-style savepoint directory: ``savepoint-<job id prefix>-<random>``."""
    return f"{directory.rstrip('/')}/savepoint-{row.flink_job_id[:6]}-{secrets.token_hex(6)}"


def trigger(
    store: Store, row: ResourceRow, cluster: ResourceRow, savepoint_ms: int, now: int
) -> SavepointRow:
    """Start a MANUAL savepoint of a RUNNING job; 409 if it is not RUNNING or one is pending."""
    state = row.timeline.state(now)
    if state != RUNNING:
        raise ApiError(409, f"{row.kind} {row.id} is {state}; a savepoint needs a RUNNING job")
    if any(sp.complete_at > now for sp in store.savepoints(row.id)):
        raise ApiError(409, f"a savepoint of {row.kind} {row.id} is already pending")
    directory = cluster.spec["flinkConfiguration"].get("state.savepoints.dir")
    complete_at = now + savepoint_ms
    progress = captured_at(row, complete_at)
    while True:
        location = _location(directory or DEFAULT_SAVEPOINT_DIR, row)
        savepoint = SavepointRow(str(uuid.uuid4()), now, complete_at, location, progress)
        if store.add_savepoint(row.id, savepoint):
            return savepoint
