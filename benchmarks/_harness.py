"""The machinery shared by the overhead and profile benchmarks.

* :class:`Floor`: the provider's HTTP calls from a bare ``requests`` loop;
* :class:`Relay`: the same loop behind a minimal gRPC hop in another process (``_relay``);
* :class:`Bench`: runs N operations P at a time through a plugin, the relay or the floor, and
  records wall time, the CPU time of every process involved and the emulator's request counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from . import APP, APPLICATION, APPS, app_spec, unique

_TICK = os.sysconf("SC_CLK_TCK")


def urn(name: str) -> str:
    """The URN of an application resource in the benchmark's stack."""
    return f"urn:pulumi:bench::lakesail-bench::{APPLICATION}::{name}"


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system, all threads) of a live process; 0.0 without a pid."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def create_body(name: str) -> dict[str, Any]:
    """The body the provider POSTs for ``app_spec(name)`` (checked inputs, spec fields only)."""
    from pulumi_lakesail.core.convert import SPEC_FIELDS
    from pulumi_lakesail.core.validate import check

    inputs = check(app_spec(name), "DEFAULT").inputs
    return {key: inputs[key] for key in SPEC_FIELDS}


class Floor:
    """The same HTTP calls as the provider, from a bare requests loop.

    create = POST, then GET until the state is no longer PENDING; read = GET; delete = DELETE,
    then GET until 404. Polls follow the provider's own backoff policy, so the calls are the same.
    """

    def __init__(
        self, url: str, token: str, workspace: str, parallel: int, *, reuse: bool = True
    ) -> None:
        from pulumi_lakesail.core.waiter import Backoff

        self.base = f"{url}/api/flink/v1/workspaces/{workspace}/applications"
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.backoff = Backoff()
        self.reuse = reuse
        self.session = requests.Session()
        self.session.mount(
            "http://", HTTPAdapter(pool_connections=1, pool_maxsize=max(parallel, 10))
        )
        self.session.headers.update(self.headers)

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        if self.reuse:
            return self.session.request(method, url, timeout=30, **kwargs)
        # No connection reuse: a fresh connection per call (requests.request opens a session).
        return requests.request(method, url, headers=self.headers, timeout=30, **kwargs)

    def _poll(self, url: str, done: Callable[[requests.Response], bool]) -> None:
        delay = self.backoff.delays()
        while not done(self._request("GET", url)):
            time.sleep(delay())

    def create(self, body: dict[str, Any]) -> str:
        response = self._request("POST", self.base, json=body)
        response.raise_for_status()
        app_id: str = response.json()["id"]
        self._poll(f"{self.base}/{app_id}", lambda r: r.json()["state"] != "PENDING")
        return app_id

    def read(self, app_id: str) -> None:
        response = self._request("GET", f"{self.base}/{app_id}")
        response.raise_for_status()
        response.json()

    def delete(self, app_id: str) -> None:
        response = self._request("DELETE", f"{self.base}/{app_id}")
        if response.status_code != 404:
            response.raise_for_status()
            self._poll(f"{self.base}/{app_id}", lambda r: r.status_code == 404)

    def close(self) -> None:
        self.session.close()


class Relay:
    """The floor behind a minimal gRPC relay process (see ``_relay``)."""

    def __init__(self, emulator: Any) -> None:
        import grpc

        from ._relay import SERVICE

        repo = str(Path(__file__).resolve().parents[1])
        env = {
            **os.environ,
            "LAKESAIL_TOKEN": emulator.token,
            "PYTHONPATH": os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")])),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._relay", emulator.url, emulator.workspace],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode().strip()
        if not line.isdigit():
            self.close()
            raise RuntimeError(f"the relay printed {line!r} instead of its port")
        self.pid = self.process.pid
        self.channel = grpc.insecure_channel(f"127.0.0.1:{line}")
        self._create = self.channel.unary_unary(f"/{SERVICE}/Create")
        self._read = self.channel.unary_unary(f"/{SERVICE}/Read")
        self._delete = self.channel.unary_unary(f"/{SERVICE}/Delete")

    def create(self, body: dict[str, Any]) -> str:
        result: bytes = self._create(json.dumps(body).encode(), timeout=300)
        return result.decode()

    def read(self, app_id: str) -> None:
        self._read(app_id.encode(), timeout=60)

    def delete(self, app_id: str) -> None:
        self._delete(app_id.encode(), timeout=300)

    def close(self) -> None:
        if getattr(self, "channel", None) is not None:
            self.channel.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_plugin(env: dict[str, str] | None = None, command: list[str] | None = None) -> Any:
    """A started PluginProcess (``pulumi-resource-lakesail``, or ``command``)."""
    from lakesail_testing.plugin import PluginProcess

    return PluginProcess(command=command, env=env).start()


def configure(plugin: Any, emulator: Any) -> None:
    """CheckConfig + Configure against ``emulator``, as the engine does."""
    response = plugin.configure(
        endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace
    )
    assert not getattr(response, "failures", None), response


def plugin_pid(plugin: Any) -> int | None:
    """The pid of a PluginProcess's process."""
    return getattr(getattr(plugin, "_process", None), "pid", None)


def calls_text(counts: dict[str, int], n: int) -> str:
    """``1 POST + 1 GET`` per application, from the emulator's counts."""
    short = {f"POST {APPS}": "POST", f"DELETE {APP}": "DELETE", f"GET {APP}": "GET"}
    parts = [f"{counts[k] / n:g} {v}" for k, v in short.items() if counts.get(k)]
    other = sum(v for k, v in counts.items() if k not in short)
    return " + ".join(parts + ([f"{other / n:g} other"] if other else [])) or "0"


class Bench:
    """One emulator, the floors, pools of P and of 1 driver threads; plugins and relays are "
    "passed in."""

    def __init__(self, emulator: Any, parallel: int) -> None:
        self.emulator = emulator
        self.emulator_pid: int | None = getattr(getattr(emulator, "_proc", None), "pid", None)
        self.parallel = parallel
        self.pools = {
            parallel: ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="driver"),
            1: ThreadPoolExecutor(max_workers=1, thread_name_prefix="driver1"),
        }
        self.floor = Floor(emulator.url, emulator.token, emulator.workspace, parallel)
        self.floor_cold = Floor(
            emulator.url, emulator.token, emulator.workspace, parallel, reuse=False
        )

    def close(self) -> None:
        for pool in self.pools.values():
            pool.shutdown()
        self.floor.close()
        self.floor_cold.close()

    def counts(self) -> dict[str, int]:
        """The emulator's request counts since the last call (and reset them)."""
        counts: dict[str, int] = self.emulator.stats()["counts"]
        self.emulator.reset_stats()
        return counts

    def timed(
        self,
        out: dict[str, Any],
        op: str,
        fn: Callable[[Any], Any],
        items: Sequence[Any],
        pid: int | None = None,
        parallel: int | None = None,
    ) -> list[Any]:
        """Run ``fn`` over ``items``, P at a time; store wall time and CPU per process in "
        "``out``."""
        pool = self.pools[parallel or self.parallel]
        cpu0 = (time.process_time(), process_cpu(self.emulator_pid), process_cpu(pid))
        start = time.perf_counter()
        results = list(pool.map(fn, items))
        out[op] = time.perf_counter() - start
        cpu1 = (time.process_time(), process_cpu(self.emulator_pid), process_cpu(pid))
        out[f"{op}_cpu"] = {
            "driver": cpu1[0] - cpu0[0],
            "emulator": cpu1[1] - cpu0[1],
            "server": cpu1[2] - cpu0[2],  # the plugin's or the relay's process
        }
        return results

    # -------------------------------------------------------------- through the plugin
    def plugin_round(
        self, plugin: Any, n: int, *, parallel: int | None = None, extra: bool = True
    ) -> dict[str, Any]:
        """check, create, read, [diff, GetPluginInfo,] delete of N applications via ``plugin``."""
        from google.protobuf import empty_pb2
        from lakesail_testing.plugin import to_struct
        from pulumi.runtime.proto import provider_pb2

        stub = plugin.stub
        pid = plugin_pid(plugin)
        prefix = unique("p")
        names = [f"{prefix}x{i}" for i in range(n)]
        out: dict[str, Any] = {}
        self.counts()

        def timed(op: str, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
            return self.timed(out, op, fn, items, pid, parallel)

        checks = [
            provider_pb2.CheckRequest(
                urn=urn(name), olds=to_struct({}), news=to_struct(app_spec(name))
            )
            for name in names
        ]
        checked = timed("check", lambda r: stub.Check(r, timeout=60), checks)
        assert all(not c.failures for c in checked), checked[0].failures
        out["check_calls"] = self.counts()
        assert not out["check_calls"], f"check made HTTP calls: {out['check_calls']}"

        logs_before = len(plugin.logs)
        creates = [
            provider_pb2.CreateRequest(urn=urn(name), properties=c.inputs, timeout=300)
            for name, c in zip(names, checked, strict=True)
        ]
        created = timed("create", lambda r: stub.Create(r, timeout=300), creates)
        out["create_calls"] = self.counts()
        out["create_logs"] = len(plugin.logs) - logs_before

        reads = [
            provider_pb2.ReadRequest(
                id=c.id, urn=urn(name), properties=c.properties, inputs=k.inputs
            )
            for name, c, k in zip(names, created, checked, strict=True)
        ]
        read = timed("read", lambda r: stub.Read(r, timeout=60), reads)
        assert all(r.id for r in read)
        out["read_calls"] = self.counts()

        if extra:
            diffs = [
                provider_pb2.DiffRequest(
                    id=c.id, urn=urn(name), olds=c.properties, news=k.inputs, old_inputs=k.inputs
                )
                for name, c, k in zip(names, created, checked, strict=True)
            ]
            diffed = timed("diff", lambda r: stub.Diff(r, timeout=60), diffs)
            assert all(d.changes == provider_pb2.DiffResponse.DIFF_NONE for d in diffed)
            out["diff_calls"] = self.counts()
            assert not out["diff_calls"], f"diff made HTTP calls: {out['diff_calls']}"
            empty = empty_pb2.Empty()
            timed("rpc", lambda _: stub.GetPluginInfo(empty, timeout=60), [None] * n)

        logs_before = len(plugin.logs)
        deletes = [
            provider_pb2.DeleteRequest(id=c.id, urn=urn(name), properties=c.properties, timeout=300)
            for name, c in zip(names, created, strict=True)
        ]
        timed("delete", lambda r: stub.Delete(r, timeout=300), deletes)
        out["delete_calls"] = self.counts()
        out["delete_logs"] = len(plugin.logs) - logs_before
        return out

    # -------------------------------------------------------------- the floor, or the relay
    def floor_round(
        self, n: int, floor: Floor | Relay | None = None, *, parallel: int | None = None
    ) -> dict[str, Any]:
        """The same HTTP calls for N applications from ``floor`` (default: the pooled floor)."""
        target = floor or self.floor
        pid = target.pid if isinstance(target, Relay) else None
        prefix = unique("f")
        bodies = [create_body(f"{prefix}x{i}") for i in range(n)]
        out: dict[str, Any] = {}
        self.counts()
        ids = self.timed(out, "create", target.create, bodies, pid, parallel)
        out["create_calls"] = self.counts()
        self.timed(out, "read", target.read, ids, pid, parallel)
        out["read_calls"] = self.counts()
        self.timed(out, "delete", target.delete, ids, pid, parallel)
        out["delete_calls"] = self.counts()
        return out
