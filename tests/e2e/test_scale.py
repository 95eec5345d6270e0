"""Many applications in one stack through the real CLI: a rate-limited API, shared polling, Ctrl-C.

``pulumi up --parallel 64`` of 200 applications against an emulator that answers more than 20
requests a second with 429: no errors, and the emulator's counts show that the waits shared
their polling (each wait on its own would describe its application about five times during a
5 s startup). Then SIGINT during 20 waiting creates: the CLI ends, and the next ``up`` leaves
exactly the declared applications.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from lakesail_testing.emulator import EmulatorProcess

if TYPE_CHECKING:
    from conftest import LakeSail, YamlProject
    from lakesail_testing.engine import PulumiEnv

RATE_LIMIT = 20
APPS = "/api/flink/v1/workspaces/{ws}/applications"
APP = "/api/flink/v1/workspaces/{ws}/applications/{app}"


@pytest.fixture(scope="module")
def emulator_process(pulumi_tools: Path) -> Iterator[EmulatorProcess]:
    """This module's emulator: a 5 s startup and a rate limit."""
    with EmulatorProcess(
        startup_seconds=5,
        delete_seconds=1,
        extra_args=("--max-requests-per-second", str(RATE_LIMIT), "--log-level", "warning"),
    ) as emulator:
        yield emulator


def project_of(env: PulumiEnv, lakesail: LakeSail, name: str, count: int) -> YamlProject:
    """A configured YAML project declaring ``count`` applications named ``<name>-<i>``."""
    from conftest import YamlProject

    resources = {
        f"app{i}": {
            "type": lakesail.APPLICATION_TYPE,
            "properties": {
                "name": f"{name}-{i}",
                "runtime": "FLINK_1_17",
                "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
                "taskManagerResource": {"cpu": 1, "memory": "2g"},
                "job": {
                    "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
                    "entryClass": "org.apache.flink.streaming.examples.wordcount.WordCount",
                },
            },
        }
        for i in range(count)
    }
    directory = env.projects_dir / name
    directory.mkdir()
    program = {"name": name, "runtime": "yaml", "resources": resources}
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump(program))
    project = YamlProject(env, directory)
    project.configure(lakesail)
    return project


def answered(emulator: EmulatorProcess) -> Counter[str]:
    """The requests the emulator answered (429s left out) by method and route."""
    stats: dict[str, Any] = emulator.stats()
    assert stats["total"] == len(stats["requests"]), "the request log overflowed"
    return Counter(f"{r['method']} {r['route']}" for r in stats["requests"] if r["status"] != 429)


def names_of(lakesail: LakeSail, prefix: str) -> list[str]:
    return [app["name"] for app in lakesail.applications() if app["name"].startswith(prefix)]


def test_two_hundred_applications_under_a_rate_limit_share_their_polling(
    pulumi_env: PulumiEnv, lakesail: LakeSail, no_lakesail_env: None
) -> None:
    n = 200
    project = project_of(pulumi_env, lakesail, "fleet", n)
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


def test_ctrl_c_during_waiting_creates_ends_up_and_the_next_up_resumes(
    pulumi_env: PulumiEnv, no_lakesail_env: None
) -> None:
    from conftest import LakeSail

    n = 20
    # A startup long enough that every create still waits when the signal comes, however slow
    # the machine is.
    with EmulatorProcess(startup_seconds=30, delete_seconds=1) as slow:
        lakesail = LakeSail(slow)
        project = project_of(pulumi_env, lakesail, "cancelled", n)
        up = subprocess.Popen(
            [str(pulumi_env.pulumi), "--non-interactive", "up", "--yes", "--skip-preview"],
            cwd=project.dir,
            env=pulumi_env.full_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 120
        while answered(slow)[f"POST {APPS}"] < n:
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
        names = names_of(lakesail, "cancelled-")
        assert sorted(names) == sorted(f"cancelled-{i}" for i in range(n))  # none twice
        assert {a["state"] for a in lakesail.applications()} == {"RUNNING"}
        project.run("preview", "--expect-no-changes")
        project.run("destroy", "--yes", "--skip-preview")
        lakesail.wait_until_empty()
