"""examples/yaml through the real ``pulumi`` command, against the plugin and a real emulator.

Each test copies the example into a fresh Pulumi environment (its own state backend and stack),
configures the provider through stack config only (the token as a secret) and drives the CLI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import LakeSail, YamlProject

    MakeProject = Callable[..., YamlProject]

FAIL_MARKER = 'lakesail.emulator.fail: "true"'


def deployed(yaml_example: MakeProject, app_name: str) -> YamlProject:
    """A configured copy of examples/yaml whose application is named ``app_name``, after up."""
    project = yaml_example(app_name)
    project.run("up", "--yes", "--skip-preview")
    return project


def test_preview_up_no_changes_destroy(yaml_example: MakeProject, lakesail: LakeSail) -> None:
    project = yaml_example()  # appName keeps the example's default, wordcount

    preview = project.run("preview").stdout
    assert "+  lakesail:index:FlinkApplication wordcount create" in preview, preview
    assert "+ 2 to create" in preview, preview  # the stack and the application
    assert lakesail.applications() == []  # a preview creates nothing

    project.run("up", "--yes")
    outputs = project.outputs()
    assert lakesail.APPLICATION_ID.match(outputs["applicationId"]), outputs
    assert outputs["state"] == "RUNNING"
    assert outputs["resourceId"] == lakesail.ref("wordcount")  # <workspace>/<name>
    described = lakesail.describe(outputs["applicationId"])
    assert (described["name"], described["state"]) == ("wordcount", "RUNNING")
    assert outputs["flinkJobId"] == described["job"]["id"]

    # Reading the application back yields exactly what was declared: no diff, no drift.
    project.run("preview", "--expect-no-changes")
    project.run("refresh", "--yes", "--expect-no-changes")
    project.run("preview", "--expect-no-changes")

    # The token is a secret: encrypted in the state and the stack file, never printed.
    assert '"ciphertext"' in project.state_text()
    lakesail.assert_token_hidden(
        project.state_text(),
        json.dumps(project.export()),
        (project.dir / "Pulumi.dev.yaml").read_text(),
        *project.transcript,
    )

    project.run("destroy", "--yes")
    lakesail.wait_until_empty()
    assert project.applications() == []
    assert project.outputs() == {}


def test_out_of_band_delete_is_dropped_by_refresh_and_recreated_by_up(
    yaml_example: MakeProject, lakesail: LakeSail
) -> None:
    project = deployed(yaml_example, "wordcount-oob-delete")
    first_id = project.outputs()["applicationId"]

    lakesail.delete_out_of_band(first_id)
    refresh = project.run("refresh", "--yes").stdout
    assert "1 deleted" in refresh, refresh
    assert project.applications() == []

    up = project.run("up", "--yes").stdout
    assert "1 created" in up, up
    outputs = project.outputs()
    assert outputs["state"] == "RUNNING"
    assert outputs["applicationId"] != first_id
    assert [a["id"] for a in lakesail.applications()] == [outputs["applicationId"]]
    assert [a["id"] for a in project.applications()] == [outputs["resourceId"]]

    project.run("destroy", "--yes")
    lakesail.wait_until_empty()


def test_out_of_band_change_is_reported_by_refresh_then_redeployed(
    yaml_example: MakeProject, lakesail: LakeSail
) -> None:
    project = deployed(yaml_example, "wordcount-oob-change")
    application_id = project.outputs()["applicationId"]

    lakesail.change_out_of_band(application_id, flinkConfiguration={"parallelism.default": "8"})
    refresh = project.run("refresh", "--yes").stdout
    assert "[diff: ~flinkConfiguration]" in refresh, refresh
    assert "1 updated" in refresh, refresh
    [recorded] = project.applications()
    assert recorded["outputs"]["flinkConfiguration"] == {"parallelism.default": "8"}

    # The program still says numberOfTaskSlots "2": the application is redeployed under the
    # same resource, and preview warns that its (stateless) job state is discarded.
    previewed = project.run("preview", "--diff")
    preview = previewed.stdout
    assert "~ lakesail:index:FlinkApplication: (update)" in preview, preview
    assert "1 to update" in preview, preview
    assert "will be discarded" in previewed.stderr, previewed.stderr  # --diff: warnings there
    assert "parallelism.default" in preview, preview
    assert "taskmanager.numberOfTaskSlots" in preview, preview
    assert [a["id"] for a in lakesail.applications()] == [application_id]  # untouched

    project.run("destroy", "--yes")
    lakesail.wait_until_empty()


def test_a_rename_replaces_and_a_spec_change_redeploys(
    yaml_example: MakeProject, lakesail: LakeSail
) -> None:
    project = deployed(yaml_example, "wordcount-v1")
    first_id = project.outputs()["applicationId"]

    # Another name: the new application is created first, then the old one deleted.
    project.run("config", "set", "appName", "wordcount-v2")
    preview = project.run("preview", "--diff").stdout
    assert "+-lakesail:index:FlinkApplication: (replace)" in preview, preview
    assert "1 to replace" in preview, preview
    assert [a["id"] for a in lakesail.applications()] == [first_id]  # a preview changes nothing

    up = project.run("up", "--yes").stdout
    assert "1 replaced" in up, up
    second = project.outputs()
    assert second["state"] == "RUNNING"
    assert second["applicationId"] != first_id
    apps = lakesail.wait_for(lambda apps: len(apps) == 1)
    assert [(a["id"], a["name"], a["state"]) for a in apps] == [
        (second["applicationId"], "wordcount-v2", "RUNNING")
    ]

    # The same name, another runtime: the resource stays, the application is redeployed.
    project.edit_program("runtime: FLINK_1_17", "runtime: FLINK_1_18")
    preview = project.run("preview", "--diff").stdout
    assert "~ lakesail:index:FlinkApplication: (update)" in preview, preview
    assert re.search(r'~ runtime\s*: "FLINK_1_17" => "FLINK_1_18"', preview), preview
    assert "1 updated" in project.run("up", "--yes").stdout
    assert project.outputs()["resourceId"] == second["resourceId"]
    third = project.outputs()
    assert third["applicationId"] not in (first_id, second["applicationId"])
    apps = lakesail.wait_for(lambda apps: len(apps) == 1)
    assert [a["id"] for a in apps] == [third["applicationId"]]
    assert lakesail.describe(third["applicationId"])["runtime"] == "FLINK_1_18"
    project.run("preview", "--expect-no-changes")

    project.run("destroy", "--yes")
    lakesail.wait_until_empty()


def test_failed_application_stays_in_the_state(
    yaml_example: MakeProject, lakesail: LakeSail
) -> None:
    project = deployed(yaml_example, "wordcount-good")
    good_id = project.outputs()["applicationId"]

    # A replacement that fails (the emulator's failure rule), under a new name.
    project.run("config", "set", "appName", "wordcount-bad")
    project.edit_program(
        'taskmanager.numberOfTaskSlots: "2"',
        f'taskmanager.numberOfTaskSlots: "2"\n        {FAIL_MARKER}',
    )
    up = project.run("up", "--yes", check=False)
    assert up.returncode != 0
    assert "entered FAILED" in up.stdout, up.stdout

    # Not orphaned: the failed application is in the state with its init error, and the
    # original, kept because its replacement failed, is still tracked too.
    apps = {a["id"]: a for a in lakesail.applications()}
    [bad_id] = [i for i, a in apps.items() if a["name"] == "wordcount-bad"]
    assert apps[bad_id]["state"] == "FAILED"
    assert set(apps) == {good_id, bad_id}
    recorded = {r["id"]: r for r in project.applications()}
    assert set(recorded) == {lakesail.ref("wordcount-bad"), lakesail.ref("wordcount-good")}
    failed = recorded[lakesail.ref("wordcount-bad")]
    assert failed["outputs"]["state"] == "FAILED"
    assert any("entered FAILED" in reason for reason in failed.get("initErrors", [])), failed

    # The next up would redeploy the failed application; destroy removes both.
    assert "1 to update" in project.run("preview").stdout
    project.run("destroy", "--yes")
    lakesail.wait_until_empty()
    assert project.applications() == []
