"""Fault scenarios: one fault injected into a real emulator, the provider driven through it.

Each scenario is written once and runs for every resource kind (FlinkApplication, FlinkSession,
FlinkSessionJob: ``fault_kinds.KINDS``), its fault aimed at that kind's routes. After each
scenario the emulator's objects are compared with those the provider reported (see
``fault_harness.Audit``): no duplicate, no orphan, no loss. The stateful redeploys under faults
are in ``stateful_fault_scenarios.py``. Shared by ``tests/faults/test_fault_scenarios.py`` and
``scripts/reliability_table.py``.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from lakesail_testing.fault_harness import (
    IN_PROCESS,
    SLOW_DELETE,
    SLOW_START,
    CreateOutcome,
    ScenarioFailed,
    expect,
    in_background,
    poll,
)
from lakesail_testing.fault_kinds import (
    SCENARIOS,
    KindResult,
    KindRun,
    KindScenario,
    run_all,
    run_scenario,
    scenario,
)
from pulumi_lakesail.client import ApiTimeoutError, LakeSailError

__all__ = ["SCENARIOS", "KindResult", "KindScenario", "run_all", "run_scenario"]


# ----------------------------------------------------------------------------- 429 and 5xx


def _fault_on_existing(
    run: KindRun, faults: dict[str, Any], operation: str
) -> tuple[CreateOutcome, Counter[str]]:
    created = run.must_create(run.inputs())
    run.op("Create -> RUNNING")
    run.must_balance("after create")
    assert created.resource_id is not None
    before = run.api_counts()
    run.env.emulator.set_faults(paths=run.kind.item_path, **faults)
    if operation == "read":
        read_id, properties = run.read(created.resource_id)
        expect(read_id == created.resource_id, f"read returned {read_id!r}")
        expect(properties.get("name") == created.outputs["name"], "read returned another name")
        run.op(f"Read (refresh) under the fault -> the {run.kind.what}")
    else:
        run.must_delete(created.resource_id, timeout=30)
        run.op("Delete under the fault -> gone")
    run.env.emulator.clear_faults()
    return created, run.api_counts() - before


def _retried_outcome(attempts: int, method: str, kind: str) -> str:
    return (
        f"succeeded: {method} sent {attempts} times (client retries the idempotent {method} "
        f"on {kind}); nothing lost"
    )


@scenario("rate-limit-read", "429 x2 with Retry-After: 1 on GET of the {what}")
def rate_limit_read(run: KindRun) -> str:
    faults = {"rateLimit": {"count": 2, "retryAfterSeconds": 1, "methods": ["GET"]}}
    created, delta = _fault_on_existing(run, faults, "read")
    expect(delta[f"GET {run.kind.label}"] == 3, f"expected 3 GETs (2 rate-limited + 1): {delta}")
    run.must_balance("after read")
    assert created.resource_id is not None
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return _retried_outcome(3, "GET", "429, honouring Retry-After")


@scenario("rate-limit-delete", "429 x2 with Retry-After: 1 on DELETE")
def rate_limit_delete(run: KindRun) -> str:
    faults = {"rateLimit": {"count": 2, "retryAfterSeconds": 1, "methods": ["DELETE"]}}
    _, delta = _fault_on_existing(run, faults, "delete")
    expect(delta[f"DELETE {run.kind.label}"] == 3, f"expected 3 DELETEs, got {delta}")
    return _retried_outcome(3, "DELETE", "429, honouring Retry-After")


def _refused_create(run: KindRun, faults: dict[str, Any], status: str) -> str:
    inputs = run.inputs()
    run.env.emulator.set_faults(paths=run.kind.list_path, **faults)
    first = run.create(inputs)
    run.env.emulator.clear_faults()
    expect(first.error is not None and first.init_failed is None, "create should fail plainly")
    assert first.error is not None
    expect(status in first.error and "POST" in first.error, f"unclear error: {first.error}")
    expect(run.api_counts()["POST"] == 1, "the POST was retried")
    run.op(f"Create -> error ({first.error.split(':', 1)[0]}: HTTP {status} on POST), no ID")
    run.must_balance("after the refused create")
    again = run.must_create(inputs)
    run.op("Create again (next `pulumi up`) -> RUNNING")
    run.must_balance("after the second create")
    assert again.resource_id is not None
    run.must_delete(again.resource_id)
    run.op("Delete -> gone")
    return (
        f"POST sent once, not retried; clear HTTP {status} error; nothing created; "
        "the next create makes exactly one"
    )


@scenario("rate-limit-create", "429 x1 with Retry-After: 1 on the create POST")
def rate_limit_create(run: KindRun) -> str:
    inputs = run.inputs()
    run.env.emulator.set_faults(
        paths=run.kind.list_path,
        rateLimit={"count": 1, "retryAfterSeconds": 1, "methods": ["POST"]},
    )
    created = run.must_create(inputs)
    run.env.emulator.clear_faults()
    # A 429 refuses the request before acting on it: sent again after Retry-After, once.
    expect(run.api_counts()["POST"] == 2, "the refused POST was not sent again")
    run.op("Create -> 429, POST sent again after Retry-After -> RUNNING")
    run.must_balance("after the create")
    assert created.resource_id is not None
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return f"the refused POST sent again after Retry-After; exactly one {run.kind.what}"


@scenario("server-error-read", "503 x2 on GET of the {what}")
def server_error_read(run: KindRun) -> str:
    faults = {"errorBurst": {"count": 2, "status": 503, "methods": ["GET"]}}
    created, delta = _fault_on_existing(run, faults, "read")
    expect(delta[f"GET {run.kind.label}"] == 3, f"expected 3 GETs, got {delta}")
    assert created.resource_id is not None
    run.must_balance("after read")
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return _retried_outcome(3, "GET", "503")


@scenario("server-error-delete", "503 x2 on DELETE")
def server_error_delete(run: KindRun) -> str:
    faults = {"errorBurst": {"count": 2, "status": 503, "methods": ["DELETE"]}}
    _, delta = _fault_on_existing(run, faults, "delete")
    expect(delta[f"DELETE {run.kind.label}"] == 3, f"expected 3 DELETEs, got {delta}")
    return _retried_outcome(3, "DELETE", "503")


@scenario("server-error-create", "503 x1 on the create POST")
def server_error_create(run: KindRun) -> str:
    return _refused_create(
        run, {"errorBurst": {"count": 1, "status": 503, "methods": ["POST"]}}, "503"
    )


@scenario("server-error-during-wait", "503 x3 on GET while Create waits for RUNNING")
def server_error_during_wait(run: KindRun) -> str:
    run.env.emulator.set_faults(
        paths=run.kind.item_path, errorBurst={"count": 3, "status": 503, "methods": ["GET"]}
    )
    created = run.must_create(run.inputs())
    run.env.emulator.clear_faults()
    counts = run.api_counts()
    expect(
        counts["POST"] == 1 and counts[f"GET {run.kind.label}"] >= 4,
        f"unexpected requests {counts}",
    )
    run.op("Create (its status polls hit 503 x3) -> RUNNING")
    run.must_balance("after create")
    assert created.resource_id is not None
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return f"the wait's GETs were retried; RUNNING; one POST, one {run.kind.what}"


# ----------------------------------------------------------------------------- latency


@scenario(
    "latency-read",
    "2 s latency on GET of the {what} (read timeout 1 s)",
    adapter=IN_PROCESS,
)
def latency_read(run: KindRun) -> str:
    created = run.must_create(run.inputs())
    assert created.resource_id is not None
    run.op("Create (plugin) -> RUNNING")
    lifecycle = run.lifecycle()
    run.env.emulator.set_faults(latencySeconds=2.0, paths=run.kind.item_path)
    started = time.monotonic()
    try:
        lifecycle.read(created.resource_id)
    except ApiTimeoutError as exc:
        message, elapsed = str(exc), time.monotonic() - started
    else:
        raise ScenarioFailed("the read should have timed out")
    finally:
        run.env.emulator.clear_faults()
    expect("read timeout" in message and "GET" in message, f"unclear error: {message}")
    expect(elapsed < 6, f"the read took {elapsed:.1f}s")
    run.op(f"Read -> ApiTimeoutError after {elapsed:.1f}s (2 attempts)")
    observed = lifecycle.read(created.resource_id)
    expect(observed is not None and observed.inputs["name"] == created.outputs["name"], "re-read")
    run.op(f"Read again without latency -> the {run.kind.what}")
    run.must_balance("after the reads")
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    lifecycle.client.close()
    return "clear timeout error naming GET and the read timeout; nothing changed"


@scenario(
    "latency-create",
    "1.5 s latency on the create POST (read timeout 1 s): outcome unknown",
    adapter=IN_PROCESS,
)
def latency_create(run: KindRun) -> str:
    inputs = run.core_inputs()
    lifecycle = run.lifecycle()
    messages: list[str] = []

    def progress(message: str) -> None:
        messages.append(message)
        if "outcome is unknown" in message:
            # The network recovers; by the time the lookup runs the slow POST has committed.
            run.env.emulator.clear_faults()
            poll(run.held, lambda items: len(items) == 1, "the slow POST to commit")

    run.env.emulator.set_faults(latencySeconds=1.5, paths=run.kind.list_path)
    try:
        created = lifecycle.create(inputs, timeout=30, progress=progress)
    finally:
        run.env.emulator.clear_faults()
        lifecycle.client.close()
    run.track(created.resource_id, created.outputs)
    expect(any("outcome is unknown" in m for m in messages), "the POST did not time out")
    expect(any("the create had succeeded" in m for m in messages), f"no lookup: {messages}")
    expect(run.api_counts()["POST"] == 1, "the POST was sent twice")
    expect(created.outputs["state"] == "RUNNING", "not RUNNING")
    run.op("Create -> POST times out -> name lookup finds it -> RUNNING")
    run.must_balance("after create")
    run.must_delete(created.resource_id)
    run.op("Delete (plugin) -> gone")
    return f"resolved by name lookup: one POST, exactly one {run.kind.what}, its ID returned"


@scenario(
    "two-ambiguous-creates",
    "the create POST times out before it commits, and the resent POST's response is dropped",
    adapter=IN_PROCESS,
)
def two_ambiguous_creates(run: KindRun) -> str:
    inputs = run.core_inputs()
    lifecycle = run.lifecycle()
    messages: list[str] = []

    def progress(message: str) -> None:
        messages.append(message)
        if "outcome is unknown" in message:
            # The lookup runs before the slow first POST commits; the resent POST then commits
            # and loses its response: the outcome is unknown a second time.
            run.env.emulator.set_faults(
                paths=run.kind.list_path, dropResponse={"count": 1, "methods": ["POST"]}
            )

    run.env.emulator.set_faults(latencySeconds=1.5, paths=run.kind.list_path)
    try:
        created = lifecycle.create(inputs, timeout=30, progress=progress)
    except LakeSailError as exc:
        run.op(
            "Create -> POST times out, not found, POST again -> dropped -> "
            f"{type(exc).__name__}, no ID"
        )
        # The slow first POST ends (409: the name is taken) before the audit looks.
        poll(run.api_counts, lambda c: c["POST"] == 2, "both POSTs to be answered")
        run.must_balance("after the create failed")
        raise
    finally:
        run.env.emulator.clear_faults()
        lifecycle.client.close()
    run.track(created.resource_id, created.outputs)
    expect(any("sending the create request again" in m for m in messages), f"path: {messages}")
    run.op("Create -> POST times out, not found, POST again -> dropped -> resolved by name")
    run.must_balance("after create")
    run.must_delete(created.resource_id)
    run.op("Delete (plugin) -> gone")
    return f"the second ambiguous POST was resolved by name too: exactly one {run.kind.what}"


# ----------------------------------------------------------------------------- dropped responses


@scenario("drop-create-response", "create POST commits, then the connection drops (no response)")
def drop_create_response(run: KindRun) -> str:
    inputs = run.inputs()
    run.env.emulator.set_faults(
        paths=run.kind.list_path, dropResponse={"count": 1, "methods": ["POST"]}
    )
    created = run.must_create(inputs)
    run.env.emulator.clear_faults()
    held = run.must_balance("after create")
    expect(list(held.held) == [created.outputs[run.kind.id_output]], "another object was returned")
    counts = run.api_counts()
    expect(counts["POST"] == 1 and counts["GET list"] >= 1, f"unexpected requests {counts}")
    run.op("Create -> response lost -> name lookup -> RUNNING, the existing ID")
    assert created.resource_id is not None
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return f"the ID of the one {run.kind.what} that exists; no second POST, no duplicate"


@scenario("drop-delete-response", "DELETE commits, then the connection drops (no response)")
def drop_delete_response(run: KindRun) -> str:
    created = run.must_create(run.inputs())
    run.op("Create -> RUNNING")
    assert created.resource_id is not None
    run.env.emulator.set_faults(
        paths=run.kind.item_path, dropResponse={"count": 1, "methods": ["DELETE"]}
    )
    run.must_delete(created.resource_id, timeout=30)
    run.env.emulator.clear_faults()
    counts = run.api_counts()
    expect(
        counts[f"DELETE {run.kind.label}"] == 2, f"expected the DELETE to be retried once: {counts}"
    )
    run.op("Delete -> response lost -> DELETE retried (idempotent) -> gone")
    return "delete finished; the retried DELETE found it DELETING (204)"


# ----------------------------------------------------------------------------- crashes


@scenario(
    "kill-during-create-wait",
    "emulator killed (SIGKILL) and restarted while Create waits for RUNNING",
    timing=SLOW_START,
)
def kill_during_create_wait(run: KindRun) -> str:
    inputs = run.inputs()
    future = in_background(lambda: run.create(inputs, timeout=60))
    held = poll(run.held, lambda items: len(items) == 1, f"the {run.kind.what} to exist")
    expect(held[0]["state"] == "PENDING", f"state {held[0]['state']}: too late to kill")
    run.env.restart(kill=True)
    run.op("Create; emulator SIGKILLed while PENDING, restarted")
    created = future.result(timeout=90)
    expect(created.resource_id is not None, f"create lost the {run.kind.what}: {created.error}")
    assert created.resource_id is not None
    if created.error is None:
        expect(created.state == "RUNNING", f"state {created.state}")
        result = "finished RUNNING after the restart (status polls retried through the outage)"
    else:
        expect(created.init_failed is not None, "an init failure must carry the ID")
        result = "failed with ErrorResourceInitFailed carrying the ID"
    run.op(f"Create -> {result}")
    run.must_balance("after create")
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return f"{result}; tracked, then deleted"


@scenario(
    "kill-during-delete-wait",
    "emulator killed (SIGKILL) and restarted while Delete waits for it to be gone",
    timing=SLOW_DELETE,
)
def kill_during_delete_wait(run: KindRun) -> str:
    created = run.must_create(run.inputs())
    run.op("Create -> RUNNING")
    assert created.resource_id is not None
    resource_id = created.resource_id
    future = in_background(lambda: run.delete(resource_id, timeout=60))
    poll(run.held, lambda items: bool(items) and items[0]["state"] == "DELETING", "DELETING")
    run.env.restart(kill=True)
    run.op("Delete; emulator SIGKILLed while DELETING, restarted")
    error = future.result(timeout=90)
    if error is None:
        result = "Delete finished after the restart"
        run.op("Delete -> gone (status polls retried through the outage)")
    else:
        run.op(f"Delete -> error: {error[:80]}")
        run.must_balance("after the failed delete")
        run.must_delete(resource_id, timeout=60)
        result = "Delete failed clearly; the retried Delete finished"
        run.op("Delete again -> gone")
    return f"{result}; nothing left"


# ----------------------------------------------------------------------------- object states


@scenario("failed-state", "the {what} turns FAILED while Create waits")
def failed_state(run: KindRun) -> str:
    created = run.create(run.inputs(flinkConfiguration={"lakesail.emulator.fail": "true"}))
    expect(created.init_failed is not None, f"no ErrorResourceInitFailed: {created.error}")
    assert created.init_failed is not None and created.resource_id is not None
    expect(created.state == "FAILED", f"state {created.state}")
    expect("FAILED" in created.init_failed.reasons[0], "the reason does not say FAILED")
    run.op("Create -> ErrorResourceInitFailed (state FAILED, ID, reason)")
    run.must_balance("after create")
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return "ErrorResourceInitFailed with state FAILED and the ID; tracked and deletable"


@scenario(
    "create-timeout",
    "the {what} stays PENDING past the create timeout (1 s)",
    timing=SLOW_START,
)
def create_timeout(run: KindRun) -> str:
    inputs = run.inputs()
    created = run.create(inputs, timeout=1)
    expect(created.init_failed is not None, f"no ErrorResourceInitFailed: {created.error}")
    assert created.init_failed is not None and created.resource_id is not None
    expect(created.state == "PENDING", f"state {created.state}")
    run.op("Create (timeout 1 s) -> ErrorResourceInitFailed (state PENDING, ID)")
    run.must_balance("after create")
    outputs = run.must_update(created.resource_id, inputs)
    expect(outputs["state"] == "RUNNING", f"update returned {outputs['state']}")
    run.op("Update (next `pulumi up`) resumes the wait -> RUNNING")
    expect(run.api_counts()["POST"] == 1, "a second POST was sent")
    run.must_balance("after update")
    run.must_delete(created.resource_id)
    run.op("Delete -> gone")
    return "ID recorded as PENDING; the next update waited (no second POST) -> RUNNING"


@scenario(
    "stuck-deleting",
    "the {what} stays DELETING past the delete timeout (1 s)",
    timing=SLOW_DELETE,
)
def stuck_deleting(run: KindRun) -> str:
    created = run.must_create(run.inputs())
    run.op("Create -> RUNNING")
    assert created.resource_id is not None
    object_id = created.outputs[run.kind.id_output]
    if run.kind.controls:
        run.control(object_id, "stuck")  # DELETING forever once deleted
    # Otherwise (a session job: no such control) the delete takes 2 s, past the 1 s timeout.
    error = run.delete(created.resource_id, timeout=1)
    expect(error is not None and "DELETING" in error, f"unclear delete error: {error}")
    assert error is not None
    expect("customTimeouts" in error, f"the error does not say what to do: {error}")
    run.op("Delete (timeout 1 s) -> error naming DELETING")
    audit = run.must_balance("after the delete timed out")
    expect(audit.held == {object_id: "DELETING"}, f"held {audit.held}")
    read_id, properties = run.read(created.resource_id)
    expect(read_id == created.resource_id, f"read returned {read_id!r}")
    run.op(f"Read -> the {run.kind.what}, state {properties.get('state')}")
    if run.kind.controls:
        return f"clear error naming DELETING and customTimeouts; the {run.kind.what} stays tracked"
    run.must_delete(created.resource_id, timeout=30)
    run.op("Delete again (next `pulumi destroy`) -> gone")
    return (
        f"clear error naming DELETING and customTimeouts; the {run.kind.what} stayed tracked "
        "until the next delete finished it"
    )


from lakesail_testing import stateful_fault_scenarios  # noqa: E402, F401 - registers the rest
