"""The harness of the fault scenarios: environments, runs, audits and the result of a run.

Each scenario (in ``fault_scenarios.py``) drives the real plugin over gRPC, or the lifecycle
core in-process with a short client timeout, against a real ``lakesail-emulator`` process;
then the emulator is audited over raw HTTP: the applications it holds must be exactly those
the provider reported (IDs returned by Create or carried in ErrorResourceInitFailed, minus
those deleted). The scenarios, their registry and their runner are in ``fault_kinds.py``
(once per resource kind).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import grpc
import requests
from pulumi.runtime.proto import provider_pb2, status_pb2

from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess, from_struct
from pulumi_lakesail.client import LakeSailClient, RetryPolicy
from pulumi_lakesail.core.lifecycle import ApplicationLifecycle
from pulumi_lakesail.core.validate import check
from pulumi_lakesail.core.waiter import Backoff

T = TypeVar("T")

APPS = "/api/flink/v1/workspaces/{ws}/applications"
APP = APPS + "/{app}"
APP_PATH = r"/applications/[A-Z0-9]+$"
"""Fault filter: describe and delete of one application."""
APPS_PATH = r"/applications$"
"""Fault filter: the create POST and the list GET."""

PLUGIN = "plugin (gRPC)"
IN_PROCESS = "core in-process; client timeout (2 s connect, 1 s read), 1 retry"


class ScenarioFailed(AssertionError):
    """The provider did not behave as the scenario expects."""


def expect(condition: object, message: str) -> None:
    """Fail the scenario with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ScenarioFailed(message)


def init_failure(error: grpc.RpcError) -> provider_pb2.ErrorResourceInitFailed | None:
    """The ErrorResourceInitFailed detail of a failed Create, if the plugin sent one."""
    trailing = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    for key, value in trailing or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                found = provider_pb2.ErrorResourceInitFailed()
                if detail.Unpack(found):
                    return found
    return None


def details(error: grpc.RpcError) -> str:
    """The message of a failed gRPC call."""
    return str(error.details() or "") if hasattr(error, "details") else str(error)


def poll(fetch: Callable[[], T], until: Callable[[T], bool], what: str, timeout: float = 15.0) -> T:
    """Call ``fetch`` until ``until`` holds (no fixed sleeps to wait for a state)."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise ScenarioFailed(f"{what} not reached within {timeout:.0f}s; last value: {value!r}")
        time.sleep(0.05)


# ----------------------------------------------------------------------------- environment


@dataclass(frozen=True)
class Timing:
    """Emulator delays: PENDING to RUNNING and DELETING to gone."""

    startup_seconds: float
    delete_seconds: float


INSTANT = Timing(0.0, 0.0)
FAST = Timing(0.3, 0.3)
SLOW_START = Timing(2.0, 0.3)
SLOW_DELETE = Timing(0.3, 2.0)


class Env:
    """One emulator process and one plugin process configured against it."""

    def __init__(self, timing: Timing) -> None:
        self.timing = timing
        self.emulator = EmulatorProcess(
            startup_seconds=timing.startup_seconds, delete_seconds=timing.delete_seconds
        )
        self.plugin = PluginProcess()
        self.raw_requests = 0
        """Requests this harness sent to /api since the emulator's statistics were last reset."""
        self.restarts = 0
        self._http = requests.Session()
        self._stack = ExitStack()

    def __enter__(self) -> Env:
        self._stack.enter_context(self.emulator)
        self._stack.enter_context(self.plugin)
        self.configure()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()
        self._stack.close()

    @property
    def workspace(self) -> str:
        return self.emulator.workspace

    def configure(self) -> None:
        """Configure the plugin for the emulator (again after a restart moved its port)."""
        emu = self.emulator
        response = self.plugin.configure(endpoint=emu.url, token=emu.token, workspace=emu.workspace)
        expect(not getattr(response, "failures", None), f"configure failed: {response}")
        self._configured_url = emu.url

    def restart(self, *, kill: bool) -> None:
        """Kill (or stop) the emulator and start it again on the same database."""
        self.emulator.restart(kill=kill)
        self.restarts += 1
        self.raw_requests = 0  # statistics live in memory: a restart resets them
        if self.emulator.url != self._configured_url:
            self.configure()

    def ensure_running(self) -> None:
        """Start the emulator again if a failed scenario left it down."""
        if not self.emulator.running:
            self.emulator.start()
            self.raw_requests = 0
            if self.emulator.url != self._configured_url:
                self.configure()

    def reset(self) -> None:
        """No faults, no statistics."""
        self.emulator.clear_faults()
        self.emulator.reset_stats()
        self.raw_requests = 0

    def applications(self, prefix: str) -> list[dict[str, Any]]:
        """Every application the emulator holds (any state) whose name starts with ``prefix``."""
        items: list[dict[str, Any]] = []
        marker: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 100, **({"marker": marker} if marker else {})}
            self.raw_requests += 1
            response = self._http.get(
                f"{self.emulator.url}/api/flink/v1/workspaces/{self.workspace}/applications",
                params=params,
                headers=self.emulator.headers,
                timeout=10,
            )
            response.raise_for_status()
            body = response.json()
            items += [item for item in body["items"] if item["name"].startswith(prefix)]
            marker = body.get("marker")
            if marker is None:
                return items

    def remove(self, application_id: str) -> None:
        """Delete an application out of band (gone at once), to leave the emulator clean."""
        ws = self.workspace
        self.emulator.control("DELETE", f"/_emulator/workspaces/{ws}/applications/{application_id}")

    def control(self, method: str, application_id: str, action: str) -> Any:
        """``POST /_emulator/workspaces/{ws}/applications/{id}/{action}`` (fail, stuck)."""
        ws = self.workspace
        return self.emulator.control(
            method, f"/_emulator/workspaces/{ws}/applications/{application_id}/{action}"
        )

    def api_counts(self) -> Counter[str]:
        """Requests per application route, without the harness's own list calls."""
        counts: dict[str, int] = self.emulator.stats()["counts"]
        result: Counter[str] = Counter()
        for key, value in counts.items():
            method, _, route = key.partition(" ")
            if route == APPS:
                result[f"{method} list" if method == "GET" else method] += value
            elif route == APP:
                result[f"{method} app"] += value
        result["GET list"] -= self.raw_requests
        return +result

    def lifecycle(self) -> ApplicationLifecycle:
        """The core in-process, with a short client timeout, for the latency scenarios."""
        client = LakeSailClient(
            self.emulator.url,
            self.emulator.token,
            timeout=(2.0, 1.0),
            retry=RetryPolicy(total=1, backoff_factor=0.1, backoff_jitter=0.0),
        )
        return ApplicationLifecycle(client, backoff=Backoff(initial=0.1, factor=2.0, maximum=1.0))


@contextmanager
def environments() -> Iterator[Callable[[Timing], Env]]:
    """``get(timing)``: one Env per timing, started on first use and stopped at the end."""
    with ExitStack() as stack:
        made: dict[Timing, Env] = {}

        def get(timing: Timing) -> Env:
            if timing not in made:
                made[timing] = stack.enter_context(Env(timing))
            return made[timing]

        yield get


# ----------------------------------------------------------------------------- one run


@dataclass(frozen=True)
class Audit:
    """What the emulator holds compared with what the provider reported, at one moment."""

    when: str
    held: dict[str, str]
    """Application ID -> state, for the scenario's names."""
    names: dict[str, str]
    """Application ID -> name."""
    tracked: frozenset[str]

    @property
    def lost(self) -> int:
        """Reported by the provider (and not deleted) but absent from the emulator."""
        return len(self.tracked - self.held.keys())

    @property
    def orphaned(self) -> int:
        """Held by the emulator but never reported by the provider."""
        return len(self.held.keys() - self.tracked)

    @property
    def duplicated(self) -> int:
        """Applications beyond the first with the same name."""
        return sum(n - 1 for n in Counter(self.names.values()).values() if n > 1)


@dataclass
class CreateOutcome:
    """What Create returned: an ID and outputs, or an error (with the ID when init failed)."""

    resource_id: str | None
    outputs: dict[str, Any]
    error: str | None = None
    init_failed: provider_pb2.ErrorResourceInitFailed | None = None

    @property
    def state(self) -> str | None:
        return self.outputs.get("state")


class Run:
    """One scenario's run: unique names, the provider's reported IDs, audits and operations."""

    def __init__(self, env: Env, key: str) -> None:
        self.env = env
        self.prefix = f"{key}-{uuid.uuid4().hex[:6]}"
        self.tracked: dict[str, dict[str, Any]] = {}
        """Application ID -> last outputs, for everything the provider reported and still holds."""
        self.operations: list[str] = []
        self.audits: list[Audit] = []

    def op(self, text: str) -> None:
        """Record an operation and its result, for the table."""
        self.operations.append(text)

    def name(self, suffix: str = "app") -> str:
        return f"{self.prefix}-{suffix}"

    def raw_spec(self, suffix: str = "app", **changes: Any) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "name": self.name(suffix),
            "runtime": "FLINK_1_17",
            "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
            "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
            "taskManagerResource": {"cpu": 1, "memory": "2g", "ephemeralStorage": "256m"},
            "job": {"jarUri": "local:///opt/flink/usrlib/job.jar", "entryClass": "org.example.Job"},
        }
        spec.update(changes)
        return spec

    def inputs(self, suffix: str = "app", **changes: Any) -> dict[str, Any]:
        """Checked inputs of a valid application (through the plugin's Check)."""
        checked, failures = self.env.plugin.check(self.raw_spec(suffix, **changes))
        expect(failures == [], f"check failed: {failures}")
        return checked

    def core_inputs(self, suffix: str = "app", **changes: Any) -> dict[str, Any]:
        """Checked inputs for the in-process core."""
        result = check(self.raw_spec(suffix, **changes), self.env.workspace)
        expect(result.failures == [], f"check failed: {result.failures}")
        return result.inputs

    # -------------------------------------------------- the engine's side of each call

    def track(self, resource_id: str, outputs: dict[str, Any]) -> None:
        self.tracked[resource_id] = outputs

    def forget(self, resource_id: str) -> None:
        self.tracked.pop(resource_id, None)

    def tracked_applications(self) -> frozenset[str]:
        """The application IDs the recorded state points at."""
        return frozenset(
            o["applicationId"] for o in self.tracked.values() if o.get("applicationId")
        )

    def create(self, inputs: dict[str, Any], *, timeout: float = 0.0) -> CreateOutcome:
        """Create through the plugin; record the ID as the engine would (also on init failure)."""
        try:
            resource_id, outputs = self.env.plugin.create(inputs, timeout=timeout)
        except grpc.RpcError as exc:
            detail = init_failure(exc)
            if detail is None:
                return CreateOutcome(None, {}, details(exc))
            outputs = from_struct(detail.properties)
            self.track(detail.id, outputs)
            return CreateOutcome(detail.id, outputs, details(exc), detail)
        self.track(resource_id, outputs)
        return CreateOutcome(resource_id, outputs)

    def must_create(self, inputs: dict[str, Any], *, timeout: float = 0.0) -> CreateOutcome:
        created = self.create(inputs, timeout=timeout)
        expect(created.error is None, f"create failed: {created.error}")
        expect(created.state == "RUNNING", f"create returned state {created.state}")
        return created

    def read(self, resource_id: str) -> tuple[str, dict[str, Any]]:
        """Read through the plugin (refresh); the ID ('' when gone) and the outputs."""
        outputs = self.tracked.get(resource_id, {})
        read_id, properties, _ = self.env.plugin.read(resource_id, outputs)
        return read_id, properties

    def delete(self, resource_id: str, *, timeout: float = 0.0) -> str | None:
        """Delete through the plugin; the error text, or None once it is gone (then forgotten)."""
        outputs = self.tracked.get(resource_id, {})
        try:
            self.env.plugin.delete(resource_id, outputs, timeout=timeout)
        except grpc.RpcError as exc:
            return details(exc)
        self.forget(resource_id)
        return None

    def must_delete(self, resource_id: str, *, timeout: float = 0.0) -> None:
        error = self.delete(resource_id, timeout=timeout)
        expect(error is None, f"delete failed: {error}")

    # -------------------------------------------------- the emulator's side

    def held(self) -> list[dict[str, Any]]:
        return self.env.applications(self.prefix)

    def audit(self, when: str) -> Audit:
        """Compare what the emulator holds with what the provider reported."""
        items = self.held()
        audit = Audit(
            when,
            {item["id"]: item["state"] for item in items},
            {item["id"]: item["name"] for item in items},
            self.tracked_applications(),
        )
        self.audits.append(audit)
        return audit

    def must_balance(self, when: str) -> Audit:
        audit = self.audit(when)
        expect(
            not (audit.lost or audit.orphaned or audit.duplicated),
            f"{when}: emulator holds {audit.held}, provider reported {sorted(audit.tracked)}",
        )
        return audit

    def cleanup(self) -> None:
        """Remove whatever the scenario left, out of band, so the next one starts clean."""
        for item in self.held():
            self.env.remove(item["id"])
        self.tracked.clear()


def in_background(fn: Callable[[], T]) -> Future[T]:
    """Run ``fn`` in a thread (an engine call in flight while the test injects a fault)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fault-scenario")
    future = pool.submit(fn)
    pool.shutdown(wait=False)
    return future


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ScenarioResult:
    """One row of the reliability table."""

    key: str
    fault: str
    adapter: str
    operations: list[str]
    outcome: str
    requests: str
    lost: int
    duplicated: int
    orphaned: int
    seconds: float
    error: str | None = None
    audits: list[Audit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not (self.lost or self.duplicated or self.orphaned)
