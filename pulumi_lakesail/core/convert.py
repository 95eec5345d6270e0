"""Translation between the resource's properties (wire names) and the API's models."""

from __future__ import annotations

from typing import Any

from ..client import models as api
from .validate import INPUT_FIELDS
from .values import UNKNOWN

# The resource's inputs are the API's FlinkApplicationSpec plus the workspace it lives in.
SPEC_FIELDS = tuple(field for field in INPUT_FIELDS if field != "workspace")
COMPUTED_OUTPUTS = ("applicationId", "state", "createdAt", "updatedAt")


def to_spec(inputs: dict[str, Any]) -> api.FlinkApplicationSpec:
    """The create request for checked, fully known inputs."""
    return api.FlinkApplicationSpec.model_validate({key: inputs[key] for key in SPEC_FIELDS})


def _dump(model: api.FlinkApplication) -> dict[str, Any]:
    return model.model_dump(by_alias=True, exclude_none=True, mode="json")


def _inputs(workspace: str, data: dict[str, Any]) -> dict[str, Any]:
    inputs: dict[str, Any] = {"workspace": workspace}
    inputs.update({key: data[key] for key in SPEC_FIELDS if key != "job"})
    job = data["job"]
    inputs["job"] = {key: job[key] for key in ("jarUri", "entryClass", "args") if key in job}
    return inputs


def inputs_from_application(workspace: str, app: api.FlinkApplication) -> dict[str, Any]:
    """Rebuild the inputs from what the API reports, so import and refresh leave no diff."""
    return _inputs(workspace, _dump(app))


def outputs_from_application(workspace: str, app: api.FlinkApplication) -> dict[str, Any]:
    """Every input, plus the computed outputs; ``job`` is the API's FlinkJob (with id and name)."""
    data = _dump(app)
    outputs = _inputs(workspace, data)
    outputs["job"] = data["job"]
    outputs["applicationId"] = data["id"]
    for key in ("state", "createdAt", "updatedAt"):
        outputs[key] = data[key]
    return outputs


def outputs_from_summary(
    inputs: dict[str, Any], summary: api.FlinkApplicationSummary
) -> dict[str, Any]:
    """Outputs when only the create response is known (the wait could not describe it)."""
    data = summary.model_dump(by_alias=True, exclude_none=True, mode="json")
    outputs = dict(inputs)
    outputs["applicationId"] = data["id"]
    for key in ("state", "createdAt", "updatedAt"):
        outputs[key] = data[key]
    return outputs


def preview_outputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """Outputs of a planned create: the inputs; what the API computes stays unknown."""
    outputs = dict(inputs)
    for key in COMPUTED_OUTPUTS:
        outputs[key] = UNKNOWN
    job = inputs.get("job")
    if isinstance(job, dict):
        outputs["job"] = {**job, "id": UNKNOWN, "name": UNKNOWN}
    return outputs


def summary_to_dict(summary: api.FlinkApplicationSummary, workspace: str) -> dict[str, Any]:
    """A list item as returned by the listFlinkApplications function."""
    data = summary.model_dump(by_alias=True, exclude_none=True, mode="json")
    return {
        "id": f"{workspace}/{data['id']}",
        "applicationId": data["id"],
        "name": data["name"],
        "state": data["state"],
        "createdAt": data["createdAt"],
        "updatedAt": data["updatedAt"],
    }
