"""The fault scenarios over every resource kind: FlinkApplication, FlinkSession, FlinkSessionJob.

``fault_harness`` holds the environments, the audits and the scenario run of FlinkApplication;
this module makes a run of any kind (``KindRun``: its specs, its plugin calls under its own type
token, its routes, its emulator listing), and the registry the scenarios of
``fault_scenarios.py`` and ``stateful_fault_scenarios.py`` register with: each scenario is
written once and registered for the kinds it applies to. A session job lives in a session the
run makes out of band (raw HTTP), so that the audit of the jobs is the provider's alone;
removing that session at the end takes the jobs along.

A scenario that meets a known provider bug raises ``KnownBug`` (through ``expect_fixed``) and is
registered with ``known_bug=`` (the reason): the suite marks it ``xfail(strict=True,
raises=KnownBug)``, so any other failure of it still fails, and so does its passing once the bug
is fixed.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import grpc
import requests
from pulumi.runtime.proto import provider_pb2

from lakesail_testing.fault_harness import (
    APP,
    APPS,
    FAST,
    PLUGIN,
    CreateOutcome,
    Env,
    Run,
    ScenarioFailed,
    ScenarioResult,
    Timing,
    details,
    expect,
    init_failure,
)
from lakesail_testing.plugin import PluginProcess, from_struct, to_struct, urn
from pulumi_lakesail.client import LakeSailClient, RetryPolicy
from pulumi_lakesail.core.lifecycle import Lifecycle
from pulumi_lakesail.core.validate import check
from pulumi_lakesail.core.waiter import Backoff
from pulumi_lakesail.resources import flink_application, flink_session, flink_session_job
from pulumi_lakesail.resources.binding import Binding

SESSIONS = "/api/flink/v1/workspaces/{ws}/sessions"
SESSION_ROUTE = SESSIONS + "/{session}"
JOBS = SESSION_ROUTE + "/jobs"
JOB_ROUTE = JOBS + "/{job}"

SAVEPOINT_SECONDS = 0.5
"""The emulator's savepoint delay (its default is 1 s): long enough to see a savepoint pending."""

ROUTE_LABELS = {
    APPS: "applications",
    APP: "app",
    APP + "/savepoints": "app savepoints",
    SESSIONS: "sessions",
    SESSION_ROUTE: "session",
    JOBS: "jobs",
    JOB_ROUTE: "job",
    JOB_ROUTE + "/savepoints": "job savepoints",
}
"""How the requests column names each route outside the kind's own create and list."""


class KnownBug(ScenarioFailed):
    """The provider's known bug showed itself (the scenario is registered with ``known_bug``)."""


def expect_fixed(condition: object, message: str) -> None:
    """Fail with ``KnownBug`` unless ``condition`` holds: the guarantee a known bug breaks."""
    if not condition:
        raise KnownBug(message)


# ----------------------------------------------------------------------------- kinds


@dataclass(frozen=True)
class Kind:
    """A resource kind as the fault scenarios meet it: its binding, routes and fault filters."""

    key: str
    binding: Binding
    label: str
    """How the requests column names one object's route: ``GET app``, ``DELETE job``."""
    collection: str
    """The route template of the create POST and of the list."""
    item: str
    """The route template of one object (describe, delete)."""
    list_path: str
    """Fault filter: the create POST and the list GET."""
    item_path: str
    """Fault filter: describe and delete of one object."""
    controls: str | None
    """The emulator's control collection (``fail``, ``stuck``, out-of-band delete), if any."""

    @property
    def token(self) -> str:
        return self.binding.token

    @property
    def what(self) -> str:
        """``application``, ``session``, ``session job``."""
        return self.binding.what

    @property
    def id_output(self) -> str:
        """The output holding the LakeSail ID."""
        return self.binding.id_output

    @property
    def savepoints_path(self) -> str:
        """Fault filter: the savepoint trigger (POST) and list (GET) of one object."""
        return self.item_path.removesuffix("$") + "/savepoints$"

    @property
    def stateful(self) -> bool:
        return self.binding.savepoints


APPLICATION = Kind(
    "application",
    flink_application.BINDING,
    "app",
    APPS,
    APP,
    r"/applications$",
    r"/applications/[A-Z0-9]+$",
    "applications",
)
SESSION = Kind(
    "session",
    flink_session.BINDING,
    "session",
    SESSIONS,
    SESSION_ROUTE,
    r"/sessions$",
    r"/sessions/[A-Z0-9]+$",
    "sessions",
)
SESSION_JOB = Kind(
    "session-job",
    flink_session_job.BINDING,
    "job",
    JOBS,
    JOB_ROUTE,
    r"/jobs$",
    r"/jobs/[A-Z0-9]+$",
    None,  # the emulator has no fail, stuck or out-of-band delete of one job
)
KINDS = (APPLICATION, SESSION, SESSION_JOB)
STATEFUL = tuple(kind for kind in KINDS if kind.stateful)

JAR = "local:///opt/flink/usrlib/job.jar"
RESOURCES: dict[str, Any] = {
    "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
    "taskManagerResource": {"cpu": 1, "memory": "2g", "ephemeralStorage": "256m"},
}


# ----------------------------------------------------------------------------- one run


class KindRun(Run):
    """A scenario's run for one resource kind (``Run`` with the kind's specs, calls and routes).

    Plugin calls go to ``self.plugin`` (the environment's, unless the scenario starts its own
    to kill it); the audits list the kind's objects over raw HTTP.
    """

    def __init__(self, env: Env, key: str, kind: Kind) -> None:
        super().__init__(env, key)
        self.kind = kind
        self.plugin: PluginProcess = env.plugin
        self.parent: dict[str, Any] | None = None
        """The session a session job runs in (made out of band by ``setup``)."""
        self.doomed: Future[PluginProcess] | None = None
        """A plugin of the run's own being started, for a scenario that kills it."""
        self._http = requests.Session()
        self._own: list[PluginProcess] = []

    # -------------------------------------------------- specs

    def name(self, suffix: str | None = None) -> str:
        return f"{self.prefix}-{suffix or self.kind.label}"

    def raw_spec(self, suffix: str | None = None, **changes: Any) -> dict[str, Any]:
        name = self.name(suffix)
        spec: dict[str, Any]
        if self.kind is APPLICATION:
            spec = super().raw_spec(suffix or "app")
        elif self.kind is SESSION:
            spec = {
                "name": name,
                "runtime": "FLINK_1_17",
                "jars": [JAR],
                "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
                **RESOURCES,
            }
        else:
            assert self.parent is not None, "setup() makes the job's session"
            spec = {
                "session": self.parent["name"],
                "name": name,
                "flinkConfiguration": {"parallelism.default": "1"},
                "job": {"jarUri": JAR, "entryClass": "org.example.Job", "args": ["--x", "1"]},
            }
        spec.update(changes)
        return spec

    def check(self, news: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Check through the plugin, under the kind's type token."""
        response = self.plugin.stub.Check(
            provider_pb2.CheckRequest(urn=self._urn, olds=to_struct({}), news=to_struct(news))
        )
        return from_struct(response.inputs), [(f.property, f.reason) for f in response.failures]

    def inputs(self, suffix: str | None = None, **changes: Any) -> dict[str, Any]:
        checked, failures = self.check(self.raw_spec(suffix, **changes))
        expect(failures == [], f"check failed: {failures}")
        return checked

    def core_inputs(self, suffix: str | None = None, **changes: Any) -> dict[str, Any]:
        result = check(
            self.raw_spec(suffix, **changes),
            self.env.workspace,
            resource=self.kind.binding.resource,
        )
        expect(result.failures == [], f"check failed: {result.failures}")
        return result.inputs

    @property
    def _urn(self) -> str:
        return urn("fault", self.kind.token)

    # -------------------------------------------------- the engine's side of each call

    def tracked_applications(self) -> frozenset[str]:
        """The LakeSail IDs the recorded state points at (of the kind's ID output)."""
        return frozenset(
            o[self.kind.id_output] for o in self.tracked.values() if o.get(self.kind.id_output)
        )

    def create(
        self, inputs: dict[str, Any], *, timeout: float = 0.0, plugin: PluginProcess | None = None
    ) -> CreateOutcome:
        request = provider_pb2.CreateRequest(
            urn=self._urn, properties=to_struct(inputs), timeout=timeout
        )
        try:
            response = (plugin or self.plugin).stub.Create(request)
        except grpc.RpcError as exc:
            detail = init_failure(exc)
            if detail is None:
                return CreateOutcome(None, {}, details(exc))
            outputs = from_struct(detail.properties)
            self.track(detail.id, outputs)
            return CreateOutcome(detail.id, outputs, details(exc), detail)
        outputs = from_struct(response.properties)
        self.track(response.id, outputs)
        return CreateOutcome(response.id, outputs)

    def read(self, resource_id: str) -> tuple[str, dict[str, Any]]:
        outputs = self.tracked.get(resource_id, {})
        response = self.plugin.stub.Read(
            provider_pb2.ReadRequest(
                id=resource_id, urn=self._urn, properties=to_struct(outputs), inputs=to_struct({})
            )
        )
        return response.id, from_struct(response.properties)

    def update(
        self,
        resource_id: str,
        news: dict[str, Any],
        *,
        timeout: float = 0.0,
        plugin: PluginProcess | None = None,
    ) -> tuple[dict[str, Any] | None, str | None]:
        """Update the recorded resource to ``news``: the new outputs, or the error text. As the
        engine does, a failed update keeps the recorded outputs, unless it carries an
        ErrorResourceInitFailed (then its properties are recorded)."""
        olds = self.tracked[resource_id]
        request = provider_pb2.UpdateRequest(
            id=resource_id,
            urn=self._urn,
            olds=to_struct(olds),
            news=to_struct(news),
            timeout=timeout,
        )
        try:
            response = (plugin or self.plugin).stub.Update(request)
        except grpc.RpcError as exc:
            detail = init_failure(exc)
            if detail is not None:
                self.track(resource_id, from_struct(detail.properties))
            return None, details(exc)
        outputs = from_struct(response.properties)
        self.track(resource_id, outputs)
        return outputs, None

    def must_update(
        self, resource_id: str, news: dict[str, Any], *, plugin: PluginProcess | None = None
    ) -> dict[str, Any]:
        outputs, error = self.update(resource_id, news, timeout=60, plugin=plugin)
        expect(outputs is not None, f"update failed: {error}")
        assert outputs is not None
        return outputs

    def delete(self, resource_id: str, *, timeout: float = 0.0) -> str | None:
        outputs = self.tracked.get(resource_id, {})
        try:
            self.plugin.stub.Delete(
                provider_pb2.DeleteRequest(
                    id=resource_id, urn=self._urn, properties=to_struct(outputs), timeout=timeout
                )
            )
        except grpc.RpcError as exc:
            return details(exc)
        self.forget(resource_id)
        return None

    # -------------------------------------------------- plugins of the run's own

    def own_plugin(self) -> PluginProcess:
        """A plugin process of this run alone, configured (one the scenario may kill)."""
        plugin = PluginProcess()
        self._own.append(plugin)
        plugin.start()
        emu = self.env.emulator
        plugin.configure(endpoint=emu.url, token=emu.token, workspace=emu.workspace)
        return plugin

    # -------------------------------------------------- the emulator's side

    def _api(self, path: str) -> str:
        return f"{self.env.emulator.url}/api/flink/v1/workspaces/{self.env.workspace}{path}"

    def _collection_url(self) -> str:
        if self.kind is APPLICATION:
            return self._api("/applications")
        if self.kind is SESSION:
            return self._api("/sessions")
        assert self.parent is not None
        return self._api(f"/sessions/{self.parent['id']}/jobs")

    def setup(self) -> None:
        """A session job's session, made out of band (not the provider's, not audited)."""
        if self.kind is not SESSION_JOB:
            return
        body = {
            "name": self.name("session"),
            "runtime": "FLINK_1_17",
            "jars": [JAR],
            "plugins": [],
            "flinkConfiguration": {},
            "logConfiguration": {},
            "jobManagerResource": {},
            "taskManagerResource": {},
        }
        response = self._http.post(
            self._api("/sessions"), json=body, headers=self.env.emulator.headers, timeout=10
        )
        expect(response.status_code == 201, f"the job's session: {response.text}")
        self.parent = response.json()

    def held(self) -> list[dict[str, Any]]:
        """Every object of the kind (any state) whose name starts with the run's prefix."""
        if self.kind is APPLICATION:
            return self.env.applications(self.prefix)
        items: list[dict[str, Any]] = []
        marker: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 100, **({"marker": marker} if marker else {})}
            self.env.raw_requests += 1  # not the provider's: api_counts leaves it out
            response = self._http.get(
                self._collection_url(), params=params, headers=self.env.emulator.headers, timeout=10
            )
            response.raise_for_status()
            body = response.json()
            items += [i for i in body["items"] if i["name"].startswith(self.prefix)]
            marker = body.get("marker")
            if marker is None:
                return items

    def control(self, object_id: str, action: str) -> Any:
        """A test control of one object (``fail``, ``stuck``)."""
        expect(self.kind.controls, f"the emulator has no {action} control of a {self.kind.what}")
        ws = self.env.workspace
        return self.env.emulator.control(
            "POST", f"/_emulator/workspaces/{ws}/{self.kind.controls}/{object_id}/{action}"
        )

    def progress(self, object_id: str) -> dict[str, Any]:
        """The emulated job's progress counter and the savepoint it was restored from."""
        ws = self.env.workspace
        if self.kind is SESSION_JOB:
            assert self.parent is not None
            path = f"/_emulator/workspaces/{ws}/sessions/{self.parent['id']}/jobs/{object_id}"
        else:
            path = f"/_emulator/workspaces/{ws}/applications/{object_id}"
        result: dict[str, Any] = self.env.emulator.control("GET", f"{path}/progress")
        return result

    def savepoints(self, object_id: str) -> dict[str, Any]:
        """The savepoints of one object (pending and completed), over raw HTTP."""
        where = f"{self._collection_url()}/{object_id}/savepoints"
        response = self._http.get(where, headers=self.env.emulator.headers, timeout=10)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def captured(self, location: str) -> int:
        """The progress a completed savepoint captured."""
        record = self.env.emulator.control("GET", f"savepoints?location={location}")
        return int(record["progress"])

    def api_counts(self) -> Counter[str]:
        """Requests per route: the kind's create and list as ``POST`` and ``GET list``, one
        object's as ``GET app`` (``session``, ``job``), others by their label; without the
        harness's own list calls."""
        counts: dict[str, int] = self.env.emulator.stats()["counts"]
        result: Counter[str] = Counter()
        for key, value in counts.items():
            method, _, route = key.partition(" ")
            if route == self.kind.collection:
                result[f"{method} list" if method == "GET" else method] += value
            elif route == self.kind.item:
                result[f"{method} {self.kind.label}"] += value
            elif route in ROUTE_LABELS:
                result[f"{method} {ROUTE_LABELS[route]}"] += value
        result["GET list"] -= self.env.raw_requests
        return +result

    def lifecycle(self) -> Lifecycle:
        """The core in-process for the kind, with a short client timeout (latency scenarios)."""
        client = LakeSailClient(
            self.env.emulator.url,
            self.env.emulator.token,
            timeout=(2.0, 1.0),
            retry=RetryPolicy(total=1, backoff_factor=0.1, backoff_jitter=0.0),
        )
        return Lifecycle(
            client, self.kind.binding, backoff=Backoff(initial=0.1, factor=2.0, maximum=1.0)
        )

    def cleanup(self) -> None:
        """Remove what the run left, out of band (a job's session takes its jobs along)."""
        ws = self.env.workspace
        try:
            if self.kind is SESSION_JOB:
                if self.parent is not None:
                    self.env.emulator.control(
                        "DELETE", f"/_emulator/workspaces/{ws}/sessions/{self.parent['id']}"
                    )
            else:
                for item in self.held():
                    self.env.emulator.control(
                        "DELETE", f"/_emulator/workspaces/{ws}/{self.kind.controls}/{item['id']}"
                    )
            self.tracked.clear()
        finally:
            if self.doomed is not None:
                self.doomed.exception(timeout=60)  # started: stopped below with the others
            for plugin in self._own:
                plugin.stop()
            self._http.close()


def logged_savepoints(plugin: PluginProcess) -> list[str]:
    """The savepoint locations a plugin wrote to the engine log ("savepoint of ... completed:
    <location>; ..."), oldest first."""
    marker = " completed: "
    return [
        entry.message.split(marker, 1)[1].split(";", 1)[0]
        for entry in plugin.logs
        if entry.message.startswith("savepoint of ") and marker in entry.message
    ]


# ----------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class KindScenario:
    """A fault, the kind of resource it is tried on, and what the provider must do."""

    base: str
    kind: Kind
    fault: str
    adapter: str
    timing: Timing
    body: Callable[[KindRun], str]
    known_bug: str | None = None
    """Why the scenario is expected to fail with ``KnownBug`` (a provider bug), if it is."""

    @property
    def key(self) -> str:
        return f"{self.kind.key}/{self.base}"


@dataclass(frozen=True)
class KindResult(ScenarioResult):
    """One row of the reliability table, with the kind and whether a known bug showed."""

    kind: str = ""
    known_bug: str | None = None
    bug_met: bool = False
    """The scenario failed with ``KnownBug`` (the registered bug), and nothing else first."""


SCENARIOS: list[KindScenario] = []


def scenario(
    key: str,
    fault: str,
    *,
    kinds: tuple[Kind, ...] = KINDS,
    timing: Timing = FAST,
    adapter: str = PLUGIN,
    known_bug: str | None = None,
) -> Callable[[Callable[[KindRun], str]], Callable[[KindRun], str]]:
    """Register ``body`` for each of ``kinds``; ``{what}`` in ``fault`` names the kind."""

    def register(body: Callable[[KindRun], str]) -> Callable[[KindRun], str]:
        for kind in kinds:
            text = fault.format(what=kind.what)
            SCENARIOS.append(KindScenario(key, kind, text, adapter, timing, body, known_bug))
        return body

    return register


def run_scenario(item: KindScenario, env: Env) -> KindResult:
    """Run one scenario, audit the emulator after it, and clean up."""
    env.ensure_running()
    env.reset()
    run = KindRun(env, item.key.replace("/", "-"), item.kind)
    restarts = env.restarts
    started = time.monotonic()
    outcome, error, bug_met = "", None, False
    try:
        run.setup()
        outcome = item.body(run)
    except KnownBug:
        error, bug_met = traceback.format_exc(limit=6), True
    except Exception:  # a failed expectation, or anything the provider raised unexpectedly
        error = traceback.format_exc(limit=6)
    finally:
        env.ensure_running()
        env.emulator.clear_faults()
        counts = run.api_counts()
        requests_text = ", ".join(f"{k} x{v}" for k, v in sorted(counts.items()))
        if env.restarts != restarts:
            requests_text = f"since the restart: {requests_text}"
        final = run.audit("end")
        if error is None and (final.lost or final.orphaned or final.duplicated):
            error = f"end: emulator holds {final.held}, provider reported {sorted(final.tracked)}"
        run.cleanup()
    if error is None:
        shown = outcome
    elif bug_met:
        shown = f"KNOWN BUG: {_last_line(error)}"
    else:
        shown = f"FAILED: {_last_line(error)}"
    return KindResult(
        key=item.key,
        fault=item.fault,
        adapter=item.adapter,
        operations=run.operations,
        outcome=shown,
        requests=requests_text,
        lost=max(a.lost for a in run.audits),
        duplicated=max(a.duplicated for a in run.audits),
        orphaned=max(a.orphaned for a in run.audits),
        seconds=time.monotonic() - started,
        error=error,
        audits=run.audits,
        kind=item.kind.key,
        known_bug=item.known_bug,
        bug_met=bug_met,
    )


def _last_line(error: str) -> str:
    last = error.strip().splitlines()[-1]
    for cls in (ScenarioFailed, KnownBug):
        last = last.removeprefix(f"{cls.__module__}.{cls.__name__}: ")
    return last


@contextmanager
def environments() -> Iterator[Callable[[Timing], Env]]:
    """``get(timing)``: one Env per timing (savepoints take ``SAVEPOINT_SECONDS``), started on
    first use and stopped at the end."""
    with ExitStack() as stack:
        made: dict[Timing, Env] = {}

        def get(timing: Timing) -> Env:
            if timing not in made:
                env = Env(timing)
                env.emulator.extra_args = ("--savepoint-seconds", str(SAVEPOINT_SECONDS))
                made[timing] = stack.enter_context(env)
            return made[timing]

        yield get


def run_all(keys: list[str] | None = None) -> list[KindResult]:
    """Run every scenario (or those named), each environment started once."""
    chosen = [s for s in SCENARIOS if keys is None or s.key in keys]
    with environments() as get:
        return [run_scenario(s, get(s.timing)) for s in chosen]


__all__ = [
    "APPLICATION",
    "KINDS",
    "SESSION",
    "SESSION_JOB",
    "STATEFUL",
    "Kind",
    "KindResult",
    "KindRun",
    "KindScenario",
    "KnownBug",
    "expect_fixed",
    "logged_savepoints",
    "run_all",
    "run_scenario",
    "scenario",
]
