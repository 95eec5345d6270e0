"""HTTP calls per operation, counted at the emulator, and what the polling policy costs.

1. Through the plugin against an emulator with ``--startup-seconds 0``: calls per check, create,
   read, diff and delete (create = 1 POST + polls, read = 1 GET, delete = 1 DELETE + polls).
2. The polling policy of ``core/waiter.py`` (first poll at once, then 0.5, 1, 2, 4, 5, 5... s):
   polls and overshoot (time between RUNNING and the poll that sees it) for a range of startup
   times, computed from the policy and measured with the core's ``ApplicationLifecycle`` on a
   fake client, fake clock and fake sleep (no wall time), for the policy in force and for
   alternatives.
3. The same through the plugin against a real emulator at ``--startup-seconds 30`` and
   ``--delete-seconds 10`` (5 and 2 with ``--quick``), timed and counted.
"""

from __future__ import annotations

import time
from typing import Any

from . import APP, APPS, app_spec, emit, md_table, start_emulator, unique, write_result
from ._harness import calls_text, configure, start_plugin, urn

NAME = "http_calls"
STARTUPS = (0, 1, 5, 10, 30, 60, 120, 300)


def schedule(
    startup: float, initial: float = 0.5, factor: float = 2.0, maximum: float = 5.0
) -> tuple[int, float]:
    """(polls, overshoot) from the policy alone, requests taking no time."""
    t, delay, polls = 0.0, initial / factor, 1
    while t < startup:
        delay = min(delay * factor, maximum)
        t += delay
        polls += 1
    return polls, t - startup


class FakeClient:
    """Just enough of LakeSailClient for the lifecycle: an application that runs after
    ``startup`` seconds of the fake clock and is gone ``gone`` seconds after its delete."""

    def __init__(self, clock: list[float], startup: float, gone: float = 0.0) -> None:
        from pulumi_lakesail.client import models as api

        self.api = api
        self.clock, self.startup, self.gone = clock, startup, gone
        self.calls: dict[str, int] = {"POST": 0, "GET": 0, "DELETE": 0}
        self.created_at = 0.0
        self.deleted_at: float | None = None

    def _body(self, spec: Any, state: str) -> dict[str, Any]:
        body = {
            **spec,
            "id": "APP1",
            "state": state,
            "createdAt": "2026-01-01T00:00:00Z",
            "updatedAt": "2026-01-01T00:00:00Z",
        }
        body["job"] = {**body["job"], "id": "0" * 32, "name": body["name"]}
        return body

    def create_application(self, workspace: str, spec: Any) -> Any:
        self.calls["POST"] += 1
        self.spec = spec.model_dump(by_alias=True, exclude_none=True, mode="json")
        self.created_at = self.clock[0]
        body = self._body(self.spec, "PENDING")
        return self.api.FlinkApplicationSummary.model_validate(
            {k: body[k] for k in ("id", "name", "state", "createdAt", "updatedAt")}
        )

    def describe_application(self, workspace: str, application_id: str) -> Any:
        from pulumi_lakesail.client import errors

        self.calls["GET"] += 1
        now = self.clock[0]
        if self.deleted_at is not None:
            if now - self.deleted_at >= self.gone:
                raise errors.NotFoundError(404, "gone", method="GET", path="/fake")
            return self.api.FlinkApplication.model_validate(self._body(self.spec, "DELETING"))
        state = "RUNNING" if now - self.created_at >= self.startup else "PENDING"
        return self.api.FlinkApplication.model_validate(self._body(self.spec, state))

    def delete_application(self, workspace: str, application_id: str) -> None:
        self.calls["DELETE"] += 1
        self.deleted_at = self.clock[0]


def measure_with_fake_clock(
    startup: float, gone: float = 0.0, backoff: Any = None
) -> dict[str, Any]:
    """Create and delete one application through ApplicationLifecycle on a fake clock."""
    from pulumi_lakesail.core.lifecycle import ApplicationLifecycle
    from pulumi_lakesail.core.validate import check

    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    client = FakeClient(clock, startup, gone)
    lifecycle = ApplicationLifecycle(client, backoff=backoff, sleep=sleep, clock=lambda: clock[0])  # type: ignore[arg-type]
    created = lifecycle.create(check(app_spec("fake"), "DEFAULT").inputs, timeout=3600)
    create_calls, create_time = dict(client.calls), clock[0]
    client.calls = {k: 0 for k in client.calls}
    start = clock[0]
    lifecycle.delete(created.resource_id, timeout=3600)
    return {
        "create": create_calls,
        "create_seconds": create_time,
        "create_overshoot": create_time - startup,
        "delete": dict(client.calls),
        "delete_seconds": clock[0] - start,
        "delete_overshoot": clock[0] - start - gone,
    }


def _through_plugin(startup: float, gone: float) -> dict[str, Any]:
    """check, create, read, diff, delete of one application, counted at the emulator."""
    from lakesail_testing.plugin import to_struct
    from pulumi.runtime.proto import provider_pb2

    out: dict[str, Any] = {}
    with start_emulator(startup_seconds=startup, delete_seconds=gone) as emulator:
        plugin = start_plugin()
        try:
            configure(plugin, emulator)
            name = unique("h")
            emulator.reset_stats()

            def counted(label: str, call: Any) -> Any:
                start = time.perf_counter()
                result = call()
                out[label] = {
                    "seconds": time.perf_counter() - start,
                    "counts": emulator.stats()["counts"],
                }
                emulator.reset_stats()
                return result

            stub = plugin.stub
            checked = counted(
                "check",
                lambda: stub.Check(
                    provider_pb2.CheckRequest(
                        urn=urn(name), olds=to_struct({}), news=to_struct(app_spec(name))
                    )
                ),
            )
            created = counted(
                "create",
                lambda: stub.Create(
                    provider_pb2.CreateRequest(urn=urn(name), properties=checked.inputs),
                    timeout=600,
                ),
            )
            counted(
                "read",
                lambda: stub.Read(
                    provider_pb2.ReadRequest(
                        id=created.id,
                        urn=urn(name),
                        properties=created.properties,
                        inputs=checked.inputs,
                    )
                ),
            )
            counted(
                "diff",
                lambda: stub.Diff(
                    provider_pb2.DiffRequest(
                        id=created.id, urn=urn(name), olds=created.properties, news=checked.inputs
                    )
                ),
            )
            counted(
                "delete",
                lambda: stub.Delete(
                    provider_pb2.DeleteRequest(
                        id=created.id, urn=urn(name), properties=created.properties
                    ),
                    timeout=600,
                ),
            )
        finally:
            plugin.stop()
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark; print its tables; write results/http_calls.json."""
    from pulumi_lakesail.core.waiter import Backoff

    markdown = []
    policy = Backoff()
    fast = _through_plugin(0.0, 0.0)
    rows = [
        [op, calls_text(fast[op]["counts"], 1)]
        for op in ("check", "create", "read", "diff", "delete")
    ]
    markdown.append(
        emit(
            "HTTP calls per operation through the plugin (emulator --startup-seconds 0 "
            "--delete-seconds 0)",
            md_table(["operation", "HTTP calls"], rows),
            "Counted by the emulator (`/_emulator/stats`). With startup 0 the first poll, made "
            "at once, already sees RUNNING, and the first poll after the DELETE sees 404.",
        )
    )

    rows, computed, measured = [], {}, {}
    for startup in STARTUPS:
        polls, overshoot = schedule(startup, policy.initial, policy.factor, policy.maximum)
        gone_s = round(startup / 3, 1)
        fake = measure_with_fake_clock(startup, gone=gone_s)
        computed[startup], measured[startup] = {"polls": polls, "overshoot": overshoot}, fake
        assert fake["create"]["GET"] == polls, (startup, fake, polls)
        rows.append(
            [
                f"{startup:g}",
                f"1 POST + {polls} GET",
                f"{overshoot:.1f}",
                f"1 POST + {fake['create']['GET']} GET",
                f"{fake['create_overshoot']:.1f}",
                f"{gone_s:g}",
                f"1 DELETE + {fake['delete']['GET']} GET",
                f"{fake['delete_overshoot']:.1f}",
            ]
        )
    markdown.append(
        emit(
            f"Polls under the backoff policy (initial {policy.initial:g} s, "
            f"×{policy.factor:g}, at most {policy.maximum:g} s)",
            md_table(
                [
                    "startup s",
                    "create: computed",
                    "overshoot s (computed)",
                    "create: measured (fake clock)",
                    "overshoot s (measured)",
                    "delete takes s",
                    "delete: measured (fake clock)",
                    "overshoot s",
                ],
                rows,
            ),
            "Computed from the policy alone; measured by running the core's "
            "`ApplicationLifecycle` against "
            "a fake client with an injected clock and sleep (no wall time). Overshoot = time "
            "from the "
            "state change to the poll that sees it, requests taking no time. A 30 s startup costs "
            f"{computed[30]['polls']} GETs and is seen {computed[30]['overshoot']:.1f} s late.",
        )
    )

    alternatives = {
        "in force: 0.5 s ×2, cap 5 s": Backoff(),
        "cap 2 s": Backoff(0.5, 2.0, 2.0),
        "cap 10 s": Backoff(0.5, 2.0, 10.0),
        "1 s ×1.5, cap 5 s": Backoff(1.0, 1.5, 5.0),
    }
    rows = []
    alt_results: dict[str, Any] = {}
    spread = [5 + i / 10 for i in range(1151)]  # startups of 5 to 120 s, every 0.1 s
    for label, backoff in alternatives.items():
        cells = [label]
        for startup in (10, 30, 60, 300):
            fake = measure_with_fake_clock(startup, backoff=backoff)
            alt_results[f"{label}@{startup}"] = fake
            cells.append(f"{fake['create']['GET']} / {fake['create_overshoot']:.1f} s")
        sched = [schedule(s, backoff.initial, backoff.factor, backoff.maximum) for s in spread]
        mean_polls = sum(p for p, _ in sched) / len(sched)
        mean_over = sum(o for _, o in sched) / len(sched)
        alt_results[f"{label}@mean5-120"] = {"polls": mean_polls, "overshoot": mean_over}
        cells.append(f"{mean_polls:.1f} / {mean_over:.2f} s")
        rows.append(cells)
    markdown.append(
        emit(
            "Alternatives: GETs / overshoot per create (fake clock)",
            md_table(
                [
                    "policy",
                    "startup 10 s",
                    "startup 30 s",
                    "startup 60 s",
                    "startup 300 s",
                    "mean over startups 5–120 s",
                ],
                rows,
            ),
            "Round startup times fall on the policy's grid (polls at 2.5 + 5k s); the last column "
            "averages over startups spread evenly from 5 to 120 s. The expected overshoot is "
            "about half the cap: the cap trades calls for latency.",
        )
    )

    slow, gone = (5.0, 2.0) if quick else (30.0, 10.0)
    real = _through_plugin(slow, gone)
    expect_create, expect_over = schedule(slow)
    expect_delete, _ = schedule(gone)
    rows = [
        [
            "create",
            calls_text(real["create"]["counts"], 1),
            f"1 POST + {expect_create} GET",
            f"{real['create']['seconds']:.1f}",
            f"{slow:g} + {expect_over:.1f}",
        ],
        [
            "read",
            calls_text(real["read"]["counts"], 1),
            "1 GET",
            f"{real['read']['seconds']:.3f}",
            "–",
        ],
        [
            "delete",
            calls_text(real["delete"]["counts"], 1),
            f"1 DELETE + {expect_delete} GET",
            f"{real['delete']['seconds']:.1f}",
            f"{gone:g} + {schedule(gone)[1]:.1f}",
        ],
    ]
    markdown.append(
        emit(
            f"Through the plugin against an emulator at --startup-seconds {slow:g} "
            f"--delete-seconds {gone:g}",
            md_table(
                [
                    "operation",
                    "HTTP calls (counted)",
                    "expected from the policy",
                    "wall s",
                    "expected s",
                ],
                rows,
            ),
            "Each poll takes a few milliseconds, which can push a poll just past a state "
            "change or not; "
            "the counts may then differ from the computed ones by one.",
        )
    )
    result = {
        "startup0": fast,
        "policy": {"initial": policy.initial, "factor": policy.factor, "maximum": policy.maximum},
        "computed": computed,
        "measured_fake_clock": measured,
        "alternatives": alt_results,
        "real": {"startup": slow, "delete": gone, **real},
        "markdown": "\n".join(markdown),
    }
    assert fast["check"]["counts"] == {} and fast["diff"]["counts"] == {}
    assert fast["read"]["counts"] == {f"GET {APP}": 1}
    assert fast["create"]["counts"].get(f"POST {APPS}") == 1
    write_result(NAME, result)
    return result
