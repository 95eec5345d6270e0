"""Translation between the resource's properties (wire names) and the API's models.

The provider-side inputs (``upgradeMode``, ``suspended``, ``initialSavepointPath``) never reach
the API; the savepoint a deployment starts from travels in its ``flinkConfiguration`` under
Flink's own key, which the provider owns and strips again on the way back.
"""

from __future__ import annotations

from typing import Any

from ..client import models as api
from ..resources.flink_application import RESOURCE
from ..resources.types import JOB_SPEC, SAVEPOINT_PATH_KEY
from ..resources.values import UNKNOWN

SPEC_FIELDS = tuple(p.name for p in RESOURCE.api_inputs)
"""The inputs that form the API's FlinkApplicationSpec."""
PROVIDER_FIELDS = tuple(p.name for p in RESOURCE.inputs if not p.api and p.name != "workspace")
"""The inputs of the provider's own, kept in the state only."""
COMPUTED_OUTPUTS = tuple(p.name for p in RESOURCE.computed)
SUSPENDED = "SUSPENDED"


def resource_id(inputs: dict[str, Any]) -> str:
    """The resource ID, ``<workspace>/<name>``: it stays the same across redeploys."""
    return f"{inputs['workspace']}/{inputs['name']}"


def to_spec(inputs: dict[str, Any], restore_from: str | None = None) -> api.FlinkApplicationSpec:
    """The create request for checked, fully known inputs, starting from ``restore_from``."""
    spec = {key: inputs[key] for key in SPEC_FIELDS}
    if restore_from:
        spec["flinkConfiguration"] = {
            **spec["flinkConfiguration"],
            SAVEPOINT_PATH_KEY: restore_from,
        }
    return api.FlinkApplicationSpec.model_validate(spec)


def restored_from(app: api.FlinkApplication) -> str:
    """The savepoint location ``app`` started from; empty when it started empty."""
    return app.flink_configuration.get(SAVEPOINT_PATH_KEY, "")


def _dump(model: api.FlinkApplication) -> dict[str, Any]:
    return model.model_dump(by_alias=True, exclude_none=True, mode="json")


def provider_inputs(previous: dict[str, Any] | None) -> dict[str, Any]:
    """The provider-side inputs as recorded before (their defaults when nothing was)."""
    previous = previous or {}
    out = {}
    for prop in RESOURCE.inputs:
        if prop.name in PROVIDER_FIELDS:
            value = previous.get(prop.name, prop.kind.default())
            if value is not None:
                out[prop.name] = value
    return out


def _inputs(
    workspace: str, data: dict[str, Any], previous: dict[str, Any] | None
) -> dict[str, Any]:
    inputs: dict[str, Any] = {"workspace": workspace}
    inputs.update({key: data[key] for key in SPEC_FIELDS if key != "job"})
    config = dict(inputs["flinkConfiguration"])
    config.pop(SAVEPOINT_PATH_KEY, None)
    inputs["flinkConfiguration"] = config
    job = data["job"]
    inputs["job"] = {key: job[key] for key in JOB_SPEC.names if key in job}
    inputs.update(provider_inputs(previous))
    return inputs


def inputs_from_application(
    workspace: str, app: api.FlinkApplication, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Rebuild the inputs from what the API reports, so import and refresh leave no diff; the
    provider-side inputs come from ``previous`` (the recorded inputs or outputs)."""
    return _inputs(workspace, _dump(app), previous)


def outputs_from_application(
    workspace: str,
    app: api.FlinkApplication,
    previous: dict[str, Any] | None = None,
    *,
    last_savepoint: str | None = None,
) -> dict[str, Any]:
    """Every input, plus the computed outputs; ``job`` is the API's FlinkJob (with id and name).

    ``lastSavepoint`` is the one given, else the one recorded in ``previous``.
    """
    data = _dump(app)
    outputs = _inputs(workspace, data, previous)
    outputs["job"] = data["job"]
    outputs["applicationId"] = data["id"]
    for key in ("state", "createdAt", "updatedAt"):
        outputs[key] = data[key]
    outputs["restoredFrom"] = restored_from(app)
    outputs["lastSavepoint"] = last_savepoint or (previous or {}).get("lastSavepoint", "")
    return outputs


def outputs_from_summary(
    inputs: dict[str, Any], summary: api.FlinkApplicationSummary, restore_from: str | None = None
) -> dict[str, Any]:
    """Outputs when only the create response is known (the wait could not describe it)."""
    data = summary.model_dump(by_alias=True, exclude_none=True, mode="json")
    outputs = dict(inputs)
    outputs["applicationId"] = data["id"]
    for key in ("state", "createdAt", "updatedAt"):
        outputs[key] = data[key]
    outputs["restoredFrom"] = restore_from or ""
    outputs.setdefault("lastSavepoint", "")
    return outputs


def suspended_outputs(
    inputs: dict[str, Any], last_savepoint: str, updated_at: str = ""
) -> dict[str, Any]:
    """Outputs of a suspended resource: its inputs, no LakeSail object, the state savepoint."""
    outputs = dict(inputs)
    outputs["applicationId"] = ""
    outputs["state"] = SUSPENDED
    outputs["createdAt"] = ""
    outputs["updatedAt"] = updated_at
    outputs["restoredFrom"] = ""
    outputs["lastSavepoint"] = last_savepoint
    outputs["job"] = {**inputs.get("job", {}), "id": "", "name": ""}
    return outputs


def preview_outputs(
    inputs: dict[str, Any], previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Outputs of a planned create or redeploy: the inputs; what the API computes stays unknown."""
    outputs = dict(inputs)
    for key in COMPUTED_OUTPUTS:
        outputs[key] = UNKNOWN
    if previous is not None:
        outputs["lastSavepoint"] = UNKNOWN
    job = inputs.get("job")
    if isinstance(job, dict):
        outputs["job"] = {**job, "id": UNKNOWN, "name": UNKNOWN}
    return outputs


def summary_to_dict(summary: api.FlinkApplicationSummary, workspace: str) -> dict[str, Any]:
    """A list item as returned by the listFlinkApplications function."""
    data = summary.model_dump(by_alias=True, exclude_none=True, mode="json")
    return {
        "id": f"{workspace}/{data['name']}",
        "applicationId": data["id"],
        "name": data["name"],
        "state": data["state"],
        "createdAt": data["createdAt"],
        "updatedAt": data["updatedAt"],
    }
