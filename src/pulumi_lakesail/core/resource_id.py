"""The resource ID of an application in Pulumi's state: ``<workspace>/<applicationId>``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..client.patterns import RESOURCE_ID_PATTERN as _ID

RESOURCE_ID_PATTERN = re.compile(_ID)


class InvalidResourceIdError(ValueError):
    """An ID that is not ``<workspace>/<applicationId>``."""


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

    @staticmethod
    def split(text: str) -> tuple[str, str]:
        """Split a resource ID ``<workspace>/<name>`` (or ``<workspace>/<applicationId>``)."""
        workspace, sep, key = text.partition("/")
        if not sep or not key or not RESOURCE_ID_PATTERN.fullmatch(workspace):
            raise InvalidResourceIdError(
                f"invalid ID {text!r}: expected <workspace>/<name> or <workspace>/<applicationId>, "
                "the workspace of upper-case letters and digits (1 to 20), for example "
                "DEFAULT/wordcount or DEFAULT/A1B2C3D4"
            )
        return workspace, key

    def __str__(self) -> str:
        return f"{self.workspace}/{self.application_id}"
