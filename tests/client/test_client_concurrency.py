"""One client, many threads: the plugin runs calls in asyncio.to_thread through one client."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from client_support import APPS, app_spec
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import LakeSailClient
from pulumi_lakesail.client import models as api
from pulumi_lakesail.client.session import build_session

pytestmark = pytest.mark.client


def test_32_concurrent_creates_and_describes_through_one_client(
    client: LakeSailClient,
    ws: str,
    emulator: EmulatorProcess,
    caplog: pytest.LogCaptureFixture,
) -> None:
    existing = client.create_application(ws, app_spec()).id
    emulator.reset_stats()
    specs = [app_spec() for _ in range(16)]

    def create(spec: api.FlinkApplicationSpec) -> api.FlinkApplicationSummary:
        return client.create_application(ws, spec)

    def describe(_: int) -> api.FlinkApplication:
        return client.describe_application(ws, existing)

    caplog.set_level(logging.WARNING, logger="urllib3")
    with ThreadPoolExecutor(max_workers=32) as pool:
        created = pool.map(create, specs)
        described = pool.map(describe, range(16))
        created_list, described_list = list(created), list(described)

    assert [s.name for s in created_list] == [s.name for s in specs]
    assert len({s.id for s in created_list}) == 16
    assert all(a.id == existing for a in described_list)
    assert emulator.count("POST", APPS) == 16  # no create was sent twice
    listed = {a.id for a in client.list_applications(ws)}
    assert {s.id for s in created_list} <= listed
    assert "Connection pool is full" not in caplog.text


def test_threads_beyond_the_pool_wait_for_a_connection(
    emulator: EmulatorProcess, ws: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A thousand waiting operations share one pool: a thread that finds every pooled
    # connection busy waits for one, rather than opening its own and throwing it away.
    session = build_session(emulator.token, pool_maxsize=2, endpoint=emulator.url)
    url = f"{emulator.url}{APPS.format(ws=ws)}"
    threads = 24
    barrier = threading.Barrier(threads, timeout=30)

    def get(_: int) -> int:
        barrier.wait()
        return session.get(url, timeout=30).status_code

    caplog.set_level(logging.WARNING, logger="urllib3")
    with session, ThreadPoolExecutor(max_workers=threads) as pool:
        statuses = list(pool.map(get, range(threads)))

    assert statuses == [200] * threads
    assert "Connection pool is full" not in caplog.text


def test_concurrent_failures_stay_with_their_own_call(
    client: LakeSailClient, ws: str, emulator: EmulatorProcess
) -> None:
    app_id = client.create_application(ws, app_spec()).id

    def call(n: int) -> str:
        target = app_id if n % 2 else f"MISSING{n}"
        try:
            return client.describe_application(ws, target).id
        except Exception as exc:  # the test collects outcomes per call
            return f"{type(exc).__name__}:{getattr(exc, 'path', '')}"

    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(call, range(32)))
    for n, outcome in enumerate(outcomes):
        if n % 2:
            assert outcome == app_id
        else:
            assert outcome == f"NotFoundError:/api/flink/v1/workspaces/{ws}/applications/MISSING{n}"
