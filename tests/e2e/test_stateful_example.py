"""examples/yaml-stateful through the real ``pulumi`` command: redeploys that carry the job
state over through savepoints, rollback of a failing change, suspend and resume, destroy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import LakeSail, YamlProject

FAIL_MARKER = 'lakesail.emulator.fail: "true"'
SAVEPOINT_DIR = "state.savepoints.dir: file:///tmp/lakesail-demo/savepoints"


def progress(lakesail: LakeSail, application_id: str) -> int:
    """The emulated job's progress counter: carried over by a restore, reset by a fresh start."""
    path = f"/_emulator/workspaces/{lakesail.workspace}/applications/{application_id}/progress"
    value: int = lakesail.emulator.control("GET", path)["progress"]
    return value


def deployed(
    yaml_project: Callable[[Path], YamlProject], example_copy: Callable[[str], Path]
) -> YamlProject:
    project = yaml_project(example_copy("yaml-stateful"))
    project.run("up", "--yes", "--skip-preview")
    return project


def test_a_change_redeploys_from_a_savepoint_and_a_failing_one_rolls_back(
    yaml_project: Callable[[Path], YamlProject],
    example_copy: Callable[[str], Path],
    lakesail: LakeSail,
) -> None:
    project = deployed(yaml_project, example_copy)
    first = project.outputs()
    assert first["state"] == "RUNNING" and first["restoredFrom"] == ""
    project.run("preview", "--expect-no-changes")
    lakesail.wait_for(lambda _: progress(lakesail, first["applicationId"]) > 0)
    before = progress(lakesail, first["applicationId"])

    project.edit_program('parallelism.default: "2"', 'parallelism.default: "4"')
    preview = project.run("preview")
    assert "1 to update" in preview.stdout, preview.stdout
    assert "carried over through a new savepoint" in preview.stdout + preview.stderr
    up = project.run("up", "--yes")
    assert "1 updated" in up.stdout, up.stdout
    second = project.outputs()
    assert second["applicationId"] != first["applicationId"]
    assert second["restoredFrom"].startswith("file:///tmp/lakesail-demo/savepoints/")
    assert second["restoredFrom"] == second["lastSavepoint"]
    assert progress(lakesail, second["applicationId"]) >= before  # the job state continued
    assert f"completed: {second['restoredFrom']}" in up.stdout + up.stderr
    [app] = lakesail.applications()
    described = lakesail.describe(app["id"])
    assert described["flinkConfiguration"]["parallelism.default"] == "4"
    project.run("refresh", "--yes", "--expect-no-changes")

    # A change whose new deployment fails is rolled back from the same savepoint.
    project.edit_program(SAVEPOINT_DIR, f"{SAVEPOINT_DIR}\n        {FAIL_MARKER}")
    failed = project.run("up", "--yes", check=False)
    assert failed.returncode != 0
    assert "Rolled back" in failed.stdout and "FAILED" in failed.stdout, failed.stdout
    [app] = lakesail.applications()
    described = lakesail.describe(app["id"])
    assert described["state"] == "RUNNING"
    assert "lakesail.emulator.fail" not in described["flinkConfiguration"]
    assert described["flinkConfiguration"]["execution.savepoint.path"]
    project.run("refresh", "--yes")
    assert "1 to update" in project.run("preview").stdout  # the change is still pending

    project.edit_program(f"\n        {FAIL_MARKER}", "")
    project.run("preview", "--expect-no-changes")
    destroy = project.run("destroy", "--yes")
    assert "final savepoint" in destroy.stdout + destroy.stderr
    lakesail.wait_until_empty()


def test_suspend_then_resume_continues_from_the_savepoint(
    yaml_project: Callable[[Path], YamlProject],
    example_copy: Callable[[str], Path],
    lakesail: LakeSail,
) -> None:
    project = deployed(yaml_project, example_copy)
    project.edit_program("upgradeMode: savepoint", "upgradeMode: savepoint\n      suspended: true")
    project.run("up", "--yes")
    suspended = project.outputs()
    assert suspended["state"] == "SUSPENDED" and suspended["lastSavepoint"]
    assert lakesail.wait_for(lambda apps: apps == []) == []
    project.run("refresh", "--yes", "--expect-no-changes")

    project.edit_program("\n      suspended: true", "")
    project.run("up", "--yes")
    resumed = project.outputs()
    assert resumed["state"] == "RUNNING"
    assert resumed["restoredFrom"] == suspended["lastSavepoint"]
    project.run("destroy", "--yes")
    lakesail.wait_until_empty()
