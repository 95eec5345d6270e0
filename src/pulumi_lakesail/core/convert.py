"""Translation between a resource's properties (wire names) and the API's models.

One ``Conversions`` per binding. The scope inputs (``workspace``, a session job's ``session``)
and the provider-side inputs (``upgradeMode``, ``suspended``, ``initialSavepointPath``) never
reach the API's spec; the savepoint a job starts from travels in its ``flinkConfiguration``
under Flink's own key, which the provider owns and strips again on the way back.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel

from ..client import models as api
from ..resources.binding import Binding
from ..resources.flink_application import BINDING as APPLICATION
from ..resources.kinds import Prop, Ref
from ..resources.types import SAVEPOINT_PATH_KEY, SUSPENDED
from ..resources.values import UNKNOWN
from .resource_id import Scope


class ApiState(Protocol):
    """A state enum of the API (FlinkApplicationState, FlinkSessionState ...)."""

    @property
    def value(self) -> str:
        """The state's name."""


class ApiSummary(Protocol):
    """What a create response and a list item tell of an object."""

    @property
    def id(self) -> str:
        """The object's LakeSail ID."""

    @property
    def name(self) -> str:
        """The object's name."""

    @property
    def state(self) -> ApiState:
        """The object's state."""

    @property
    def created_at(self) -> str:
        """When it was created (``createdAt``, the server's clock)."""

    @property
    def updated_at(self) -> str:
        """When it last changed: a state or its spec (``updatedAt``)."""


class ApiObject(ApiSummary, Protocol):
    """An object as described by the API."""

    @property
    def flink_configuration(self) -> dict[str, str]:
        """Its Flink configuration."""


def dump(model: object) -> dict[str, Any]:
    """A response model as wire-named JSON values."""
    if not isinstance(model, BaseModel):
        raise TypeError(f"not an API model: {type(model).__name__}")
    return model.model_dump(by_alias=True, exclude_none=True, mode="json")


def restored_from(obj: ApiObject) -> str:
    """The savepoint location ``obj`` started from; empty when it started empty."""
    return obj.flink_configuration.get(SAVEPOINT_PATH_KEY, "")


def _reported(prop: Prop) -> tuple[Ref, Ref] | None:
    """(input, output) kinds of a property the API reports with more fields (``job``)."""
    if isinstance(prop.kind, Ref) and isinstance(prop.output, Ref):
        return prop.kind, prop.output
    return None


class Conversions:
    """The conversions of one binding's resource."""

    def __init__(self, binding: Binding) -> None:
        self.binding = binding
        resource = binding.resource
        self._reported = {p.name: kinds for p in resource.inputs if (kinds := _reported(p))}
        self._provider_props = tuple(
            p for p in resource.inputs if p.name in binding.provider_fields
        )

    # ----------------------------------------------------------------- identity
    def resource_id(self, values: dict[str, Any]) -> str:
        """The resource ID of inputs or outputs: it stays the same across redeploys."""
        return "/".join(str(values[key]) for key in (*self.binding.scope_inputs, "name"))

    def scope_inputs(self, scope: Scope) -> dict[str, Any]:
        """The inputs that say where an object of ``scope`` lives."""
        values: dict[str, Any] = {"workspace": scope.workspace}
        if self.binding.parent is not None:
            values[self.binding.parent.input] = scope.parent_name
        return values

    def scope_outputs(self, scope: Scope) -> dict[str, Any]:
        """The scope inputs, and the parent's ID as an output."""
        values = self.scope_inputs(scope)
        if self.binding.parent is not None:
            values[self.binding.parent.binding.id_output] = scope.parent_id
        return values

    # ----------------------------------------------------------------- to the API
    def to_spec(self, inputs: dict[str, Any], restore_from: str | None = None) -> BaseModel:
        """The create request for checked, fully known inputs, starting from ``restore_from``."""
        spec = {key: inputs[key] for key in self.binding.spec_fields}
        if restore_from:
            spec["flinkConfiguration"] = {
                **spec["flinkConfiguration"],
                SAVEPOINT_PATH_KEY: restore_from,
            }
        model: type[BaseModel] = getattr(api, self.binding.spec_model)
        return model.model_validate(spec)

    # ----------------------------------------------------------------- from the API
    def provider_inputs(self, previous: dict[str, Any] | None) -> dict[str, Any]:
        """The provider-side inputs as recorded before (their defaults when nothing was)."""
        previous = previous or {}
        out = {}
        for prop in self._provider_props:
            value = previous.get(prop.name, prop.kind.default())
            if value is not None:
                out[prop.name] = value
        return out

    def _inputs(
        self, scope: Scope, data: dict[str, Any], previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        inputs = self.scope_inputs(scope)
        for key in self.binding.spec_fields:
            value = data[key]
            if key in self._reported:
                value = {k: value[k] for k in self._reported[key][0].type.names if k in value}
            inputs[key] = value
        if self.binding.savepoints:
            config = dict(inputs["flinkConfiguration"])
            config.pop(SAVEPOINT_PATH_KEY, None)
            inputs["flinkConfiguration"] = config
        inputs.update(self.provider_inputs(previous))
        return inputs

    def inputs_from(
        self, scope: Scope, obj: ApiObject, previous: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Rebuild the inputs from what the API reports, so import and refresh leave no diff;
        the provider-side inputs come from ``previous`` (the recorded inputs or outputs)."""
        return self._inputs(scope, dump(obj), previous)

    def outputs_from(
        self,
        scope: Scope,
        obj: ApiObject,
        previous: dict[str, Any] | None = None,
        *,
        last_savepoint: str | None = None,
    ) -> dict[str, Any]:
        """Every input, plus the computed outputs; ``job`` as the API reports it (with Flink's
        id and name). ``lastSavepoint`` is the one given, else the one recorded in ``previous``.
        """
        data = dump(obj)
        outputs = self._inputs(scope, data, previous)
        outputs.update(self.scope_outputs(scope))
        for key in self._reported:
            outputs[key] = data[key]
        outputs[self.binding.id_output] = data["id"]
        for key in ("state", "createdAt", "updatedAt"):
            outputs[key] = data[key]
        if self.binding.savepoints:
            outputs["restoredFrom"] = restored_from(obj)
            outputs["lastSavepoint"] = last_savepoint or (previous or {}).get("lastSavepoint", "")
        return outputs

    def outputs_from_summary(
        self,
        inputs: dict[str, Any],
        scope: Scope,
        summary: ApiSummary,
        restore_from: str | None = None,
    ) -> dict[str, Any]:
        """Outputs when only the create response is known (the wait could not describe it)."""
        data = dump(summary)
        outputs = {**inputs, **self.scope_outputs(scope)}
        outputs[self.binding.id_output] = data["id"]
        for key in ("state", "createdAt", "updatedAt"):
            outputs[key] = data[key]
        if self.binding.savepoints:
            outputs["restoredFrom"] = restore_from or ""
            outputs.setdefault("lastSavepoint", "")
        return outputs

    def _with_reported(self, inputs: dict[str, Any], value: Any) -> dict[str, Any]:
        """``inputs`` with each reported property's extra fields (``job.id``) set to ``value``."""
        outputs = dict(inputs)
        for key, (in_kind, out_kind) in self._reported.items():
            if isinstance(inputs.get(key), dict):
                extra = {p.name: value for p in out_kind.type.properties}
                extra = {k: v for k, v in extra.items() if k not in in_kind.type.names}
                outputs[key] = {**inputs[key], **extra}
        return outputs

    def suspended_outputs(
        self, inputs: dict[str, Any], last_savepoint: str, updated_at: str = ""
    ) -> dict[str, Any]:
        """Outputs of a suspended resource: its inputs, no LakeSail object, the state savepoint."""
        outputs = self._with_reported(inputs, "")
        for key in self.binding.computed_outputs:
            outputs[key] = ""
        outputs["state"] = SUSPENDED
        outputs["updatedAt"] = updated_at
        outputs["lastSavepoint"] = last_savepoint
        return outputs

    def preview_outputs(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Outputs of a planned create or redeploy: the inputs; what the API computes stays
        unknown."""
        outputs = self._with_reported(inputs, UNKNOWN)
        for key in self.binding.computed_outputs:
            outputs[key] = UNKNOWN
        return outputs

    def summary_to_dict(self, summary: ApiSummary, scope: Scope) -> dict[str, Any]:
        """A list item as the listX functions return it."""
        data = dump(summary)
        return {
            "id": self.resource_id({**self.scope_inputs(scope), "name": data["name"]}),
            self.binding.id_output: data["id"],
            "name": data["name"],
            "state": data["state"],
            "createdAt": data["createdAt"],
            "updatedAt": data["updatedAt"],
        }


_APPLICATION = Conversions(APPLICATION)

# FlinkApplication's conversions under their long-standing names (benchmarks, fault scenarios).
SPEC_FIELDS = APPLICATION.spec_fields
"""The inputs that form the API's FlinkApplicationSpec."""
COMPUTED_OUTPUTS = APPLICATION.computed_outputs


def to_spec(inputs: dict[str, Any], restore_from: str | None = None) -> BaseModel:
    """An application's create request (``Conversions.to_spec``)."""
    return _APPLICATION.to_spec(inputs, restore_from)


def inputs_from_application(
    workspace: str, app: ApiObject, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An application's inputs rebuilt from the API (``Conversions.inputs_from``)."""
    return _APPLICATION.inputs_from(Scope(workspace), app, previous)


def outputs_from_application(
    workspace: str, app: ApiObject, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An application's outputs from the API (``Conversions.outputs_from``)."""
    return _APPLICATION.outputs_from(Scope(workspace), app, previous)
