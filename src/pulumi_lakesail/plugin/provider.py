"""LakeSailProvider: translates the engine's requests to the lifecycle core and back.

Blocking HTTP runs in a thread pool, never on the event loop, so the engine's parallel calls
run in parallel.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from pulumi.provider.experimental import provider as p
from typing_extensions import override

from ..core.diff import diff as diff_inputs
from ..core.errors import ConfigurationError, LifecycleError
from ..core.resource_id import split_id
from ..core.settings import ProviderSettings
from ..core.validate import check as check_inputs
from ..core.validate import check_args
from ..resources.binding import Binding
from ..resources.package import BINDINGS, LOOKUPS, schema_json
from ..resources.types import SUSPENDED
from ..resources.values import UNKNOWN, contains_unknown
from .engine_log import EngineLog
from .failures import check_failure
from .properties import from_plain, to_plain

if TYPE_CHECKING:
    from ..core.functions import Functions
    from ..core.lifecycle import Lifecycle

# The client, its models and the lifecycle are imported on first use (configure, create): the
# engine starts a plugin process just to read the schema, which needs none of them.

T = TypeVar("T")

MAX_OPERATIONS = 128
"""Operations the plugin runs at once; the engine's others queue for a thread. Wider is not
faster: with ``--parallel 1000`` a thread for every operation made ``up`` slower and
``refresh`` larger (``docs/performance.md``, run 6), as the threads contend for one
interpreter while the CLI's own work bounds the command."""

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

    def __init__(
        self, engine_address: str | None = None, *, max_threads: int = MAX_OPERATIONS
    ) -> None:
        self.engine = EngineLog(engine_address)
        self._executor = ThreadPoolExecutor(max_workers=max_threads, thread_name_prefix="lakesail")
        self._settings: ProviderSettings | None = None
        self._lifecycles: dict[str, Lifecycle] = {}
        self._functions: Functions | None = None
        # Set by the engine's Cancel: every wait of every operation returns at once.
        self._cancelled = threading.Event()
        # (type, workspace, session, name) -> URN: names are unique, so two resources of one
        # program that share one fail at check (preview) instead of racing at run time.
        self._names: dict[tuple[str, ...], str] = {}
        self._names_lock = threading.Lock()

    async def _run(self, fn: Callable[..., T], *args: Any, urn: str = "", **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in the thread pool, for the resource ``urn``: the client's
        retries show in its status, and an unreachable LakeSail is named by its address."""
        from ..core.operations import reporting

        endpoint = self._settings.endpoint if self._settings else ""
        status = self._status(urn)

        def call() -> T:
            with reporting(status, endpoint):
                return fn(*args, **kwargs)

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, call)

    def lifecycle(self, binding: Binding) -> Lifecycle:
        """The lifecycle of ``binding``'s resources (after Configure)."""
        if not self._lifecycles:
            raise ConfigurationError("the lakesail provider was not configured (no Configure call)")
        return self._lifecycles[binding.token]

    @property
    def functions(self) -> Functions:
        """The functions (after Configure)."""
        if self._functions is None:
            raise ConfigurationError("the lakesail provider was not configured (no Configure call)")
        return self._functions

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
        for note in settings.notes:
            self.engine.warning(note)
        from ..core.functions import Functions
        from ..core.lifecycle import Lifecycle
        from ..core.poller import Pollers
        from ..core.preflight import preflight
        from ..core.waiter import Backoff, Waiter

        if not any(contains_unknown(v) for v in config.values()):
            # Learned now, previews included: a wrong token, workspace or address.
            await self._run(preflight, settings)
        self._settings = settings
        client = settings.client()
        waiter: Waiter[Any] = Waiter(Backoff(), cancelled=self._cancelled)
        pollers = Pollers()  # many waits in one workspace share its List pages
        self._lifecycles = {
            b.token: Lifecycle(client, b, waiter=waiter, pollers=pollers) for b in BINDINGS
        }
        self._functions = Functions(self._lifecycles)
        # Returning a bare ConfigureResponse() would turn secrets and previews off.
        return p.ConfigureResponse(
            accept_secrets=True, supports_preview=True, accept_outputs=False, accept_resources=False
        )

    # ------------------------------------------------------------------ resource
    @override
    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        binding = _binding(request.type)
        news, secrets = to_plain(request.new_inputs)
        result = check_inputs(news, self._default_workspace(), resource=binding.resource)
        failures = [check_failure(f) for f in result.failures]
        other = self._claim_name(binding, result.inputs, request.urn)
        if other is not None:
            failures.append(
                p.CheckFailure(
                    "name",
                    f"{result.inputs['name']!r} is also the name of {other} in workspace "
                    f"{result.inputs.get('workspace')}: names are unique there, so one of the "
                    "two must change",
                )
            )
        return p.CheckResponse(inputs=from_plain(result.inputs, secrets), failures=failures)

    def _claim_name(self, binding: Binding, inputs: dict[str, Any], urn: str) -> str | None:
        """Record that ``urn`` uses its name; the other URN when one already does."""
        parts = [inputs.get(k) for k in ("workspace", "session", "name")]
        if any(contains_unknown(v) for v in parts) or inputs.get("name") is None:
            return None
        key = (binding.token, *(str(v) for v in parts if v is not None))
        with self._names_lock:
            holder = self._names.setdefault(key, urn)
        return None if holder == urn else holder

    @override
    async def cancel(self) -> None:
        # Ctrl-C or `pulumi cancel`: every wait ends now; what exists stays recorded.
        self._cancelled.set()

    @override
    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        binding = _binding(request.type)
        olds, _ = to_plain(request.old_state)
        news, _ = to_plain(request.new_inputs)
        result = diff_inputs(olds, news, old_state=olds.get("state"), resource=binding.resource)
        if result.reason:
            self.engine.warning(f"{request.resource_id} {result.reason}", request.urn)
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
            await self._say_what_the_redeploy_costs(binding, request.urn, olds, news)
        return p.DiffResponse(
            changes=True,
            replaces=result.replaces,
            delete_before_replace=result.delete_before_replace,
            diffs=result.tops,
            detailed_diff=detailed,
        )

    async def _say_what_the_redeploy_costs(
        self, binding: Binding, urn: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> None:
        """Preview's word on what a redeploy costs: a job's state carried over (and from
        where) or discarded; a session's running jobs restarted."""
        from ..core.lifecycle import children_of
        from ..core.redeploy import needs_redeploy

        if contains_unknown(news) or not needs_redeploy(olds, news, binding):
            return
        if olds.get("state") == SUSPENDED or news.get("suspended"):
            return
        name, what = news.get("name"), binding.what
        if children_of(binding):
            await self._say_which_children_restart(binding, urn, olds, name)
        if not binding.savepoints:
            return
        mode = news.get("upgradeMode", "stateless")
        if mode == "stateless":
            if olds.get("state") == "RUNNING":
                self.engine.warning(
                    f"{name}: this change redeploys the {what} stateless: its job state "
                    "(keyed state, windows, offsets) will be discarded; set upgradeMode to "
                    "savepoint to carry it over",
                    urn,
                )
        elif mode == "savepoint":
            self.engine.info(
                f"{name}: this change redeploys the {what}; its job state is carried over "
                "through a new savepoint",
                urn,
            )
        else:
            self.engine.info(
                f"{name}: this change redeploys the {what} from its newest completed "
                "savepoint (last-state); changes since that savepoint are not carried over",
                urn,
            )

    async def _say_which_children_restart(
        self, binding: Binding, urn: str, olds: dict[str, Any], name: Any
    ) -> None:
        """A session's redeploy restarts the jobs running in it: count them (one list call)."""
        from ..client.errors import LakeSailError
        from ..core.redeploy import Redeployer

        try:
            running = await self._run(
                Redeployer(self.lifecycle(binding)).children_at_stake, olds, urn=urn
            )
        except (LakeSailError, LifecycleError) as exc:
            self.engine.warning(
                f"{name}: this change redeploys the {binding.what}, which restarts every job "
                f"running in it (they could not be counted: {exc})",
                urn,
            )
            return
        if running:
            self.engine.warning(
                f"{name}: this change redeploys the {binding.what}: {len(running)} running "
                f"session job(s) restart ({', '.join(running)}), each from a savepoint taken "
                "first",
                urn,
            )
        else:
            self.engine.info(
                f"{name}: this change redeploys the {binding.what}; no session job runs in it",
                urn,
            )

    @override
    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        binding = _binding(request.type)
        inputs, secrets = to_plain(request.properties)
        if request.preview:
            from ..core.convert import Conversions

            outputs = Conversions(binding).preview_outputs(inputs)
            return p.CreateResponse(resource_id="", properties=from_plain(outputs, secrets))
        created = await self._run(
            self.lifecycle(binding).create,
            inputs,
            urn=request.urn,
            timeout=request.timeout or None,
            progress=self._status(request.urn),
            resource_name=request.name,
        )
        return p.CreateResponse(
            resource_id=created.resource_id, properties=from_plain(created.outputs, secrets)
        )

    def _status(self, urn: str) -> Callable[[str], None]:
        return lambda message: self.engine.status(message, urn)

    def _note(self, urn: str) -> Callable[[str], None]:
        return lambda message: self.engine.info(message, urn)

    def _warn(self, urn: str) -> Callable[[str], None]:
        return lambda message: self.engine.warning(message, urn)

    @override
    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        binding = _binding(request.type)
        previous, secrets = to_plain(request.properties)
        recorded_inputs, input_secrets = to_plain(request.inputs)
        secrets |= input_secrets
        importing = not previous and not recorded_inputs
        observed = await self._run(
            self.lifecycle(binding).read,
            request.resource_id,
            {**recorded_inputs, **previous},
            urn=request.urn,
        )
        if observed is None:
            if importing:
                raise LifecycleError(_nothing_to_import(binding, request.resource_id))
            return p.ReadResponse(resource_id="", properties={}, inputs={})
        return p.ReadResponse(
            resource_id=observed.resource_id,
            properties=from_plain(observed.outputs, secrets),
            inputs=from_plain(observed.inputs, secrets),
        )

    @override
    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        binding = _binding(request.type)
        olds, _ = to_plain(request.olds)
        news, secrets = to_plain(request.news)
        if request.preview:
            from ..core.convert import Conversions
            from ..core.lifecycle import DELETING, FAILED, PENDING
            from ..core.redeploy import needs_redeploy

            state = olds.get("state")
            resumed = state == SUSPENDED and not news.get("suspended")
            if (
                not contains_unknown(news)
                and not needs_redeploy(olds, news, binding)
                and state not in (FAILED, DELETING)  # deployed again: a new object
                and not resumed  # deployed again from its savepoint: a new object
            ):
                kept = {**olds, **news}
                if state == PENDING:
                    kept["state"] = UNKNOWN  # the update waits to learn it
                return p.UpdateResponse(properties=from_plain(kept, secrets))
            outputs = Conversions(binding).preview_outputs(news)
            return p.UpdateResponse(properties=from_plain(outputs, secrets))
        from ..core.redeploy import Redeployer

        outputs = await self._run(
            Redeployer(self.lifecycle(binding)).update,
            olds,
            news,
            urn=request.urn,
            timeout=request.timeout or None,
            progress=self._status(request.urn),
            note=self._note(request.urn),
            warn=self._warn(request.urn),
            resource_name=request.name,
        )
        return p.UpdateResponse(properties=from_plain(outputs, secrets))

    @override
    async def delete(self, request: p.DeleteRequest) -> None:
        binding = _binding(request.type)
        previous, _ = to_plain(request.properties)
        await self._run(
            self.lifecycle(binding).delete,
            request.resource_id,
            previous,
            urn=request.urn,
            timeout=request.timeout or None,
            progress=self._status(request.urn),
            note=self._note(request.urn),
        )

    # ------------------------------------------------------------------ functions
    @override
    async def invoke(self, request: p.InvokeRequest) -> p.InvokeResponse:
        lookup = _LOOKUPS.get(request.tok)
        if lookup is None:
            raise LifecycleError(f"unknown function {request.tok!r}")
        raw, _ = to_plain(request.args)
        checked = check_args(lookup.function, raw, self._default_workspace())
        if checked.failures:
            return p.InvokeResponse(failures=[check_failure(f) for f in checked.failures])
        result = await self._run(self.functions.invoke, lookup, checked.inputs)
        # A pre-signed URL is a credential: the declaration marks it secret, and so it travels.
        secrets = {(prop.name,) for prop in lookup.function.outputs if prop.secret}
        return p.InvokeResponse(return_value=from_plain(result, secrets))


_BINDINGS = {b.token: b for b in BINDINGS}
_LOOKUPS = {lookup.token: lookup for lookup in LOOKUPS}


def _binding(type_token: str) -> Binding:
    binding = _BINDINGS.get(type_token)
    if binding is None:
        raise LifecycleError(
            f"unknown resource type {type_token!r}; this provider manages " + ", ".join(_BINDINGS)
        )
    return binding


def _nothing_to_import(binding: Binding, resource_id: str) -> str:
    parts = split_id(resource_id, binding)
    where = f"workspace {parts[0]}"
    if binding.parent is not None:
        owner = binding.parent.binding.what
        where = f"{owner} {parts[1]!r} (a name or an ID) of {where}, or that {owner} is gone"
    return (
        f"cannot import {resource_id}: no {binding.what} named or with ID {parts[-1]!r} exists "
        f"in {where}"
    )
