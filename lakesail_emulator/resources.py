"""Stored Flink resources (applications, sessions, session jobs) and their transitions."""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from .savepoints import start_of
from .store import ResourceRow, Store, new_id, row_to_resource

APPLICATION = "application"
SESSION = "session"
SESSION_JOB = "session job"

_VISIBLE = "(gone_at IS NULL OR deleted IS NULL OR gone_at > ?)"


class NameTakenError(Exception):
    """A live resource of the same kind already holds the name in the workspace."""

    def __init__(self, existing: ResourceRow) -> None:
        super().__init__(existing.name)
        self.existing = existing


@dataclass(frozen=True)
class NewResource:
    """What a create request stores."""

    kind: str
    workspace: str
    parent: str
    name: str
    spec: dict[str, Any]


class Resources:
    """Queries and transitions of Flink resources over a `Store`."""

    def __init__(self, store: Store, startup_ms: int, delete_ms: int) -> None:
        self.store = store
        self.startup_ms = startup_ms
        self.delete_ms = delete_ms

    @staticmethod
    def _purge(db: sqlite3.Connection, now: int) -> None:
        gone = db.execute(
            "DELETE FROM resources WHERE deleted IS NOT NULL AND gone_at <= ?", (now,)
        )
        if gone.rowcount:
            db.execute("DELETE FROM savepoints WHERE resource_id NOT IN (SELECT id FROM resources)")

    @staticmethod
    def _holder(db: sqlite3.Connection, workspace: str, kind: str, name: str) -> ResourceRow | None:
        """The live resource holding ``name`` (call after `_purge`)."""
        row = db.execute(
            "SELECT * FROM resources WHERE workspace = ? AND kind = ? AND name = ?",
            (workspace, kind, name),
        ).fetchone()
        return row_to_resource(row) if row else None

    @staticmethod
    def _abort_savepoints(db: sqlite3.Connection, resource_id: str, now: int) -> None:
        """A savepoint still in progress when its job stops never completes (nor its location)."""
        db.execute(
            "DELETE FROM savepoint_locations WHERE location IN"
            " (SELECT location FROM savepoints WHERE resource_id = ? AND complete_at > ?)",
            (resource_id, now),
        )
        db.execute(
            "DELETE FROM savepoints WHERE resource_id = ? AND complete_at > ?", (resource_id, now)
        )

    def create(self, new: NewResource, now: int) -> ResourceRow:
        """Store a new PENDING resource; `NameTakenError` if the name is in use."""
        start = start_of(self.store, new.spec, new.kind != SESSION, now)
        with self.store.tx() as db:
            self._purge(db, now)
            existing = self._holder(db, new.workspace, new.kind, new.name)
            if existing is not None:
                raise NameTakenError(existing)
            resource_id = new_id()
            while db.execute("SELECT 1 FROM resources WHERE id = ?", (resource_id,)).fetchone():
                resource_id = new_id()
            db.execute(
                "INSERT INTO resources (id, kind, workspace, parent, name, spec, flink_job_id,"
                " created, settle_at, settle_state, restored_from, start_progress)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    resource_id,
                    new.kind,
                    new.workspace,
                    new.parent,
                    new.name,
                    json.dumps(new.spec),
                    secrets.token_hex(16),
                    now,
                    now + self.startup_ms,
                    start.settle_state,
                    start.restored_from,
                    start.progress,
                ),
            )
            row = db.execute("SELECT * FROM resources WHERE id = ?", (resource_id,)).fetchone()
            return row_to_resource(row)

    def get(
        self, kind: str, workspace: str, parent: str, resource_id: str, now: int
    ) -> ResourceRow | None:
        """A visible (not gone) resource, or None."""
        row = self.store.fetch_one(
            f"SELECT * FROM resources WHERE id = ? AND kind = ? AND workspace = ?"
            f" AND parent = ? AND {_VISIBLE}",
            resource_id,
            kind,
            workspace,
            parent,
            now,
        )
        return row_to_resource(row) if row else None

    def page(
        self, kind: str, workspace: str, parent: str, after: int, limit: int, now: int
    ) -> list[ResourceRow]:
        """Up to ``limit`` visible resources after sequence ``after``, in creation order."""
        rows = self.store.fetch_all(
            f"SELECT * FROM resources WHERE kind = ? AND workspace = ? AND parent = ?"
            f" AND seq > ? AND {_VISIBLE} ORDER BY seq LIMIT ?",
            kind,
            workspace,
            parent,
            after,
            now,
            limit,
        )
        return [row_to_resource(r) for r in rows]

    def delete(self, row: ResourceRow, now: int) -> None:
        """Move to DELETING (idempotent); a session takes its jobs along."""
        with self.store.tx() as db:
            self._purge(db, now)
            for target in self._with_children(db, row):
                db.execute(
                    "UPDATE resources SET deleted = ?,"
                    " gone_at = CASE WHEN stuck = 1 THEN NULL ELSE ? END"
                    " WHERE id = ? AND deleted IS NULL",
                    (now, now + self.delete_ms, target),
                )
                self._abort_savepoints(db, target, now)

    @staticmethod
    def _with_children(db: sqlite3.Connection, row: ResourceRow) -> list[str]:
        ids = [row.id]
        if row.kind == SESSION:
            children = db.execute(
                "SELECT id FROM resources WHERE kind = ? AND workspace = ? AND parent = ?",
                (SESSION_JOB, row.workspace, row.id),
            ).fetchall()
            ids += [c["id"] for c in children]
        return ids

    def fail(self, row: ResourceRow, now: int) -> None:
        """Make a resource FAILED now (no effect once DELETING)."""
        with self.store.tx() as db:
            db.execute(
                "UPDATE resources SET failed = ? WHERE id = ? AND failed IS NULL", (now, row.id)
            )
            self._abort_savepoints(db, row.id, now)

    def make_stuck(self, row: ResourceRow) -> None:
        """Keep the resource DELETING forever once it is (or when it gets) deleted."""
        with self.store.tx() as db:
            db.execute("UPDATE resources SET stuck = 1, gone_at = NULL WHERE id = ?", (row.id,))

    def remove(self, row: ResourceRow, now: int) -> None:
        """Delete out of band: gone at once, with its jobs and savepoints.

        Locations of completed savepoints stay restorable, as the files would stay in storage.
        """
        with self.store.tx() as db:
            for target in self._with_children(db, row):
                self._abort_savepoints(db, target, now)
                db.execute("DELETE FROM resources WHERE id = ?", (target,))
                db.execute("DELETE FROM savepoints WHERE resource_id = ?", (target,))

    def patch_spec(self, row: ResourceRow, changes: dict[str, Any], now: int) -> None:
        """Replace top-level spec fields out of band (drift); bumps updatedAt."""
        spec = {**row.spec, **changes}
        with self.store.tx() as db:
            self._purge(db, now)
            if spec["name"] != row.name:
                existing = self._holder(db, row.workspace, row.kind, spec["name"])
                if existing is not None:
                    raise NameTakenError(existing)
            db.execute(
                "UPDATE resources SET spec = ?, name = ?, spec_updated = ? WHERE id = ?",
                (json.dumps(spec), spec["name"], now, row.id),
            )
