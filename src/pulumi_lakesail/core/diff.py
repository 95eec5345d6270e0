"""Diff: compare the recorded inputs with the new ones, locally, with no HTTP call.

Only a change of ``name`` or ``workspace`` replaces the Pulumi resource; any other change keeps it
and redeploys the LakeSail object behind it (``redeploy.py``). Values that mean
the same (``1`` and ``1.0`` CPU, ``1024m`` and ``1g``, map order) are not changes, so import and
refresh never leave a perpetual diff.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..resources import flink_application
from ..resources.kinds import Ref, Resource, StringMap, key_path
from ..resources.types import SUSPENDED
from ..resources.values import contains_unknown, is_unknown

ChangeKind = Literal["add", "delete", "update"]


@dataclass(frozen=True)
class FieldChange:
    """One changed property, by its Pulumi property path."""

    path: str
    kind: ChangeKind


@dataclass
class DiffResult:
    """What changed, and what each change costs."""

    changes: list[FieldChange] = field(default_factory=list)
    replace_fields: tuple[str, ...] = ()
    delete_before_replace: bool = False
    replaced_because_of_state: bool = False
    reason: str = ""
    """Why the resource changes although no input did (its recorded state), as a predicate
    of the resource ("is recorded as PENDING ..."); empty when an input changed."""

    @property
    def has_changes(self) -> bool:
        """Whether anything changed."""
        return bool(self.changes)

    @property
    def tops(self) -> list[str]:
        """The top-level properties that changed."""
        tops = []
        for change in self.changes:
            top = change.path.split(".")[0].split("[")[0]
            if top not in tops:
                tops.append(top)
        return tops

    @property
    def replaces(self) -> list[str]:
        """The changed properties that replace the Pulumi resource (``name``, ``workspace``);
        every other change keeps the resource and redeploys the object behind it."""
        return [top for top in self.tops if top in self.replace_fields]


def _kind(old: Any, new: Any) -> ChangeKind:
    if old is None:
        return "add"
    if new is None:
        return "delete"
    return "update"


def _differs(old: Any, new: Any) -> bool:
    return contains_unknown(new) or old != new


def _may_equal(old: Any, new: Any) -> bool:
    return contains_unknown(old) or contains_unknown(new) or old == new


_STATE_REASONS = {
    "PENDING": (
        "is recorded as PENDING, not RUNNING (as a create or update that timed out, was "
        "cancelled or lost contact with LakeSail leaves it); `pulumi up` waits for it to be "
        "RUNNING"
    ),
    "FAILED": "is FAILED, which LakeSail cannot restart; `pulumi up` deploys it again",
    "DELETING": "is being deleted outside Pulumi; `pulumi up` deploys it again once it is gone",
}
"""The recorded states that need an update with no input changed, and what that update does."""

_UNDEPLOYED = (
    "has no deployment: a redeploy failed after the previous one was deleted; `pulumi up` "
    "deploys it from the savepoint recorded as lastSavepoint"
)
"""Recorded SUSPENDED although ``suspended`` is not set: only a failed redeploy leaves that."""


def diff(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    *,
    old_state: str | None = None,
    resource: Resource = flink_application.RESOURCE,
) -> DiffResult:
    """Compare old inputs with new (checked) inputs, property by property.

    ``old_state`` is the application's last known state: a FAILED or DELETING application is
    replaced by the next update even when its inputs did not change, since LakeSail can neither
    restart nor keep it; one recorded PENDING (a create or update that timed out leaves it so)
    is waited for by the next update. Either way ``state`` changes, and ``reason`` says why.
    """
    result = DiffResult(replace_fields=tuple(p.name for p in resource.inputs if p.replaces))
    for prop in resource.inputs:
        old, new = olds.get(prop.name), news.get(prop.name)
        if old is None:
            old = prop.kind.default()
        if new is None:
            new = prop.kind.default()
        if not is_unknown(old) and old is not None:
            old = prop.kind.canonical(old)
        if not is_unknown(new) and new is not None:
            new = prop.kind.canonical(new)
        if (
            isinstance(prop.kind, (Ref, StringMap))
            and isinstance(old, dict)
            and isinstance(new, dict)
        ):
            for key in sorted(set(old) | set(new)):
                if _differs(old.get(key), new.get(key)):
                    kind = _kind(old.get(key), new.get(key))
                    result.changes.append(FieldChange(key_path(prop.name, key), kind))
        elif _differs(old, new):
            result.changes.append(FieldChange(prop.name, _kind(old, new)))

    if old_state in _STATE_REASONS and not result.changes:
        result.replaced_because_of_state = old_state != "PENDING"
        result.reason = _STATE_REASONS[old_state]
        result.changes.append(FieldChange("state", "update"))
    elif old_state == SUSPENDED and not news.get("suspended") and not result.changes:
        result.reason = _UNDEPLOYED
        result.changes.append(FieldChange("state", "update"))

    # Names are unique in a workspace: a replacement (a `--replace` included) cannot create the
    # new object beside the old one while both have the same name, so the old one goes first.
    same_name = _may_equal(olds.get("name"), news.get("name"))
    same_workspace = _may_equal(olds.get("workspace"), news.get("workspace"))
    result.delete_before_replace = same_name and same_workspace
    return result
