"""The zero-setup variant for Python programs: ``pulumi.dynamic`` resources on the same core.

``from pulumi_lakesail.dynamic import FlinkApplication, FlinkSession, FlinkSessionJob`` needs
nothing installed beyond this package: the engine runs the provider in Pulumi's own
dynamic-provider host. The provider object is pickled into the state, so it holds nothing: no
token, no session, no closure; the class is pickled by reference, and configuration is read
again in every deployment (``configure``).

The dynamic host has limits the native provider does not: no import, no detailed diff, no
custom timeouts (the defaults apply), no preview warnings (a session's running jobs that a
change restarts are not counted), and secrets are revealed to the host. A create that fails
after the object exists deletes it again, since the host cannot record a half-created resource.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic as dyn
from typing_extensions import override

from ..core.diff import diff as diff_inputs
from ..core.errors import LifecycleError, PartialCreateError
from ..core.lifecycle import Lifecycle
from ..core.redeploy import Redeployer
from ..core.settings import KEYS, ProviderSettings
from ..core.validate import check
from ..flink_application import FlinkApplicationArgs
from ..resources import flink_application, flink_session, flink_session_job
from ..resources.binding import Binding
from ..resources.values import UNKNOWN, is_unknown, replace_unknowns

INPUT_FIELDS = flink_application.RESOURCE.input_names
"""FlinkApplication's inputs (each binding's are ``binding.resource.input_names``)."""

_HOST_KEYS = ("__provider",)


def _is_host_unknown(value: Any) -> bool:
    return isinstance(value, str) and value == pulumi.runtime.rpc.UNKNOWN


def _from_host(props: dict[str, Any]) -> dict[str, Any]:
    """The properties without the host's own keys, with the host's unknowns as core's."""
    return {
        k: replace_unknowns(v, _is_host_unknown, UNKNOWN)
        for k, v in props.items()
        if k not in _HOST_KEYS
    }


def _to_host(values: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = replace_unknowns(values, is_unknown, pulumi.runtime.rpc.UNKNOWN)
    return converted


class LakeSailDynamicProvider(dyn.ResourceProvider):
    """The dynamic provider of one binding: an adapter from ``pulumi.dynamic`` to the core.

    Subclasses name their binding; instances hold nothing that reaches the pickled state.
    """

    binding: ClassVar[Binding]
    serialize_as_secret_always = False

    def __init__(self) -> None:
        super().__init__()
        self._settings: ProviderSettings | None = None
        self._lifecycle: Lifecycle | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Nothing configured is ever pickled into the state: no token, no session.
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._settings = None
        self._lifecycle = None

    @override
    def configure(self, req: dyn.ConfigureRequest) -> None:
        # The stack's configuration, by full key; older engines spell it lakesail:config:<key>.
        config = {
            key: req.config.get(f"lakesail:{key}") or req.config.get(f"lakesail:config:{key}")
            for key in KEYS
        }
        self._settings = ProviderSettings.resolve(config)
        self._lifecycle = Lifecycle(self._settings.client(), self.binding)

    def _ensure(self) -> Lifecycle:
        if self._lifecycle is None:
            # Older hosts never call configure: the environment is the only source then.
            self._settings = ProviderSettings.resolve({})
            self._lifecycle = Lifecycle(self._settings.client(), self.binding)
        return self._lifecycle

    def _default_workspace(self) -> str | None:
        if self._settings is None:
            try:
                self._ensure()
            except LifecycleError:
                return None
        return self._settings.workspace if self._settings else None

    @override
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> dyn.CheckResult:
        # The resource declares its computed outputs as None inputs so that they are registered.
        inputs = self.binding.resource.input_names
        raw = {k: v for k, v in _from_host(news).items() if k in inputs or v is not None}
        result = check(raw, self._default_workspace(), resource=self.binding.resource)
        failures = [dyn.CheckFailure(f.path, f.reason) for f in result.failures]
        return dyn.CheckResult(_to_host(result.inputs), failures)

    @override
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> dyn.DiffResult:
        old_values = _from_host(olds)
        result = diff_inputs(
            old_values,
            _from_host(news),
            old_state=old_values.get("state"),
            resource=self.binding.resource,
        )
        return dyn.DiffResult(
            changes=result.has_changes,
            replaces=result.replaces,
            delete_before_replace=result.delete_before_replace,
        )

    @override
    def create(self, props: dict[str, Any]) -> dyn.CreateResult:
        lifecycle = self._ensure()
        what = self.binding.what
        try:
            created = lifecycle.create(_from_host(props))
        except PartialCreateError as exc:
            # The dynamic host cannot record a resource whose create failed: roll back, so
            # nothing is orphaned, and say what happened.
            try:
                lifecycle.delete(exc.resource_id)
            except Exception as cleanup:  # noqa: BLE001 - reported with the original cause
                raise LifecycleError(
                    f"{exc}; deleting the failed {what} {exc.resource_id} also failed "
                    f"({cleanup}): delete it by hand"
                ) from None
            raise LifecycleError(f"{exc}; the {what} was deleted again") from None
        return dyn.CreateResult(created.resource_id, created.outputs)

    @override
    def read(self, id_: str, props: dict[str, Any]) -> dyn.ReadResult:
        observed = self._ensure().read(id_, _from_host(props))
        if observed is None:
            return dyn.ReadResult(None, {})
        return dyn.ReadResult(observed.resource_id, observed.outputs, observed.inputs)

    @override
    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> dyn.UpdateResult:
        outputs = Redeployer(self._ensure()).update(
            _from_host(olds), _from_host(news), note=_log_info, warn=_log_warning
        )
        return dyn.UpdateResult(outputs)

    @override
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._ensure().delete(id_, _from_host(props), note=_log_info)


class FlinkApplicationProvider(LakeSailDynamicProvider):
    """The dynamic provider of FlinkApplication."""

    binding = flink_application.BINDING


class FlinkSessionProvider(LakeSailDynamicProvider):
    """The dynamic provider of FlinkSession."""

    binding = flink_session.BINDING


class FlinkSessionJobProvider(LakeSailDynamicProvider):
    """The dynamic provider of FlinkSessionJob."""

    binding = flink_session_job.BINDING


def _log_info(message: str) -> None:
    pulumi.log.info(message)


def _log_warning(message: str) -> None:
    pulumi.log.warn(message)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _output_names(binding: Binding) -> dict[str, str]:
    """Each output's wire name and its Python attribute."""
    names = (*binding.resource.input_names, *binding.computed_outputs)
    return {name: _snake(name) for name in names}


class _LakeSailResource(dyn.Resource):
    """A dynamic resource of this package: its properties from an Args object of the SDK or
    keyword arguments, its outputs under their snake_case attributes."""

    provider_class: ClassVar[type[LakeSailDynamicProvider]]
    """The dynamic provider of the resource type."""

    def __init__(
        self,
        resource_name: str,
        args: object | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the resource; ``args`` (the SDK's Args class of the native resource) or
        keyword arguments as for the native resource."""
        provider = self.provider_class()
        names = _output_names(provider.binding)
        props: dict[str, Any] = {}
        for wire, attribute in names.items():
            value = getattr(args, attribute, None) if args is not None else None
            props[wire] = kwargs.get(attribute, value)
        super().__init__(provider, resource_name, props, opts)
        # A dynamic resource has no type metadata, so the SDK stores each output under its
        # wire name; the snake_case attributes refer to the same Output objects.
        for wire, attribute in names.items():
            if attribute != wire:
                self.__dict__[attribute] = self.__dict__[wire]


# Outputs arrive under their camelCase wire names; __init__ aliases them to these attributes.
class _ObjectOutputs:
    workspace: pulumi.Output[str]
    name: pulumi.Output[str]
    state: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]


class _ClusterOutputs(_ObjectOutputs):
    runtime: pulumi.Output[str]
    jars: pulumi.Output[list[str]]
    plugins: pulumi.Output[list[Any]]
    flink_configuration: pulumi.Output[dict[str, str]]
    log_configuration: pulumi.Output[dict[str, str]]
    job_manager_resource: pulumi.Output[dict[str, Any]]
    task_manager_resource: pulumi.Output[dict[str, Any]]


class _JobOutputs(_ObjectOutputs):
    job: pulumi.Output[dict[str, Any]]
    upgrade_mode: pulumi.Output[str]
    suspended: pulumi.Output[bool]
    initial_savepoint_path: pulumi.Output[str]
    restored_from: pulumi.Output[str]
    last_savepoint: pulumi.Output[str]


class FlinkApplication(
    _LakeSailResource, _ClusterOutputs, _JobOutputs, module="lakesail", name="FlinkApplication"
):
    """A Flink application through the dynamic provider (same arguments as the native one)."""

    provider_class = FlinkApplicationProvider
    application_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: FlinkApplicationArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare an application; ``args`` or keyword arguments as for the native resource."""
        super().__init__(resource_name, args, opts, **kwargs)


class FlinkSession(_LakeSailResource, _ClusterOutputs, module="lakesail", name="FlinkSession"):
    """A Flink session through the dynamic provider (same arguments as the native one)."""

    provider_class = FlinkSessionProvider
    session_id: pulumi.Output[str]


class FlinkSessionJob(_LakeSailResource, _JobOutputs, module="lakesail", name="FlinkSessionJob"):
    """A Flink session job through the dynamic provider (same arguments as the native one).
    Pass ``session=my_session.name`` so that Pulumi creates the session first."""

    provider_class = FlinkSessionJobProvider
    session: pulumi.Output[str]
    flink_configuration: pulumi.Output[dict[str, str]]
    session_id: pulumi.Output[str]
    job_id: pulumi.Output[str]
