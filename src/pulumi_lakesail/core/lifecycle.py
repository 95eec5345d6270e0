"""Create, read, wait, delete and look up Flink objects: the behaviour both adapters share.

One ``Lifecycle`` serves every resource through its binding (``resources/binding.py``): a
FlinkApplication and a FlinkSession live in a workspace, a FlinkSessionJob in a session, found
through the session's own lifecycle. What differs between them is declared, not coded here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..client import errors
from ..client.client import LakeSailClient
from ..resources.binding import Binding
from ..resources.flink_application import BINDING as APPLICATION
from ..resources.package import BINDINGS
from ..resources.types import SAVEPOINT_PATH_KEY, SUSPENDED
from . import savepoints
from .convert import ApiObject, ApiSummary, Conversions, dump, restored_from
from .diff import diff
from .errors import LifecycleError, PartialCreateError
from .operations import Operations
from .poller import Pollers
from .resource_id import ObjectRef, Scope, as_api_id, split_id
from .waiter import Backoff, WaitCancelledError, Waiter, WaitTimeoutError

log = logging.getLogger("pulumi_lakesail.core")

DEFAULT_CREATE_TIMEOUT = 600.0
DEFAULT_DELETE_TIMEOUT = 600.0

Progress = Callable[[str], None]

PENDING = "PENDING"
RUNNING = "RUNNING"
FAILED = "FAILED"
DELETING = "DELETING"


def _quiet(_: str) -> None:
    return None


def _a(what: str) -> str:
    return f"an {what}" if what[0] in "aeiou" else f"a {what}"


def children_of(binding: Binding) -> tuple[Binding, ...]:
    """The bindings of the objects that live in ``binding``'s (a session's jobs)."""
    return tuple(b for b in BINDINGS if b.parent is not None and b.parent.binding is binding)


@dataclass(frozen=True)
class Created:
    """A created resource: its resource ID and outputs."""

    resource_id: str
    outputs: dict[str, Any]


@dataclass(frozen=True)
class Observed:
    """A resource as read back: its ID, inputs rebuilt from the API, and outputs."""

    resource_id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]


@dataclass(frozen=True)
class _Look:
    """One look of a wait at its object: the state (None: gone), and the object when the look
    was its own GET."""

    state: str | None
    obj: ApiObject | None


class Lifecycle:
    """The lifecycle of one binding's resources over one LakeSail client."""

    def __init__(
        self,
        client: LakeSailClient,
        binding: Binding = APPLICATION,
        *,
        backoff: Backoff | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        waiter: Waiter[Any] | None = None,
        pollers: Pollers | None = None,
    ) -> None:
        self.client = client
        self.binding = binding
        self.pollers = pollers
        self.what = binding.what
        self.ops = Operations(client, binding)
        self.convert = Conversions(binding)
        self.waiter: Waiter[Any] = waiter or Waiter(backoff or Backoff(), sleep, clock)
        self.parent = self.of(binding.parent.binding) if binding.parent else None

    def of(self, binding: Binding) -> Lifecycle:
        """The lifecycle of another binding on the same client and waiter."""
        return Lifecycle(self.client, binding, waiter=self.waiter, pollers=self.pollers)

    def _scope_key(self, ref: ObjectRef) -> tuple[str, ...]:
        return (self.binding.token, *ref.scope.path)

    @contextmanager
    def _waiting(self, ref: ObjectRef) -> Iterator[None]:
        if self.pollers is None:
            yield
            return
        key = self._scope_key(ref)
        self.pollers.enter(key)
        try:
            yield
        finally:
            self.pollers.leave(key)

    def _look(self, ref: ObjectRef, timeout: float, *, own: bool = False) -> _Look:
        """The object's state (None: gone): from the scope's shared List rounds while many
        waits share the scope, else (or when ``own``) from its own GET, whose object is kept."""
        key = self._scope_key(ref)
        if not own and self.pollers is not None and self.pollers.shared(key):
            poller = self.pollers.for_scope(key, lambda: self.ops.list(ref.scope))
            state = poller.state_of(
                ref.object_id, newer_than=self.waiter.clock(), timeout=max(timeout, 1.0)
            )
            return _Look(state, None)
        try:
            obj: ApiObject = self.ops.describe(ref)
        except errors.NotFoundError:
            return _Look(None, None)
        return _Look(str(obj.state.value), obj)

    def _first_look(self, ref: ObjectRef, posted: float | None) -> float:
        """Seconds until a wait for the object POSTed at ``posted`` first looks: not before
        the scope's objects have been seen to start (0 for an object created earlier)."""
        if posted is None or self.pollers is None:
            return 0.0
        expected = self.pollers.startups.expected(self._scope_key(ref))
        return max(expected - (self.waiter.clock() - posted), 0.0)

    def _started(self, ref: ObjectRef, obj: ApiObject) -> None:
        if self.pollers is not None:
            self.pollers.startups.record(self._scope_key(ref), obj.created_at, obj.updated_at)

    def _remaining(self, deadline: float) -> float:
        return max(deadline - self.waiter.clock(), 0.001)

    # ----------------------------------------------------------------- scope
    def parent_of(
        self, values: Mapping[str, Any], *, parent_id: str | None = None
    ) -> ApiObject | None:
        """The live parent (session) of the object of ``values`` (inputs, outputs or lookup
        keys): by its recorded ID, else by its name; None when it is gone."""
        if self.parent is None or self.binding.parent is None:
            return None
        recorded = parent_id or values.get(self.binding.parent.binding.id_output) or None
        return self.parent.locate(
            Scope(values["workspace"]), object_id=recorded, name=values[self.binding.parent.input]
        )

    def scope_for(self, values: Mapping[str, Any], *, parent_id: str | None = None) -> Scope | None:
        """Where the object of ``values`` lives; None when its parent is gone."""
        if self.binding.parent is None:
            return Scope(values["workspace"])
        parent = self.parent_of(values, parent_id=parent_id)
        if parent is None:
            return None
        return Scope(values["workspace"], parent.name, parent.id)

    def _live_scope(self, inputs: Mapping[str, Any]) -> Scope:
        """The scope a new object is created in; its parent must exist and not be deleted."""
        if self.binding.parent is None:
            return Scope(inputs["workspace"])
        parent = self.parent_of(inputs)
        owner = self.binding.parent.binding.what
        name = inputs[self.binding.parent.input]
        if parent is None:
            raise LifecycleError(
                f"{_a(owner)} named {name!r} does not exist in workspace {inputs['workspace']}: "
                f"create it first (set {self.binding.parent.input} to the {owner}'s name "
                "output, so that Pulumi creates it first)"
            )
        if parent.state.value == DELETING:
            raise LifecycleError(
                f"the {owner} {name!r} ({inputs['workspace']}/{parent.id}) is being deleted; "
                f"it accepts no new {self.what}s"
            )
        return Scope(inputs["workspace"], parent.name, parent.id)

    def _keyed(self, resource_id: str) -> tuple[dict[str, Any], str]:
        """The lookup values of a resource ID (or an import ID), and the object's key."""
        parts = split_id(resource_id, self.binding)
        values: dict[str, Any] = {"workspace": parts[0]}
        if self.binding.parent is not None:
            values[self.binding.parent.input] = parts[1]
            values[self.binding.parent.binding.id_output] = as_api_id(parts[1])
        return values, parts[-1]

    # ----------------------------------------------------------------- create
    def create(
        self,
        inputs: dict[str, Any],
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
        resource_name: str | None = None,
    ) -> Created:
        """POST the object, then wait until it is RUNNING.

        A suspended resource gets no LakeSail object. Raises PartialCreateError when the
        object exists but did not reach RUNNING (FAILED, timeout, or lost contact while
        waiting), so the caller still records it. ``resource_name`` (the Pulumi resource's)
        completes the `pulumi import` command offered when the name is taken.
        """
        rid = self.convert.resource_id(inputs)
        if self.binding.savepoints and inputs.get("suspended"):
            initial = inputs.get("initialSavepointPath", "")
            return Created(rid, self.convert.suspended_outputs(inputs, initial))
        restore = inputs.get("initialSavepointPath") or None
        outputs = self.deploy(
            inputs, restore, timeout=timeout, progress=progress, resource_name=resource_name
        )
        return Created(rid, outputs)

    def deploy(
        self,
        inputs: dict[str, Any],
        restore: str | None,
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
        resource_name: str | None = None,
    ) -> dict[str, Any]:
        """Create the object of ``inputs`` starting from ``restore``; wait for RUNNING."""
        timeout = timeout or DEFAULT_CREATE_TIMEOUT
        deadline = self.waiter.clock() + timeout
        rid = self.convert.resource_id(inputs)
        scope = self._live_scope(inputs)
        spec = self.convert.to_spec(inputs, restore)
        summary = self._post(scope, spec, timeout, progress, resource_name)
        posted = self.waiter.clock()
        ref = ObjectRef(scope, summary.id)
        # One timeout covers the whole operation, resolving an ambiguous POST included.
        outputs = self.wait_until_running(
            ref,
            inputs,
            timeout=self._remaining(deadline),
            progress=progress,
            resource_id=rid,
            posted=posted,
        )
        if outputs is None:
            raise PartialCreateError(
                rid,
                self.convert.outputs_from_summary(inputs, scope, summary, restore),
                [
                    f"lost contact with LakeSail while waiting for {self.what} {ref} to reach "
                    "RUNNING; it is recorded in the state: run `pulumi refresh` or `pulumi up` "
                    "again to resume"
                ],
            )
        return outputs

    def wait_until_running(
        self,
        ref: ObjectRef,
        previous: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
        resource_id: str | None = None,
        posted: float | None = None,
    ) -> dict[str, Any] | None:
        """Wait for RUNNING and return the outputs; None when LakeSail could not be reached.

        ``previous`` holds the provider-side inputs and the last savepoint to carry into the
        outputs; ``posted`` is when this process created the object (its clock), if it did.
        Raises PartialCreateError on FAILED or timeout, LifecycleError when the object
        disappears.
        """
        timeout = timeout or DEFAULT_CREATE_TIMEOUT
        rid = resource_id or str(ref)

        # Progress goes to the engine's log, a blocking RPC: only for a real wait, since an
        # object that is RUNNING at the first poll has nothing to report.
        reported = False

        def report_state(state: str | None, waited: float) -> None:
            nonlocal reported
            reported = True
            progress(f"{ref} is {state} after {waited:.0f}s; waiting for RUNNING")

        # A wait that holds back until the scope's objects start looks first with its own GET,
        # which most often finds the object RUNNING: that one GET is all the wait costs.
        first_look = self._first_look(ref, posted)
        looks = 0

        def look() -> _Look:
            nonlocal looks
            looks += 1
            return self._look(ref, timeout, own=first_look > 0 and looks == 1)

        try:
            with self._waiting(ref):
                seen = self.waiter.wait(
                    look,
                    lambda s: s.state != PENDING,
                    timeout=timeout,
                    on_poll=lambda s, waited: report_state(s.state, waited),
                    first_look=first_look,
                )
            if seen.state is None:
                raise errors.NotFoundError(404, "gone", method="GET", path=str(ref))
            # The outputs need the whole object: the wait's own GET, or one more.
            obj: ApiObject = seen.obj or self.ops.describe(ref)
        except WaitTimeoutError as exc:
            last: ApiObject = self.ops.describe(ref)
            why = (
                "the operation was cancelled while waiting for RUNNING"
                if isinstance(exc, WaitCancelledError)
                else "did not reach RUNNING within the timeout"
            )
            raise PartialCreateError(
                rid,
                self.convert.outputs_from(ref.scope, last, previous),
                [
                    f"{self.what} {ref} {why} (it is {last.state.value} after "
                    f"{exc.waited:.0f}s of waiting); it is recorded in the state: run `pulumi up` "
                    "again to keep waiting, or raise the timeout with customTimeouts"
                ],
            ) from None
        except errors.NotFoundError:
            raise LifecycleError(
                f"{self.what} {ref} disappeared before it reached RUNNING (deleted outside Pulumi?)"
            ) from None
        except errors.LakeSailError as exc:
            log.warning("lost contact while waiting for %s: %s", ref, exc)
            return None
        outputs = self.convert.outputs_from(ref.scope, obj, previous)
        state = obj.state.value
        if state == RUNNING:
            if posted is not None:
                self._started(ref, obj)
            if reported:
                progress("")
            return outputs
        reason = (
            f"entered FAILED: {self.binding.failed_hint}"
            if state == FAILED
            else f"is {state} (deleted outside Pulumi?)"
        )
        raise PartialCreateError(rid, outputs, [f"{self.what} {ref} {reason}"])

    def _send_create(
        self, scope: Scope, spec: BaseModel
    ) -> ApiSummary | errors.ConflictError | errors.ApiConnectionError:
        """One POST. A conflict, or a failure after the request may have left, is returned
        (not raised) so that the caller never sends the next request inside an except block."""
        try:
            return self.ops.create(scope, spec)
        except errors.ConflictError as exc:
            return exc
        except errors.ApiConnectionError as exc:
            if not exc.request_sent:
                raise  # nothing reached the server: nothing can have been created
            return exc

    def _post(
        self,
        scope: Scope,
        spec: BaseModel,
        timeout: float,
        progress: Progress,
        resource_name: str | None = None,
    ) -> ApiSummary:
        """POST until the outcome is known, never creating a second object.

        A POST whose response was lost may have been committed, so it is never retried blindly:
        names are unique, so looking the name up tells whether it was. Only when it was not is
        the request sent again, and a conflict then means an earlier attempt won.
        """
        deadline = self.waiter.clock() + timeout
        name = _name_of(spec)
        after_ambiguous = False
        while True:
            outcome = self._send_create(scope, spec)
            if isinstance(outcome, errors.ConflictError):
                return self._resolve_conflict(
                    scope,
                    spec,
                    outcome,
                    self._remaining(deadline),
                    progress,
                    adopt_same_spec=after_ambiguous,
                    resource_name=resource_name,
                )
            if not isinstance(outcome, errors.ApiConnectionError):
                return outcome
            progress(f"the create request's outcome is unknown ({outcome}); looking up {name!r}")
            found = self._find_same(scope, spec, max(deadline - self.waiter.clock(), 0.0))
            if found is not None:
                progress(f"found {ObjectRef(scope, found.id)}: the create had succeeded")
                return found
            if self.waiter.clock() >= deadline:
                raise LifecycleError(f"could not create {name!r} within {timeout:.0f}s: {outcome}")
            after_ambiguous = True
            progress(f"{name!r} was not created; sending the create request again")

    def _resolve_conflict(
        self,
        scope: Scope,
        spec: BaseModel,
        conflict: errors.ConflictError,
        timeout: float,
        progress: Progress,
        *,
        adopt_same_spec: bool,
        resource_name: str | None,
    ) -> ApiSummary:
        """After a 409: wait out an object of the name being deleted, adopt what an earlier
        attempt of this create made, else say which object holds the name and what to do."""
        deadline = self.waiter.clock() + timeout
        name = _name_of(spec)
        where = self._where(scope)
        existing = self._find_by_name(scope, name, include_deleting=True)
        if existing is None:
            raise LifecycleError(
                f"LakeSail refused to create {_a(self.what)} named {name!r} in {where} "
                f"({conflict.message}), yet lists none of that name now (deleted meanwhile?): "
                "run `pulumi up` again"
            )
        ref = ObjectRef(scope, existing.id)
        if existing.state.value == DELETING:
            # A replaced object with the same name is still being torn down.
            progress(f"waiting for the previous {name!r} ({ref}) to be deleted")
            try:
                self._until_gone(ref, timeout, progress)
            except WaitTimeoutError as exc:
                ended = "was cancelled" if isinstance(exc, WaitCancelledError) else "timed out"
                raise LifecycleError(
                    f"{_a(self.what)} named {name!r} ({ref}) is being deleted and still held the "
                    f"name when the create {ended} ({exc.waited:.0f}s): wait until it is gone, "
                    "then run `pulumi up` again"
                ) from None
            return self._post(scope, spec, self._remaining(deadline), progress, resource_name)
        # Adopt only what one of our own earlier attempts created: an object that was there
        # before this create belongs to someone else, whatever its specification.
        if adopt_same_spec and self._same_spec(scope, existing.id, spec):
            return existing
        import_id = self.convert.resource_id({**self.convert.scope_inputs(scope), "name": name})
        command = f"pulumi import {self.binding.token} {resource_name or '<resource name>'}"
        raise LifecycleError(
            f"{_a(self.what)} named {name!r} already exists in {where} ({ref}, "
            f"{existing.state.value}). If it was made outside this stack, adopt it as this "
            f"resource with `{command} {import_id}`, then run `pulumi up`; or choose another "
            f"`name` for this resource, or delete the other {self.what}. If this stack already "
            "manages it under another resource, rename one of them (or, when that is this "
            "resource under an old name, add the `aliases` option)"
        )

    def _where(self, scope: Scope) -> str:
        """How a message names ``scope``."""
        if self.binding.parent is None or scope.parent_name is None:
            return f"workspace {scope.workspace}"
        owner = self.binding.parent.binding.what
        return f"{owner} {scope.parent_name!r} of workspace {scope.workspace}"

    def _find_same(self, scope: Scope, spec: BaseModel, timeout: float) -> ApiSummary | None:
        """The object named like ``spec`` if it has that spec; polls through outages."""
        name = _name_of(spec)

        def lookup() -> tuple[bool, ApiSummary | None]:
            try:
                found = self._find_by_name(scope, name)
                if found is not None and not self._same_spec(scope, found.id, spec):
                    raise LifecycleError(
                        f"{_a(self.what)} named {name!r} exists in {scope.workspace} with "
                        "another specification; choose another name or import it"
                    )
                return True, found
            except errors.ApiConnectionError:
                return False, None

        try:
            result: tuple[bool, ApiSummary | None] = self.waiter.wait(
                lookup, lambda r: r[0], timeout=timeout
            )
        except WaitTimeoutError:
            raise LifecycleError(
                f"could not reach LakeSail to learn whether {name!r} was created; run "
                "`pulumi refresh` and `pulumi up` again once it is reachable (names are unique, "
                "so no duplicate can be created)"
            ) from None
        return result[1]

    def _find_by_name(
        self, scope: Scope, name: str, *, include_deleting: bool = False
    ) -> ApiSummary | None:
        """The object of ``scope`` named ``name``: a live one, else (``include_deleting``) one
        being deleted, which holds its name until it is gone."""
        deleting = None
        for summary in self.ops.list(scope):
            if summary.name != name:
                continue
            if summary.state.value != DELETING:
                return summary
            deleting = deleting or summary
        return deleting if include_deleting else None

    def _same_spec(self, scope: Scope, object_id: str, spec: BaseModel) -> bool:
        return self.matches(self.ops.describe(ObjectRef(scope, object_id)), scope, spec)

    def matches(self, obj: ApiObject, scope: Scope, spec: BaseModel) -> bool:
        """Whether ``obj`` was created from ``spec`` (its savepoint included)."""
        wanted = dump(spec)
        wanted_restore = ""
        if self.binding.savepoints:
            config = dict(wanted["flinkConfiguration"])
            wanted_restore = config.pop(SAVEPOINT_PATH_KEY, "")
            wanted["flinkConfiguration"] = config
        wanted.update(self.convert.scope_inputs(scope))
        have = self.convert.inputs_from(scope, obj, wanted)
        same_restore = not self.binding.savepoints or restored_from(obj) == wanted_restore
        return same_restore and not diff(have, wanted, resource=self.binding.resource).has_changes

    # ----------------------------------------------------------------- read
    def locate(
        self, scope: Scope, *, object_id: str | None = None, name: str | None = None
    ) -> ApiObject | None:
        """The live object: by its ID, else (a redeploy changes the ID) by its name.

        An object being deleted is still reported (state DELETING): it holds its name until it
        is gone, and a delete stuck in DELETING must stay visible.
        """
        if object_id:
            try:
                return self.ops.describe(ObjectRef(scope, object_id))
            except errors.NotFoundError:
                pass
        if name:
            found = self._find_by_name(scope, name, include_deleting=True)
            if found is not None:
                try:
                    return self.ops.describe(ObjectRef(scope, found.id))
                except errors.NotFoundError:
                    return None
        return None

    def read(self, resource_id: str, previous: dict[str, Any] | None = None) -> Observed | None:
        """The object as LakeSail reports it; None when it is gone (a session job also when its
        session is).

        ``previous`` is what the state recorded (empty on import). The resource ID is the
        binding's (``<workspace>/<name>``); an import also takes the API's IDs. A suspended
        resource has no LakeSail object: it reads as recorded.
        """
        previous = previous or {}
        keyed, key = self._keyed(resource_id)
        if previous.get("state") == SUSPENDED:
            inputs = {k: v for k, v in previous.items() if k in self.binding.resource.input_names}
            return Observed(resource_id, inputs, dict(previous))
        recorded = bool(previous.get("name"))
        scope = self.scope_for(previous if recorded else keyed)
        if scope is None:
            return None
        if recorded:
            obj = self.locate(
                scope, object_id=previous.get(self.binding.id_output), name=previous["name"]
            )
        else:  # import: the key is an ID or a name
            obj = self.locate(scope, object_id=as_api_id(key), name=key)
        if obj is None:
            return None
        identity = {**self.convert.scope_inputs(scope), "name": obj.name}
        return Observed(
            self.convert.resource_id(identity),
            self.convert.inputs_from(scope, obj, previous),
            self.convert.outputs_from(scope, obj, previous),
        )

    # ----------------------------------------------------------------- delete
    def delete(
        self,
        resource_id: str,
        previous: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
        note: Progress = _quiet,
    ) -> None:
        """DELETE the object (gone counts as done), then wait until it is gone.

        In ``savepoint`` mode a RUNNING job's state is saved first and the location reported
        through ``note``, so it can be restored with initialSavepointPath.
        """
        previous = previous or {}
        timeout = timeout or DEFAULT_DELETE_TIMEOUT
        if previous.get("state") == SUSPENDED:
            return
        keyed, key = self._keyed(resource_id)
        scope = self.scope_for({**keyed, **previous})
        if scope is None:
            return  # its session is gone, and LakeSail deleted it along
        object_id = previous.get(self.binding.id_output) or as_api_id(key)
        if object_id and previous.get("upgradeMode") != "savepoint":
            # The recorded ID is the live one unless a redeploy out of band changed it: DELETE
            # it without describing it first, and look for it by name only when it is gone.
            ref = ObjectRef(scope, object_id)
            try:
                self.ops.delete(ref)
            except errors.NotFoundError:
                object_id = None
            else:
                self._wait_gone(ref, timeout, progress)
                return
        obj = self.locate(scope, object_id=object_id, name=previous.get("name") or key)
        if obj is None:
            return
        ref = ObjectRef(scope, obj.id)
        if previous.get("upgradeMode") == "savepoint" and obj.state.value == RUNNING:
            location = self.take_savepoint(ref, timeout=timeout, progress=progress)
            note(
                f"final savepoint of {resource_id}: {location} (restore it with "
                "initialSavepointPath)"
            )
        self.delete_and_wait(ref, timeout=timeout, progress=progress)

    def delete_and_wait(
        self, ref: ObjectRef, *, timeout: float, progress: Progress = _quiet
    ) -> None:
        """DELETE ``ref`` (404 counts as done) and wait until it is gone."""
        try:
            self.ops.delete(ref)
        except errors.NotFoundError:
            return
        self._wait_gone(ref, timeout, progress)

    def _until_gone(self, ref: ObjectRef, timeout: float, progress: Progress) -> None:
        """Wait until ``ref`` is gone; raises WaitTimeoutError (WaitCancelledError)."""

        def report(value: str | None, waited: float) -> None:
            progress(f"{ref} is {value} after {waited:.0f}s; waiting until it is gone")

        with self._waiting(ref):
            self.waiter.wait(
                lambda: self._look(ref, timeout).state,
                lambda s: s is None,
                timeout=timeout,
                on_poll=report,
            )
        progress("")

    def _wait_gone(self, ref: ObjectRef, timeout: float, progress: Progress) -> None:
        """Wait until ``ref``, whose delete was requested, is gone."""
        try:
            self._until_gone(ref, timeout, progress)
        except WaitCancelledError as exc:
            raise LifecycleError(
                f"cancelled while {self.what} {ref} was {exc.last}: the delete was requested and "
                "it stays recorded; run `pulumi destroy` (or `up`) again to finish"
            ) from None
        except WaitTimeoutError as exc:
            raise LifecycleError(
                f"{self.what} {ref} was still {exc.last} {exc.waited:.0f}s after the delete "
                "request; LakeSail keeps deleting it: run `pulumi destroy` (or `up`) again to "
                "wait longer, or raise the delete timeout with customTimeouts"
            ) from None

    # ----------------------------------------------------------------- savepoints
    def take_savepoint(self, ref: ObjectRef, *, timeout: float, progress: Progress = _quiet) -> str:
        """Take a savepoint of ``ref`` and wait until it completes; its location."""
        return savepoints.take(
            f"{self.what} {ref}",
            lambda: self.ops.create_savepoint(ref),
            lambda: self.ops.list_savepoints(ref),
            self.waiter,
            timeout=timeout,
            progress=progress,
        )

    def newest_savepoint(self, ref: ObjectRef) -> str | None:
        """The newest completed savepoint of ``ref``, if any."""
        return savepoints.newest_completed(self.ops.list_savepoints(ref))

    # ----------------------------------------------------------------- lookups
    def _lookup_scope(self, keys: Mapping[str, Any]) -> tuple[Scope, str]:
        """The scope lookup ``keys`` name (the parent found by its ID or name), and how a
        message names it."""
        workspace = keys["workspace"]
        if self.parent is None or self.binding.parent is None:
            return Scope(workspace), f"workspace {workspace}"
        owner = self.binding.parent.binding
        _, parent = self.parent.find(
            {
                "workspace": workspace,
                owner.id_output: keys.get(owner.id_output),
                "name": keys.get(self.binding.parent.input),
            }
        )
        scope = Scope(workspace, parent.name, parent.id)
        return scope, f"{owner.what} {parent.name!r} ({workspace}/{parent.id})"

    def find(self, keys: Mapping[str, Any]) -> tuple[Scope, ApiObject]:
        """The object the lookup ``keys`` name: ``workspace``, the binding's ID output or
        ``name`` (and its parent's likewise). Raises LifecycleError naming what is missing."""
        scope, where = self._lookup_scope(keys)
        object_id, name = keys.get(self.binding.id_output), keys.get("name")
        if object_id is None:
            if name is None:
                raise LifecycleError(f"give {self.binding.id_output} or name")
            found = self._find_by_name(scope, name)
            if found is None:
                raise LifecycleError(f"no {self.what} named {name!r} in {where}")
            object_id = found.id
        try:
            obj = self.ops.describe(ObjectRef(scope, object_id))
        except errors.NotFoundError:
            raise LifecycleError(f"no {self.what} {ObjectRef(scope, object_id)}") from None
        if name is not None and obj.name != name:
            raise LifecycleError(
                f"{self.binding.id_output} {object_id} is the {self.what} named {obj.name!r}, "
                f"not {name!r}: give one of {self.binding.id_output} and name, or make them agree"
            )
        return scope, obj

    def get(self, keys: Mapping[str, Any]) -> dict[str, Any]:
        """The outputs of the object ``keys`` name, and its resource ID as ``id``."""
        scope, obj = self.find(keys)
        outputs = self.convert.outputs_from(scope, obj)
        outputs["id"] = self.convert.resource_id(outputs)
        return outputs

    def list(self, keys: Mapping[str, Any]) -> tuple[Scope, list[dict[str, Any]]]:
        """Every object of the workspace (of the session ``keys`` name), as summaries."""
        scope, _ = self._lookup_scope(keys)
        return scope, [self.convert.summary_to_dict(s, scope) for s in self.ops.list(scope)]


class ApplicationLifecycle(Lifecycle):
    """The lifecycle of FlinkApplication resources (``Lifecycle`` on its binding)."""

    def __init__(
        self,
        client: LakeSailClient,
        *,
        backoff: Backoff | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(client, APPLICATION, backoff=backoff, sleep=sleep, clock=clock)


def _name_of(spec: BaseModel) -> str:
    name: str = getattr(spec, "name")  # noqa: B009 - every Flink spec has a name
    return name
