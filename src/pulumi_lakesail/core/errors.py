"""Errors of the lifecycle that adapters translate for their engine."""

from __future__ import annotations

from typing import Any


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
