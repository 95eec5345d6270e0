"""--max-requests-per-second: requests under /api beyond the limit get 429 with Retry-After.

The window itself is checked in process with a fake clock; the HTTP tests run their own
emulator and derive every expectation from the elapsed time they measure.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from lakesail_testing.emulator import EmulatorProcess

from lakesail_emulator.ratelimit import RateLimiter

pytestmark = pytest.mark.emulator

RATE = 5
ME = "/api/org/v1/me"


@pytest.fixture(scope="module")
def limited() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(extra_args=["--max-requests-per-second", str(RATE)]) as process:
        yield process


@pytest.fixture
def lapi(limited: EmulatorProcess, api_for: Any) -> Any:
    return api_for(limited)


def burst(api: Any, n: int) -> tuple[list[requests.Response], float]:
    started = time.monotonic()
    responses = [api.request("GET", ME) for _ in range(n)]
    return responses, time.monotonic() - started


def test_window_admits_the_limit_per_sliding_second():
    limiter = RateLimiter(3)
    assert [limiter.admit(10.0 + i / 10) for i in range(3)] == [None, None, None]
    assert limiter.admit(10.5) == 1  # full until 11.0
    assert limiter.admit(10.99) == 1
    assert limiter.admit(11.0) is None  # the request of 10.0 has left the window
    assert limiter.admit(11.05) == 1
    assert limiter.admit(11.1) is None
    assert limiter.admit(11.2) is None
    assert limiter.admit(11.3) == 1


def test_refused_requests_do_not_fill_the_window():
    limiter = RateLimiter(1)
    assert limiter.admit(0.0) is None
    assert all(limiter.admit(0.1 * i) == 1 for i in range(1, 10))
    assert limiter.admit(1.0) is None


def test_requests_beyond_the_limit_get_429_with_retry_after_and_an_error_body(lapi, poll):
    responses, elapsed = burst(lapi, 6 * RATE)
    ok = [r for r in responses if r.status_code == 200]
    limited = [r for r in responses if r.status_code == 429]
    assert len(ok) + len(limited) == len(responses)
    assert len(ok) <= RATE * (math.floor(elapsed) + 1)  # no one-second window held more
    assert limited, f"{len(responses)} requests in {elapsed:.2f} s and none refused"
    for response in limited:
        assert int(response.headers["retry-after"]) >= 1
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        assert set(response.json()) == {"message"}
        assert "rate limit" in response.json()["message"]
    retry = int(limited[-1].headers["retry-after"])
    assert poll(lambda: lapi.request("GET", ME).status_code, lambda s: s == 200, timeout=retry + 5)


def test_429s_are_counted_in_the_statistics(lapi, limited):
    limited.reset_stats()
    responses, _ = burst(lapi, 4 * RATE)
    refused = sum(r.status_code == 429 for r in responses)
    assert refused
    stats = limited.stats()
    assert stats["total"] == len(responses)
    assert stats["counts"] == {f"GET {ME}": len(responses)}
    assert stats["statuses"].get("429") == refused
    assert sum(1 for r in stats["requests"] if r["status"] == 429) == refused


def test_the_limit_spares_the_controls_and_paths_outside_api(lapi, limited):
    burst(lapi, 4 * RATE)
    for _ in range(3 * RATE):
        assert requests.get(f"{limited.url}/_emulator/faults", timeout=5).status_code == 200
        assert requests.get(f"{limited.url}/", timeout=5).status_code == 404


def test_a_refused_request_consumes_no_fault(lapi, limited):
    try:
        for _ in range(10):
            limited.clear_faults()
            responses, _ = burst(lapi, 3 * RATE)  # the window is full once one is refused
            if responses[-1].status_code != 429:
                continue
            limited.set_faults(errorBurst={"count": 1, "status": 503})
            status = lapi.request("GET", ME).status_code
            if status == 429:
                assert limited.control("GET", "faults")["errorBurst"]["count"] == 1
                return
            assert status == 503  # the window had just moved on: admitted, and the fault hit
        pytest.fail("the window never stayed full long enough to check")
    finally:
        limited.clear_faults()


def test_no_limit_by_default(api):
    responses, _ = burst(api, 6 * RATE)
    assert {r.status_code for r in responses} == {200}
