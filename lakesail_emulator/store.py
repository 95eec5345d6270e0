"""SQLite persistence: organizations, keys, workspaces, Flink resources, savepoints.

Every write is its own committed transaction (WAL, ``synchronous=FULL``), so data survives a
restart and ``kill -9``. One connection serves all requests behind a lock. Bearer keys are
stored as SHA-256 digests only.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import string
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .states import Timeline

_ALPHABET = string.ascii_uppercase + string.digits

SCHEMA = """
CREATE TABLE IF NOT EXISTS organizations (id INTEGER PRIMARY KEY, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS service_accounts (
    id TEXT PRIMARY KEY, org_id INTEGER NOT NULL, username TEXT NOT NULL,
    description TEXT NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
    key_hash TEXT PRIMARY KEY, sa_id TEXT NOT NULL, bootstrap INTEGER NOT NULL,
    created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS workspaces (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, org_id INTEGER NOT NULL,
    name TEXT NOT NULL, kube_cluster_id TEXT NOT NULL, kube_namespace TEXT NOT NULL,
    kube_service_account TEXT NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    workspace TEXT NOT NULL, parent TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,
    flink_job_id TEXT NOT NULL, created INTEGER NOT NULL, settle_at INTEGER NOT NULL,
    settle_state TEXT NOT NULL, spec_updated INTEGER, failed INTEGER, deleted INTEGER,
    gone_at INTEGER, stuck INTEGER NOT NULL DEFAULT 0, restored_from TEXT,
    start_progress INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS resources_by_name ON resources (workspace, kind, name);
CREATE INDEX IF NOT EXISTS resources_by_parent ON resources (workspace, kind, parent, seq);
CREATE INDEX IF NOT EXISTS resources_by_gone_at ON resources (gone_at);
CREATE TABLE IF NOT EXISTS savepoints (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, resource_id TEXT NOT NULL, nonce TEXT NOT NULL,
    triggered INTEGER NOT NULL, complete_at INTEGER NOT NULL, location TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS savepoint_locations (
    location TEXT PRIMARY KEY, complete_at INTEGER NOT NULL, progress INTEGER NOT NULL);
"""

_ADDED_COLUMNS = {
    "resources": {
        "restored_from": "TEXT",
        "start_progress": "INTEGER NOT NULL DEFAULT 0",
    },
    "savepoints": {"progress": "INTEGER NOT NULL DEFAULT 0"},
}
"""Columns that databases written by earlier emulator versions lack."""


def new_id(length: int = 16) -> str:
    """A random ResourceId (upper-case letters and digits)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass(frozen=True)
class WorkspaceRow:
    """A stored workspace."""

    seq: int
    id: str
    org_id: int
    name: str
    kube_cluster_id: str
    kube_namespace: str
    kube_service_account: str
    created: int
    updated: int


@dataclass(frozen=True)
class ServiceAccountRow:
    """A stored service account."""

    id: str
    org_id: int
    username: str
    description: str
    created: int
    updated: int


@dataclass(frozen=True)
class ResourceRow:
    """A stored application, session or session job."""

    seq: int
    id: str
    kind: str
    workspace: str
    parent: str
    name: str
    spec: dict[str, Any]
    flink_job_id: str
    timeline: Timeline
    stuck: bool
    restored_from: str | None = None
    """The savepoint location the job started from (None: a stateless start)."""
    start_progress: int = 0
    """The progress counter at start: the restored savepoint's, else 0."""


@dataclass(frozen=True)
class SavepointRow:
    """A stored savepoint."""

    nonce: str
    triggered: int
    complete_at: int
    location: str
    progress: int = 0
    """The job's progress counter at ``complete_at``, which the savepoint captures."""


class Store:
    """All persistent state of the emulator."""

    def __init__(self, path: str) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        with self.tx() as db:
            for table, columns in _ADDED_COLUMNS.items():
                present = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
                for name, declaration in columns.items():
                    if name not in present:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
                if table == "savepoints" and "progress" not in present:
                    # savepoints of an earlier version stay restorable
                    db.execute(
                        "INSERT OR IGNORE INTO savepoint_locations"
                        " SELECT location, complete_at, progress FROM savepoints"
                    )

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One committed write transaction (or a consistent read)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def fetch_one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        """Run a read query and return its first row."""
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, args).fetchone()
            return row

    def fetch_all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        """Run a read query and return every row."""
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ------------------------------------------------------------ organizations and keys

    def ensure_organization(
        self, org_id: int | None, key_hash: str, workspaces: list[str], now: int
    ) -> int:
        """Create (or reuse) an organization with a service account, its key and workspaces.

        ``org_id=None`` creates a new organization. For an existing one, the service account's
        bootstrap key is replaced by ``key_hash`` and missing workspaces are added.
        """
        with self.tx() as db:
            if (
                org_id is None
                or db.execute("SELECT 1 FROM organizations WHERE id = ?", (org_id,)).fetchone()
                is None
            ):
                cur = db.execute(
                    "INSERT INTO organizations (id, created) VALUES (?, ?)", (org_id, now)
                )
                org_id = int(cur.lastrowid or 0)
                db.execute(
                    "INSERT INTO service_accounts VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        new_id(),
                        org_id,
                        f"emulator-org{org_id}",
                        f"Service account of emulated organization {org_id}",
                        now,
                        now,
                    ),
                )
            sa = db.execute(
                "SELECT id FROM service_accounts WHERE org_id = ? ORDER BY created LIMIT 1",
                (org_id,),
            ).fetchone()
            db.execute("DELETE FROM api_keys WHERE sa_id = ? AND bootstrap = 1", (sa["id"],))
            db.execute("DELETE FROM api_keys WHERE key_hash = ?", (key_hash,))
            db.execute("INSERT INTO api_keys VALUES (?, ?, 1, ?)", (key_hash, sa["id"], now))
            for ws in workspaces:
                if db.execute("SELECT 1 FROM workspaces WHERE id = ?", (ws,)).fetchone():
                    continue
                db.execute(
                    "INSERT INTO workspaces (id, org_id, name, kube_cluster_id, kube_namespace,"
                    " kube_service_account, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        ws,
                        org_id,
                        ws.lower(),
                        "EMULATOR",
                        f"lakesail-{ws.lower()}",
                        "lakesail",
                        now,
                        now,
                    ),
                )
            return org_id

    def workspace_exists(self, ws: str) -> bool:
        """True when a workspace with this ID exists in any organization."""
        return self.fetch_one("SELECT 1 FROM workspaces WHERE id = ?", ws) is not None

    def service_account_for_key(self, key_hash: str) -> ServiceAccountRow | None:
        """The service account owning a key, by the key's digest."""
        row = self.fetch_one(
            "SELECT s.* FROM api_keys k JOIN service_accounts s ON s.id = k.sa_id"
            " WHERE k.key_hash = ?",
            key_hash,
        )
        return ServiceAccountRow(**dict(row)) if row else None

    def workspace(self, ws: str) -> WorkspaceRow | None:
        """A workspace by ID."""
        row = self.fetch_one("SELECT * FROM workspaces WHERE id = ?", ws)
        return WorkspaceRow(**dict(row)) if row else None

    def list_workspaces(self, org_id: int, after: int, limit: int) -> list[WorkspaceRow]:
        """Workspaces of an organization in creation order, after sequence ``after``."""
        rows = self.fetch_all(
            "SELECT * FROM workspaces WHERE org_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            org_id,
            after,
            limit,
        )
        return [WorkspaceRow(**dict(r)) for r in rows]

    def max_seq(self, table: str) -> int:
        """Highest sequence number ever issued for ``table`` (0 if none)."""
        row = self.fetch_one("SELECT seq FROM sqlite_sequence WHERE name = ?", table)
        return int(row["seq"]) if row else 0

    # ------------------------------------------------------------ savepoints

    def add_savepoint(self, resource_id: str, savepoint: SavepointRow) -> bool:
        """Store a triggered savepoint and record its location; False if the location is taken.

        The location record outlives the resource, so a later create can restore from it.
        """
        with self.tx() as db:
            taken = db.execute(
                "SELECT 1 FROM savepoint_locations WHERE location = ?", (savepoint.location,)
            ).fetchone()
            if taken:
                return False
            db.execute(
                "INSERT INTO savepoints (resource_id, nonce, triggered, complete_at, location,"
                " progress) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    resource_id,
                    savepoint.nonce,
                    savepoint.triggered,
                    savepoint.complete_at,
                    savepoint.location,
                    savepoint.progress,
                ),
            )
            db.execute(
                "INSERT INTO savepoint_locations (location, complete_at, progress)"
                " VALUES (?, ?, ?)",
                (savepoint.location, savepoint.complete_at, savepoint.progress),
            )
            return True

    def savepoints(self, resource_id: str) -> list[SavepointRow]:
        """Savepoints of a resource, newest first (by completion, then by trigger)."""
        rows = self.fetch_all(
            "SELECT nonce, triggered, complete_at, location, progress FROM savepoints"
            " WHERE resource_id = ? ORDER BY complete_at DESC, seq DESC",
            resource_id,
        )
        return [SavepointRow(**dict(r)) for r in rows]

    def completed_savepoint(self, location: str, now: int) -> tuple[int, int] | None:
        """``(completed at, captured progress)`` of a location this emulator produced."""
        row = self.fetch_one(
            "SELECT complete_at, progress FROM savepoint_locations"
            " WHERE location = ? AND complete_at <= ?",
            location,
            now,
        )
        return (int(row["complete_at"]), int(row["progress"])) if row else None


def row_to_resource(row: sqlite3.Row) -> ResourceRow:
    """Decode a ``resources`` row."""
    return ResourceRow(
        seq=row["seq"],
        id=row["id"],
        kind=row["kind"],
        workspace=row["workspace"],
        parent=row["parent"],
        name=row["name"],
        spec=json.loads(row["spec"]),
        flink_job_id=row["flink_job_id"],
        stuck=bool(row["stuck"]),
        restored_from=row["restored_from"],
        start_progress=row["start_progress"],
        timeline=Timeline(
            created=row["created"],
            settle_at=row["settle_at"],
            settle_state=row["settle_state"],
            spec_updated=row["spec_updated"],
            failed=row["failed"],
            deleted=row["deleted"],
            gone_at=row["gone_at"],
        ),
    )
