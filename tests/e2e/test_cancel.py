"""Ctrl-C through the real CLI: SIGINT to ``pulumi up`` while 20 creates wait for RUNNING ends
the CLI, every application created so far is in the state, and the next ``up`` leaves exactly
the declared applications."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.fleet import APPS, answered, write_fleet

if TYPE_CHECKING:
    from conftest import LakeSail, YamlProject
    from lakesail_testing.engine import PulumiEnv


@pytest.fixture(scope="module")
def emulator_process(pulumi_tools: Path) -> Iterator[EmulatorProcess]:
    """A startup long enough that every create still waits when the signal comes, however slow
    the machine."""
    with EmulatorProcess(startup_seconds=30, delete_seconds=1) as emulator:
        yield emulator


def test_ctrl_c_during_waiting_creates_ends_up_and_the_next_up_resumes(
    pulumi_env: PulumiEnv, lakesail: LakeSail, yaml_project: Callable[[Path], YamlProject]
) -> None:
    n = 20
    project = yaml_project(write_fleet(pulumi_env.projects_dir, "cancelled", n))
    up = subprocess.Popen(
        [str(pulumi_env.pulumi), "--non-interactive", "up", "--yes", "--skip-preview"],
        cwd=project.dir,
        env=pulumi_env.full_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while answered(lakesail.emulator)[f"POST {APPS}"] < n:
        assert up.poll() is None, up.communicate()[0]
        assert time.monotonic() < deadline, "the creates were never all sent"
        time.sleep(0.1)
    up.send_signal(signal.SIGINT)
    output, _ = up.communicate(timeout=120)  # a hang guard, not a timing assertion
    assert up.returncode != 0, output
    assert "cancelled while waiting for RUNNING" in output, output
    # Every application created before the cancel is in the state: none is orphaned.
    assert len(project.applications()) == n

    project.run("up", "--yes", "--skip-preview")
    names = [app["name"] for app in lakesail.applications()]
    assert sorted(names) == sorted(f"cancelled-{i}" for i in range(n))  # none twice
    assert {a["state"] for a in lakesail.applications()} == {"RUNNING"}
    project.run("preview", "--expect-no-changes")
    project.run("destroy", "--yes", "--skip-preview")
    lakesail.wait_until_empty()
