"""Overhead of the plugin over the bare HTTP calls it has to make.

For N applications, the plugin (``pulumi-resource-lakesail``, started and driven over gRPC as the
engine does) checks, creates, reads, diffs and deletes them at the engine's default parallelism;
a bare ``requests`` loop (the *floor*) makes the same HTTP calls at the same concurrency against
the same emulator (``--startup-seconds 0 --delete-seconds 0``) in the same run:

* create = POST, then GET until RUNNING (the plugin's waiter polls at once, then after 0.5 s...)
* read   = GET
* delete = DELETE, then GET until 404

A third side, the *relay*, makes the floor's calls behind a minimal gRPC hop in a process of its
own (``_relay``): what any Python provider plugin pays for being a separate process.

The emulator's request counts prove that every side made the same calls, and that check and diff
made none. Rounds rotate which side goes first; the tables give medians over rounds. Request
messages are built before the clock starts, as the engine has them ready. Besides wall time,
the CPU time of each process (plugin or relay, emulator, driver) is read from ``/proc`` around
every batch: on a 2-core machine running three processes, CPU per operation bounds throughput.
"""

from __future__ import annotations

from typing import Any

from . import emit, engine_parallelism, md_table, median, ms, ratio, start_emulator, write_result
from ._harness import Bench, Relay, calls_text, configure, start_plugin

NAME = "overhead"
OPS = ("create", "read", "delete")


def _cpu_ms(rounds: list[dict[str, Any]], op: str, who: str, n: int) -> float:
    return median(r[f"{op}_cpu"][who] for r in rounds) / n * 1000


def _round(bench: Bench, plugin: Any, relay: Relay, n: int, r: int) -> dict[str, Any]:
    sides = {
        "plugin": lambda: bench.plugin_round(plugin, n),
        "floor": lambda: bench.floor_round(n),
        "relay": lambda: bench.floor_round(n, relay),
    }
    order = list(sides)[r % 3 :] + list(sides)[: r % 3]  # rotate who goes first
    out: dict[str, Any] = {side: sides[side]() for side in order}
    out["floor_no_reuse"] = bench.floor_round(n, bench.floor_cold) if n == 100 else None
    for op in OPS:
        assert (
            out["plugin"][f"{op}_calls"]
            == out["floor"][f"{op}_calls"]
            == out["relay"][f"{op}_calls"]
        ), op
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark; print its tables; write results/overhead.json."""
    parallel, source = engine_parallelism()
    sizes = [10, 100] if quick else [10, 100, 500]
    rounds = 2 if quick else 3
    rounds_for = {10: 2 * rounds - 1, 100: 2 * rounds - 1, 500: rounds}  # more where it is cheap
    results: dict[str, Any] = {
        "parallel": parallel,
        "parallel_source": source,
        "rounds": rounds_for,
        "sizes": {},
        "sequential": [],
    }
    markdown: list[str] = []

    with start_emulator() as emulator:
        plugin = start_plugin()
        relay = Relay(emulator)
        bench = Bench(emulator, parallel)
        try:
            configure(plugin, emulator)
            # Warm-up: lazy imports, thread pools and pooled connections on every side (the cost
            # of a cold plugin is the cold_start benchmark's subject).
            bench.plugin_round(plugin, parallel)
            bench.floor_round(parallel)
            bench.floor_round(parallel, relay)
            for n in sizes:
                results["sizes"][n] = [
                    _round(bench, plugin, relay, n, r) for r in range(rounds_for[n])
                ]
            for _ in range(rounds):  # latency without contention: one operation at a time
                n = 50
                seq = {
                    "plugin": bench.plugin_round(plugin, n, parallel=1, extra=False),
                    "relay": bench.floor_round(n, relay, parallel=1),
                    "floor": bench.floor_round(n, parallel=1),
                }
                results["sequential"].append(seq)
        finally:
            bench.close()
            relay.close()
            plugin.stop()

    rows = []
    summary: dict[str, Any] = {}
    for n, per_round in results["sizes"].items():
        sides = {side: [r[side] for r in per_round] for side in ("plugin", "relay", "floor")}
        for op in OPS:
            t = {side: median(r[op] for r in rs) for side, rs in sides.items()}
            ratios = [r["plugin"][op] / r["floor"][op] for r in per_round]
            relay_ratios = [r["plugin"][op] / r["relay"][op] for r in per_round]
            cpu = {
                "plugin": _cpu_ms(sides["plugin"], op, "server", n),
                "relay": _cpu_ms(sides["relay"], op, "server", n),
                "floor_client": _cpu_ms(sides["floor"], op, "driver", n),
                "emulator_floor": _cpu_ms(sides["floor"], op, "emulator", n),
                "emulator_plugin": _cpu_ms(sides["plugin"], op, "emulator", n),
                "driver_plugin": _cpu_ms(sides["plugin"], op, "driver", n),
            }
            summary[f"{op}@{n}"] = {
                **t,
                "ratio": median(ratios),
                "ratio_range": [min(ratios), max(ratios)],
                "ratio_vs_relay": median(relay_ratios),
                "cpu_ms_per_app": cpu,
            }
            rows.append(
                [
                    n,
                    op,
                    calls_text(sides["plugin"][0][f"{op}_calls"], n),
                    ms(t["plugin"], 0),
                    ms(t["floor"], 0),
                    f"**{median(ratios):.2f}**",
                    f"{min(ratios):.2f}–{max(ratios):.2f}",
                    ms(t["relay"], 0),
                    f"{median(relay_ratios):.2f}",
                    f"{cpu['plugin']:.2f}",
                    f"{cpu['relay']:.2f}",
                    f"{cpu['floor_client']:.2f}",
                ]
            )
        for op in ("check", "diff", "rpc"):
            t_op = median(r[op] for r in sides["plugin"])
            cpu_plugin = _cpu_ms(sides["plugin"], op, "server", n)
            summary[f"{op}@{n}"] = {"plugin": t_op, "plugin_cpu_ms": cpu_plugin}
            label = {"rpc": "GetPluginInfo (bare gRPC)"}.get(op, op)
            rows.append(
                [
                    n,
                    label,
                    "0 (asserted)" if op != "rpc" else "0",
                    ms(t_op, 0),
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    f"{cpu_plugin:.2f}",
                    "–",
                    "–",
                ]
            )
    first = results["sizes"][sizes[0]][0]["plugin"]
    log_note = (
        f"The plugin sends {first['create_logs'] / sizes[0]:g} progress messages (engine `Log` "
        f"RPCs, each a blocking round trip) per create and {first['delete_logs'] / sizes[0]:g} "
        "per delete."
    )
    markdown.append(
        emit(
            f"Plugin over gRPC against the bare HTTP floor (P = {parallel} in flight, median of "
            + ", ".join(f"{rounds_for[n]} rounds at N = {n}" for n in sizes)
            + ")",
            md_table(
                [
                    "N",
                    "operation",
                    "HTTP calls per app",
                    "plugin ms",
                    "floor ms",
                    "ratio",
                    "ratio range",
                    "relay ms",
                    "plugin / relay",
                    "plugin CPU ms/app",
                    "relay CPU ms/app",
                    "floor client CPU ms/app",
                ],
                rows,
            ),
            f"P = {parallel}: the default of `pulumi up --parallel` ({source}). Times are wall "
            "times of the whole batch of N operations, P at a time. Ratio = plugin / floor (the "
            "median of the per-round ratios; the range is over rounds). *relay* = the floor's "
            "requests loop behind a minimal gRPC hop in its own process (no conversions, no "
            "asyncio): the part of the overhead that any Python plugin pays. check and diff make "
            "no HTTP call (asserted through the emulator's counts); GetPluginInfo is a bare gRPC "
            "round trip to the plugin. CPU columns: CPU time of the plugin process, of the relay "
            "process, and of the floor's requests loop, per application. " + log_note,
        )
    )
    rows = []
    for op in OPS:
        t = {
            side: median(s[side][op] for s in results["sequential"]) / 50
            for side in ("plugin", "relay", "floor")
        }
        summary[f"{op}@P1"] = {**t, "ratio": t["plugin"] / t["floor"]}
        rows.append(
            [
                op,
                ms(t["plugin"], 2),
                ms(t["relay"], 2),
                ms(t["floor"], 2),
                ms(t["plugin"] - t["floor"], 2),
                ratio(t["plugin"], t["floor"]),
                ratio(t["plugin"], t["relay"]),
            ]
        )
    markdown.append(
        emit(
            f"One operation at a time (P = 1, 50 applications, median of {rounds} rounds): latency",
            md_table(
                [
                    "operation",
                    "plugin ms/op",
                    "relay ms/op",
                    "floor ms/op",
                    "plugin − floor ms/op",
                    "plugin / floor",
                    "plugin / relay",
                ],
                rows,
            ),
            "Without contention for the two CPUs the difference is the latency the plugin adds: "
            "the gRPC hop, the conversions, the hop to a worker thread and the engine Log "
            "round trips.",
        )
    )
    rounds100 = results["sizes"].get(100)
    if rounds100:
        rows = []
        for op in OPS:
            p = median(r["plugin"][op] for r in rounds100)
            warm = median(r["floor"][op] for r in rounds100)
            cold = median(r["floor_no_reuse"][op] for r in rounds100)
            rows.append([op, ms(cold, 0), ms(warm, 0), ms(p, 0), ratio(p, cold), ratio(p, warm)])
            summary[f"{op}@100"]["floor_no_reuse"] = cold
        markdown.append(
            emit(
                f"The floor before and after connection reuse (N = 100, P = {parallel})",
                md_table(
                    [
                        "operation",
                        "floor, new connection per call (ms)",
                        "floor, pooled session (ms)",
                        "plugin (ms)",
                        "ratio vs new-connection floor",
                        "ratio vs pooled floor",
                    ],
                    rows,
                ),
                "The pooled floor is the fair one (the provider pools its connections too), and "
                "every other ratio here uses it.",
            )
        )
    results["summary"] = summary
    results["log_messages_per_app"] = {
        "create": first["create_logs"] / sizes[0],
        "delete": first["delete_logs"] / sizes[0],
    }
    results["markdown"] = "\n".join(markdown)
    write_result(NAME, results)
    return results
