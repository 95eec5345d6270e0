"""Errors of the lifecycle that adapters translate for their engine."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


class LifecycleError(Exception):
    """An operation failed; the message says why and what to do."""


class PartialCreateError(LifecycleError):
    """The application exists but did not reach RUNNING.

    The engine must still record it (ID and outputs), so that it is tracked and never orphaned.
    """

    def __init__(self, resource_id: str, outputs: dict[str, Any], reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.resource_id = resource_id
        self.outputs = outputs
        self.reasons = reasons


class ConfigurationError(LifecycleError):
    """Provider configuration is missing or invalid; ``problems`` pairs each key with its text."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def address_of(endpoint: str) -> str:
    """``host:port`` of an endpoint URL (the scheme's port when it names none)."""
    where = urlsplit(endpoint)
    return f"{where.hostname}:{where.port or (443 if where.scheme == 'https' else 80)}"


def cannot_reach(endpoint: str, detail: str) -> str:
    """What every message says when LakeSail cannot be reached: where, the key that sets it,
    what failed."""
    return (
        f"cannot reach LakeSail at {address_of(endpoint)} (lakesail:endpoint {endpoint}): "
        f"{detail}; check that LakeSail runs there, or set lakesail:endpoint (or "
        "LAKESAIL_ENDPOINT) to its address"
    )
