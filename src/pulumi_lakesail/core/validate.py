"""Check: validate and default a resource's inputs before any HTTP call.

Every rule comes from the resource's declaration; each failure names the property path
(``jobManagerResource.cpu``) and the rule it breaks. Unknown values (previews) are accepted as
they are: they are checked when they are known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..resources import flink_application
from ..resources.kinds import Checker, Failure, Function, Resource, check_properties

__all__ = ["CheckResult", "Failure", "check", "check_args"]


@dataclass
class CheckResult:
    """The defaulted inputs, and the failures (empty when the inputs are valid)."""

    inputs: dict[str, Any]
    failures: list[Failure] = field(default_factory=list)


def check(
    raw: Mapping[str, Any],
    default_workspace: str | None,
    resource: Resource = flink_application.RESOURCE,
) -> CheckResult:
    """Validate ``raw`` inputs (wire names) and fill defaults; no I/O.

    ``workspace`` falls back to ``default_workspace`` (the provider's configuration), so the
    state always holds it. Lists and maps the API requires default to empty.
    """
    values = dict(raw)
    if values.get("workspace") in (None, "") and default_workspace is not None:
        values["workspace"] = default_workspace
    c = Checker()
    inputs = check_properties(resource.inputs, values, "", c)
    for rule in resource.cross_checks:
        rule(inputs, c)
    return CheckResult(inputs, c.failures)


def check_args(
    function: Function, raw: Mapping[str, Any], default_workspace: str | None
) -> CheckResult:
    """Validate a function's arguments as a resource's inputs are, the workspace defaulted."""
    values = {k: v for k, v in raw.items() if v not in (None, "")}
    if "workspace" not in values and default_workspace is not None:
        values["workspace"] = default_workspace
    c = Checker()
    args = check_properties(function.inputs, values, "", c)
    if "workspace" in (p.name for p in function.inputs) and "workspace" not in args:
        c.fail(
            "workspace",
            "is required: pass workspace, or set lakesail:workspace or LAKESAIL_WORKSPACE",
        )
    for rule in function.cross_checks:
        rule(args, c)
    return CheckResult(args, c.failures)
