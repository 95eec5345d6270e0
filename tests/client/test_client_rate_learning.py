"""A client that met a 429 keeps under the rate the server admitted, counted at the emulator."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import LakeSailClient, RetryPolicy

pytestmark = pytest.mark.client

RATE = 20
THREADS = 12
SECONDS = 4.0


@pytest.fixture(scope="module")
def limited() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(extra_args=["--max-requests-per-second", str(RATE)]) as process:
        yield process


def _hammer(client: LakeSailClient, ws: str) -> None:
    """THREADS threads describe the workspace back to back for SECONDS."""
    deadline = time.monotonic() + SECONDS

    def loop() -> None:
        while time.monotonic() < deadline:
            client.describe_workspace(ws)

    threads = [threading.Thread(target=loop) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_after_a_429_the_threads_keep_under_the_admitted_rate(limited: EmulatorProcess) -> None:
    limited.reset_stats()
    with LakeSailClient(
        limited.url, limited.token, retry=RetryPolicy(backoff_jitter=0.0)
    ) as client:
        _hammer(client, limited.workspace)
        learnt = client.throttle.rate()
    stats = limited.stats()
    refused = stats["statuses"].get("429", 0)
    answered = stats["total"] - refused
    # The first second's burst is refused (every thread at once); after its pause the client
    # sends at 90 % of what was admitted, so no second burst comes. Without the lesson, every
    # pause ends with all the threads at once: a burst of about THREADS each second.
    assert refused <= THREADS + 2, (refused, answered)
    assert answered >= RATE * (SECONDS - 1.5) * 0.8, (refused, answered)
    assert learnt is not None and learnt <= RATE
