"""Update: redeploy the application behind a resource, its job state carried over.

LakeSail has no update, so a change deletes the application and creates it again. Per
``upgradeMode``, the job state crosses through a savepoint: ``savepoint`` takes one first,
``last-state`` uses the newest completed one, ``stateless`` discards it. Nothing is lost when a
step fails: a savepoint that fails aborts with the old application untouched, a new deployment
that fails is rolled back to the previous spec from the same savepoint, and every savepoint
location is reported (``note``, a lasting log line) before the old application is deleted.
"""

from __future__ import annotations

from typing import Any

from ..client import models as api
from ..resources.flink_application import RESOURCE
from .convert import SUSPENDED, resource_id, restored_from, suspended_outputs, to_spec
from .diff import diff
from .errors import LifecycleError, PartialCreateError
from .lifecycle import DEFAULT_CREATE_TIMEOUT, ApplicationLifecycle, Progress, _quiet
from .resource_id import ApplicationRef

DEFAULT_UPDATE_TIMEOUT = 1200.0

_API_FIELDS = {p.name for p in RESOURCE.api_inputs}
_RUNNING = api.FlinkApplicationState.RUNNING
_FAILED = api.FlinkApplicationState.FAILED
_DELETING = api.FlinkApplicationState.DELETING


class RolledBackError(LifecycleError):
    """The new deployment failed and the previous one runs again; the change is still pending."""


def needs_redeploy(olds: dict[str, Any], news: dict[str, Any]) -> bool:
    """Whether a change reaches the API's spec (the provider-side inputs alone do not)."""
    changes = diff(olds, news).changes
    return any(c.path.split(".")[0].split("[")[0] in _API_FIELDS for c in changes)


def inputs_of(outputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs recorded in a state's outputs (``job`` without Flink's IDs)."""
    inputs = {k: v for k, v in outputs.items() if k in RESOURCE.input_names}
    job = inputs.get("job")
    if isinstance(job, dict):
        inputs["job"] = {k: v for k, v in job.items() if k not in ("id", "name")}
    return inputs


class Redeployer:
    """The update of FlinkApplication resources, on the lifecycle's primitives."""

    def __init__(self, lifecycle: ApplicationLifecycle) -> None:
        self.lc = lifecycle

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
    ) -> dict[str, Any]:
        """Bring the application of ``olds`` (the state's outputs) to ``news`` (checked inputs);
        the new outputs."""
        deadline = self.lc.waiter.clock() + (timeout or DEFAULT_UPDATE_TIMEOUT)
        rid = resource_id(news)
        workspace = news["workspace"]
        mode = news.get("upgradeMode", "stateless")
        last_savepoint = olds.get("lastSavepoint", "")

        if olds.get("state") == SUSPENDED:
            if news.get("suspended"):
                return suspended_outputs(news, last_savepoint, olds.get("updatedAt", ""))
            restore = last_savepoint if mode != "stateless" and last_savepoint else None
            note(
                f"resuming {rid} from savepoint {restore}"
                if restore
                else f"resuming {rid} without job state (upgradeMode {mode}, no savepoint)"
            )
            return self.lc.deploy(
                news, restore, timeout=self._remaining(deadline), progress=progress
            ) | {"lastSavepoint": last_savepoint}

        app = self.lc.locate(workspace, application_id=olds.get("applicationId"), name=news["name"])
        if app is None:
            return self._deploy_lost(olds, news, rid, deadline, progress, note)
        ref = ApplicationRef(workspace, app.id)

        if news.get("suspended"):
            location = (
                self._state_of(ref, app, mode, deadline, progress, note, rid) or last_savepoint
            )
            self.lc.delete_and_wait(ref, timeout=self._remaining(deadline), progress=progress)
            note(f"{rid} is suspended; its job state is in {location or 'no savepoint'}")
            return suspended_outputs(news, location)

        if not needs_redeploy(olds, news) or self.lc.matches(app, workspace, _spec_like(news, app)):
            if app.state in (_RUNNING, api.FlinkApplicationState.PENDING):
                # Provider-side inputs only, or an earlier interrupted redeploy already created
                # this spec: wait for it rather than redeploying again.
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

        restore = self._state_of(ref, app, mode, deadline, progress, note, rid)
        # Only a running deployment of another spec is worth rolling back to.
        roll_back = app.state == _RUNNING and needs_redeploy(olds, news)
        self.lc.delete_and_wait(ref, timeout=self._remaining(deadline), progress=progress)
        try:
            outputs = self.lc.deploy(
                news, restore, timeout=self._remaining(deadline), progress=progress
            )
        except PartialCreateError as failure:
            if not roll_back:
                failure.outputs["lastSavepoint"] = restore or last_savepoint
                raise
            raise self._roll_back(olds, failure, restore, rid, progress, note) from None
        return outputs | {
            "lastSavepoint": restore if restore and mode == "savepoint" else last_savepoint
        }

    def _state_of(
        self,
        ref: ApplicationRef,
        app: api.FlinkApplication,
        mode: str,
        deadline: float,
        progress: Progress,
        note: Progress,
        rid: str,
    ) -> str | None:
        """The savepoint the next deployment starts from, per ``mode``; reported before any
        delete. Raises, with nothing changed, when the mode's savepoint cannot be had."""
        if mode == "stateless":
            if app.state == _RUNNING:
                note(f"{rid} redeploys stateless: the job state of {ref} is discarded")
            return None
        if mode == "savepoint" and app.state == _RUNNING:
            taken = self.lc.take_savepoint(
                ref, timeout=self._remaining(deadline), progress=progress
            )
            note(f"savepoint of {ref} completed: {taken}; the job state is carried over from it")
            return taken
        location = self.lc.newest_savepoint(ref)
        if location is None:
            raise LifecycleError(
                f"application {ref} is {app.state.value} and has no completed savepoint, so "
                f"upgradeMode {mode} cannot carry its state over; nothing was changed. Set "
                "upgradeMode to stateless to redeploy without state, or initialSavepointPath "
                "to a savepoint to start from"
            )
        note(f"{rid} redeploys from the newest completed savepoint of {ref}: {location}")
        return location

    def _deploy_lost(
        self,
        olds: dict[str, Any],
        news: dict[str, Any],
        rid: str,
        deadline: float,
        progress: Progress,
        note: Progress,
    ) -> dict[str, Any]:
        """The application is gone (deleted out of band, or an interrupted redeploy)."""
        mode = news.get("upgradeMode", "stateless")
        initial = news.get("initialSavepointPath") or None
        if mode != "stateless" and (initial is None or initial == olds.get("initialSavepointPath")):
            raise LifecycleError(
                f"the application of {rid} is gone and the savepoint of its job state cannot be "
                "found again (LakeSail lists savepoints per application). If an earlier update "
                "logged 'savepoint of ... completed: <location>', set initialSavepointPath to "
                "that location to restore it; or set upgradeMode to stateless to start without "
                "state. Nothing was started."
            )
        note(f"the application of {rid} is gone; deploying it again from {initial or 'no state'}")
        return self.lc.deploy(news, initial, timeout=self._remaining(deadline), progress=progress)

    def _roll_back(
        self,
        olds: dict[str, Any],
        failure: PartialCreateError,
        restore: str | None,
        rid: str,
        progress: Progress,
        note: Progress,
    ) -> RolledBackError:
        """Replace the failed deployment by the previous spec from the same savepoint; the error
        to raise (a LifecycleError is raised here when the rollback fails too)."""
        workspace = olds["workspace"]
        note(f"the new deployment of {rid} failed ({failure}); rolling back to the previous spec")
        failed_id = failure.outputs.get("applicationId")
        if failed_id:
            self.lc.delete_and_wait(
                ApplicationRef(workspace, failed_id),
                timeout=DEFAULT_CREATE_TIMEOUT,
                progress=progress,
            )
        try:
            self.lc.deploy(
                inputs_of(olds), restore, timeout=DEFAULT_CREATE_TIMEOUT, progress=progress
            )
        except PartialCreateError as second:
            raise LifecycleError(
                f"the new deployment of {rid} failed ({failure}) and so did the rollback to the "
                f"previous spec ({second}); the job state is in savepoint {restore or '(none)'}: "
                "fix the spec and run `pulumi up`, with initialSavepointPath set to it"
            ) from None
        where = f"from savepoint {restore}" if restore else "without state (stateless)"
        return RolledBackError(
            f"the new deployment of {rid} failed: {failure}. Rolled back: the previous spec runs "
            f"again {where}; the change is still pending"
        )


def _spec_like(news: dict[str, Any], app: api.FlinkApplication) -> api.FlinkApplicationSpec:
    """The spec of ``news`` with the savepoint ``app`` started from, to recognise an
    application an interrupted redeploy already created."""
    return to_spec(news, restored_from(app) or None)
