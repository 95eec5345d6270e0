"""Where the plugin's time goes, and what proposed changes would save (measured, not guessed).

1. **CPU profile.** The plugin runs under cProfile in every thread (``_shim``; the clock is each
   thread's CPU time, so waiting is not counted) while it creates, reads and deletes N
   applications, P at a time. Each operation's CPU is split among the pieces of the call path:
   engine Log RPCs, the HTTP client, response parsing, the SDK's PropertyValue (un)marshalling,
   the provider's own conversions, and the rest (gRPC server, asyncio, thread hop).
2. **In-process costs** of the conversions per call, with ``timeit`` (no profiler overhead).
3. **What-if experiments.** The same workload through plugins whose code is patched in memory
   by ``_shim`` (``LAKESAIL_BENCH_PATCH``; the package's files are untouched), side by side with
   the unpatched plugin, the relay and the floor, rounds rotating the order: the before/after of
   each change proposed in docs/performance.md.
"""

from __future__ import annotations

import json
import pstats
import re
import shutil
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

from . import (
    REPO,
    app_spec,
    emit,
    engine_parallelism,
    md_table,
    median,
    start_emulator,
    write_result,
)
from ._harness import Bench, Relay, configure, create_body, start_plugin
from ._shim import shim_command, shim_env

NAME = "profile"

# (label, function-name matcher): the inclusive CPU of these calls is attributed to the label;
# the matchers are (file suffix, function name). None of them calls another one.
PIECES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "engine Log RPCs (progress messages)",
        [("plugin/engine_log.py", "_send"), ("benchmarks/_shim.py", "send")],
    ),
    ("HTTP client (requests, urllib3)", [("client/client.py", "_send")]),
    ("response parsing (json, pydantic)", [("client/client.py", "_parse")]),
    ("request body (pydantic model, json)", [("core/convert.py", "to_spec")]),
    (
        "SDK PropertyValue unmarshal/marshal",
        [("property_value.py", "unmarshal_map"), ("property_value.py", "marshal_map")],
    ),
    (
        "to_plain / from_plain (plugin/properties.py)",
        [("plugin/properties.py", "to_plain"), ("plugin/properties.py", "from_plain")],
    ),
    (
        "outputs/inputs from the API model (core/convert.py)",
        [
            ("core/convert.py", "outputs_from_application"),
            ("core/convert.py", "inputs_from_application"),
        ],
    ),
    ("check and diff logic (core)", [("core/validate.py", "check"), ("core/diff.py", "diff")]),
]

VARIANTS = {
    "plugin (as is)": "",
    "+ log-future": "log-future",
    "+ log-off": "log-off",
    "+ no-trust-env": "no-trust-env",
    "+ log-off + no-trust-env": "log-off,no-trust-env",
}
SEQUENTIAL_N = 50


class ProfiledPlugin:
    """A plugin under the profiling shim; ``snapshot()`` returns the stats so far."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="lakesail-bench-prof-"))
        self.path = self.dir / "plugin.prof"
        self.plugin = start_plugin(
            env=shim_env(LAKESAIL_BENCH_PROFILE=str(self.path)), command=shim_command()
        )

    def snapshot(self) -> pstats.Stats:
        done = Path(f"{self.path}.done")
        Path(f"{self.path}.request").touch()
        deadline = time.monotonic() + 60
        while not done.exists():
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the profiled plugin did not write its stats: {self.plugin.stderr()[-2000:]}"
                )
            time.sleep(0.05)
        done.unlink()
        error = Path(f"{self.path}.error")
        if error.exists():
            raise RuntimeError(error.read_text())
        return pstats.Stats(str(self.path))

    def close(self) -> None:
        self.plugin.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _table(stats: pstats.Stats) -> dict[tuple[str, int, str], tuple[float, float, int]]:
    """{function: (tottime, cumtime, primitive calls)}."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    return {func: (tt, ct, cc) for func, (cc, nc, tt, ct, callers) in raw.items()}


def _delta(
    before: pstats.Stats, after: pstats.Stats
) -> dict[tuple[str, int, str], tuple[float, float, int]]:
    old = _table(before)
    delta = {}
    for func, (tt, ct, cc) in _table(after).items():
        ott, oct_, occ = old.get(func, (0.0, 0.0, 0))
        if cc - occ or tt - ott > 0:
            delta[func] = (tt - ott, ct - oct_, cc - occ)
    return delta


def _breakdown(delta: dict[tuple[str, int, str], tuple[float, float, int]]) -> dict[str, float]:
    total = sum(tt for tt, _, _ in delta.values())
    parts: dict[str, float] = {}
    for label, matchers in PIECES:
        parts[label] = sum(
            ct
            for (file, _, func), (_, ct, _) in delta.items()
            if any(file.endswith(suffix) and func == name for suffix, name in matchers)
        )
    parts["gRPC server, asyncio, thread hop, other"] = max(total - sum(parts.values()), 0.0)
    parts["total"] = total
    return parts


def _short(path: str) -> str:
    """A path without its site-packages, standard-library or checkout prefix."""
    path = path.split("site-packages/")[-1]
    path = re.sub(r"^.*/lib/python3\.\d+/", "", path)
    return path.removeprefix(str(REPO) + "/")


def _top(
    delta: dict[tuple[str, int, str], tuple[float, float, int]], count: int = 12
) -> list[tuple[str, float, int]]:
    ranked = sorted(delta.items(), key=lambda item: item[1][0], reverse=True)[:count]
    out = []
    for (file, line, func), (tt, _, calls) in ranked:
        where = _short(file) if file != "~" else ""
        out.append((f"{where}:{line}({func})" if where else func, tt, calls))
    return out


def _cpu_profile(emulator: Any, parallel: int, n: int) -> dict[str, Any]:
    from lakesail_testing.plugin import to_struct
    from pulumi.runtime.proto import provider_pb2

    from ._harness import urn

    profiled = ProfiledPlugin()
    bench = Bench(emulator, parallel)
    try:
        plugin = profiled.plugin
        configure(plugin, emulator)
        bench.plugin_round(plugin, parallel)  # warm-up
        stub = plugin.stub
        names = [f"prof{int(time.time() * 1000) % 10**8}x{i}" for i in range(n)]
        out: dict[str, Any] = {}
        snaps = {"start": profiled.snapshot()}
        checked = bench.timed(
            out,
            "check",
            lambda r: stub.Check(r, timeout=60),
            [
                provider_pb2.CheckRequest(
                    urn=urn(x), olds=to_struct({}), news=to_struct(app_spec(x))
                )
                for x in names
            ],
        )
        snaps["check"] = profiled.snapshot()
        created = bench.timed(
            out,
            "create",
            lambda r: stub.Create(r, timeout=300),
            [
                provider_pb2.CreateRequest(urn=urn(x), properties=c.inputs, timeout=300)
                for x, c in zip(names, checked, strict=True)
            ],
        )
        snaps["create"] = profiled.snapshot()
        bench.timed(
            out,
            "read",
            lambda r: stub.Read(r, timeout=60),
            [
                provider_pb2.ReadRequest(
                    id=c.id, urn=urn(x), properties=c.properties, inputs=k.inputs
                )
                for x, c, k in zip(names, created, checked, strict=True)
            ],
        )
        snaps["read"] = profiled.snapshot()
        bench.timed(
            out,
            "diff",
            lambda r: stub.Diff(r, timeout=60),
            [
                provider_pb2.DiffRequest(
                    id=c.id, urn=urn(x), olds=c.properties, news=k.inputs, old_inputs=k.inputs
                )
                for x, c, k in zip(names, created, checked, strict=True)
            ],
        )
        snaps["diff"] = profiled.snapshot()
        bench.timed(
            out,
            "delete",
            lambda r: stub.Delete(r, timeout=300),
            [
                provider_pb2.DeleteRequest(
                    id=c.id, urn=urn(x), properties=c.properties, timeout=300
                )
                for x, c in zip(names, created, strict=True)
            ],
        )
        snaps["delete"] = profiled.snapshot()
    finally:
        bench.close()
        profiled.close()
    ops = ["check", "create", "read", "diff", "delete"]
    result: dict[str, Any] = {"n": n, "breakdown": {}, "top": {}}
    previous = snaps["start"]
    for op in ops:
        delta = _delta(previous, snaps[op])
        previous = snaps[op]
        result["breakdown"][op] = {k: v / n for k, v in _breakdown(delta).items()}
        result["top"][op] = [(name, tt / n, calls / n) for name, tt, calls in _top(delta)]
    return result


def _micro() -> dict[str, float]:
    """Per-call costs of the conversions, in process (µs)."""
    from lakesail_testing.plugin import to_struct
    from pulumi.provider.experimental.property_value import PropertyValue

    from pulumi_lakesail.client import models as api
    from pulumi_lakesail.core.convert import (
        inputs_from_application,
        outputs_from_application,
        to_spec,
    )
    from pulumi_lakesail.core.diff import diff
    from pulumi_lakesail.core.validate import check
    from pulumi_lakesail.plugin.properties import from_plain, to_plain

    inputs = check(app_spec("micro"), "DEFAULT").inputs
    body = {
        **create_body("micro"),
        "id": "A1B2C3",
        "state": "RUNNING",
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
    }
    body["job"] = {**body["job"], "id": "0" * 32, "name": "micro"}
    raw = json.dumps(body).encode()
    app = api.FlinkApplication.model_validate(json.loads(raw))
    outputs = outputs_from_application("DEFAULT", app)
    struct = to_struct(outputs)
    values = PropertyValue.unmarshal_map(struct)
    plain = from_plain(outputs)
    cases = {
        "PropertyValue.unmarshal_map (outputs)": lambda: PropertyValue.unmarshal_map(struct),
        "to_plain (outputs)": lambda: to_plain(values),
        "from_plain (outputs)": lambda: from_plain(outputs),
        "PropertyValue.marshal_map (outputs)": lambda: PropertyValue.marshal_map(plain),
        "json + FlinkApplication.model_validate": lambda: api.FlinkApplication.model_validate(
            json.loads(raw)
        ),
        "outputs_from_application + inputs_from_application": lambda: (
            outputs_from_application("DEFAULT", app),
            inputs_from_application("DEFAULT", app),
        ),
        "check (validation)": lambda: check(app_spec("micro"), "DEFAULT"),
        "diff (no change)": lambda: diff(outputs, inputs, old_state="RUNNING"),
        "to_spec + model_dump + json (POST body)": lambda: json.dumps(
            to_spec(inputs).model_dump(by_alias=True, exclude_none=True, mode="json")
        ),
    }
    return {
        label: min(timeit.repeat(fn, number=500, repeat=5)) / 500 * 1e6
        for label, fn in cases.items()
    }


def _what_if(emulator: Any, parallel: int, n: int, rounds: int) -> dict[str, Any]:
    """Every variant, the relay and the floor: N at P in flight, then N one at a time."""
    plugins = {
        label: start_plugin(env=shim_env(LAKESAIL_BENCH_PATCH=patch), command=shim_command())
        for label, patch in VARIANTS.items()
    }
    relay = Relay(emulator)
    bench = Bench(emulator, parallel)
    sides = [*VARIANTS, "relay", "floor"]
    runs: dict[str, list[dict[str, Any]]] = {label: [] for label in sides}
    sequential: dict[str, list[dict[str, Any]]] = {label: [] for label in sides}

    def one(side: str, count: int, at: int) -> dict[str, Any]:
        if side == "floor":
            return bench.floor_round(count, parallel=at)
        if side == "relay":
            return bench.floor_round(count, relay, parallel=at)
        return bench.plugin_round(plugins[side], count, parallel=at, extra=False)

    try:
        for plugin in plugins.values():
            configure(plugin, emulator)
            bench.plugin_round(plugin, parallel, extra=False)
        bench.floor_round(parallel, relay)
        for r in range(rounds):
            order = sides[r % len(sides) :] + sides[: r % len(sides)]
            for side in order:
                runs[side].append(one(side, n, parallel))
            for side in order:
                sequential[side].append(one(side, SEQUENTIAL_N, 1))
    finally:
        bench.close()
        relay.close()
        for plugin in plugins.values():
            plugin.stop()
    return {"parallel": runs, "sequential": sequential}


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark; print its tables; write results/profile.json."""
    parallel, source = engine_parallelism()
    n = 100 if quick else 200
    rounds = 2 if quick else 3
    markdown = []
    with start_emulator() as emulator:
        profile = _cpu_profile(emulator, parallel, n)
        what_if = _what_if(emulator, parallel, 100, rounds)
    runs, sequential = what_if["parallel"], what_if["sequential"]
    micro = _micro()

    labels = [label for label, _ in PIECES] + ["gRPC server, asyncio, thread hop, other", "total"]
    ops = ["create", "read", "delete", "check", "diff"]
    rows = [
        [label] + [f"{profile['breakdown'][op].get(label, 0.0) * 1000:.2f}" for op in ops]
        for label in labels
    ]
    markdown.append(
        emit(
            "Plugin CPU per operation, by piece (ms per application; cProfile on thread CPU "
            f"time, N = {n}, P = {parallel})",
            md_table(["piece of the call path", *ops], rows),
            "Inclusive CPU of each piece, per application. cProfile's own overhead inflates "
            "Python-heavy "
            "pieces (every Python call is counted) relative to C code (protobuf, "
            "pydantic-core, sockets): "
            "read the shares, not the absolute milliseconds, and compare with the in-process "
            "timings below.",
        )
    )
    for op in ("create", "read"):
        rows = [
            [f"`{name}`", f"{tt * 1000:.3f}", f"{calls:g}"]
            for name, tt, calls in profile["top"][op]
        ]
        markdown.append(
            emit(
                f"Top functions by own CPU time in {op} (ms and calls per application)",
                md_table(["function", "own CPU ms/app", "calls/app"], rows),
            )
        )
    markdown.append(
        emit(
            "Conversions per call, in process (µs, best of 5 × 500)",
            md_table(
                ["step", "µs per call"], [[label, f"{us:.1f}"] for label, us in micro.items()]
            ),
            "A read unmarshals two property maps (state and inputs), converts both to plain "
            "values, "
            "validates the response, builds outputs and inputs and marshals both back.",
        )
    )
    rows = []
    summary: dict[str, Any] = {}
    floor = runs["floor"]
    for side, side_runs in runs.items():
        if side == "floor":
            continue
        cells = [side]
        summary[side] = {}
        for op in ("create", "read", "delete"):
            ratios = [run_[op] / f[op] for run_, f in zip(side_runs, floor, strict=True)]
            cpu = median(r[f"{op}_cpu"]["server"] for r in side_runs) / 100 * 1000
            summary[side][op] = {
                "ratio": median(ratios),
                "server_cpu_ms": cpu,
                "time": median(r[op] for r in side_runs),
            }
            cells += [f"**{median(ratios):.2f}**", f"{cpu:.2f}"]
        rows.append(cells)
    floor_cells = ["floor (bare requests)"]
    for op in ("create", "read", "delete"):
        cpu = median(f[f"{op}_cpu"]["driver"] for f in floor) / 100 * 1000
        floor_cells += ["1.00", f"{cpu:.2f} (client)"]
    rows.append(floor_cells)
    markdown.append(
        emit(
            "What-if: the plugin with proposed changes applied in memory (N = 100, P = "
            f"{parallel}, median of {rounds} rounds)",
            md_table(
                [
                    "side",
                    "create ratio",
                    "create CPU ms/app",
                    "read ratio",
                    "read CPU ms/app",
                    "delete ratio",
                    "delete CPU ms/app",
                ],
                rows,
            ),
            "Ratio = wall time / the floor's in the same round. CPU = the plugin's (or the "
            "relay's) process CPU per application. Patches (benchmarks/_shim.py): *log-future* "
            "sends progress messages without waiting for the engine's answer; *log-off* sends "
            "none, which is what the plugin would send for an application that is RUNNING at the "
            "first poll if the messages before and after a wait were only sent when there is a "
            "wait; *no-trust-env* stops requests from re-reading proxy, netrc and CA-bundle "
            "settings from the environment on every call (proxies resolved once per client).",
        )
    )
    rows = []
    floor_seq = {
        op: median(r[op] for r in sequential["floor"]) for op in ("create", "read", "delete")
    }
    for side, side_runs in sequential.items():
        cells = [side]
        summary.setdefault(side, {})["sequential_ms"] = {}
        for op in ("create", "read", "delete"):
            t = median(r[op] for r in side_runs) / SEQUENTIAL_N
            summary[side]["sequential_ms"][op] = t * 1000
            cells += [f"{t * 1000:.2f}", f"{t * SEQUENTIAL_N / floor_seq[op]:.2f}"]
        rows.append(cells)
    markdown.append(
        emit(
            f"What-if, one operation at a time (P = 1, {SEQUENTIAL_N} applications, median of "
            f"{rounds} rounds): latency",
            md_table(
                [
                    "side",
                    "create ms/op",
                    "× floor",
                    "read ms/op",
                    "× floor",
                    "delete ms/op",
                    "× floor",
                ],
                rows,
            ),
            "Without contention the engine Log round trips show as latency: each is a blocking "
            "gRPC call on the operation's path.",
        )
    )
    result = {
        "parallel": parallel,
        "parallel_source": source,
        "cpu_profile": profile,
        "micro_us": micro,
        "what_if": {"runs": runs, "sequential": sequential, "summary": summary},
        "markdown": "\n".join(markdown),
    }
    write_result(NAME, result)
    return result
