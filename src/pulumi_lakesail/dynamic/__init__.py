"""The zero-setup variant for Python programs: a ``pulumi.dynamic`` resource on the same core.

``from pulumi_lakesail.dynamic import FlinkApplication`` needs nothing installed beyond this
package: the engine runs the provider in Pulumi's own dynamic-provider host. The provider object
is pickled into the state, so it holds nothing: no token, no session, no closure; the class is
pickled by reference, and configuration is read again in every deployment (``configure``).

The dynamic host has limits the native provider does not: no import, no detailed diff, no
custom timeouts (the defaults apply), and secrets are revealed to the host. A create that fails
after the application exists deletes it again, since the host cannot record a half-created
resource.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pulumi.dynamic as dyn
from typing_extensions import override

from ..core.convert import COMPUTED_OUTPUTS
from ..core.diff import diff as diff_inputs
from ..core.errors import LifecycleError, PartialCreateError
from ..core.lifecycle import ApplicationLifecycle
from ..core.redeploy import Redeployer
from ..core.settings import KEYS, ProviderSettings
from ..core.validate import check
from ..flink_application import FlinkApplicationArgs
from ..resources.flink_application import RESOURCE
from ..resources.values import UNKNOWN, is_unknown, replace_unknowns

INPUT_FIELDS = RESOURCE.input_names

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


class FlinkApplicationProvider(dyn.ResourceProvider):
    """The dynamic provider: an adapter from ``pulumi.dynamic`` to the lifecycle core."""

    serialize_as_secret_always = False

    def __init__(self) -> None:
        super().__init__()
        self._settings: ProviderSettings | None = None
        self._lifecycle: ApplicationLifecycle | None = None

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
        self._lifecycle = ApplicationLifecycle(self._settings.client())

    def _ensure(self) -> ApplicationLifecycle:
        if self._lifecycle is None:
            # Older hosts never call configure: the environment is the only source then.
            self._settings = ProviderSettings.resolve({})
            self._lifecycle = ApplicationLifecycle(self._settings.client())
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
        raw = {k: v for k, v in _from_host(news).items() if k in INPUT_FIELDS or v is not None}
        result = check(raw, self._default_workspace())
        failures = [dyn.CheckFailure(f.path, f.reason) for f in result.failures]
        return dyn.CheckResult(_to_host(result.inputs), failures)

    @override
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> dyn.DiffResult:
        old_values = _from_host(olds)
        result = diff_inputs(old_values, _from_host(news), old_state=old_values.get("state"))
        return dyn.DiffResult(
            changes=result.has_changes,
            replaces=result.replaces,
            delete_before_replace=result.delete_before_replace,
        )

    @override
    def create(self, props: dict[str, Any]) -> dyn.CreateResult:
        lifecycle = self._ensure()
        try:
            created = lifecycle.create(_from_host(props))
        except PartialCreateError as exc:
            # The dynamic host cannot record a resource whose create failed: roll back, so
            # nothing is orphaned, and say what happened.
            try:
                lifecycle.delete(exc.resource_id)
            except Exception as cleanup:  # noqa: BLE001 - reported with the original cause
                raise LifecycleError(
                    f"{exc}; deleting the failed application {exc.resource_id} also failed "
                    f"({cleanup}): delete it by hand"
                ) from None
            raise LifecycleError(f"{exc}; the application was deleted again") from None
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
            _from_host(olds), _from_host(news), note=_log_info
        )
        return dyn.UpdateResult(outputs)

    @override
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._ensure().delete(id_, _from_host(props), note=_log_info)


def _log_info(message: str) -> None:
    pulumi.log.info(message)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_OUTPUT_NAMES = {name: _snake(name) for name in (*INPUT_FIELDS, *COMPUTED_OUTPUTS)}


class FlinkApplication(dyn.Resource, module="lakesail", name="FlinkApplication"):
    """A Flink application through the dynamic provider (same arguments as the native one)."""

    # Outputs arrive under their camelCase wire names; __init__ aliases them to these names.
    workspace: pulumi.Output[str]
    name: pulumi.Output[str]
    runtime: pulumi.Output[str]
    jars: pulumi.Output[list[str]]
    plugins: pulumi.Output[list[Any]]
    flink_configuration: pulumi.Output[dict[str, str]]
    log_configuration: pulumi.Output[dict[str, str]]
    job_manager_resource: pulumi.Output[dict[str, Any]]
    task_manager_resource: pulumi.Output[dict[str, Any]]
    job: pulumi.Output[dict[str, Any]]
    upgrade_mode: pulumi.Output[str]
    suspended: pulumi.Output[bool]
    initial_savepoint_path: pulumi.Output[str]
    application_id: pulumi.Output[str]
    state: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    restored_from: pulumi.Output[str]
    last_savepoint: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: FlinkApplicationArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare an application; ``args`` or keyword arguments as for the native resource."""
        props: dict[str, Any] = {}
        for wire, attribute in _OUTPUT_NAMES.items():
            value = getattr(args, attribute, None) if args is not None else None
            props[wire] = kwargs.get(attribute, value)
        super().__init__(FlinkApplicationProvider(), resource_name, props, opts)
        # A dynamic resource has no type metadata, so the SDK stores each output under its wire
        # name; the snake_case attributes refer to the same Output objects.
        for wire, attribute in _OUTPUT_NAMES.items():
            if attribute != wire:
                self.__dict__[attribute] = self.__dict__[wire]
