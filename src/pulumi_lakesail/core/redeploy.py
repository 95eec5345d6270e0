"""Update: redeploy the object behind a resource, its job state carried over.

LakeSail has no update, so a change deletes the object and creates it again. Per
``upgradeMode``, a job's state crosses through a savepoint: ``savepoint`` takes one first,
``last-state`` uses the newest completed one, ``stateless`` discards it. A session takes its
jobs along when it is deleted, so its redeploy restarts them: each running job takes a
savepoint first and is resubmitted from it once the new session runs. Nothing is lost when a
step fails: a savepoint that fails aborts with the old object untouched, a new deployment that
fails is rolled back to the previous spec from the same savepoint, and every savepoint location
is reported (``note``, a lasting log line) before the old object is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..client.errors import LakeSailError
from ..resources.binding import Binding
from ..resources.flink_application import BINDING as APPLICATION
from ..resources.kinds import Ref
from ..resources.types import SUSPENDED
from .convert import ApiObject, restored_from
from .diff import diff
from .errors import LifecycleError, PartialCreateError
from .lifecycle import (
    DEFAULT_CREATE_TIMEOUT,
    DELETING,
    FAILED,
    PENDING,
    RUNNING,
    Lifecycle,
    Progress,
    _quiet,
    children_of,
)
from .resource_id import ObjectRef, Scope

DEFAULT_UPDATE_TIMEOUT = 1200.0


class RolledBackError(LifecycleError):
    """The new deployment failed and the previous one runs again; the change is still pending."""


def needs_redeploy(
    olds: dict[str, Any], news: dict[str, Any], binding: Binding = APPLICATION
) -> bool:
    """Whether a change reaches the API's spec (the provider-side inputs alone do not)."""
    fields = binding.spec_fields
    changes = diff(olds, news, resource=binding.resource).changes
    return any(c.path.split(".")[0].split("[")[0] in fields for c in changes)


def inputs_of(outputs: dict[str, Any], binding: Binding = APPLICATION) -> dict[str, Any]:
    """The inputs recorded in a state's outputs (``job`` without Flink's IDs)."""
    resource = binding.resource
    inputs = {k: v for k, v in outputs.items() if k in resource.input_names}
    for prop in resource.inputs:
        value = inputs.get(prop.name)
        if prop.output is not None and isinstance(prop.kind, Ref) and isinstance(value, dict):
            inputs[prop.name] = {k: v for k, v in value.items() if k in prop.kind.type.names}
    return inputs


@dataclass(frozen=True)
class Held:
    """A child (a session's job) taken down with its parent, to resubmit after it."""

    lifecycle: Lifecycle
    inputs: dict[str, Any]
    restore: str | None

    @property
    def name(self) -> str:
        """The child's name."""
        name: str = self.inputs["name"]
        return name


class Redeployer:
    """The update of one binding's resources, on the lifecycle's primitives."""

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lc = lifecycle
        self.binding = lifecycle.binding

    def _remaining(self, deadline: float) -> float:
        return max(deadline - self.lc.waiter.clock(), 0.001)

    def update(
        self,
        olds: dict[str, Any],
        news: dict[str, Any],
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
        note: Progress = _quiet,
        warn: Progress | None = None,
        resource_name: str | None = None,
    ) -> dict[str, Any]:
        """Bring the object of ``olds`` (the state's outputs) to ``news`` (checked inputs);
        the new outputs. ``warn`` (``note`` when absent) reports children that could not be
        restarted; ``resource_name`` (the Pulumi resource's) goes into a conflict's advice."""
        deadline = self.lc.waiter.clock() + (timeout or DEFAULT_UPDATE_TIMEOUT)
        warn = warn or note
        rid = self.lc.convert.resource_id(news)
        mode = news.get("upgradeMode", "stateless")
        last_savepoint = olds.get("lastSavepoint", "")
        stateful = self.binding.savepoints

        if stateful and olds.get("state") == SUSPENDED:
            if news.get("suspended"):
                return self.lc.convert.suspended_outputs(
                    news, last_savepoint, olds.get("updatedAt", "")
                )
            restore = last_savepoint if mode != "stateless" and last_savepoint else None
            note(
                f"resuming {rid} from savepoint {restore}"
                if restore
                else f"resuming {rid} without job state (upgradeMode {mode}, no savepoint)"
            )
            return self.lc.deploy(
                news,
                restore,
                timeout=self._remaining(deadline),
                progress=progress,
                resource_name=resource_name,
            ) | {"lastSavepoint": last_savepoint}

        scope = self.lc.scope_for(news, parent_id=self._parent_id(olds))
        obj = None
        if scope is not None:
            obj = self.lc.locate(
                scope, object_id=olds.get(self.binding.id_output), name=news["name"]
            )
        if scope is None or obj is None:
            return self._deploy_lost(olds, news, rid, deadline, progress, note, resource_name)
        ref = ObjectRef(scope, obj.id)
        state = obj.state.value

        if stateful and news.get("suspended"):
            location = (
                self._state_of(ref, obj, mode, deadline, progress, note, rid) or last_savepoint
            )
            self.lc.delete_and_wait(ref, timeout=self._remaining(deadline), progress=progress)
            note(f"{rid} is suspended; its job state is in {location or 'no savepoint'}")
            return self.lc.convert.suspended_outputs(news, location)

        redeploy = needs_redeploy(olds, news, self.binding)
        if not redeploy or self.lc.matches(obj, scope, self._spec_like(news, obj)):
            if state in (RUNNING, PENDING):
                # Provider-side inputs only, or an earlier interrupted redeploy already created
                # this spec: wait for it rather than redeploying again. That redeploy's
                # savepoint is the one the object started from.
                started_from = restored_from(obj) if stateful and redeploy else ""
                if started_from and mode == "savepoint":
                    last_savepoint = started_from
                outputs = self.lc.wait_until_running(
                    ref,
                    {**news, "lastSavepoint": last_savepoint},
                    timeout=self._remaining(deadline),
                    progress=progress,
                    resource_id=rid,
                )
                if outputs is None:
                    raise LifecycleError(f"could not reach LakeSail to learn the state of {ref}")
                return outputs

        restore = (
            self._state_of(ref, obj, mode, deadline, progress, note, rid) if stateful else None
        )
        held = self._hold_children(ref, obj, rid, deadline, progress, note)
        # Only a running deployment of another spec is worth rolling back to.
        roll_back = state == RUNNING and redeploy
        self.lc.delete_and_wait(ref, timeout=self._remaining(deadline), progress=progress)
        try:
            outputs = self.lc.deploy(
                news,
                restore,
                timeout=self._remaining(deadline),
                progress=progress,
                resource_name=resource_name,
            )
        except PartialCreateError as failure:
            if not roll_back:
                if stateful:
                    failure.outputs["lastSavepoint"] = restore or last_savepoint
                self._report_dropped(held, warn)
                raise
            raise self._roll_back(
                olds, scope, failure, restore, rid, held, progress, note, warn
            ) from None
        except (LifecycleError, LakeSailError) as failure:
            # No new object exists and the old one is gone: the state must keep the savepoint.
            self._report_dropped(held, warn)
            if not stateful:
                raise
            raise self._undeployed(news, rid, restore or last_savepoint, failure) from None
        self._resubmit(held, deadline, progress, note, warn)
        if not stateful:
            return outputs
        return outputs | {
            "lastSavepoint": restore if restore and mode == "savepoint" else last_savepoint
        }

    def _undeployed(
        self, news: dict[str, Any], rid: str, location: str, failure: Exception
    ) -> PartialCreateError:
        """The error of a redeploy that deleted the old object and could not create the new
        one: recorded with no deployment (SUSPENDED) and its job state's savepoint, which the
        next ``up`` deploys from."""
        return PartialCreateError(
            rid,
            self.lc.convert.suspended_outputs(news, location),
            [
                f"the new deployment of {rid} could not be created after the previous one was "
                f"deleted ({failure}); its job state is in savepoint {location or '(none)'}, "
                "recorded as lastSavepoint: run `pulumi up` again to deploy it from there"
            ],
        )

    def _parent_id(self, olds: dict[str, Any]) -> str | None:
        parent = self.binding.parent
        return olds.get(parent.binding.id_output) if parent is not None else None

    def _spec_like(self, news: dict[str, Any], obj: ApiObject) -> BaseModel:
        """The spec of ``news`` with the savepoint ``obj`` started from, to recognise an
        object an interrupted redeploy already created."""
        restore = restored_from(obj) if self.binding.savepoints else ""
        return self.lc.convert.to_spec(news, restore or None)

    def _state_of(
        self,
        ref: ObjectRef,
        obj: ApiObject,
        mode: str,
        deadline: float,
        progress: Progress,
        note: Progress,
        rid: str,
    ) -> str | None:
        """The savepoint the next deployment starts from, per ``mode``; reported before any
        delete. Raises, with nothing changed, when the mode's savepoint cannot be had."""
        state = obj.state.value
        if mode == "stateless":
            if state == RUNNING:
                note(f"{rid} redeploys stateless: the job state of {ref} is discarded")
            return None
        if mode == "savepoint" and state == RUNNING:
            taken = self.lc.take_savepoint(
                ref, timeout=self._remaining(deadline), progress=progress
            )
            note(f"savepoint of {ref} completed: {taken}; the job state is carried over from it")
            return taken
        location = self.lc.newest_savepoint(ref)
        if location is None:
            raise LifecycleError(
                f"{self.lc.what} {ref} is {state} and has no completed savepoint, so "
                f"upgradeMode {mode} cannot carry its state over; nothing was changed. Set "
                "upgradeMode to stateless to redeploy without state, or initialSavepointPath "
                "to a savepoint to start from"
            )
        note(f"{rid} redeploys from the newest completed savepoint of {ref}: {location}")
        return location

    # ----------------------------------------------------------------- children
    def children_at_stake(self, olds: dict[str, Any]) -> list[str]:
        """The names of the running children a redeploy of ``olds`` restarts (a session's
        running jobs)."""
        scope = self._child_scope(olds)
        if scope is None:
            return []
        return [
            summary.name
            for child in children_of(self.binding)
            for summary in self.lc.of(child).ops.list(scope)
            if summary.state.value == RUNNING
        ]

    def _child_scope(self, olds: dict[str, Any]) -> Scope | None:
        object_id = olds.get(self.binding.id_output)
        if not children_of(self.binding) or not object_id:
            return None
        return Scope(olds["workspace"], olds["name"], object_id)

    def _hold_children(
        self,
        ref: ObjectRef,
        obj: ApiObject,
        rid: str,
        deadline: float,
        progress: Progress,
        note: Progress,
    ) -> list[Held]:
        """Save the state of each job living in ``obj`` (a savepoint of each running one) so
        that it can be resubmitted after the redeploy; raises, with nothing deleted, when a
        savepoint fails."""
        held: list[Held] = []
        scope = Scope(ref.workspace, obj.name, obj.id)
        for binding in children_of(self.binding):
            child = self.lc.of(binding)
            for summary in child.ops.list(scope):
                state = summary.state.value
                if state in (DELETING, FAILED):
                    if state == FAILED:
                        note(f"{child.what} {summary.name!r} is FAILED: it is not resubmitted")
                    continue
                child_ref = ObjectRef(scope, summary.id)
                job = child.ops.describe(child_ref)
                restore = (
                    child.take_savepoint(
                        child_ref, timeout=self._remaining(deadline), progress=progress
                    )
                    if job.state.value == RUNNING
                    else restored_from(job) or None
                )
                held.append(Held(child, child.convert.inputs_from(scope, job), restore))
        if held:
            restarts = ", ".join(f"{h.name!r} (from {h.restore or 'no savepoint'})" for h in held)
            note(
                f"{rid} redeploys: LakeSail deletes its {len(held)} {held[0].lifecycle.what}(s) "
                f"along; each is resubmitted after it: {restarts}"
            )
        return held

    def _resubmit(
        self,
        held: list[Held],
        deadline: float,
        progress: Progress,
        note: Progress,
        warn: Progress,
    ) -> None:
        """Submit each held child again (into the parent of the same name)."""
        failed: list[str] = []
        for child in held:
            try:
                child.lifecycle.deploy(
                    child.inputs,
                    child.restore,
                    timeout=self._remaining(deadline),
                    progress=progress,
                )
            except LifecycleError as exc:
                failed.append(f"{child.name!r} ({exc})")
                continue
            note(f"{child.lifecycle.what} {child.name!r} runs again")
        if failed:
            warn(
                f"could not restart {', '.join(failed)}; `pulumi refresh` then `pulumi up` "
                "submits them again"
            )

    def _report_dropped(self, held: list[Held], warn: Progress) -> None:
        if held:
            where = ", ".join(f"{h.name!r} ({h.restore or 'no savepoint'})" for h in held)
            warn(
                f"the redeploy failed, so these were not resubmitted: {where}; `pulumi refresh` "
                "then `pulumi up` submits them again"
            )

    # ----------------------------------------------------------------- lost, rollback
    def _deploy_lost(
        self,
        olds: dict[str, Any],
        news: dict[str, Any],
        rid: str,
        deadline: float,
        progress: Progress,
        note: Progress,
        resource_name: str | None,
    ) -> dict[str, Any]:
        """The object is gone (deleted out of band, or an interrupted redeploy)."""
        what = self.lc.what
        mode = news.get("upgradeMode", "stateless")
        initial = news.get("initialSavepointPath") or None
        if mode != "stateless" and (initial is None or initial == olds.get("initialSavepointPath")):
            raise LifecycleError(
                f"the {what} of {rid} is gone and the savepoint of its job state cannot be "
                f"found again (LakeSail lists savepoints per {what}). If an earlier update "
                "logged 'savepoint of ... completed: <location>', set initialSavepointPath to "
                "that location to restore it; or set upgradeMode to stateless to start without "
                "state. Nothing was started."
            )
        state = f" from {initial or 'no state'}" if self.binding.savepoints else ""
        note(f"the {what} of {rid} is gone; deploying it again{state}")
        return self.lc.deploy(
            news,
            initial,
            timeout=self._remaining(deadline),
            progress=progress,
            resource_name=resource_name,
        )

    def _roll_back(
        self,
        olds: dict[str, Any],
        scope: Scope,
        failure: PartialCreateError,
        restore: str | None,
        rid: str,
        held: list[Held],
        progress: Progress,
        note: Progress,
        warn: Progress,
    ) -> RolledBackError:
        """Replace the failed deployment by the previous spec from the same savepoint, and
        resubmit the children; the error to raise (a LifecycleError is raised here when the
        rollback fails too)."""
        note(f"the new deployment of {rid} failed ({failure}); rolling back to the previous spec")
        failed_id = failure.outputs.get(self.binding.id_output)
        if failed_id:
            self.lc.delete_and_wait(
                ObjectRef(scope, failed_id), timeout=DEFAULT_CREATE_TIMEOUT, progress=progress
            )
        try:
            self.lc.deploy(
                inputs_of(olds, self.binding),
                restore,
                timeout=DEFAULT_CREATE_TIMEOUT,
                progress=progress,
            )
        except PartialCreateError as second:
            self._report_dropped(held, warn)
            raise LifecycleError(
                f"the new deployment of {rid} failed ({failure}) and so did the rollback to the "
                f"previous spec ({second}); the job state is in savepoint {restore or '(none)'}: "
                "fix the spec and run `pulumi up`, with initialSavepointPath set to it"
            ) from None
        self._resubmit(held, self.lc.waiter.clock() + DEFAULT_CREATE_TIMEOUT, progress, note, warn)
        if self.binding.savepoints:
            where = f" from savepoint {restore}" if restore else " without state (stateless)"
        else:
            where = ", its jobs resubmitted" if held else ""
        return RolledBackError(
            f"the new deployment of {rid} failed: {failure}. Rolled back: the previous spec runs "
            f"again{where}; the change is still pending"
        )
