"""``python -m benchmarks [name ...] [--quick]``: run the benchmarks (all of them by default).

Each prints Markdown tables and writes ``benchmarks/results/<name>.json``; a run of several also
writes ``benchmarks/results/report.md`` with every table, ready for docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback

from . import RESULTS

# Run order: the cheap, self-contained ones first.
BENCHMARKS = {
    "state_size": "state per application, native against dynamic",
    "http_calls": "HTTP calls per operation, and polls under the backoff policy",
    "cold_start": "plugin and dynamic-host cold start and first calls",
    "emulator": "the emulator's own capacity (describe, list)",
    "overhead": "plugin over gRPC against the bare HTTP floor, N = 10, 100, 500",
    "profile": "where the plugin's time goes (cProfile of every thread, CPU breakdown)",
    "engine": "pulumi up / refresh / destroy with the real CLI, provider's share",
    "scale": "up / refresh / destroy of 100 and 1000 apps, --parallel 64, rate limit, Cancel",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names",
        nargs="*",
        metavar="name",
        help="benchmarks to run: " + ", ".join(BENCHMARKS) + " (default: all)",
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer rounds")
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(
            f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )

    started = time.perf_counter()
    stamp = time.strftime("%Y-%m-%d %H:%M %Z")
    sections = [f"# Benchmark run {stamp}{' (--quick)' if args.quick else ''}\n"]
    failed = []
    for name in names:
        print(f"\n## {name}: {BENCHMARKS[name]}\n", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            result = module.run(quick=args.quick)
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        elapsed = time.perf_counter() - t0
        print(f"({name}: {elapsed:.0f} s)", flush=True)
        sections.append(f"## {name} ({elapsed:.0f} s)\n\n{result.get('markdown', '')}\n")
    total = time.perf_counter() - started
    print(f"\nall benchmarks: {total:.0f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    if len(names) > 1:
        RESULTS.mkdir(parents=True, exist_ok=True)
        sections.append(f"Total: {total:.0f} s.\n")
        (RESULTS / "report.md").write_text("\n".join(sections))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
