"""`make demo`: the main job, end to end, with the real Pulumi engine against the emulator.

1. start lakesail-emulator;
2. install the provider plugin into the demo's PULUMI_HOME (`pulumi plugin install ... --file`,
   the archive of scripts/package-plugin), so the engine runs it as Pulumi users install it;
3. `pulumi up` the YAML example (the engine's own output on screen) and print the outputs;
4. delete the application behind Pulumi's back; `pulumi refresh` detects it; `pulumi up` again;
5. `pulumi destroy`;
6. examples/yaml-stateful: a change to a running job redeploys it from a savepoint (preview
   says so), and the job's progress counter continues from where it was;
7. the Python example through the Automation API, with the engine's output streamed;
8. examples/yaml-sessions: a Flink session with two jobs up; a change to the savepoint-mode job
   resubmits it into the same session from a savepoint (restoredFrom, and its progress counter
   continues) while the other job runs on; destroy;
9. stop the emulator. Exits non-zero when any step fails, and cleans up in any case.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.engine import PulumiEnv, find_pulumi_tools, program_from_file

ROOT = Path(__file__).resolve().parents[1]
STACK = "demo"


def step(text: str) -> None:
    print(f"\n=== {text}", flush=True)


def applications(emulator: EmulatorProcess) -> list[dict[str, str]]:
    response = requests.get(
        f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications",
        headers=emulator.headers,
        timeout=10,
    )
    response.raise_for_status()
    items: list[dict[str, str]] = response.json()["items"]
    return items


def wait_until_gone(emulator: EmulatorProcess, application_id: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while any(app["id"] == application_id for app in applications(emulator)):
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"application {application_id} was not deleted within {timeout:.0f}s"
            )
        time.sleep(0.2)


def configured_copy(example: str, emulator: EmulatorProcess, env: PulumiEnv, work: Path) -> Path:
    """A copy of ``examples/<example>`` with stack ``STACK``, configured for ``emulator`` (the
    token as a secret)."""
    project = work / example
    shutil.copytree(ROOT / "examples" / example, project)
    env.new_stack(project, STACK)
    env.set_config(
        project,
        STACK,
        {"lakesail:endpoint": emulator.url, "lakesail:workspace": emulator.workspace},
        secret=[],
    )
    env.set_config(project, STACK, {"lakesail:token": emulator.token}, secret=["lakesail:token"])
    return project


def yaml_example(emulator: EmulatorProcess, env: PulumiEnv, work: Path) -> None:
    project = configured_copy("yaml", emulator, env, work)

    step("pulumi up (examples/yaml): create the Flink application and wait until it is RUNNING")
    env.run(["up", "--yes", "--stack", STACK], cwd=project, stream=True)

    step("pulumi stack output")
    outputs = env.stack_outputs(project, STACK)
    print(json.dumps(outputs, indent=2))
    if outputs.get("state") != "RUNNING":
        raise RuntimeError(f"expected state RUNNING, got {outputs.get('state')!r}")

    application_id = outputs["applicationId"]
    step(f"delete application {application_id} behind Pulumi's back (DELETE through the API)")
    requests.delete(
        f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/applications/{application_id}",
        headers=emulator.headers,
        timeout=10,
    ).raise_for_status()
    wait_until_gone(emulator, application_id)
    print(f"{application_id} is gone from LakeSail; Pulumi's state still lists it")

    step("pulumi refresh: detects that the application was deleted outside Pulumi")
    env.run(["refresh", "--yes", "--stack", STACK], cwd=project, stream=True)

    step("pulumi up: creates it again")
    env.run(["up", "--yes", "--stack", STACK], cwd=project, stream=True)
    again = env.stack_outputs(project, STACK)
    print(f"new applicationId {again['applicationId']}, state {again['state']}")

    step("pulumi destroy")
    env.run(["destroy", "--yes", "--stack", STACK], cwd=project, stream=True)


def progress(emulator: EmulatorProcess, application_id: str) -> int:
    """The emulated job's progress counter (a test control): it survives only a restore."""
    path = f"/_emulator/workspaces/{emulator.workspace}/applications/{application_id}/progress"
    value: int = emulator.control("GET", path)["progress"]
    return value


def stateful_example(emulator: EmulatorProcess, env: PulumiEnv, work: Path) -> None:
    project = configured_copy("yaml-stateful", emulator, env, work)

    step("pulumi up (examples/yaml-stateful): a job with upgradeMode savepoint")
    env.run(["up", "--yes", "--stack", STACK], cwd=project, stream=True)
    first = env.stack_outputs(project, STACK)
    time.sleep(2)  # let the job make some progress worth keeping
    before = progress(emulator, first["applicationId"])
    print(f"job progress counter before the change: {before}")

    step("change parallelism.default 2 -> 4; pulumi preview says the state is carried over")
    program = project / "Pulumi.yaml"
    program.write_text(
        program.read_text().replace('parallelism.default: "2"', 'parallelism.default: "4"')
    )
    env.run(["preview", "--stack", STACK], cwd=project, stream=True)

    step("pulumi up: savepoint, delete, create from the savepoint, wait for RUNNING")
    env.run(["up", "--yes", "--stack", STACK], cwd=project, stream=True)
    second = env.stack_outputs(project, STACK)
    after = progress(emulator, second["applicationId"])
    print(f"restoredFrom {second['restoredFrom']}")
    print(f"job progress counter after the redeploy: {after} (it continued from {before})")
    if not second["restoredFrom"] or after < before:
        raise RuntimeError("the redeploy did not carry the job state over")

    step("pulumi destroy: a final savepoint first (savepoint mode), its location logged")
    env.run(["destroy", "--yes", "--stack", STACK], cwd=project, stream=True)


def sessions_url(emulator: EmulatorProcess, *parts: str) -> str:
    return "/".join(
        [f"{emulator.url}/api/flink/v1/workspaces/{emulator.workspace}/sessions", *parts]
    )


def list_items(emulator: EmulatorProcess, url: str) -> list[dict[str, str]]:
    response = requests.get(url, headers=emulator.headers, timeout=10)
    response.raise_for_status()
    items: list[dict[str, str]] = response.json()["items"]
    return items


def session_jobs(emulator: EmulatorProcess) -> dict[str, dict[str, str]]:
    """``{job name: its summary}`` of every job of every session."""
    return {
        job["name"]: {**job, "session": session["id"]}
        for session in list_items(emulator, sessions_url(emulator))
        for job in list_items(emulator, sessions_url(emulator, session["id"], "jobs"))
    }


def show_sessions(emulator: EmulatorProcess) -> None:
    for session in list_items(emulator, sessions_url(emulator)):
        jobs = list_items(emulator, sessions_url(emulator, session["id"], "jobs"))
        listed = ", ".join(f"{job['name']} {job['id']} {job['state']}" for job in jobs)
        print(f"session {session['name']} {session['id']} {session['state']}; jobs: {listed}")


def job_progress(emulator: EmulatorProcess, job: dict[str, str]) -> dict[str, Any]:
    """The emulated session job's progress counter and where it was restored from."""
    path = f"/_emulator/workspaces/{emulator.workspace}/sessions/{job['session']}/jobs/{job['id']}"
    result: dict[str, Any] = emulator.control("GET", f"{path}/progress")
    return result


def sessions_example(emulator: EmulatorProcess, env: PulumiEnv, work: Path) -> None:
    project = configured_copy("yaml-sessions", emulator, env, work)

    step("pulumi up (examples/yaml-sessions): a Flink session, then its two jobs, all RUNNING")
    env.run(["up", "--yes", "--skip-preview", "--stack", STACK], cwd=project, stream=True)
    show_sessions(emulator)
    first = session_jobs(emulator)
    time.sleep(2)  # let the jobs make some progress worth keeping
    before = job_progress(emulator, first["wordcount"])["progress"]
    print(f"wordcount's progress counter before the change: {before}")

    step("change wordcount's parallelism.default 2 -> 4 (upgradeMode savepoint); pulumi up")
    program = project / "Pulumi.yaml"
    program.write_text(
        program.read_text().replace('parallelism.default: "2"', 'parallelism.default: "4"')
    )
    env.run(["up", "--yes", "--skip-preview", "--stack", STACK], cwd=project, stream=True)
    show_sessions(emulator)
    second = session_jobs(emulator)
    deployment = json.loads(env.run(["stack", "export", "--stack", STACK], cwd=project).stdout)[
        "deployment"
    ]
    [recorded] = [r for r in deployment["resources"] if r["urn"].endswith("::wordcount")]
    restored_from = recorded["outputs"]["restoredFrom"]
    after = job_progress(emulator, second["wordcount"])
    print(f"wordcount restoredFrom {restored_from}")
    print(
        f"wordcount's progress counter after the redeploy: {after['progress']}"
        f" ({before} before the change: it continued, it did not restart from 0)"
    )
    print(f"sessionize kept running: {first['sessionize']['id'] == second['sessionize']['id']}")
    if not restored_from or after["restoredFrom"] != restored_from or after["progress"] < before:
        raise RuntimeError("the session job's redeploy did not carry its state over")
    if first["sessionize"]["id"] != second["sessionize"]["id"]:
        raise RuntimeError("a change to one session job restarted the other")

    step("pulumi destroy: the jobs (wordcount after a final savepoint), then the session")
    env.run(["destroy", "--yes", "--skip-preview", "--stack", STACK], cwd=project, stream=True)


def python_example(emulator: EmulatorProcess, env: PulumiEnv) -> None:
    step("examples/python through the Automation API (the engine's output streamed)")
    stack = env.automation_stack(
        "lakesail-python",
        STACK,
        program_from_file(ROOT / "examples" / "python"),
        config={"lakesail:endpoint": emulator.url, "lakesail:workspace": emulator.workspace},
        secret_config={"lakesail:token": emulator.token},
    )
    result = stack.up(on_output=print)
    print({key: value.value for key, value in result.outputs.items()})
    stack.destroy(on_output=print)
    stack.workspace.remove_stack(STACK)


def main() -> int:
    tools = find_pulumi_tools()
    if tools is None:
        print("pulumi CLI not built: run `make install` (scripts/install-pulumi)", file=sys.stderr)
        return 1
    step("start lakesail-emulator")
    with EmulatorProcess(
        startup_seconds=3, delete_seconds=1, extra_args=["--savepoint-seconds", "1"]
    ) as emulator:
        print(f"emulator at {emulator.url}, workspace {emulator.workspace}")
        with PulumiEnv(tools) as env, tempfile.TemporaryDirectory(prefix="lakesail-demo-") as tmp:
            step(
                f"pulumi plugin install resource lakesail {env.plugin_version} "
                f"--file {env.plugin_archive} (built by scripts/package-plugin, as make plugin)"
            )
            print(env.run(["plugin", "ls"], cwd=env.root).stdout.rstrip())
            try:
                yaml_example(emulator, env, Path(tmp))
                stateful_example(emulator, env, Path(tmp))
                python_example(emulator, env)
                sessions_example(emulator, env, Path(tmp))
            except Exception as exc:  # noqa: BLE001 - reported, then the exit code says it failed
                print(f"\ndemo failed: {exc}", file=sys.stderr)
                return 1
        left = applications(emulator) + list_items(emulator, sessions_url(emulator))
        step("stop the emulator")
        if left:
            print(f"applications or sessions left behind: {left}", file=sys.stderr)
            return 1
    print("\ndemo finished: every step passed, nothing left behind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
