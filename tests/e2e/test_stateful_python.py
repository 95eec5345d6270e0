"""Stateful deployments from a Python program (the generated SDK, an Automation API inline
program through the real CLI): a savepoint-mode change carries the job's progress over, a
stateless change resets it after preview warned, and suspend then resume continues it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

import pulumi_lakesail as sdk

if TYPE_CHECKING:
    from conftest import LakeSail
    from lakesail_testing.engine import PulumiEnv


def progress(lakesail: LakeSail, application_id: str) -> int:
    """The emulated job's progress counter: carried over by a restore, reset by a fresh start."""
    path = f"/_emulator/workspaces/{lakesail.workspace}/applications/{application_id}/progress"
    value: int = lakesail.emulator.control("GET", path)["progress"]
    return value


def test_savepoint_stateless_and_suspend_from_python(
    pulumi_env: PulumiEnv, lakesail: LakeSail, no_lakesail_env: None
) -> None:
    spec: dict[str, Any] = {"parallelism": "2", "mode": sdk.UpgradeMode.SAVEPOINT}
    spec["suspended"] = False

    def program() -> None:
        app = sdk.FlinkApplication(
            "stateful",
            sdk.FlinkApplicationArgs(
                name="stateful-py",
                runtime=sdk.FlinkRuntime.FLINK_1_17,
                upgrade_mode=spec["mode"],
                suspended=spec["suspended"],
                flink_configuration={
                    "parallelism.default": spec["parallelism"],
                    "state.savepoints.dir": "file:///tmp/lakesail-e2e/savepoints",
                },
                job_manager_resource=sdk.ContainerResourceArgs(cpu=0.5, memory="1024m"),
                task_manager_resource=sdk.ContainerResourceArgs(cpu=1, memory="2g"),
                job=sdk.FlinkJobSpecArgs(
                    jar_uri="local:///opt/flink/examples/streaming/WordCount.jar",
                    entry_class="org.apache.flink.streaming.examples.wordcount.WordCount",
                ),
            ),
        )
        for name in ("applicationId", "restoredFrom", "lastSavepoint", "state"):
            pulumi.export(name, getattr(app, _snake(name)))

    plain, secret = lakesail.config()
    stack = pulumi_env.automation_stack(
        "lakesail-stateful-py", "dev", program, config=plain, secret_config=secret
    )
    printed: list[str] = []

    def outputs() -> dict[str, Any]:
        return {key: value.value for key, value in stack.outputs().items()}

    stack.up(on_output=printed.append)
    first = outputs()
    lakesail.wait_for(lambda _: progress(lakesail, first["applicationId"]) > 0)
    before = progress(lakesail, first["applicationId"])

    # savepoint mode: the new deployment starts from the savepoint the provider took.
    spec["parallelism"] = "4"
    up = stack.up(on_output=printed.append)
    assert up.summary.resource_changes == {"update": 1, "same": 1}
    second = outputs()
    assert second["applicationId"] != first["applicationId"]
    assert second["restoredFrom"].startswith("file:///tmp/lakesail-e2e/savepoints/")
    assert second["restoredFrom"] == second["lastSavepoint"]
    assert progress(lakesail, second["applicationId"]) >= before

    # suspend, then resume: the counter continues from the suspend's savepoint.
    lakesail.wait_for(lambda _: progress(lakesail, second["applicationId"]) > 0)
    spec["suspended"] = True
    stack.up(on_output=printed.append)
    suspended = outputs()
    assert suspended["state"] == "SUSPENDED" and suspended["applicationId"] == ""
    assert lakesail.applications() == []
    held = suspended["lastSavepoint"]
    assert held and held != second["lastSavepoint"]
    spec["suspended"] = False
    stack.up(on_output=printed.append)
    resumed = outputs()
    assert resumed["state"] == "RUNNING" and resumed["restoredFrom"] == held
    assert progress(lakesail, resumed["applicationId"]) > 0  # a fresh start begins at 0
    kept = 50  # five seconds of progress, far more than a fresh start makes during an up
    lakesail.wait_for(lambda _: progress(lakesail, resumed["applicationId"]) >= kept, timeout=30)

    # stateless: preview warns that the state is discarded; the counter starts again.
    spec["mode"], spec["parallelism"] = sdk.UpgradeMode.STATELESS, "3"
    warned: list[str] = []
    stack.preview(on_output=warned.append)
    assert "will be discarded" in "".join(warned), warned
    stack.up(on_output=printed.append)
    third = outputs()
    assert third["restoredFrom"] == ""
    assert progress(lakesail, third["applicationId"]) < kept

    stack.destroy(on_output=printed.append)
    lakesail.wait_until_empty()
    lakesail.assert_token_hidden(*printed, *warned)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
