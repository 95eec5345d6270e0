"""Many applications in one stack through the real CLI: a rate-limited API and shared polling.

``pulumi up --parallel 64`` of 200 applications against an emulator that answers more than 20
requests a second with 429: no errors, and the emulator's counts show that the waits shared
their polling (each wait on its own would describe its application about five times during a
5 s startup); then ``destroy`` under the same limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.fleet import APP, APPS, answered, write_fleet

if TYPE_CHECKING:
    from conftest import LakeSail, YamlProject
    from lakesail_testing.engine import PulumiEnv

RATE_LIMIT = 20


@pytest.fixture(scope="module")
def emulator_process(pulumi_tools: Path) -> Iterator[EmulatorProcess]:
    """This module's emulator: a 5 s startup and a rate limit."""
    with EmulatorProcess(
        startup_seconds=5,
        delete_seconds=1,
        extra_args=("--max-requests-per-second", str(RATE_LIMIT), "--log-level", "warning"),
    ) as emulator:
        yield emulator


def test_two_hundred_applications_under_a_rate_limit_share_their_polling(
    pulumi_env: PulumiEnv, lakesail: LakeSail, yaml_project: Callable[[Path], YamlProject]
) -> None:
    n = 200
    project = yaml_project(write_fleet(pulumi_env.projects_dir, "fleet", n))
    emulator = lakesail.emulator
    emulator.reset_stats()

    project.run("up", "--yes", "--skip-preview", "--parallel", "64")
    calls = answered(emulator)
    assert emulator.stats()["statuses"].get("429", 0) > 0, "the rate limit was never reached"
    assert calls[f"POST {APPS}"] == n  # every create sent once: 429s resent, nothing twice
    apps = lakesail.applications()
    assert sorted(a["name"] for a in apps) == sorted(f"fleet-{i}" for i in range(n))
    assert {a["state"] for a in apps} == {"RUNNING"}
    # One describe per application for its outputs; the waiting itself is shared List pages.
    assert calls[f"GET {APP}"] <= 1.1 * n, calls
    assert calls[f"GET {APPS}"] <= n, calls

    emulator.reset_stats()
    project.run("destroy", "--yes", "--skip-preview", "--parallel", "64")
    calls = answered(emulator)
    assert calls[f"DELETE {APP}"] == n
    assert calls[f"GET {APP}"] <= 1.1 * n, calls
    lakesail.wait_until_empty()
