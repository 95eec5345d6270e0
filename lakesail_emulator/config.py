"""Settings of one emulator instance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RESOURCE_ID_RE = re.compile(r"[A-Z0-9]{1,20}")
"""ResourceId of the contract (`^[A-Z0-9]+$`, length 1..20); use with ``fullmatch``."""

MEMORY_DB = ":memory:"


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything `create_app` needs; the CLI flags map one to one onto these fields."""

    token: str = field(repr=False)
    """Bootstrap service-account key (never shown in a repr or a log line)."""
    workspace: str = "DEFAULT"
    """Bootstrap workspace of organization 1."""
    db_path: str = MEMORY_DB
    """SQLite file; ``:memory:`` keeps everything in memory (lost at exit)."""
    startup_seconds: float = 5.0
    """Seconds from PENDING to RUNNING (or FAILED under the failure rule)."""
    delete_seconds: float = 2.0
    """Seconds from DELETING to gone."""
    test_controls: bool = False
    """Serve the test-only controls under ``/_emulator/``."""
    max_body_bytes: int = 1024 * 1024
    """Larger request bodies are answered with 413."""
    savepoint_seconds: float = 1.0
    """Seconds from a savepoint's trigger to its completion."""
    max_requests_per_second: int | None = None
    """Requests under ``/api`` beyond this many in one second get 429 (None: no limit)."""

    def __post_init__(self) -> None:
        if not self.token or any(ch.isspace() for ch in self.token):
            raise ValueError("token must be non-empty and hold no whitespace")
        if not RESOURCE_ID_RE.fullmatch(self.workspace):
            raise ValueError("workspace must match ^[A-Z0-9]+$ and hold 1 to 20 characters")
        if min(self.startup_seconds, self.delete_seconds, self.savepoint_seconds) < 0:
            raise ValueError("startup, delete and savepoint seconds must not be negative")
        if self.max_requests_per_second is not None and self.max_requests_per_second < 1:
            raise ValueError("max requests per second must be at least 1")
        if self.max_body_bytes < 1:
            raise ValueError("max body bytes must be positive")
