"""Where an object lives and how Pulumi names it.

A resource ID is ``<workspace>/<name>`` (a session job's ``<workspace>/<session>/<name>``): it
stays the same across redeploys. An import also takes the API's IDs in the same places
(``<workspace>/<applicationId>``, ``<workspace>/<sessionId>/<jobId>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..client.patterns import RESOURCE_ID_PATTERN as _ID
from ..resources.binding import Binding
from ..resources.flink_application import BINDING as APPLICATION

RESOURCE_ID_PATTERN = re.compile(_ID)


class InvalidResourceIdError(ValueError):
    """An ID not of the resource's form."""


@dataclass(frozen=True)
class Scope:
    """Where an object lives: its workspace and, for a session job, its session."""

    workspace: str
    parent_name: str | None = None
    parent_id: str | None = None

    @property
    def path(self) -> tuple[str, ...]:
        """The API path's IDs before the object's own: the workspace (and the session ID)."""
        if self.parent_id is None:
            return (self.workspace,)
        return (self.workspace, self.parent_id)


@dataclass(frozen=True)
class ObjectRef:
    """One LakeSail object: where it lives and its ID."""

    scope: Scope
    object_id: str

    @property
    def workspace(self) -> str:
        """The object's workspace."""
        return self.scope.workspace

    def __str__(self) -> str:
        return "/".join((*self.scope.path, self.object_id))


def as_api_id(key: str) -> str | None:
    """``key`` when it has the form of an API ID (it may still be a name)."""
    return key if RESOURCE_ID_PATTERN.fullmatch(key) else None


def split_id(text: str, binding: Binding = APPLICATION) -> tuple[str, ...]:
    """Split a resource ID (or an import ID) into the workspace, the parent's key (a name or an
    ID) where the resource has a parent, and the object's key."""
    depth = len(binding.scope_inputs) + 1
    parts = tuple(text.split("/", depth - 1))
    if len(parts) != depth or not all(parts) or not RESOURCE_ID_PATTERN.fullmatch(parts[0]):
        session = "shared/" if binding.parent else ""
        session_id = "S1B2C3D4/" if binding.parent else ""
        raise InvalidResourceIdError(
            f"invalid ID {text!r}: expected {binding.id_form()} or {binding.import_form()}, "
            "the workspace of upper-case letters and digits (1 to 20), for example "
            f"DEFAULT/{session}wordcount or DEFAULT/{session_id}A1B2C3D4"
        )
    return parts


@dataclass(frozen=True)
class ApplicationRef:
    """Where an application lives: its workspace and its LakeSail ID."""

    workspace: str
    application_id: str

    @classmethod
    def parse(cls, text: str) -> ApplicationRef:
        """Parse ``<workspace>/<applicationId>``, the form used by ``pulumi import``."""
        workspace, sep, application_id = text.partition("/")
        if (
            not sep
            or not RESOURCE_ID_PATTERN.fullmatch(workspace)
            or not RESOURCE_ID_PATTERN.fullmatch(application_id)
        ):
            raise InvalidResourceIdError(
                f"invalid ID {text!r}: expected <workspace>/<applicationId>, both of upper-case "
                "letters and digits (1 to 20), for example DEFAULT/A1B2C3D4"
            )
        return cls(workspace, application_id)

    def __str__(self) -> str:
        return f"{self.workspace}/{self.application_id}"
