"""The functions getFlinkApplication and listFlinkApplications."""

from __future__ import annotations

from typing import Any

from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess

GET = "lakesail:index:getFlinkApplication"
LIST = "lakesail:index:listFlinkApplications"


def test_get_by_id_and_by_name_and_list(
    plugin: PluginProcess, emulator: EmulatorProcess, spec: dict[str, Any]
) -> None:
    inputs, _ = plugin.check(spec)
    resource_id, outputs = plugin.create(inputs)
    application_id = outputs["applicationId"]

    by_id, failures = plugin.invoke(GET, {"applicationId": application_id})
    assert failures == [] and by_id["id"] == resource_id and by_id["name"] == spec["name"]
    by_name, _ = plugin.invoke(GET, {"name": spec["name"], "workspace": emulator.workspace})
    assert by_name["applicationId"] == application_id and by_name["state"] == "RUNNING"

    listed, _ = plugin.invoke(LIST, {})
    assert listed["workspace"] == emulator.workspace
    assert {"id": resource_id, "name": spec["name"]}.items() <= next(
        item for item in listed["items"] if item["applicationId"] == application_id
    ).items()
    plugin.delete(resource_id, outputs)


def test_get_needs_an_id_or_a_name(plugin: PluginProcess) -> None:
    _, failures = plugin.invoke(GET, {})
    assert failures and failures[0][0] == "applicationId"
