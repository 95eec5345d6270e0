"""LakeSailProvider: translates the engine's requests to the lifecycle core and back.

Blocking HTTP runs in a thread pool, never on the event loop, so the engine's parallel calls
run in parallel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from pulumi.provider.experimental import provider as p
from typing_extensions import override

from ..core.diff import diff as diff_inputs
from ..core.errors import ConfigurationError, LifecycleError
from ..core.resource_id import ApplicationRef
from ..core.settings import ProviderSettings
from ..core.validate import check as check_inputs
from ..core.validate import check_args
from ..resources.flink_application import GET as GET_FUNCTION
from ..resources.flink_application import LIST as LIST_FUNCTION
from ..resources.flink_application import TOKEN as APPLICATION
from ..resources.package import schema_json
from ..resources.values import contains_unknown
from .engine_log import EngineLog
from .failures import check_failure
from .properties import from_plain, to_plain

if TYPE_CHECKING:
    from ..core.lifecycle import ApplicationLifecycle

# The client, its models and the lifecycle are imported on first use (configure, create): the
# engine starts a plugin process just to read the schema, which needs none of them.

T = TypeVar("T")

_KIND = {
    "add": p.PropertyDiffKind.ADD,
    "delete": p.PropertyDiffKind.DELETE,
    "update": p.PropertyDiffKind.UPDATE,
}
_REPLACE_KIND = {
    "add": p.PropertyDiffKind.ADD_REPLACE,
    "delete": p.PropertyDiffKind.DELETE_REPLACE,
    "update": p.PropertyDiffKind.UPDATE_REPLACE,
}


class LakeSailProvider(p.Provider):
    """The ``lakesail`` resource provider."""

    def __init__(self, engine_address: str | None = None, *, max_threads: int = 128) -> None:
        self.engine = EngineLog(engine_address)
        self._executor = ThreadPoolExecutor(max_workers=max_threads, thread_name_prefix="lakesail")
        self._settings: ProviderSettings | None = None
        self._lifecycle: ApplicationLifecycle | None = None

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(*args, **kwargs))

    @property
    def lifecycle(self) -> ApplicationLifecycle:
        if self._lifecycle is None:
            raise ConfigurationError("the lakesail provider was not configured (no Configure call)")
        return self._lifecycle

    def _default_workspace(self) -> str | None:
        return self._settings.workspace if self._settings else None

    # ------------------------------------------------------------------ provider
    @override
    async def get_schema(self, request: p.GetSchemaRequest) -> p.GetSchemaResponse:
        return p.GetSchemaResponse(schema=schema_json())

    @override
    async def check_config(self, request: p.CheckRequest) -> p.CheckResponse:
        news, secrets = to_plain(request.new_inputs)
        failures = []
        known = {k: v for k, v in news.items() if not contains_unknown(v)}
        try:
            ProviderSettings.resolve(known)
        except ConfigurationError as exc:
            failures = [p.CheckFailure(key, text) for key, text in exc.problems]
        if "token" in news:
            secrets.add(("token",))  # even when set without --secret, keep it encrypted
        return p.CheckResponse(inputs=from_plain(news, secrets), failures=failures)

    @override
    async def configure(self, request: p.ConfigureRequest) -> p.ConfigureResponse:
        config, _ = to_plain(request.args or {})
        if not config:
            config = {
                k.removeprefix("lakesail:config:").removeprefix("lakesail:"): v
                for k, v in request.variables.items()
            }
        settings = ProviderSettings.resolve(
            {k: v for k, v in config.items() if not contains_unknown(v)}
        )
        if settings.insecure:
            self.engine.warning(
                f"lakesail:insecure is set: TLS certificates of {settings.endpoint} are NOT "
                "verified and the token can be intercepted; use lakesail:caBundle instead"
            )
        from ..core.lifecycle import ApplicationLifecycle

        self._settings = settings
        self._lifecycle = ApplicationLifecycle(settings.client())
        # Returning a bare ConfigureResponse() would turn secrets and previews off.
        return p.ConfigureResponse(
            accept_secrets=True, supports_preview=True, accept_outputs=False, accept_resources=False
        )

    # ------------------------------------------------------------------ resource
    @override
    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        _require_type(request.type)
        news, secrets = to_plain(request.new_inputs)
        result = check_inputs(news, self._default_workspace())
        failures = [check_failure(f) for f in result.failures]
        return p.CheckResponse(inputs=from_plain(result.inputs, secrets), failures=failures)

    @override
    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        _require_type(request.type)
        olds, _ = to_plain(request.old_state)
        news, _ = to_plain(request.new_inputs)
        result = diff_inputs(olds, news, old_state=olds.get("state"))
        if not result.has_changes:
            return p.DiffResponse(changes=False, delete_before_replace=result.delete_before_replace)
        replacing = set(result.replaces)
        detailed = {
            c.path: p.PropertyDiff(
                (_REPLACE_KIND if c.path.split(".")[0].split("[")[0] in replacing else _KIND)[
                    c.kind
                ],
                input_diff=c.path != "state",
            )
            for c in result.changes
        }
        if not replacing:
            self._say_what_the_redeploy_costs(request.urn, olds, news)
        return p.DiffResponse(
            changes=True,
            replaces=result.replaces,
            delete_before_replace=result.delete_before_replace,
            diffs=result.tops,
            detailed_diff=detailed,
        )

    def _say_what_the_redeploy_costs(
        self, urn: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> None:
        """Preview's word on the job state: carried over (and from where) or discarded."""
        from ..core.redeploy import needs_redeploy

        if contains_unknown(news) or not needs_redeploy(olds, news):
            return
        if olds.get("state") == "SUSPENDED" or news.get("suspended"):
            return
        mode = news.get("upgradeMode", "stateless")
        name = news.get("name")
        if mode == "stateless":
            if olds.get("state") == "RUNNING":
                self.engine.warning(
                    f"{name}: this change redeploys the application stateless: its job state "
                    "(keyed state, windows, offsets) will be discarded; set upgradeMode to "
                    "savepoint to carry it over",
                    urn,
                )
        elif mode == "savepoint":
            self.engine.info(
                f"{name}: this change redeploys the application; its job state is carried over "
                "through a new savepoint",
                urn,
            )
        else:
            self.engine.info(
                f"{name}: this change redeploys the application from its newest completed "
                "savepoint (last-state); changes since that savepoint are not carried over",
                urn,
            )

    @override
    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        _require_type(request.type)
        inputs, secrets = to_plain(request.properties)
        if request.preview:
            from ..core.convert import preview_outputs

            return p.CreateResponse(
                resource_id="", properties=from_plain(preview_outputs(inputs), secrets)
            )
        created = await self._run(
            self.lifecycle.create,
            inputs,
            timeout=request.timeout or None,
            progress=self._status(request.urn),
        )
        return p.CreateResponse(
            resource_id=created.resource_id, properties=from_plain(created.outputs, secrets)
        )

    def _status(self, urn: str) -> Callable[[str], None]:
        return lambda message: self.engine.status(message, urn)

    def _note(self, urn: str) -> Callable[[str], None]:
        return lambda message: self.engine.info(message, urn)

    @override
    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        _require_type(request.type)
        previous, secrets = to_plain(request.properties)
        recorded_inputs, input_secrets = to_plain(request.inputs)
        secrets |= input_secrets
        importing = not previous and not recorded_inputs
        observed = await self._run(
            self.lifecycle.read, request.resource_id, {**recorded_inputs, **previous}
        )
        if observed is None:
            if importing:
                workspace, key = ApplicationRef.split(request.resource_id)
                raise LifecycleError(
                    f"cannot import {request.resource_id}: no application named or with ID "
                    f"{key!r} exists in workspace {workspace}"
                )
            return p.ReadResponse(resource_id="", properties={}, inputs={})
        return p.ReadResponse(
            resource_id=observed.resource_id,
            properties=from_plain(observed.outputs, secrets),
            inputs=from_plain(observed.inputs, secrets),
        )

    @override
    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        _require_type(request.type)
        olds, _ = to_plain(request.olds)
        news, secrets = to_plain(request.news)
        if request.preview:
            from ..core.convert import preview_outputs
            from ..core.redeploy import needs_redeploy

            if not contains_unknown(news) and not needs_redeploy(olds, news):
                return p.UpdateResponse(properties=from_plain({**olds, **news}, secrets))
            return p.UpdateResponse(properties=from_plain(preview_outputs(news, olds), secrets))
        from ..core.redeploy import Redeployer

        outputs = await self._run(
            Redeployer(self.lifecycle).update,
            olds,
            news,
            timeout=request.timeout or None,
            progress=self._status(request.urn),
            note=self._note(request.urn),
        )
        return p.UpdateResponse(properties=from_plain(outputs, secrets))

    @override
    async def delete(self, request: p.DeleteRequest) -> None:
        _require_type(request.type)
        previous, _ = to_plain(request.properties)
        await self._run(
            self.lifecycle.delete,
            request.resource_id,
            previous,
            timeout=request.timeout or None,
            progress=self._status(request.urn),
            note=self._note(request.urn),
        )

    # ------------------------------------------------------------------ functions
    @override
    async def invoke(self, request: p.InvokeRequest) -> p.InvokeResponse:
        function = _FUNCTIONS.get(request.tok)
        if function is None:
            raise LifecycleError(f"unknown function {request.tok!r}")
        raw, _ = to_plain(request.args)
        checked = check_args(function, raw, self._default_workspace())
        if checked.failures:
            return p.InvokeResponse(
                failures=[check_failure(f) for f in checked.failures]
            )
        args = checked.inputs
        workspace = args["workspace"]
        if function is LIST_FUNCTION:
            items = await self._run(self.lifecycle.list, workspace)
            return p.InvokeResponse(
                return_value=from_plain({"workspace": workspace, "items": items})
            )
        outputs = await self._run(
            self.lifecycle.get,
            workspace,
            application_id=args.get("applicationId"),
            name=args.get("name"),
        )
        return p.InvokeResponse(return_value=from_plain(outputs))


_FUNCTIONS = {f.token: f for f in (GET_FUNCTION, LIST_FUNCTION)}


def _require_type(type_token: str) -> None:
    if type_token != APPLICATION:
        raise LifecycleError(
            f"unknown resource type {type_token!r}; this provider manages {APPLICATION}"
        )
