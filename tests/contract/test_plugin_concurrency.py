"""50 applications created, read and deleted at once through ONE plugin process.

Like the engine with ``--parallel``: 50 threads issue their gRPC calls together (a barrier
releases each phase at once). No call fails, every ID is distinct, every read returns its own
application (no cross-talk between concurrent calls), and the emulator holds nothing after.
The create phase must also overlap: serialized, 50 waits of 0.5 s would take 25 s at least.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import requests
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess

T = TypeVar("T")
N = 50
APPS = "/api/flink/v1/workspaces/{ws}/applications"


def all_at_once(work: Callable[[int], T]) -> tuple[list[T], float]:
    """Run ``work(i)`` for i in range(N) in N threads released together; results and seconds."""
    barrier = threading.Barrier(N)

    def start(i: int) -> T:
        barrier.wait(timeout=30)
        return work(i)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=N) as pool:
        results = list(pool.map(start, range(N)))
    return results, time.monotonic() - started


def held(emulator: EmulatorProcess, prefix: str) -> list[dict[str, Any]]:
    response = requests.get(
        f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications",
        headers=emulator.headers,
        timeout=10,
    )
    response.raise_for_status()
    return [item for item in response.json()["items"] if item["name"].startswith(prefix)]


def test_fifty_parallel_creates_reads_and_deletes_through_one_plugin(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    prefix = f"par-{uuid.uuid4().hex[:6]}"
    names = [f"{prefix}-{i:02d}" for i in range(N)]
    checked = [plugin.check({**spec, "name": name}, name=name) for name in names]
    assert all(failures == [] for _, failures in checked)
    emulator.reset_stats()

    created, create_seconds = all_at_once(
        lambda i: plugin.create(checked[i][0], timeout=120, name=names[i])
    )
    ids = [resource_id for resource_id, _ in created]
    assert len(set(ids)) == N, "two creates returned the same ID"
    assert [outputs["name"] for _, outputs in created] == names
    assert all(outputs["state"] == "RUNNING" for _, outputs in created)
    assert emulator.count("POST", APPS) == N, "a POST was repeated or lost"
    assert sorted(item["id"] for item in held(emulator, prefix)) == sorted(
        outputs["applicationId"] for _, outputs in created
    )
    assert sorted(resource_id.split("/", 1)[1] for resource_id in ids) == sorted(names)
    assert create_seconds < 20, f"the creates ran one after another ({create_seconds:.1f}s)"

    read, _ = all_at_once(
        lambda i: plugin.read(ids[i], created[i][1], checked[i][0], name=names[i])
    )
    for i, (read_id, properties, inputs) in enumerate(read):
        assert read_id == ids[i]
        assert properties["name"] == inputs["name"] == names[i], (
            "a read returned another application"
        )
        assert properties["applicationId"] == created[i][1]["applicationId"]

    all_at_once(lambda i: plugin.delete(ids[i], created[i][1], timeout=120, name=names[i]))
    assert held(emulator, prefix) == []
    assert emulator.count("DELETE", APPS + "/{app}") == N
