"""Many waits in one workspace are answered from shared List pages, with the same outcomes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.fault_harness import init_failure
from lakesail_testing.plugin import PluginProcess, from_struct

pytestmark = pytest.mark.contract

N = 30
APPS = "/api/flink/v1/workspaces/{ws}/applications"
APP = APPS + "/{app}"


@pytest.fixture(scope="module")
def slow_emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(startup_seconds=4, delete_seconds=2) as process:
        yield process


@pytest.fixture(scope="module")
def slow_plugin(slow_emulator: EmulatorProcess) -> Iterator[PluginProcess]:
    with PluginProcess() as process:
        process.configure(
            endpoint=slow_emulator.url,
            token=slow_emulator.token,
            workspace=slow_emulator.workspace,
        )
        yield process


def _create_all(plugin: PluginProcess, checked: list[dict[str, Any]]) -> list[Any]:
    """Create every application at once: each one's (ID, outputs), or its gRPC error."""

    def create(inputs: dict[str, Any]) -> Any:
        try:
            return plugin.create(inputs, timeout=120, name=inputs["name"])
        except grpc.RpcError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(checked)) as pool:
        return list(pool.map(create, checked))


def test_many_waits_share_list_pages_and_keep_their_outcomes(
    slow_plugin: PluginProcess, slow_emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    prefix = f"shr-{uuid.uuid4().hex[:6]}"
    failing = {3, 11, 27}
    specs = []
    for i in range(N):
        config = {"lakesail.emulator.fail": "true"} if i in failing else {}
        specs.append({**spec, "name": f"{prefix}-{i:02d}", "flinkConfiguration": config})
    checked = [slow_plugin.check(s, name=s["name"])[0] for s in specs]
    slow_emulator.reset_stats()

    outcomes = _create_all(slow_plugin, checked)
    recorded: list[dict[str, Any]] = []
    for i, outcome in enumerate(outcomes):
        if i in failing:
            detail = init_failure(outcome)
            assert detail is not None and "entered FAILED" in detail.reasons[0]
            recorded.append(from_struct(detail.properties))
        else:
            assert not isinstance(outcome, grpc.RpcError), outcome
            assert outcome[1]["state"] == "RUNNING"
            recorded.append(outcome[1])
    polls = slow_emulator.count("GET", APP) + slow_emulator.count("GET", APPS)
    # Waiting on its own, each create would describe its application about 4 times in 4 s;
    # shared, the list rounds are few and each create describes its application once.
    assert polls <= 2 * N, f"{polls} polling GETs for {N} creates"

    slow_emulator.reset_stats()
    with ThreadPoolExecutor(max_workers=N) as pool:
        list(
            pool.map(
                lambda i: slow_plugin.delete(
                    f"{slow_emulator.workspace}/{specs[i]['name']}",
                    recorded[i],
                    name=specs[i]["name"],
                ),
                range(N),
            )
        )
    # Each delete sends its DELETE by the recorded ID without describing the application
    # first, and the waits until gone share their list rounds.
    gone_polls = slow_emulator.count("GET", APP) + slow_emulator.count("GET", APPS)
    assert gone_polls <= N // 2, f"{gone_polls} polling GETs for {N} deletes"
    assert slow_emulator.count("DELETE", APP) == N


def test_once_apps_were_seen_to_start_a_create_costs_its_post_and_one_get(
    slow_plugin: PluginProcess, slow_emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    prefix = f"lrn-{uuid.uuid4().hex[:6]}"
    first = {**spec, "name": f"{prefix}-first"}
    slow_plugin.create(slow_plugin.check(first, name=first["name"])[0], name=first["name"])
    wave = [
        {
            **spec,
            "name": f"{prefix}-{i:02d}",
            "flinkConfiguration": {"lakesail.emulator.fail": "true"} if i == 5 else {},
        }
        for i in range(12)
    ]
    checked = [slow_plugin.check(s, name=s["name"])[0] for s in wave]
    slow_emulator.reset_stats()

    outcomes = _create_all(slow_plugin, checked)
    for i, outcome in enumerate(outcomes):
        if i == 5:
            detail = init_failure(outcome)
            assert detail is not None and "entered FAILED" in detail.reasons[0]
        else:
            assert not isinstance(outcome, grpc.RpcError), outcome
            assert outcome[1]["state"] == "RUNNING"
            assert outcome[1]["updatedAt"] > outcome[1]["createdAt"]  # described when RUNNING
    # Each create first looks once its application can have started (4 s, learnt from the
    # first): that GET finds it RUNNING (or FAILED) and gives the outputs too.
    assert slow_emulator.count("POST", APPS) == len(wave)
    assert slow_emulator.count("GET", APP) == len(wave)
    assert slow_emulator.count("GET", APPS) == 0
