"""examples/python-dynamic (the ``pulumi.dynamic`` variant) as an Automation API inline program.

The engine runs the provider in Pulumi's dynamic-provider host (``pulumi-resource-pulumi-python``
starting ``python -m pulumi.dynamic``). The provider is configured by stack config only: with no
``LAKESAIL_*`` variables, the host's ``configure()`` must get ``lakesail:*`` from the stack.
"""

from __future__ import annotations

import base64
import pickletools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pulumi import automation as auto

if TYPE_CHECKING:
    from conftest import LakeSail

DYNAMIC_TYPE = "pulumi-python:dynamic/lakesail:FlinkApplication"


def dynamic_resources(stack: auto.Stack) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = stack.export_stack().deployment.get("resources") or []
    return [r for r in resources if r["type"] == DYNAMIC_TYPE]


def pickled_names(serialized: str) -> set[str]:
    """Every string the pickled provider holds (module and class names), read without loading."""
    return {
        arg
        for _, arg, _ in pickletools.genops(base64.b64decode(serialized))
        if isinstance(arg, str)
    }


def test_dynamic_example_lifecycle(
    lakesail: LakeSail,
    automation_example: Callable[[str], auto.Stack],
    read_state: Callable[[str, str], str],
) -> None:
    stack = automation_example("python-dynamic")
    printed: list[str] = []

    # No LAKESAIL_* variables here: this works only if the dynamic host's configure() received
    # the stack's lakesail:* config (ProviderSettings.resolve raises otherwise).
    up = stack.up(on_output=printed.append)
    assert up.summary.resource_changes == {"create": 2}
    resource_id = up.outputs["resourceId"].value
    assert up.outputs["state"].value == "RUNNING"
    [app] = lakesail.applications()
    assert resource_id == lakesail.ref("wordcount-dyn")
    assert (app["name"], app["state"]) == ("wordcount-dyn", "RUNNING")
    [recorded] = dynamic_resources(stack)
    assert recorded["id"] == resource_id
    assert recorded["outputs"]["applicationId"] == app["id"]

    assert stack.preview(on_output=printed.append).change_summary == {"same": 2}

    # The provider is pickled into the state: small, plain (not a secret), no token, nothing
    # but a reference to its class; configuration is read again at every run.
    serialized = recorded["outputs"]["__provider"]
    assert isinstance(serialized, str), serialized  # a secret would be an object
    assert len(serialized) < 1024
    assert pickled_names(serialized) == {"pulumi_lakesail.dynamic", "FlinkApplicationProvider"}
    assert lakesail.token.encode() not in base64.b64decode(serialized)
    state = read_state(stack.workspace.project_settings().name, "dev")
    assert '"ciphertext"' in state  # the token in the dynamic host's provider inputs
    lakesail.assert_token_hidden(state, *printed)

    # Deleted behind Pulumi's back: refresh drops it from the state.
    lakesail.delete_out_of_band(app["id"])
    refresh = stack.refresh(on_output=printed.append)
    assert refresh.summary.resource_changes == {"delete": 1, "same": 1}
    assert dynamic_resources(stack) == []

    again = stack.up(on_output=printed.append)
    assert again.summary.resource_changes == {"create": 1, "same": 1}
    [new_app] = lakesail.applications()
    assert new_app["id"] != app["id"]
    assert again.outputs["resourceId"].value == lakesail.ref("wordcount-dyn")

    destroy = stack.destroy(on_output=printed.append)
    assert destroy.summary.resource_changes == {"delete": 2}
    lakesail.wait_until_empty()
    assert dynamic_resources(stack) == []
    lakesail.assert_token_hidden(*printed)


def test_dynamic_example_exports_application_id(
    lakesail: LakeSail,
    automation_example: Callable[[str], auto.Stack],
) -> None:
    stack = automation_example("python-dynamic")
    try:
        outputs = stack.up().outputs
        [app] = lakesail.applications()
        assert outputs["applicationId"].value == app["id"]
    finally:
        stack.destroy()
