"""Stateful redeploys under faults: a savepoint-mode change of a FlinkApplication and of a
FlinkSessionJob, with a fault at one step of the redeploy.

The steps (``core/redeploy.py``): trigger a savepoint of the running job, wait until it
completes (its location is logged), delete the old deployment and wait until it is gone, create
the new deployment from the savepoint and wait for RUNNING. Each scenario puts a fault on one
step: a 5xx or a dropped connection on that step's request, or the plugin process killed
(SIGKILL) between steps. What must hold afterwards: the savepoint taken is recorded (the engine
log, ``lastSavepoint``, or the error names it); the next Update (the next ``pulumi up``)
completes the redeploy from it, or, while the old job still runs, from a newer savepoint of the
same job (so no state is lost); the emulator's job runs from the savepoint the outputs name and
its progress counter starts where that savepoint left it; nothing is duplicated or orphaned.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

from lakesail_testing.fault_harness import SLOW_DELETE, SLOW_START, expect, in_background, poll
from lakesail_testing.fault_kinds import STATEFUL, KindRun, expect_fixed, scenario
from lakesail_testing.plugin import PluginProcess

# ----------------------------------------------------------------------------- steps


def _deployed(run: KindRun) -> tuple[str, dict[str, Any], str]:
    """A RUNNING object in savepoint mode and the changed inputs that redeploy it; its ID."""
    inputs = run.inputs(upgradeMode="savepoint")
    created = run.must_create(inputs)
    assert created.resource_id is not None
    run.op("Create (upgradeMode savepoint) -> RUNNING")
    config = {**inputs["flinkConfiguration"], "parallelism.default": "4"}
    news, failures = run.check({**inputs, "flinkConfiguration": config})
    expect(failures == [], f"check failed: {failures}")
    return created.resource_id, news, created.outputs[run.kind.id_output]


def _taken(run: KindRun, object_id: str, plugin: PluginProcess | None = None) -> str | None:
    """The savepoint of ``object_id`` the plugin logged as completed (the newest), if any."""
    marker = f"/{object_id} completed: "  # "savepoint of <ws>[/<session>]/<id> completed: "
    found = [
        entry.message.split(marker, 1)[1].split(";", 1)[0]
        for entry in (plugin or run.plugin).logs
        if entry.message.startswith("savepoint of ") and marker in entry.message
    ]
    return found[-1] if found else None


def _newest_completed(run: KindRun, object_id: str) -> str | None:
    """The newest completed savepoint of ``object_id`` the emulator lists (it must exist)."""
    completed = run.savepoints(object_id)["completed"]
    return str(completed[0]["location"]) if completed else None


def _failed_update(
    run: KindRun, resource_id: str, news: dict[str, Any], faults: dict[str, Any], *mentions: str
) -> str:
    """An Update under ``faults`` that must fail; its error, which names each of ``mentions``."""
    run.env.emulator.set_faults(**faults)
    try:
        outputs, error = run.update(resource_id, news, timeout=60)
    finally:
        run.env.emulator.clear_faults()
    expect(outputs is None and error is not None, f"the update did not fail: {outputs}")
    assert error is not None
    expect(all(m in error for m in mentions), f"the error does not name {mentions}: {error}")
    return error


def _untouched(run: KindRun, object_id: str) -> None:
    """The old deployment still runs, alone: the failed Update changed nothing."""
    audit = run.must_balance("after the failed update")
    expect(audit.held == {object_id: "RUNNING"}, f"the old deployment was touched: {audit.held}")


def _redeployed(
    run: KindRun, outputs: dict[str, Any], old_id: str, taken: str | None, *, exact: bool = False
) -> str:
    """The redeploy finished: a new deployment RUNNING from a savepoint of the old job, no
    older than ``taken`` (``exact``: that very savepoint), the emulator's job restored from what
    the outputs name; balanced. The restored location."""
    new_id = outputs.get(run.kind.id_output)
    expect(outputs.get("state") == "RUNNING", f"state {outputs.get('state')}")
    expect(new_id and new_id != old_id, f"no new deployment: {run.kind.id_output} {new_id}")
    restored = str(outputs.get("restoredFrom", ""))
    expect(restored, "the new deployment started without the job state")
    if exact:
        expect(restored == taken, f"restored from {restored!r}, not the savepoint taken {taken!r}")
    running = run.progress(str(new_id))
    expect(
        running["restoredFrom"] == restored,
        f"the state says restoredFrom {restored!r}; the job runs from {running['restoredFrom']!r}",
    )
    captured = run.captured(restored)
    expect(captured > 0, f"the savepoint {restored} holds no progress")
    expect(running["progress"] >= captured, f"progress {running['progress']} < {captured}")
    if taken is not None:
        older = run.captured(taken)
        expect(
            captured >= older, f"restored {restored} ({captured}) is older than {taken} ({older})"
        )
    run.must_balance("after the redeploy")
    return restored


def _records_savepoint(outputs: dict[str, Any]) -> None:
    expect(
        outputs.get("lastSavepoint") == outputs.get("restoredFrom"),
        f"lastSavepoint {outputs.get('lastSavepoint')!r} is not the savepoint taken "
        f"{outputs.get('restoredFrom')!r}",
    )


def _next_update_completes(
    run: KindRun, resource_id: str, news: dict[str, Any], old_id: str, taken: str | None
) -> str:
    """The next Update (no fault) completes the redeploy; the outcome's text."""
    taken = taken or _newest_completed(run, old_id)
    outputs = run.must_update(resource_id, news)
    restored = _redeployed(run, outputs, old_id, taken)
    _records_savepoint(outputs)
    again = "that savepoint" if restored == taken else "a newer savepoint of the same job"
    run.op(f"Update again (next `pulumi up`) -> RUNNING, restored from {again}")
    return again


def _kill(plugin: PluginProcess) -> None:
    """SIGKILL the plugin process (a crash of `pulumi up`)."""
    process = plugin._process  # the harness exposes no kill; a crash is what is tested here
    assert process is not None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def _killed_mid_update(
    run: KindRun, resource_id: str, news: dict[str, Any], when: Any, what: str
) -> PluginProcess:
    """Update through a plugin of the run's own, SIGKILLed once ``when(held)`` holds; the dead
    plugin, whose engine log stays readable. The environment's plugin makes the next calls, as
    the next ``pulumi up`` starts a new one."""
    assert run.doomed is not None, "the scenario starts run.doomed first"
    doomed = run.doomed.result(timeout=60)
    update = in_background(lambda: run.update(resource_id, news, timeout=60, plugin=doomed))
    poll(run.held, when, what)
    _kill(doomed)
    outputs, error = update.result(timeout=30)
    expect(outputs is None and error is not None, f"the update finished before the kill: {outputs}")
    return doomed


# ----------------------------------------------------------------------------- 5xx, dropped


def _savepoint_step_fails(status: int, method: str, step: str) -> Callable[[KindRun], str]:
    """A scenario: one ``status`` on the savepoint ``method`` while the redeploy is at ``step``;
    nothing changes, and the next update redeploys."""

    def body(run: KindRun) -> str:
        rid, news, old_id = _deployed(run)
        faults = {"errorBurst": {"count": 1, "status": status, "methods": [method]}}
        paths = {"paths": run.kind.savepoints_path, **faults}
        _failed_update(run, rid, news, paths, str(status), method)
        run.op(f"Update -> error (HTTP {status} {step}); nothing changed")
        _untouched(run, old_id)
        how = _next_update_completes(run, rid, news, old_id, None)
        return f"the failure {step} changed nothing; the next update redeployed from {how}"

    return body


for _key, _fault, _status, _method, _step in (
    (
        "redeploy-trigger-5xx",
        "503 on the savepoint trigger (POST .../savepoints)",
        503,
        "POST",
        "on the savepoint trigger",
    ),
    (
        "redeploy-savepoint-wait-5xx",
        "500 on GET .../savepoints while the savepoint is awaited",
        500,
        "GET",
        "while waiting for the savepoint",
    ),
):
    scenario(_key, f"savepoint-mode redeploy of the {{what}}: {_fault}", kinds=STATEFUL)(
        _savepoint_step_fails(_status, _method, _step)
    )


@scenario(
    "redeploy-trigger-dropped",
    "savepoint-mode redeploy of the {what}: the savepoint trigger commits, its response is dropped",
    kinds=STATEFUL,
)
def redeploy_trigger_dropped(run: KindRun) -> str:
    rid, news, old_id = _deployed(run)
    faults = {"dropResponse": {"count": 1, "methods": ["POST"]}}
    _failed_update(run, rid, news, {"paths": run.kind.savepoints_path, **faults})
    run.op("Update -> error (connection dropped on the savepoint trigger); nothing changed")
    _untouched(run, old_id)
    listed = run.savepoints(old_id)
    expect(listed["pending"] or listed["completed"], f"the dropped trigger took none: {listed}")
    how = _next_update_completes(run, rid, news, old_id, None)
    return (
        f"the savepoint the dropped trigger started was kept; the next update redeployed from {how}"
    )


@scenario(
    "redeploy-delete-5xx",
    "savepoint-mode redeploy of the {what}: 500 on the DELETE of the old deployment",
    kinds=STATEFUL,
)
def redeploy_delete_5xx(run: KindRun) -> str:
    rid, news, old_id = _deployed(run)
    faults = {"errorBurst": {"count": 1, "status": 500, "methods": ["DELETE"]}}
    _failed_update(run, rid, news, {"paths": run.kind.item_path, **faults}, "500", "DELETE")
    taken = _taken(run, old_id)
    expect(taken, "the savepoint taken before the delete was not logged")
    run.op("Update -> savepoint taken and logged -> error (HTTP 500 on DELETE); old one runs")
    _untouched(run, old_id)
    how = _next_update_completes(run, rid, news, old_id, taken)
    return f"savepoint logged, old deployment untouched; the next update redeployed from {how}"


@scenario(
    "redeploy-create-5xx",
    "savepoint-mode redeploy of the {what}: 503 on the new deployment's create POST, after the "
    "old one was deleted",
    kinds=STATEFUL,
)
def redeploy_create_5xx(run: KindRun) -> str:
    rid, news, old_id = _deployed(run)
    faults = {"errorBurst": {"count": 1, "status": 503, "methods": ["POST"]}}
    error = _failed_update(run, rid, news, {"paths": run.kind.list_path, **faults}, "503", "POST")
    taken = _taken(run, old_id)
    expect(taken, "the savepoint taken before the delete was not logged")
    assert taken is not None
    expect(run.held() == [], f"expected the old deployment deleted and none new: {run.held()}")
    run.op("Update -> savepoint logged, old one deleted -> error (HTTP 503 on the create POST)")
    recorded = run.tracked[rid].get("lastSavepoint")
    outputs, again = run.update(rid, news, timeout=60)
    run.op(f"Update again -> {'RUNNING' if outputs else 'error: ' + str(again)[:90]}")
    expect_fixed(
        (taken in error or recorded == taken) and outputs is not None,
        f"the failed update's error: {error!r}; lastSavepoint recorded: {recorded!r}; the "
        f"savepoint taken: {taken!r}; the next update: {again!r}",
    )
    assert outputs is not None
    _redeployed(run, outputs, old_id, taken, exact=True)
    _records_savepoint(outputs)
    return "the error names the savepoint; the next update redeployed from it"


@scenario(
    "redeploy-create-dropped",
    "savepoint-mode redeploy of the {what}: the new deployment's create POST commits, its "
    "response is dropped",
    kinds=STATEFUL,
)
def redeploy_create_dropped(run: KindRun) -> str:
    rid, news, old_id = _deployed(run)
    run.env.emulator.set_faults(
        paths=run.kind.list_path, dropResponse={"count": 1, "methods": ["POST"]}
    )
    try:
        outputs = run.must_update(rid, news)
    finally:
        run.env.emulator.clear_faults()
    counts = run.api_counts()
    expect(counts["POST"] == 2, f"expected one create POST per deployment: {counts}")
    taken = _taken(run, old_id)
    _redeployed(run, outputs, old_id, taken, exact=True)
    _records_savepoint(outputs)
    run.op("Update -> savepoint, delete, create (response lost) -> name lookup -> RUNNING")
    return "the lost create was found by name (same spec, same savepoint); one new deployment"


# ----------------------------------------------------------------------------- plugin killed


def _killed_while_deleting(run: KindRun) -> tuple[str, dict[str, Any], str, str]:
    """A savepoint-mode redeploy whose plugin is SIGKILLed once the old deployment is DELETING:
    the resource ID, the new inputs, the old object's ID and the savepoint the plugin logged."""
    run.doomed = in_background(run.own_plugin)  # starting while the object is created
    rid, news, old_id = _deployed(run)
    doomed = _killed_mid_update(
        run,
        rid,
        news,
        lambda items: bool(items) and items[0]["state"] == "DELETING",
        "the old deployment to be DELETING",
    )
    taken = _taken(run, old_id, doomed)
    expect(taken, "the savepoint was not logged before the delete")
    assert taken is not None
    return rid, news, old_id, taken


@scenario(
    "redeploy-killed-while-deleting",
    "savepoint-mode redeploy of the {what}: the plugin is SIGKILLed after the savepoint, while "
    "the old deployment is DELETING; the next update runs before it is gone",
    kinds=STATEFUL,
    timing=SLOW_DELETE,
)
def redeploy_killed_while_deleting(run: KindRun) -> str:
    rid, news, old_id, taken = _killed_while_deleting(run)
    run.op("Update; savepoint logged; plugin SIGKILLed while the old deployment is DELETING")
    run.must_balance("after the kill (the old deployment, DELETING, still recorded)")
    outputs = run.must_update(rid, news)
    _redeployed(run, outputs, old_id, taken, exact=True)
    _records_savepoint(outputs)
    run.op("Update (next `pulumi up`, a new plugin) -> RUNNING from the logged savepoint")
    return "the next update found the DELETING deployment's savepoint and redeployed from it"


@scenario(
    "redeploy-killed-after-delete",
    "savepoint-mode redeploy of the {what}: the plugin is SIGKILLed while the old deployment is "
    "DELETING; the next update runs once it is gone",
    kinds=STATEFUL,
    timing=SLOW_DELETE,
)
def redeploy_killed_after_delete(run: KindRun) -> str:
    rid, news, old_id, taken = _killed_while_deleting(run)
    poll(run.held, lambda items: items == [], "the old deployment to be gone", timeout=20)
    run.op("Update; savepoint logged; plugin SIGKILLed; the old deployment is gone")
    # Documented (stateful-deployments.md): LakeSail lists savepoints per deployment, so the
    # next up cannot find this one; it stops rather than start the job empty.
    outputs, error = run.update(rid, news, timeout=60)
    expect(outputs is None and error is not None, f"the update started the job: {outputs}")
    assert error is not None
    expect("initialSavepointPath" in error and "Nothing was started" in error, error)
    expect(run.held() == [], f"the refused update started something: {run.held()}")
    run.op("Update (next `pulumi up`) -> refused, naming initialSavepointPath; nothing started")
    restore, failures = run.check({**news, "initialSavepointPath": taken})
    expect(failures == [], f"check failed: {failures}")
    outputs = run.must_update(rid, restore)
    _redeployed(run, outputs, old_id, taken, exact=True)
    run.op("Update with initialSavepointPath = the logged location -> RUNNING from it")
    return (
        "the next update stopped (documented: the savepoint cannot be listed once its "
        "deployment is gone); with initialSavepointPath set to the logged location it redeployed "
        "from it"
    )


@scenario(
    "redeploy-killed-while-starting",
    "savepoint-mode redeploy of the {what}: the plugin is SIGKILLed while the new deployment is "
    "PENDING",
    kinds=STATEFUL,
    timing=SLOW_START,
)
def redeploy_killed_while_starting(run: KindRun) -> str:
    run.doomed = in_background(run.own_plugin)  # starting while the object is created
    rid, news, old_id = _deployed(run)
    doomed = _killed_mid_update(
        run,
        rid,
        news,
        lambda items: any(i["id"] != old_id for i in items),
        "the new deployment to exist",
    )
    taken = _taken(run, old_id, doomed)
    expect(taken, "the savepoint was not logged before the delete")
    held = run.held()
    expect([i["state"] for i in held] == ["PENDING"], f"expected the new one PENDING: {held}")
    run.op("Update; savepoint logged; plugin SIGKILLed while the new deployment is PENDING")
    outputs = run.must_update(rid, news)
    counts = run.api_counts()
    expect(counts["POST"] == 2, f"the next update created another deployment: {counts}")
    _redeployed(run, outputs, old_id, taken, exact=True)
    run.op("Update (next `pulumi up`, a new plugin) -> waits for that deployment -> RUNNING")
    expect_fixed(
        outputs.get("lastSavepoint") == taken,
        f"lastSavepoint {outputs.get('lastSavepoint')!r}, restoredFrom "
        f"{outputs.get('restoredFrom')!r}: the savepoint taken {taken!r} is not recorded",
    )
    return "the next update recognised the new deployment and waited for it; no second create"
