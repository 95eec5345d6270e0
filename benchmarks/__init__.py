"""Benchmarks of pulumi-lakesail: ``make bench`` (``python -m benchmarks [name ...] [--quick]``).

Every benchmark is a module with ``run(quick: bool) -> dict``: it prints Markdown tables and
writes its figures to ``benchmarks/results/<name>.json`` (git-ignored). Everything runs on
loopback against emulators started on free ports; nothing sleeps for a fixed time to wait for
a state. The machine is shared and noisy, so the benchmarks compare things side by side in the
same run (ratios), with alternating order and medians over rounds, rather than trusting any
absolute figure.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"

APPS = "/api/flink/v1/workspaces/{ws}/applications"
APP = "/api/flink/v1/workspaces/{ws}/applications/{app}"
APPLICATION = "lakesail:index:FlinkApplication"

# The emulator logs one access line per request at its default level (info); the benchmarks
# run it at warning so that its own logging is not counted against the provider (the
# `emulator` benchmark measures what info costs).
EMULATOR_ARGS = ("--log-level", "warning")


def app_spec(name: str) -> dict[str, Any]:
    """Inputs of a small, valid application (the shape of examples/yaml)."""
    return {
        "name": name,
        "runtime": "FLINK_1_17",
        "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
        "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
        "taskManagerResource": {"cpu": 1, "memory": "2g", "ephemeralStorage": "256m"},
        "job": {
            "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
            "entryClass": "org.apache.flink.streaming.examples.wordcount.WordCount",
            "args": ["--output", "print"],
        },
    }


def unique(prefix: str) -> str:
    """A short unique application-name prefix (names are unique within a workspace)."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def start_emulator(startup_seconds: float = 0.0, delete_seconds: float = 0.0, **kwargs: Any) -> Any:
    """An EmulatorProcess (not started yet: use it as a context manager)."""
    from lakesail_testing.emulator import EmulatorProcess

    extra = tuple(kwargs.pop("extra_args", EMULATOR_ARGS))
    return EmulatorProcess(
        startup_seconds=startup_seconds, delete_seconds=delete_seconds, extra_args=extra, **kwargs
    )


def pulumi_tools() -> Path | None:
    """The directory of the ``pulumi`` CLI that PulumiEnv would use, or None."""
    from lakesail_testing.engine import find_pulumi_tools

    return find_pulumi_tools()


def engine_parallelism() -> tuple[int, str]:
    """The default of ``pulumi up --parallel`` and where that figure comes from.

    Read from ``pulumi up --help`` of the CLI PulumiEnv uses (v3.274.1 prints "(default 8)" on a
    2-CPU machine: 4 x CPUs); without a CLI, 4 x CPUs, as the engine computes it.
    """
    tools = pulumi_tools()
    if tools is not None:
        try:
            text = subprocess.run(
                [str(tools / "pulumi"), "up", "--help"],
                capture_output=True,
                text=True,
                timeout=60,
                env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
                check=False,
            ).stdout
            match = re.search(r"--parallel int32 .*\(default (\d+)\)", text)
            if match:
                shown = tools / "pulumi"
                if shown.is_relative_to(REPO):
                    shown = shown.relative_to(REPO)
                return int(match.group(1)), f"`{shown} up --help`"
        except (OSError, subprocess.SubprocessError):
            pass
    cpus = os.cpu_count() or 1
    return 4 * cpus, "4 x CPUs (no pulumi CLI found)"


def median(values: Iterable[float]) -> float:
    """The median (0.0 for nothing)."""
    data = list(values)
    return statistics.median(data) if data else 0.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile by nearest rank (0.0 for nothing)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def ms(seconds: float, digits: int = 1) -> str:
    """Seconds as milliseconds text."""
    return f"{seconds * 1000:.{digits}f}"


def ratio(value: float, floor: float) -> str:
    """``value / floor`` as text."""
    return f"{value / floor:.2f}" if floor > 0 else "n/a"


def md_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def emit(title: str, table: str, note: str = "") -> str:
    """Print one titled table (and a note under it); return the same Markdown."""
    text = f"### {title}\n\n{table}\n" + (f"\n{note}\n" if note else "")
    print(text, flush=True)
    return text


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write ``benchmarks/results/<name>.json``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    meta = {
        "benchmark": name,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    path.write_text(json.dumps({**meta, **payload}, indent=2, sort_keys=True) + "\n")
    return path


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` holds the elapsed seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)
