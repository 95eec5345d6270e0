"""``pulumi-resource-lakesail`` with instruments: ``python -m benchmarks._shim <engine>``.

Runs the real plugin (``pulumi_resource_lakesail.main``) unchanged, plus, when asked
through the environment:

``LAKESAIL_BENCH_TIMING=FILE``
    appends ``<rpc> <start_ns> <end_ns>`` (wall clock, ``time.time_ns``) to FILE for every gRPC
    call the plugin serves and every engine Log call it makes (``Log``), plus ``Spawn`` when the
    process starts, so a benchmark can tell how much of a ``pulumi up`` the provider
    spent in its RPCs.
``LAKESAIL_BENCH_PROFILE=FILE``
    profiles every Python thread (the asyncio servicer and the worker threads where the HTTP
    calls run) with cProfile; the stats are written to FILE when ``FILE.request`` appears
    (``FILE.done`` is created next), since a plugin is stopped with a signal. The profiler's
    clock is each thread's CPU time (``time.thread_time``), so time spent waiting (for the
    network, a lock or the GIL) is not counted; ``LAKESAIL_BENCH_PROFILE_CLOCK=wall`` counts it.

``LAKESAIL_BENCH_USAGE=DIR``
    writes ``DIR/<pid>.json`` with the process's CPU seconds and peak resident memory,
    refreshed every 0.2 s (the engine kills a plugin rather than asking it to exit, so there
    is no last word to wait for).
``LAKESAIL_BENCH_PATCH=name[,name...]``
    what-if experiments on the provider's code, applied in this process only (the package's
    files are not touched), to measure a proposed change before anyone makes it:

    * ``log-future``: progress messages to the engine are sent without waiting for the answer
      (``stub.Log.future``) instead of a blocking round trip on the operation's critical path;
    * ``log-off``: no progress messages at all (the lower bound of what they cost);
    * ``no-trust-env``: the client's ``requests.Session`` gets ``trust_env = False`` (proxy
      settings resolved once when the session is built), so requests does not scan the
      environment for proxies, netrc and CA bundles on every call;
    * ``per-wait-polling``: every wait describes its own object on its own backoff from its
      start, as before the shared poller (``core/poller.py``) and the learnt start times
      (``core/startups.py``), for a side-by-side comparison;
    * ``no-learnt-rate``: a 429 pauses every request as before, but teaches the client no rate
      (``client/throttle.py``): the requests held by a pause all leave when it ends;
    * ``describe-before-delete``: every DELETE is preceded by a describe of its object, as a
      delete did before it trusted the recorded ID (``Lifecycle.delete``);
    * ``thread-per-operation``: the plugin runs up to 4096 operations at once instead of
      ``MAX_OPERATIONS`` (128), so that every operation the engine sends has a thread;
    * ``attribute-docstrings``: the client's models are built with pydantic's
      ``use_attribute_docstrings``, as they were before (pydantic reads their source at import);
    * ``eager-models``: every model's validator is built when the models are imported, as before
      they were declared with ``defer_build`` (built on first use);
    * ``sdk-init``: the generated SDK's ``pulumi_lakesail/__init__`` runs before the plugin is
      imported, as it did before the entry point ``pulumi_resource_lakesail`` skipped it;
    * ``eager-client``: the client (``requests``, ``urllib3``), its pydantic models and the
      conversions are imported before the port line, as they were before ``client/__init__``
      imported its names on first use and ``core.diff`` stopped importing ``core.convert``;
    * ``lazy-imports``: GetPluginInfo and GetSchema are served before the provider's code
      (client, models, core) is imported; it is imported on the first other call.

``make_wrapper(directory, env)`` writes an executable ``pulumi-resource-lakesail`` that starts
this module, so that the real ``pulumi`` CLI picks the shim up from ``PATH``.
"""

from __future__ import annotations

import cProfile
import functools
import os
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any

_STARTED_NS = time.time_ns()  # this process's start, near enough (the interpreter took ~20 ms)

RPCS = (
    "Check",
    "Diff",
    "Create",
    "Read",
    "Update",
    "Delete",
    "CheckConfig",
    "Configure",
    "DiffConfig",
    "GetSchema",
    "GetPluginInfo",
    "Invoke",
    "Cancel",
)


def _install_timing(path: str, servicer: Any) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.write(fd, f"Spawn {_STARTED_NS} {_STARTED_NS}\n".encode())

    def timed(name: str, handler: Any) -> Any:
        @functools.wraps(handler)
        async def wrapper(self: Any, request: Any, context: Any) -> Any:
            start = time.time_ns()
            try:
                return await handler(self, request, context)
            finally:
                os.write(fd, f"{name} {start} {time.time_ns()}\n".encode())

        return wrapper

    for name in RPCS:
        handler = getattr(servicer, name, None)
        if handler is not None:
            setattr(servicer, name, timed(name, handler))
    _record_log_timing(fd)


def _dump(profiles: list[cProfile.Profile], lock: threading.Lock, path: str) -> None:
    """Write the stats of every thread so far, merged, without stopping the profilers."""
    import marshal
    import pstats
    import tempfile

    parts = []
    with lock, tempfile.TemporaryDirectory() as tmp:
        for i, profile in enumerate(profiles):
            profile.snapshot_stats()  # unlike create_stats, this leaves the profiler running
            if profile.stats:
                part = Path(tmp) / f"{i}.prof"
                part.write_bytes(marshal.dumps(profile.stats))
                parts.append(str(part))
        stats = pstats.Stats(*parts)
        stats.dump_stats(path)


def _install_profiling(path: str) -> None:
    clock = (
        time.perf_counter
        if os.environ.get("LAKESAIL_BENCH_PROFILE_CLOCK") == "wall"
        else time.thread_time
    )
    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def watch() -> None:
        request = Path(path + ".request")
        while True:
            if request.exists():
                request.unlink()
                try:
                    _dump(profiles, lock, path)
                except Exception:  # noqa: BLE001 - reported to the benchmark through a file
                    import traceback

                    Path(path + ".error").write_text(traceback.format_exc())
                Path(path + ".done").touch()
            time.sleep(0.05)

    # Started before the hook below, so that the watcher itself is not profiled.
    threading.Thread(target=watch, name="bench-profile-watch", daemon=True).start()

    def start_in_thread(*_: Any) -> None:
        profile = cProfile.Profile(clock)
        with lock:
            profiles.append(profile)
        profile.enable()  # replaces this hook for the thread

    threading.setprofile(start_in_thread)
    main_profile = cProfile.Profile(clock)
    with lock:
        profiles.append(main_profile)
    main_profile.enable()


PATCHES = (
    "log-future",
    "log-off",
    "no-trust-env",
    "per-wait-polling",
    "no-learnt-rate",
    "attribute-docstrings",
    "eager-models",
    "sdk-init",
    "lazy-imports",
    "eager-client",
    "thread-per-operation",
    "describe-before-delete",
)


def _install_usage(directory: str) -> None:
    import json
    import resource

    path = Path(directory) / f"{os.getpid()}.json"

    def watch() -> None:
        while True:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            figures = {"cpu": usage.ru_utime + usage.ru_stime, "peak_kib": _own_peak_kib()}
            path.with_suffix(".tmp").write_text(json.dumps(figures))
            path.with_suffix(".tmp").replace(path)
            time.sleep(0.2)

    threading.Thread(target=watch, name="bench-usage", daemon=True).start()


def _own_peak_kib() -> int:
    """This process's peak resident memory: ``VmHWM``, not ``ru_maxrss``, which Linux carries
    over an exec from the process that spawned it (here the ``pulumi`` CLI, far larger)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def _override_model_config(**override: Any) -> None:
    """The client's models are declared with ``override`` added to their ``ConfigDict``s."""
    import pydantic

    original = pydantic.ConfigDict

    def config(**settings: Any) -> Any:
        return original(**{**settings, **override})

    pydantic.ConfigDict = config  # type: ignore[assignment,misc]  # read by client/models.py


def _patch_attribute_docstrings() -> None:
    _override_model_config(use_attribute_docstrings=True)


def _patch_eager_models() -> None:
    _override_model_config(defer_build=False)


def _patch_eager_client() -> None:
    import pulumi_lakesail.client.client
    import pulumi_lakesail.core.convert  # noqa: F401 - the what-if is the import itself


def _patch_per_wait_polling() -> None:
    from pulumi_lakesail.core.poller import Pollers
    from pulumi_lakesail.core.startups import StartupTimes

    Pollers.shared = lambda self, scope: False  # type: ignore[method-assign]
    StartupTimes.expected = lambda self, scope: 0.0  # type: ignore[method-assign]


def _patch_thread_per_operation() -> None:
    from pulumi_lakesail.plugin.provider import LakeSailProvider

    LakeSailProvider.__init__.__kwdefaults__["max_threads"] = 4096


def _patch_describe_before_delete() -> None:
    from pulumi_lakesail.core.operations import Operations

    original = Operations.delete

    def delete(self: Any, ref: Any) -> None:
        self.describe(ref)  # its NotFoundError is the DELETE's 404 for the caller
        original(self, ref)

    Operations.delete = delete  # type: ignore[method-assign]


def _patch_no_learnt_rate() -> None:
    from pulumi_lakesail.client.throttle import Throttle

    Throttle._learn = lambda self, now: None  # type: ignore[method-assign]


def _patch_log_future() -> None:
    import logging

    from pulumi.runtime.proto import engine_pb2

    from pulumi_lakesail.plugin.engine_log import EngineLog

    def send(self: Any, severity: Any, message: str, urn: str, ephemeral: bool) -> None:
        stub = self._engine()
        if stub is None:
            return
        request = engine_pb2.LogRequest(
            severity=severity, message=message, urn=urn, ephemeral=ephemeral
        )
        future = stub.Log.future(request, timeout=10)

        def done(f: Any) -> None:
            if f.exception() is not None:
                logging.getLogger("pulumi_lakesail.plugin").info("%s", message)

        future.add_done_callback(done)

    EngineLog._send = send  # type: ignore[method-assign]


def _patch_log_off() -> None:
    from pulumi_lakesail.plugin.engine_log import EngineLog

    EngineLog._send = lambda self, *args: None  # type: ignore[method-assign]


def _patch_no_trust_env() -> None:
    import requests.utils

    from pulumi_lakesail.client.client import LakeSailClient

    original = LakeSailClient.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        # What trust_env does on every call, done once: the endpoint is fixed per client.
        self._session.proxies.update(requests.utils.get_environ_proxies(self._endpoint))
        self._session.trust_env = False

    LakeSailClient.__init__ = init  # type: ignore[method-assign]


def _record_log_timing(fd: int) -> None:
    from pulumi_lakesail.plugin.engine_log import EngineLog

    original = EngineLog._send

    def send(self: Any, *args: Any) -> None:
        start = time.time_ns()
        try:
            original(self, *args)
        finally:
            os.write(fd, f"Log {start} {time.time_ns()}\n".encode())

    EngineLog._send = send  # type: ignore[method-assign,assignment]


def _lazy_servicer() -> Any:
    """What-if *lazy-imports*: a servicer that answers GetPluginInfo and GetSchema without
    importing the provider (client, models, core), and imports it on the first other call.

    This is what the plugin would do if ``plugin/server.py`` and ``plugin/provider.py`` imported
    the client and the core lazily: the plugin process the YAML language host starts only for
    the schema would never load them."""
    from pulumi.provider.experimental.server import ProviderServicer
    from pulumi.runtime.proto import provider_pb2

    class LazyServicer(ProviderServicer):
        _real: Any = None

        def _load(self) -> Any:
            if self._real is None:
                from pulumi_lakesail.plugin import server
                from pulumi_lakesail.plugin.provider import LakeSailProvider

                provider = LakeSailProvider(self._engine_address)
                self._real = server.LakeSailServicer(
                    self._args, self._version, provider, self._engine_address
                )
            return self._real

        async def GetSchema(self, request: Any, context: Any) -> Any:  # noqa: N802 - gRPC name
            from pulumi_lakesail.resources.package import schema_json

            return provider_pb2.GetSchemaResponse(schema=schema_json())

        async def Cancel(self, request: Any, context: Any) -> Any:  # noqa: N802 - gRPC name
            if self._real is None:  # nothing to cancel; do not import the provider to say so
                from google.protobuf import empty_pb2

                return empty_pb2.Empty()
            return await self._real.Cancel(request, context)

    def delegate(name: str) -> Any:
        async def method(self: Any, request: Any, context: Any) -> Any:
            return await getattr(self._load(), name)(request, context)

        method.__name__ = name
        return method

    # Handshake (the engine's first call) stays the SDK's, as in the real plugin.
    for name in RPCS + ("Construct", "Call", "Attach", "Parameterize"):
        if name not in ("GetSchema", "GetPluginInfo"):
            setattr(LazyServicer, name, delegate(name))
    return LazyServicer


def _serve_lazy(servicer_class: Any) -> None:
    import asyncio

    from pulumi_lakesail.client.version import __version__
    from pulumi_lakesail.plugin.listener import serve_until_stopped

    args = sys.argv[1:]
    engine = [a for a in args if not a.startswith("-")][0]
    try:
        asyncio.run(serve_until_stopped(servicer_class(args, __version__, None, engine)))
    except KeyboardInterrupt:
        pass


def main() -> None:
    """Instrument as the environment asks, then run the real plugin."""
    timing = os.environ.get("LAKESAIL_BENCH_TIMING")
    profile = os.environ.get("LAKESAIL_BENCH_PROFILE")
    patches = list(filter(None, os.environ.get("LAKESAIL_BENCH_PATCH", "").split(",")))
    if "sdk-init" in patches:
        import pulumi_lakesail  # noqa: F401 - the what-if: the whole generated SDK, first
    else:
        from pulumi_resource_lakesail import register_package

        register_package()
    for name in patches:
        if name not in PATCHES:
            raise SystemExit(f"unknown LAKESAIL_BENCH_PATCH {name!r}; known: {', '.join(PATCHES)}")
        if name not in ("lazy-imports", "sdk-init"):
            globals()[f"_patch_{name.replace('-', '_')}"]()
    lazy = _lazy_servicer() if "lazy-imports" in patches else None
    if timing:
        if lazy is None:
            from pulumi_lakesail.plugin import server

            _install_timing(timing, server.LakeSailServicer)
        else:
            _install_timing(timing, lazy)
    if profile:
        _install_profiling(profile)
    usage = os.environ.get("LAKESAIL_BENCH_USAGE")
    if usage:
        _install_usage(usage)
    if lazy is not None:
        _serve_lazy(lazy)
        return
    from pulumi_resource_lakesail import main as serve

    serve()


def shim_command() -> list[str]:
    """The argv that starts this shim (the engine address is appended by the caller)."""
    return [sys.executable, "-m", "benchmarks._shim"]


def shim_env(**variables: str) -> dict[str, str]:
    """The environment for :func:`shim_command`: this one, the repository importable, plus
    ``variables`` (``LAKESAIL_BENCH_PATCH="log-future"``...)."""
    repo = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PYTHONPATH": path, **variables}


def make_wrapper(directory: Path, env: dict[str, str]) -> Path:
    """Write ``directory/pulumi-resource-lakesail``, starting the shim with ``env`` set."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "pulumi-resource-lakesail"
    exports = "".join(f"export {key}='{value}'\n" for key, value in env.items())
    repo = Path(__file__).resolve().parents[1]
    script.write_text(
        "#!/bin/sh\n"
        f"{exports}"
        f"export PYTHONPATH='{repo}'${{PYTHONPATH:+:$PYTHONPATH}}\n"
        f"exec '{sys.executable}' -m benchmarks._shim \"$@\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


if __name__ == "__main__":
    main()
