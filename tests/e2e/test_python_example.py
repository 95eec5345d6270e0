"""examples/python (the native provider's Python SDK) as an Automation API inline program.

The Python language host cannot be built here (docs/real-engine.md), so the example's own
``__main__.py`` runs in-process as an inline program while the real CLI runs the engine and
starts ``pulumi-resource-lakesail``. The provider is configured by stack config only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pulumi import automation as auto

if TYPE_CHECKING:
    from conftest import LakeSail


def test_python_example_lifecycle(
    lakesail: LakeSail,
    automation_example: Callable[[str], auto.Stack],
    read_state: Callable[[str, str], str],
) -> None:
    stack = automation_example("python")
    printed: list[str] = []

    preview = stack.preview(on_output=printed.append)
    assert preview.change_summary == {"create": 2}  # the stack and the application
    assert lakesail.applications() == []

    up = stack.up(on_output=printed.append)
    assert up.summary.result == "succeeded"
    outputs = {key: value.value for key, value in up.outputs.items()}
    assert lakesail.APPLICATION_ID.match(outputs["applicationId"]), outputs
    assert outputs["state"] == "RUNNING"
    assert outputs["resourceId"] == lakesail.ref("wordcount-py")
    described = lakesail.describe(outputs["applicationId"])
    assert (described["name"], described["state"]) == ("wordcount-py", "RUNNING")

    assert stack.preview(on_output=printed.append).change_summary == {"same": 2}
    assert stack.refresh(on_output=printed.append).summary.resource_changes == {"same": 2}

    # Deleted behind Pulumi's back: refresh drops it from the state, up creates it again.
    lakesail.delete_out_of_band(outputs["applicationId"])
    refresh = stack.refresh(on_output=printed.append)
    assert refresh.summary.resource_changes == {"delete": 1, "same": 1}
    resources = stack.export_stack().deployment.get("resources") or []
    assert not [r for r in resources if r["type"] == lakesail.APPLICATION_TYPE]
    again = stack.up(on_output=printed.append)
    assert again.summary.resource_changes == {"create": 1, "same": 1}
    new_id = again.outputs["applicationId"].value
    assert new_id != outputs["applicationId"]
    assert again.outputs["state"].value == "RUNNING"
    assert [a["id"] for a in lakesail.applications()] == [new_id]

    # The token was set as a secret: encrypted in the state file, never printed.
    state = read_state(stack.workspace.project_settings().name, "dev")
    assert '"ciphertext"' in state
    lakesail.assert_token_hidden(state, *printed)

    destroy = stack.destroy(on_output=printed.append)
    assert destroy.summary.resource_changes == {"delete": 2}
    lakesail.wait_until_empty()
    assert stack.outputs() == {}
