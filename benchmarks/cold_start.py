"""Cold start: exec to port line, then the first calls, for the plugin and the dynamic host.

Both are started as the engine starts them (argv = the engine's address; the dynamic host as
``python -u -m pulumi.dynamic``, since it does not flush its port line), against a fake engine
server started once. Per run: exec → port line; the first call (GetPluginInfo, which both
serve; then GetSchema for the plugin, which the dynamic host does not implement); then the
engine's configure sequence and the first Check (CheckConfig + Configure + Check; the dynamic
host has no CheckConfig, and its first Check unpickles the provider, importing the package).
The floor row is the Pulumi SDK's provider server with an empty provider
(``benchmarks/_sdk_floor.py``): what the SDK and gRPC cost before any LakeSail code runs.
``python -c pass`` is the interpreter's own start. Median of 7 runs each (3 with ``--quick``).
The package's bytecode is compiled first, as an installed wheel has it (pip compiles at
install; an editable checkout under ``PYTHONDONTWRITEBYTECODE`` would compile every module at
every start). The import-time breakdown comes from ``python -X importtime``."""

from __future__ import annotations

import base64
import compileall
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent import futures
from typing import Any

from . import app_spec, emit, md_table, median, ms, start_emulator, write_result
from ._harness import urn
from ._shim import shim_command, shim_env

NAME = "cold_start"
DYNAMIC_TYPE = "pulumi-python:dynamic/lakesail:FlinkApplication"


class _Engine:
    """A fake engine: accepts Log calls, as the plugin may send them."""

    def __init__(self) -> None:
        import grpc
        from google.protobuf import empty_pb2
        from pulumi.runtime.proto import engine_pb2_grpc

        class Servicer(engine_pb2_grpc.EngineServicer):
            def Log(self, request: Any, context: Any) -> Any:  # noqa: N802 - gRPC name
                return empty_pb2.Empty()

        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        engine_pb2_grpc.add_EngineServicer_to_server(Servicer(), self.server)
        self.address = f"127.0.0.1:{self.server.add_insecure_port('127.0.0.1:0')}"
        self.server.start()

    def stop(self) -> None:
        self.server.stop(grace=None)


PLUGIN, DYNAMIC, FLOOR = "plugin", "dynamic", "floor"
"""What a process serves: the whole sequence, the dynamic host's, or GetPluginInfo only."""


def _one_run(
    command: list[str], engine: str, emulator: Any, kind: str, env: dict[str, str] | None
) -> dict[str, float]:
    import grpc
    from google.protobuf import empty_pb2
    from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

    out: dict[str, float] = {}
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, engine], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().strip()
        out["port_line"] = time.perf_counter() - start
        assert line.isdigit(), line
        with grpc.insecure_channel(f"127.0.0.1:{line}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            t = time.perf_counter()
            stub.GetPluginInfo(empty_pb2.Empty(), timeout=60)
            out["first_call"] = time.perf_counter() - t
            if kind == FLOOR:
                return out
            if kind == PLUGIN:
                t = time.perf_counter()
                stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
                out["get_schema"] = time.perf_counter() - t
            t = time.perf_counter()
            _configure_and_check(stub, kind, emulator)
            out["configure_check"] = time.perf_counter() - t
            out["total"] = time.perf_counter() - start
    finally:
        process.terminate()
        process.wait(timeout=10)
    return out


def _configure_and_check(stub: Any, kind: str, emulator: Any) -> None:
    """The engine's configure sequence and the first Check (the dynamic host's, or the
    plugin's: CheckConfig, Configure, Check)."""
    from lakesail_testing.plugin import to_struct
    from pulumi.runtime.proto import provider_pb2

    config = {
        "endpoint": emulator.url,
        "token": emulator.token,
        "workspace": emulator.workspace,
    }
    if kind == DYNAMIC:
        from pulumi.dynamic.dynamic import serialize_provider

        from pulumi_lakesail.dynamic import FlinkApplicationProvider

        blob = serialize_provider(FlinkApplicationProvider())
        stub.Configure(
            provider_pb2.ConfigureRequest(
                args=to_struct({f"lakesail:{k}": v for k, v in config.items()}),
                acceptSecrets=True,
            ),
            timeout=60,
        )
        news = {**app_spec("cold"), "__provider": blob}
        response = stub.Check(
            provider_pb2.CheckRequest(
                urn=urn("cold").replace("lakesail:index:FlinkApplication", DYNAMIC_TYPE),
                olds=to_struct({}),
                news=to_struct(news),
            ),
            timeout=60,
        )
    else:
        checked = stub.CheckConfig(
            provider_pb2.CheckRequest(
                urn=urn("default").replace(
                    "lakesail:index:FlinkApplication", "pulumi:providers:lakesail"
                ),
                news=to_struct(config),
            ),
            timeout=60,
        )
        stub.Configure(
            provider_pb2.ConfigureRequest(
                variables={f"lakesail:config:{k}": v for k, v in config.items()},
                args=checked.inputs,
                acceptSecrets=True,
                acceptResources=True,
            ),
            timeout=60,
        )
        response = stub.Check(
            provider_pb2.CheckRequest(
                urn=urn("cold"), olds=to_struct({}), news=to_struct(app_spec("cold"))
            ),
            timeout=60,
        )
    assert not response.failures, response.failures


def _compile_bytecode() -> None:
    """Compile the package's modules, as ``pip install`` of its wheel does."""
    import pulumi_lakesail
    import pulumi_resource_lakesail

    for package in (pulumi_resource_lakesail, pulumi_lakesail):
        for directory in package.__path__:
            compileall.compile_dir(directory, quiet=1)


_MODELS_COST = """
import sys, time
import pulumi_resource_lakesail as entry
entry.register_package()
import pulumi_lakesail.plugin.server, pydantic, pydantic.alias_generators, requests
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
if sys.argv[1] == "eager":
    from benchmarks._shim import _patch_eager_models
    _patch_eager_models()
start = time.perf_counter()
from pulumi_lakesail.client import models
for model in (models.CurrentIdentity, models.Workspace):  # what Configure's preflight reads
    try:
        model.model_validate({})
    except pydantic.ValidationError:
        pass
print(time.perf_counter() - start)
"""
"""Import the models, then validate the two that Configure reads (pydantic's model machinery
and requests are imported before the clock starts: both sides need them)."""


def _models_cost(runs: int) -> dict[str, list[float]]:
    """Seconds :data:`_MODELS_COST` takes, with the models as declared (validators built on
    first use) and with every validator built at import, in alternate processes."""
    env = shim_env()
    times: dict[str, list[float]] = {"deferred": [], "eager": []}
    for _ in range(runs):
        for side in times:
            out = subprocess.run(
                [sys.executable, "-c", _MODELS_COST, side],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
            times[side].append(float(out))
    return times


def _interpreter_start(runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return median(times)


PLUGIN_IMPORT = (
    "import pulumi_resource_lakesail as entry; entry.register_package(); "
    "import pulumi_lakesail.plugin.server"
)
"""What the plugin's entry point imports before it serves."""


def import_breakdown(module: str, code: str | None = None) -> dict[str, Any]:
    """``python -X importtime -c 'import module'`` (or ``code``): total, per top-level package,
    slowest modules."""
    text = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code or f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    per_package: dict[str, float] = defaultdict(float)
    cumulative: dict[str, float] = {}
    for match in re.finditer(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", text):
        self_us, cum_us, name = int(match.group(1)), int(match.group(2)), match.group(4)
        per_package[name.split(".")[0]] += self_us / 1e6
        cumulative[name] = cum_us / 1e6
    return {
        "total": cumulative.get(module, sum(per_package.values())),
        "per_package": dict(sorted(per_package.items(), key=lambda kv: -kv[1])),
        "cumulative": cumulative,
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark; print its tables; write results/cold_start.json."""
    from lakesail_testing.plugin import plugin_command
    from pulumi.dynamic.dynamic import serialize_provider

    from pulumi_lakesail.dynamic import FlinkApplicationProvider

    runs = 3 if quick else 7
    _compile_bytecode()
    sides: dict[str, tuple[list[str], str, dict[str, str] | None]] = {
        "native plugin (pulumi-resource-lakesail)": (plugin_command(), PLUGIN, None),
        "before: native plugin running the generated SDK's `__init__` first": (
            shim_command(),
            PLUGIN,
            shim_env(LAKESAIL_BENCH_PATCH="sdk-init"),
        ),
        "before: native plugin with the models' attribute docstrings read at import": (
            shim_command(),
            PLUGIN,
            shim_env(LAKESAIL_BENCH_PATCH="attribute-docstrings"),
        ),
        "before: native plugin importing the client and its models before the port line": (
            shim_command(),
            PLUGIN,
            shim_env(LAKESAIL_BENCH_PATCH="eager-client"),
        ),
        "what-if: native plugin importing its provider code lazily": (
            shim_command(),
            PLUGIN,
            shim_env(LAKESAIL_BENCH_PATCH="lazy-imports"),
        ),
        "dynamic host (python -u -m pulumi.dynamic)": (
            [sys.executable, "-u", "-m", "pulumi.dynamic"],
            DYNAMIC,
            None,
        ),
        "floor: the Pulumi SDK's provider server, empty (no LakeSail code)": (
            [sys.executable, "-m", "benchmarks._sdk_floor"],
            FLOOR,
            shim_env(),
        ),
    }
    samples: dict[str, list[dict[str, float]]] = {label: [] for label in sides}
    engine = _Engine()
    try:
        with start_emulator() as emulator:
            for _ in range(runs):  # alternate, so that all see the same noise
                for label, (command, kind, env) in sides.items():
                    samples[label].append(_one_run(command, engine.address, emulator, kind, env))
    finally:
        engine.stop()
    python_start = _interpreter_start(runs)
    models_cost = _models_cost(runs * 2)

    keys = ["port_line", "first_call", "get_schema", "configure_check", "total"]

    def over_runs(statistic: Callable[[list[float]], float]) -> dict[str, dict[str, float]]:
        return {
            label: {k: statistic([s[k] for s in runs_]) for k in keys if k in runs_[0]}
            for label, runs_ in samples.items()
        }

    summary, fastest = over_runs(median), over_runs(min)

    def cell(label: str, key: str) -> str:
        if key not in summary[label]:
            return "–" if key == "total" else "not served"
        return f"{ms(summary[label][key], 0)} ({ms(fastest[label][key], 0)})"

    rows = [[label] + [cell(label, k) for k in keys] for label in summary]
    rows.append(
        ["`python -c pass` (the interpreter alone)", ms(python_start, 0), "–", "–", "–", "–"]
    )
    markdown = [
        emit(
            f"Cold start (ms, median of {runs} runs, the fastest in brackets)",
            md_table(
                [
                    "process",
                    "exec → port line",
                    "first call (GetPluginInfo)",
                    "GetSchema",
                    "CheckConfig + Configure + first Check",
                    "total",
                ],
                rows,
            ),
            "The what-if row runs the real plugin behind `benchmarks/_shim.py` with "
            "`LAKESAIL_BENCH_PATCH=lazy-imports`: GetPluginInfo and GetSchema are served before "
            "the client, models and core are imported, which happens on the first other call "
            "(here: CheckConfig). The dynamic host has no CheckConfig and no GetSchema; its "
            "first Check unpickles the "
            "provider (importing pulumi_lakesail.dynamic and the core), so that is where its "
            "imports land. The floor row serves the SDK's provider server with an empty "
            "provider: the native plugin's port line minus the floor's is LakeSail's own code.",
        ),
        emit(
            f"The client's models at Configure (ms, {len(models_cost['deferred'])} alternate "
            "processes each): import them, then validate the two the preflight reads",
            md_table(
                ["models", "min", "median"],
                [
                    [label, ms(min(models_cost[side]), 1), ms(median(models_cost[side]), 1)]
                    for side, label in (
                        ("deferred", "as declared (`defer_build`: built on first use)"),
                        ("eager", "before: every validator built at import"),
                    )
                ],
            ),
        ),
    ]

    imports = {
        "pulumi_lakesail.plugin.server": import_breakdown(
            "pulumi_lakesail.plugin.server", PLUGIN_IMPORT
        ),
        "pulumi_lakesail.dynamic": import_breakdown("pulumi_lakesail.dynamic"),
    }
    plugin_imports = imports["pulumi_lakesail.plugin.server"]
    top = list(plugin_imports["per_package"].items())[:8]
    rows = [[f"`{pkg}`", ms(seconds, 0)] for pkg, seconds in top]
    slow = sorted(
        (
            (name, t)
            for name, t in plugin_imports["cumulative"].items()
            if name.startswith("pulumi_lakesail")
        ),
        key=lambda kv: -kv[1],
    )[:6]
    markdown.append(
        emit(
            f"What the plugin imports before it prints its port (`python -X importtime`, one run; "
            f"total {ms(plugin_imports['total'], 0)} ms)",
            md_table(["package (own import time)", "ms"], rows)
            + "\n\n"
            + md_table(
                ["pulumi_lakesail module (cumulative)", "ms"],
                [[f"`{name}`", ms(t, 0)] for name, t in slow],
            ),
        )
    )
    blob = serialize_provider(FlinkApplicationProvider())
    result = {
        "runs": runs,
        "samples": samples,
        "summary": summary,
        "fastest": fastest,
        "python_start": python_start,
        "models_cost": models_cost,
        "imports": {
            m: {k: v for k, v in d.items() if k != "cumulative"} for m, d in imports.items()
        },
        "plugin_imports_pulumi_lakesail": dict(slow),
        "blob_bytes": len(base64.b64decode(blob)),
        "markdown": "\n".join(markdown),
    }
    write_result(NAME, result)
    return result
