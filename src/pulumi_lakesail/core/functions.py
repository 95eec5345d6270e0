"""The functions (invokes): lookups, lists, savepoints and web-UI URLs, on the lifecycles.

Each function is declared as a ``Lookup`` (``resources/lookups.py``): its arguments are
checked by ``check_args`` before they get here, and its result holds exactly the outputs the
declaration names.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from ..client import models as api
from ..resources.lookups import Lookup
from .convert import dump
from .lifecycle import Lifecycle
from .resource_id import ObjectRef, Scope


def timestamp(seconds: float) -> str:
    """A UTC time in the API's form, ``YYYY-MM-DDTHH:mm:ss.sssZ``."""
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _savepoints(listed: list[api.FlinkSavepoint]) -> list[dict[str, Any]]:
    """Savepoints newest first, each with a location (empty while pending)."""
    items = [{"location": "", **dump(s)} for s in listed]
    return sorted(items, key=lambda s: str(s.get("triggeredAt", "")), reverse=True)


class Functions:
    """Runs the package's functions on the lifecycles of their bindings (by token)."""

    def __init__(
        self, lifecycles: Mapping[str, Lifecycle], clock: Callable[[], float] = time.time
    ) -> None:
        self.lifecycles = lifecycles
        self.clock = clock

    def invoke(self, lookup: Lookup, args: Mapping[str, Any]) -> dict[str, Any]:
        """The result of ``lookup`` for checked ``args`` (the workspace resolved)."""
        lc = self.lifecycles[lookup.binding.token]
        result: dict[str, Any]
        if lookup.operation == "get":
            result = lc.get(args)
        elif lookup.operation == "list":
            scope, items = lc.list(args)
            result = {**_found(lc, scope), "items": items}
        elif lookup.operation == "savepoints":
            scope, obj = lc.find(args)
            listing = lc.ops.list_savepoints(ObjectRef(scope, obj.id))
            result = {
                **_found(lc, scope, obj.id),
                "pending": _savepoints(listing.pending),
                "completed": _savepoints(listing.completed),
            }
        else:
            scope, obj = lc.find(args)
            # Taken before the request: the URL expires at this moment or later, never earlier.
            expires_at = timestamp(self.clock() + int(args["expiresInSeconds"]))
            spec = api.FlinkUrlSpec(
                expires_in_seconds=int(args["expiresInSeconds"]),
                web_session_duration_in_seconds=int(args["webSessionDurationInSeconds"]),
            )
            url = lc.ops.create_url(ObjectRef(scope, obj.id), spec)
            result = {**_found(lc, scope, obj.id), "url": url.url, "expiresAt": expires_at}
        declared = {p.name for p in lookup.function.outputs}
        return {k: v for k, v in result.items() if k in declared}


def _found(lc: Lifecycle, scope: Scope, object_id: str | None = None) -> dict[str, Any]:
    """The IDs a result starts with: the workspace, the parent's ID and the object's."""
    found = lc.convert.scope_outputs(scope)
    if object_id is not None:
        found[lc.binding.id_output] = object_id
    return found
