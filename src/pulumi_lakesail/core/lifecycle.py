"""Create, read, wait, delete and look up Flink applications: the behaviour both adapters share."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..client import errors
from ..client import models as api
from ..client.client import LakeSailClient
from ..resources.flink_application import RESOURCE
from ..resources.types import SAVEPOINT_PATH_KEY
from . import savepoints
from .convert import (
    SUSPENDED,
    inputs_from_application,
    outputs_from_application,
    outputs_from_summary,
    resource_id,
    restored_from,
    summary_to_dict,
    suspended_outputs,
    to_spec,
)
from .diff import diff
from .errors import LifecycleError, PartialCreateError
from .resource_id import RESOURCE_ID_PATTERN, ApplicationRef
from .waiter import Backoff, Waiter, WaitTimeoutError

log = logging.getLogger("pulumi_lakesail.core")

DEFAULT_CREATE_TIMEOUT = 600.0
DEFAULT_DELETE_TIMEOUT = 600.0

Progress = Callable[[str], None]

_PENDING = api.FlinkApplicationState.PENDING
_RUNNING = api.FlinkApplicationState.RUNNING
_FAILED = api.FlinkApplicationState.FAILED
_DELETING = api.FlinkApplicationState.DELETING


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class Created:
    """A created application: its resource ID and outputs."""

    resource_id: str
    outputs: dict[str, Any]


@dataclass(frozen=True)
class Observed:
    """An application as read back: its ID, inputs rebuilt from the API, and outputs."""

    resource_id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]


class ApplicationLifecycle:
    """The lifecycle of FlinkApplication resources over one LakeSail client."""

    def __init__(
        self,
        client: LakeSailClient,
        *,
        backoff: Backoff | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.waiter: Waiter[Any] = Waiter(backoff or Backoff(), sleep, clock)

    # ----------------------------------------------------------------- create
    def create(
        self,
        inputs: dict[str, Any],
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
    ) -> Created:
        """POST the application, then wait until it is RUNNING.

        A suspended resource gets no LakeSail object. Raises PartialCreateError when the
        application exists but did not reach RUNNING (FAILED, timeout, or lost contact while
        waiting), so the caller still records it.
        """
        rid = resource_id(inputs)
        if inputs.get("suspended"):
            return Created(rid, suspended_outputs(inputs, inputs.get("initialSavepointPath", "")))
        restore = inputs.get("initialSavepointPath") or None
        return Created(rid, self.deploy(inputs, restore, timeout=timeout, progress=progress))

    def deploy(
        self,
        inputs: dict[str, Any],
        restore: str | None,
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
    ) -> dict[str, Any]:
        """Create the application of ``inputs`` starting from ``restore``; wait for RUNNING."""
        timeout = timeout or DEFAULT_CREATE_TIMEOUT
        deadline = self.waiter.clock() + timeout
        workspace = inputs["workspace"]
        rid = resource_id(inputs)
        summary = self._post(workspace, to_spec(inputs, restore), timeout, progress)
        ref = ApplicationRef(workspace, summary.id)
        # One timeout covers the whole operation, resolving an ambiguous POST included.
        remaining = max(deadline - self.waiter.clock(), 0.001)
        outputs = self.wait_until_running(
            ref, inputs, timeout=remaining, progress=progress, resource_id=rid
        )
        if outputs is None:
            raise PartialCreateError(
                rid,
                outputs_from_summary(inputs, summary, restore),
                [
                    f"lost contact with LakeSail while waiting for application {ref} to reach "
                    "RUNNING; it is recorded in the state: run `pulumi refresh` or `pulumi up` "
                    "again to resume"
                ],
            )
        return outputs

    def wait_until_running(
        self,
        ref: ApplicationRef,
        previous: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        progress: Progress = _quiet,
        resource_id: str | None = None,
    ) -> dict[str, Any] | None:
        """Wait for RUNNING and return the outputs; None when LakeSail could not be reached.

        ``previous`` holds the provider-side inputs and the last savepoint to carry into the
        outputs. Raises PartialCreateError on FAILED or timeout, LifecycleError when the
        application disappears.
        """
        timeout = timeout or DEFAULT_CREATE_TIMEOUT
        rid = resource_id or str(ref)

        # Progress goes to the engine's log, a blocking RPC: only for a real wait, since an
        # application that is RUNNING at the first poll has nothing to report.
        reported = False

        def report(app: api.FlinkApplication, waited: float) -> None:
            nonlocal reported
            reported = True
            progress(f"{ref} is {app.state.value} after {waited:.0f}s; waiting for RUNNING")

        try:
            app = self.waiter.wait(
                lambda: self.client.describe_application(ref.workspace, ref.application_id),
                lambda a: a.state != _PENDING,
                timeout=timeout,
                on_poll=report,
            )
        except WaitTimeoutError as exc:
            last: api.FlinkApplication = exc.last  # type: ignore[assignment]
            raise PartialCreateError(
                rid,
                outputs_from_application(ref.workspace, last, previous),
                [
                    f"application {ref} did not reach RUNNING within the timeout (it is "
                    f"{last.state.value} after {exc.waited:.0f}s of waiting); it is recorded in "
                    "the state: run `pulumi up` again to keep waiting, or raise the timeout "
                    "with customTimeouts"
                ],
            ) from None
        except errors.NotFoundError:
            raise LifecycleError(
                f"application {ref} disappeared before it reached RUNNING (deleted outside Pulumi?)"
            ) from None
        except errors.LakeSailError as exc:
            log.warning("lost contact while waiting for %s: %s", ref, exc)
            return None
        outputs = outputs_from_application(ref.workspace, app, previous)
        if app.state == _RUNNING:
            if reported:
                progress("")
            return outputs
        reason = (
            "entered FAILED: the Flink cluster or job could not start. LakeSail reports no "
            "failure detail; check job.jarUri, job.entryClass, jars, plugins and resources, "
            "and the job's logs in the Flink web UI"
            if app.state == _FAILED
            else f"is {app.state.value} (deleted outside Pulumi?)"
        )
        raise PartialCreateError(rid, outputs, [f"application {ref} {reason}"])

    def _send_create(
        self, workspace: str, spec: api.FlinkApplicationSpec
    ) -> api.FlinkApplicationSummary | errors.ConflictError | errors.ApiConnectionError:
        """One POST. A conflict, or a failure after the request may have left, is returned
        (not raised) so that the caller never sends the next request inside an except block."""
        try:
            return self.client.create_application(workspace, spec)
        except errors.ConflictError as exc:
            return exc
        except errors.ApiConnectionError as exc:
            if not exc.request_sent:
                raise  # nothing reached the server: nothing can have been created
            return exc

    def _post(
        self, workspace: str, spec: api.FlinkApplicationSpec, timeout: float, progress: Progress
    ) -> api.FlinkApplicationSummary:
        """POST until the outcome is known, never creating a second application.

        A POST whose response was lost may have been committed, so it is never retried blindly:
        names are unique in a workspace, so looking the name up tells whether it was. Only when
        it was not is the request sent again, and a conflict then means an earlier attempt won.
        """
        deadline = self.waiter.clock() + timeout
        after_ambiguous = False
        while True:
            outcome = self._send_create(workspace, spec)
            if isinstance(outcome, api.FlinkApplicationSummary):
                return outcome
            if isinstance(outcome, errors.ConflictError):
                return self._resolve_conflict(
                    workspace, spec, timeout, progress, adopt_same_spec=after_ambiguous
                )
            progress(
                f"the create request's outcome is unknown ({outcome}); looking up {spec.name!r}"
            )
            found = self._find_same(workspace, spec, max(deadline - self.waiter.clock(), 0.0))
            if found is not None:
                progress(f"found {workspace}/{found.id}: the create had succeeded")
                return found
            if self.waiter.clock() >= deadline:
                raise LifecycleError(
                    f"could not create {spec.name!r} within {timeout:.0f}s: {outcome}"
                )
            after_ambiguous = True
            progress(f"{spec.name!r} was not created; sending the create request again")

    def _resolve_conflict(
        self,
        workspace: str,
        spec: api.FlinkApplicationSpec,
        timeout: float,
        progress: Progress,
        *,
        adopt_same_spec: bool,
    ) -> api.FlinkApplicationSummary:
        existing = self._find_by_name(workspace, spec.name, include_deleting=True)
        if existing is not None and existing.state == _DELETING:
            # A replaced application with the same name is still being torn down.
            progress(
                f"waiting for the previous {spec.name!r} ({workspace}/{existing.id}) to be deleted"
            )
            self._wait_gone(ApplicationRef(workspace, existing.id), timeout, progress)
            return self._post(workspace, spec, timeout, progress)
        # Adopt only what one of our own earlier attempts created: an application that was
        # there before this create belongs to someone else, whatever its specification.
        if (
            adopt_same_spec
            and existing is not None
            and self._same_spec(workspace, existing.id, spec)
        ):
            return existing
        where = f" ({workspace}/{existing.id})" if existing is not None else ""
        raise LifecycleError(
            f"an application named {spec.name!r} already exists in workspace {workspace}{where}: "
            "choose another name, or adopt it with `pulumi import lakesail:index:FlinkApplication "
            f"<resource name> {workspace}/<applicationId>`"
        )

    def _find_same(
        self, workspace: str, spec: api.FlinkApplicationSpec, timeout: float
    ) -> api.FlinkApplicationSummary | None:
        """The application named like ``spec`` if it has that spec; polls through outages."""

        def lookup() -> tuple[bool, api.FlinkApplicationSummary | None]:
            try:
                found = self._find_by_name(workspace, spec.name)
                if found is not None and not self._same_spec(workspace, found.id, spec):
                    raise LifecycleError(
                        f"an application named {spec.name!r} exists in {workspace} with another "
                        "specification; choose another name or import it"
                    )
                return True, found
            except errors.ApiConnectionError:
                return False, None

        try:
            result: tuple[bool, api.FlinkApplicationSummary | None] = self.waiter.wait(
                lookup, lambda r: r[0], timeout=timeout
            )
        except WaitTimeoutError:
            raise LifecycleError(
                f"could not reach LakeSail to learn whether {spec.name!r} was created; run "
                "`pulumi refresh` and `pulumi up` again once it is reachable (names are unique, "
                "so no duplicate can be created)"
            ) from None
        return result[1]

    def _find_by_name(
        self, workspace: str, name: str, *, include_deleting: bool = False
    ) -> api.FlinkApplicationSummary | None:
        for summary in self.client.list_applications(workspace):
            if summary.name == name and (include_deleting or summary.state != _DELETING):
                return summary
        return None

    def _same_spec(
        self, workspace: str, application_id: str, spec: api.FlinkApplicationSpec
    ) -> bool:
        app = self.client.describe_application(workspace, application_id)
        return self.matches(app, workspace, spec)

    @staticmethod
    def matches(app: api.FlinkApplication, workspace: str, spec: api.FlinkApplicationSpec) -> bool:
        """Whether ``app`` was created from ``spec`` (its savepoint included)."""
        wanted = spec.model_dump(by_alias=True, exclude_none=True, mode="json")
        config = dict(wanted["flinkConfiguration"])
        wanted_restore = config.pop(SAVEPOINT_PATH_KEY, "")
        wanted["flinkConfiguration"] = config
        wanted["workspace"] = workspace
        have = inputs_from_application(workspace, app, wanted)
        return restored_from(app) == wanted_restore and not diff(have, wanted).has_changes

    # ----------------------------------------------------------------- read
    def locate(
        self, workspace: str, *, application_id: str | None = None, name: str | None = None
    ) -> api.FlinkApplication | None:
        """The live application: by its ID, else (a redeploy changes the ID) by its name.

        An application being deleted is still reported (state DELETING): it holds its name
        until it is gone, and a delete stuck in DELETING must stay visible.
        """
        if application_id:
            try:
                return self.client.describe_application(workspace, application_id)
            except errors.NotFoundError:
                pass
        if name:
            found = self._find_by_name(workspace, name, include_deleting=True)
            if found is not None:
                try:
                    return self.client.describe_application(workspace, found.id)
                except errors.NotFoundError:
                    return None
        return None

    def read(self, resource_id: str, previous: dict[str, Any] | None = None) -> Observed | None:
        """The application as LakeSail reports it; None when it is gone.

        ``previous`` is what the state recorded (empty on import). The ID is
        ``<workspace>/<name>``; an import also takes ``<workspace>/<applicationId>``. A
        suspended resource has no LakeSail object: it reads as recorded.
        """
        previous = previous or {}
        workspace, key = ApplicationRef.split(resource_id)
        if previous.get("state") == SUSPENDED:
            inputs = {k: v for k, v in previous.items() if k in RESOURCE.input_names}
            return Observed(resource_id, inputs, dict(previous))
        if previous.get("name"):
            app = self.locate(
                workspace, application_id=previous.get("applicationId"), name=previous["name"]
            )
        else:  # import: the key is an application ID or a name
            by_id = key if RESOURCE_ID_PATTERN.fullmatch(key) else None
            app = self.locate(workspace, application_id=by_id, name=key)
        if app is None:
            return None
        return Observed(
            f"{workspace}/{app.name}",
            inputs_from_application(workspace, app, previous),
            outputs_from_application(workspace, app, previous),
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
        """DELETE the application (gone counts as done), then wait until it is gone.

        In ``savepoint`` mode a RUNNING application's job state is saved first and the
        location reported through ``note``, so it can be restored with initialSavepointPath.
        """
        previous = previous or {}
        timeout = timeout or DEFAULT_DELETE_TIMEOUT
        if previous.get("state") == SUSPENDED:
            return
        workspace, key = ApplicationRef.split(resource_id)
        app = self.locate(
            workspace,
            application_id=previous.get("applicationId") or _as_id(key),
            name=previous.get("name") or key,
        )
        if app is None:
            return
        ref = ApplicationRef(workspace, app.id)
        if previous.get("upgradeMode") == "savepoint" and app.state == _RUNNING:
            location = self.take_savepoint(ref, timeout=timeout, progress=progress)
            note(
                f"final savepoint of {resource_id}: {location} (restore it with "
                "initialSavepointPath)"
            )
        self.delete_and_wait(ref, timeout=timeout, progress=progress)

    def delete_and_wait(
        self, ref: ApplicationRef, *, timeout: float, progress: Progress = _quiet
    ) -> None:
        """DELETE ``ref`` (404 counts as done) and wait until it is gone."""
        try:
            self.client.delete_application(ref.workspace, ref.application_id)
        except errors.NotFoundError:
            return
        self._wait_gone(ref, timeout, progress)

    # ----------------------------------------------------------------- savepoints
    def take_savepoint(
        self, ref: ApplicationRef, *, timeout: float, progress: Progress = _quiet
    ) -> str:
        """Take a savepoint of ``ref`` and wait until it completes; its location."""
        return savepoints.take(
            f"application {ref}",
            lambda: self.client.create_application_savepoint(ref.workspace, ref.application_id),
            lambda: self.client.list_application_savepoints(ref.workspace, ref.application_id),
            self.waiter,
            timeout=timeout,
            progress=progress,
        )

    def newest_savepoint(self, ref: ApplicationRef) -> str | None:
        """The newest completed savepoint of ``ref``, if any."""
        return savepoints.newest_completed(
            self.client.list_application_savepoints(ref.workspace, ref.application_id)
        )

    def _wait_gone(self, ref: ApplicationRef, timeout: float, progress: Progress) -> None:
        def state() -> str | None:
            try:
                return self.client.describe_application(
                    ref.workspace, ref.application_id
                ).state.value
            except errors.NotFoundError:
                return None

        def report(value: str | None, waited: float) -> None:
            progress(f"{ref} is {value} after {waited:.0f}s; waiting until it is gone")

        try:
            self.waiter.wait(state, lambda s: s is None, timeout=timeout, on_poll=report)
            progress("")
        except WaitTimeoutError as exc:
            raise LifecycleError(
                f"application {ref} was still {exc.last} {exc.waited:.0f}s after the delete "
                "request; LakeSail keeps deleting it: run `pulumi destroy` (or `up`) again to "
                "wait longer, or raise the delete timeout with customTimeouts"
            ) from None

    # ----------------------------------------------------------------- functions
    def get(
        self, workspace: str, *, application_id: str | None = None, name: str | None = None
    ) -> dict[str, Any]:
        """The outputs of one application, by ID or by name (getFlinkApplication)."""
        if application_id is None:
            if name is None:
                raise LifecycleError("getFlinkApplication needs applicationId or name")
            found = self._find_by_name(workspace, name)
            if found is None:
                raise LifecycleError(f"no application named {name!r} in workspace {workspace}")
            application_id = found.id
        try:
            app = self.client.describe_application(workspace, application_id)
        except errors.NotFoundError:
            raise LifecycleError(f"no application {workspace}/{application_id}") from None
        if name is not None and app.name != name:
            raise LifecycleError(
                f"applicationId {application_id} is the application named {app.name!r}, not "
                f"{name!r}: give one of applicationId and name, or make them agree"
            )
        outputs = outputs_from_application(workspace, app)
        outputs["id"] = f"{workspace}/{app.name}"
        return outputs

    def list(self, workspace: str) -> list[dict[str, Any]]:
        """Every application of a workspace, as summaries (listFlinkApplications)."""
        return [summary_to_dict(s, workspace) for s in self.client.list_applications(workspace)]


def _as_id(key: str) -> str | None:
    return key if RESOURCE_ID_PATTERN.fullmatch(key) else None
