"""The emulator's own capacity, so that its speed never hides the provider's.

Describe (GET one application) and list (GET a full page of 100) at 1 and 16 connections: a
threaded ``requests`` load generator, one pooled session per thread, bounded in requests and in
time, loopback only. At the emulator's default log level (info: one access-log line per request)
and at warning, which the other benchmarks use. The load generator is Python on the same
2-core machine, so at 16 connections the figures are a lower bound of what the emulator can do.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

from . import emit, md_table, percentile, start_emulator, write_result
from ._harness import create_body

NAME = "emulator"


def load(
    url: str, headers: dict[str, str], connections: int, max_requests: int, max_seconds: float
) -> dict[str, Any]:
    """GET ``url`` from ``connections`` threads until ``max_requests`` or ``max_seconds``."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    remaining = [max_requests]
    deadline = time.perf_counter() + max_seconds

    def worker() -> None:
        session = requests.Session()
        session.headers.update(headers)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            start = time.perf_counter()
            response = session.get(url, timeout=30)
            response.content  # noqa: B018 - read the body, as a client does
            mine.append(time.perf_counter() - start)
            if response.status_code != 200:
                errors[0] += 1
        session.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "errors": errors[0],
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark; print its tables; write results/emulator.json."""
    max_requests, max_seconds = (1000, 2.0) if quick else (3000, 5.0)
    levels = {"warning": ("--log-level", "warning"), "info (default)": ()}
    results: dict[str, Any] = {}
    emulators = {level: start_emulator(extra_args=args) for level, args in levels.items()}
    try:
        targets: dict[str, dict[str, str]] = {}
        for level, emulator in emulators.items():
            emulator.start()
            base = f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications"
            session = requests.Session()
            session.headers.update(emulator.headers)
            ids = []
            for i in range(100):  # a full page for list
                response = session.post(base, json=create_body(f"cap{i}"), timeout=30)
                response.raise_for_status()
                ids.append(response.json()["id"])
            session.close()
            targets[level] = {
                "describe": f"{base}/{ids[0]}",
                "list (page of 100)": f"{base}?limit=100",
            }
        cell = 0
        for op in ("describe", "list (page of 100)"):
            for connections in (1, 16):
                order = list(levels) if cell % 2 == 0 else list(reversed(levels))  # alternate
                cell += 1
                for level in order:
                    url, headers = targets[level][op], emulators[level].headers
                    load(url, headers, connections, 50, 1.0)  # warm-up
                    results[f"{level}|{op}|{connections}"] = load(
                        url, headers, connections, max_requests, max_seconds
                    )
    finally:
        for emulator in emulators.values():
            emulator.__exit__(None, None, None)
    rows = []
    for key, r in sorted(
        results.items(), key=lambda kv: (kv[0].split("|")[1], int(kv[0].split("|")[2]), kv[0])
    ):
        level, op, conns = key.split("|")
        rows.append(
            [
                level,
                op,
                conns,
                r["requests"],
                f"{r['rps']:.0f}",
                f"{r['p50'] * 1000:.2f}",
                f"{r['p99'] * 1000:.2f}",
                r["errors"],
            ]
        )
    markdown = emit(
        f"Emulator capacity (bounded at {max_requests} requests or {max_seconds:g} s per cell; the "
        "two log levels alternate, cell by cell)",
        md_table(
            [
                "log level",
                "operation",
                "connections",
                "requests",
                "req/s",
                "p50 ms",
                "p99 ms",
                "errors",
            ],
            rows,
        ),
        "The load generator (Python, threads) shares the 2 CPUs with the emulator, so these "
        "are lower "
        "bounds of the emulator's capacity and its p99 includes the generator's own scheduling.",
    )
    out = {"cells": results, "markdown": markdown}
    write_result(NAME, out)
    return out
