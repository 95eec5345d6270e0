"""A thousand applications in one stack: ``pulumi up --parallel 64``, ``refresh``, ``destroy``.

The real CLI runs a generated YAML program of N applications (``engine.program``) against an
emulator with a 10 s startup and a 2 s delete, with and without a rate limit of 50 requests a
second (``--max-requests-per-second``, answered 429 with ``Retry-After``). Two sides in the same
run, alternating which goes first: the plugin as it is (waits in one workspace share its List
pages, ``core/poller.py``) and the plugin with ``per-wait-polling`` (every wait describes its
own object on its own backoff, as before the shared poller), both through ``_shim.py``.

Reported per command: wall time; the emulator's HTTP calls per application by kind (POST,
DELETE, describe GETs, List pages) and the 429s it answered; the plugin's CPU seconds and peak
memory (from the deployment's plugin process); under the rate limit, the quota's floor
(requests answered / 50 per second, plus the startup or delete wait) and wall / floor; and the
waves floor, ⌈N / 64⌉ startups (or deletes): no more than 64 operations wait at once.

``LAKESAIL_BENCH_SCALE=1000`` and ``LAKESAIL_BENCH_SCALE_LIMITS=50`` (``none`` for no limit)
choose the sizes and limits (default: 100 and 1000; none and 50), and
``LAKESAIL_BENCH_SCALE_SIDES`` the sides, separated by ``;`` (default: the two above). A third,
``shared poller, CLI without checkpoints``, runs the CLI with ``PULUMI_SKIP_CHECKPOINTS=true``
(the state is written once, at the end): how much of a command is the CLI's own checkpointing;
a fourth, ``shared poller, pauses only``, has a 429 pause every request without teaching the
client a rate (``no-learnt-rate``), as before ``client/throttle.py`` learnt one. Two more run the
CLI with ``--parallel N``, every operation sent at once, so that the waves no longer bound a
command: ``shared poller, --parallel N`` (the plugin runs 128 of them at once, the rest queue),
and the same with a thread for every operation (``thread-per-operation``). And
``shared poller, describe before delete`` describes every object before its DELETE
(``describe-before-delete``), as ``destroy`` did before it trusted the recorded ID.

Then ``Cancel``: SIGINT to ``pulumi up`` of 64 applications while all 64 wait for RUNNING; the
time from the signal to the CLI's exit, and what the next ``up`` leaves at the emulator.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import APP, APPS, emit, md_table, pulumi_tools, start_emulator, unique, write_result
from ._shim import make_wrapper
from .engine import program

NAME = "scale"
PARALLEL = 64
STARTUP_SECONDS = 10.0
DELETE_SECONDS = 2.0
RATE_LIMIT = 50


@dataclass(frozen=True)
class Side:
    """One side: the shim's ``LAKESAIL_BENCH_PATCH`` for the plugin, the CLI's environment,
    and its ``--parallel`` (None: N, every operation at once)."""

    patch: str = ""
    cli_env: dict[str, str] = field(default_factory=dict)
    parallel: int | None = PARALLEL


SIDES: dict[str, Side] = {
    "shared poller": Side(),
    "per-wait polling": Side("per-wait-polling"),
    "shared poller, CLI without checkpoints": Side(cli_env={"PULUMI_SKIP_CHECKPOINTS": "true"}),
    "shared poller, pauses only": Side("no-learnt-rate"),
    "shared poller, describe before delete": Side("describe-before-delete"),
    "shared poller, --parallel N": Side(parallel=None),
    "shared poller, --parallel N, thread per operation": Side(
        "thread-per-operation", parallel=None
    ),
}
DEFAULT_SIDES = "shared poller;per-wait polling"
COMMANDS = ("up", "refresh", "destroy")
"""Each runs ``--yes --skip-preview`` at the side's ``--parallel``."""

WAIT_OF = {"up": STARTUP_SECONDS, "refresh": 0.0, "destroy": DELETE_SECONDS}


def _args(verb: str, parallel: int = PARALLEL) -> list[str]:
    """The CLI's arguments for ``verb`` at ``parallel``."""
    return [verb, "--yes", "--skip-preview", "--parallel", str(parallel)]


def _kinds(counts: dict[str, int]) -> dict[str, int]:
    """The emulator's counts by route, as POST / DELETE / describe / list."""
    return {
        "POST": counts.get(f"POST {APPS}", 0),
        "DELETE": counts.get(f"DELETE {APP}", 0),
        "describe": counts.get(f"GET {APP}", 0),
        "list": counts.get(f"GET {APPS}", 0),
    }


def _usage(directory: Path) -> tuple[float, float]:
    """CPU seconds of every plugin process of a command, and the largest peak MiB among them."""
    cpu, peak = 0.0, 0.0
    for path in directory.glob("*.json"):
        figures = json.loads(path.read_text())
        cpu += figures["cpu"]
        peak = max(peak, figures["peak_kib"] / 1024)
    return cpu, peak


def _command(
    env: Any, project: Path, args: list[str], emulator: Any, usage: Path
) -> dict[str, Any]:
    emulator.reset_stats()
    for stale in usage.glob("*"):
        stale.unlink()
    started = time.perf_counter()
    result = env.run([*args, "--stack", "bench"], cwd=project, timeout=1800, check=False)
    wall = time.perf_counter() - started
    stats = emulator.stats()
    cpu, peak = _usage(usage)
    return {
        "wall": wall,
        "ok": result.returncode == 0,
        "tail": "" if result.returncode == 0 else (result.stdout + result.stderr)[-2000:],
        "calls": _kinds(stats["counts"]),
        "answered": stats["total"] - stats["statuses"].get("429", 0),
        "throttled": stats["statuses"].get("429", 0),
        "plugin_cpu": cpu,
        "plugin_peak_mib": peak,
    }


def _cycle(env: Any, work: Path, side: str, n: int, emulator: Any) -> dict[str, Any]:
    """up, refresh, destroy of N applications with one side's plugin first on PATH."""
    usage = work / f"usage-{unique('u')}"
    usage.mkdir()
    wrapper = work / f"bin-{unique('w')}"
    chosen = SIDES[side]
    variables = {"LAKESAIL_BENCH_USAGE": str(usage)}
    if chosen.patch:
        variables["LAKESAIL_BENCH_PATCH"] = chosen.patch
    make_wrapper(wrapper, variables)
    with _cli_env(env, wrapper, chosen.cli_env):
        project = work / f"p-{unique('s')}"
        project.mkdir()
        (project / "Pulumi.yaml").write_text(program(f"lakesail-scale-{n}", n, unique("s")))
        env.new_stack(project, "bench")
        return {
            verb: _command(env, project, _args(verb, chosen.parallel or n), emulator, usage)
            for verb in COMMANDS
        }


@contextlib.contextmanager
def _cli_env(env: Any, wrapper: Path, variables: dict[str, str] | None = None) -> Iterator[None]:
    """The CLI runs with ``wrapper`` (a shim's ``pulumi-resource-lakesail``) first on its PATH
    and ``variables`` set, for the duration of the block."""
    saved = dict(env.env)
    env.env.update(variables or {}, PATH=f"{wrapper}:{env.env['PATH']}")
    try:
        yield
    finally:
        env.env.clear()
        env.env.update(saved)


def _cancel(env: Any, work: Path, emulator: Any, n: int) -> dict[str, Any]:
    """SIGINT to ``pulumi up`` while ``n`` creates wait; then ``up`` again and count.

    The plugin runs behind the shim's RPC timing, which tells when the engine's Cancel came
    and when the last waiting Create returned."""
    timing = work / "cancel-rpcs.log"
    wrapper = work / "bin-cancel"
    make_wrapper(wrapper, {"LAKESAIL_BENCH_TIMING": str(timing)})
    with _cli_env(env, wrapper):
        return _cancel_run(env, work, emulator, n, timing)


def _cancel_run(env: Any, work: Path, emulator: Any, n: int, timing: Path) -> dict[str, Any]:
    project = work / "cancel"
    project.mkdir()
    prefix = unique("c")
    (project / "Pulumi.yaml").write_text(program("lakesail-scale-cancel", n, prefix))
    env.new_stack(project, "bench")
    emulator.reset_stats()
    command = [str(env.pulumi), "--non-interactive", *_args("up"), "--stack", "bench"]
    proc = subprocess.Popen(
        command,
        cwd=project,
        env=env.full_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while _kinds(emulator.stats()["counts"])["POST"] < n and time.monotonic() < deadline:
        time.sleep(0.1)
    signalled = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=300)
    to_exit = time.perf_counter() - signalled
    spans = [line.split() for line in timing.read_text().splitlines()]
    cancels = [int(start) for name, start, _ in spans if name == "Cancel"]
    creates_end = [int(end) for name, _, end in spans if name == "Create"]
    answered = (max(creates_end) - cancels[0]) / 1e9 if cancels and creates_end else None
    resumed = env.run([*_args("up"), "--stack", "bench"], cwd=project, timeout=900, check=False)
    names = [name for name in _names(emulator) if name.startswith(prefix)]
    env.run([*_args("destroy"), "--stack", "bench"], cwd=project, timeout=900, check=False)
    return {
        "cancel_to_last_create": answered,
        "signal_to_exit": to_exit,
        "exit_code": proc.returncode,
        "cancel_said": "cancel" in output.lower(),
        "resumed_ok": resumed.returncode == 0,
        "applications_after": len(names),
        "distinct_names": len(set(names)),
    }


def _point_at(env: Any, emulator: Any) -> None:
    """The provider of every later command talks to ``emulator``."""
    env.env.update(
        LAKESAIL_ENDPOINT=emulator.url,
        LAKESAIL_TOKEN=emulator.token,
        LAKESAIL_WORKSPACE=emulator.workspace,
    )


def _names(emulator: Any) -> list[str]:
    """The names of every application in the emulator's workspace, duplicates kept."""
    import requests

    url = f"{emulator.url}{APPS.format(ws=emulator.workspace)}"
    names: list[str] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = requests.get(url, params=params, headers=emulator.headers, timeout=30).json()
        names += [item["name"] for item in page["items"]]
        if not page.get("marker"):
            return names
        params["marker"] = page["marker"]


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark; print its tables; write results/scale.json."""
    from lakesail_testing.engine import PulumiEnv

    if pulumi_tools() is None:
        note = "Skipped: no `pulumi` CLI (run `make install`, which builds it into .tools/bin)."
        print(note)
        result = {"skipped": note, "markdown": f"### Scale\n\n{note}\n"}
        write_result(NAME, result)
        return result
    sizes = [int(n) for n in os.environ.get("LAKESAIL_BENCH_SCALE", "").split(",") if n] or (
        [20, 100] if quick else [100, 1000]
    )
    chosen = os.environ.get("LAKESAIL_BENCH_SCALE_LIMITS", "none,50").split(",")
    limits = [None if text == "none" else int(text) for text in chosen]
    sides = os.environ.get("LAKESAIL_BENCH_SCALE_SIDES", DEFAULT_SIDES).split(";")
    unknown = set(sides) - set(SIDES)
    if unknown:
        raise SystemExit(
            f"unknown LAKESAIL_BENCH_SCALE_SIDES {sorted(unknown)}; known: {list(SIDES)}"
        )
    results: dict[str, Any] = {"sizes": {}, "parallel": PARALLEL}
    work = Path(tempfile.mkdtemp(prefix="lakesail-bench-scale-"))
    try:
        with PulumiEnv() as env:
            with start_emulator() as emulator:  # a first command pays one-off costs: not timed
                _point_at(env, emulator)
                _cycle(env, work, "shared poller", 1, emulator)
            turn = 0
            for n in sizes:
                for limit in limits:
                    extra = ["--log-level", "warning"]
                    if limit:
                        extra += ["--max-requests-per-second", str(limit)]
                    with start_emulator(
                        STARTUP_SECONDS, DELETE_SECONDS, extra_args=extra
                    ) as emulator:
                        _point_at(env, emulator)
                        order = sides[turn % len(sides) :] + sides[: turn % len(sides)]
                        turn += 1
                        for side in order:
                            key = f"{n}/{limit or 'none'}/{side}"
                            print(f"scale: {key}", flush=True)
                            results["sizes"][key] = _cycle(env, work, side, n, emulator)
            with start_emulator(STARTUP_SECONDS, DELETE_SECONDS) as emulator:
                _point_at(env, emulator)
                results["cancel"] = _cancel(env, work, emulator, PARALLEL)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["markdown"] = _markdown(results)
    write_result(NAME, results)
    return results


def _markdown(results: dict[str, Any]) -> str:
    rows = []
    for key, cycle in results["sizes"].items():
        n_text, limit, side = key.split("/")
        n = int(n_text)
        for label in COMMANDS:
            c = cycle[label]
            calls = c["calls"]
            floor = c["answered"] / int(limit) + WAIT_OF[label] if limit != "none" else None
            waves = -(-n // (SIDES[side].parallel or n)) * WAIT_OF[label]
            rows.append(
                [
                    n,
                    "–" if limit == "none" else f"{limit}/s",
                    side,
                    f"`{label}`",
                    "ok" if c["ok"] else "FAILED",
                    f"{c['wall']:.1f}",
                    f"{floor:.1f} ({c['wall'] / floor:.2f}×)" if floor else "–",
                    f"{waves:.0f} ({c['wall'] / waves:.2f}×)" if waves else "–",
                    f"{calls['POST'] / n:g} / {calls['DELETE'] / n:g}",
                    f"{calls['describe'] / n:.2f}",
                    f"{calls['list'] / n:.2f}",
                    c["throttled"],
                    f"{c['plugin_cpu']:.1f}",
                    f"{c['plugin_peak_mib']:.0f}",
                ]
            )
    text = [
        emit(
            f"Scale: the real CLI, --parallel {PARALLEL} unless the side says otherwise, startup "
            f"{STARTUP_SECONDS:g} s, "
            f"delete {DELETE_SECONDS:g} s",
            md_table(
                [
                    "N",
                    "rate limit",
                    "side",
                    "command",
                    "outcome",
                    "wall s",
                    "quota floor s (wall / floor)",
                    "waves floor s (wall / floor)",
                    "POST / DELETE per app",
                    "describe GETs per app",
                    "List pages per app",
                    "429s",
                    "plugin CPU s",
                    "plugin peak MiB",
                ],
                rows,
            ),
            "*quota floor* = requests the emulator answered / the limit, plus the startup "
            "(up) or delete (destroy) wait; *waves floor* = ⌈N / parallel⌉ × that wait, "
            "the least time N objects take when no more than `--parallel` wait at once. The "
            "plugin's CPU and peak memory are its "
            "processes' (the YAML host starts one for the schema, the deployment another).",
        )
    ]
    cancel = results.get("cancel")
    if cancel:
        text.append(
            emit(
                f"Cancel: SIGINT to `pulumi up` while {PARALLEL} creates wait",
                md_table(
                    [
                        "Cancel RPC → last waiting Create answered s",
                        "signal → CLI exit s",
                        "exit code",
                        "next `up`",
                        "apps after / distinct",
                    ],
                    [
                        [
                            "–"
                            if cancel["cancel_to_last_create"] is None
                            else f"{cancel['cancel_to_last_create']:.2f}",
                            f"{cancel['signal_to_exit']:.1f}",
                            cancel["exit_code"],
                            "ok" if cancel["resumed_ok"] else "FAILED",
                            f"{cancel['applications_after']} / {cancel['distinct_names']}",
                        ]
                    ],
                ),
            )
        )
    return "\n".join(text)
