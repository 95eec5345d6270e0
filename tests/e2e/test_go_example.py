"""examples/go (the Go SDK, sdk/go/lakesail) as an Automation API inline program.

The Go language host cannot be built here (docs/real-engine.md), so the example's own
``wordcount.Program`` (which main.go runs under ``pulumi up``) runs inline in its driver,
``examples/go/e2e``, through ``auto.UpsertStackInlineSource``, while the real CLI runs the engine
and the installed ``pulumi-resource-lakesail``. The driver is built once per session with
``go build -mod=readonly`` (the committed go.sum; a relink when Go's build cache is warm).
Provider settings come from stack config only, the token as a secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from lakesail_testing.automation_programs import BuildError, ProgramDriver, build_go_example
from lakesail_testing.engine import PulumiEnv

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import LakeSail

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "go"
PROJECT: str = yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text())["name"]
APP_NAME = "wordcount-go"


@pytest.fixture(scope="session")
def go_example_driver(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's e2e driver binary, built for this session."""
    try:
        return build_go_example(tmp_path_factory.mktemp("go-example"))
    except BuildError as exc:
        failure = str(exc)
    pytest.fail(failure, pytrace=False)  # outside the except: no chained traceback


@pytest.fixture
def driver(
    pulumi_env: PulumiEnv, lakesail: LakeSail, no_lakesail_env: None, go_example_driver: Path
) -> ProgramDriver:
    plain, secret = lakesail.config()
    return ProgramDriver(
        pulumi_env,
        [str(go_example_driver)],
        project=PROJECT,
        config=plain,
        secret_config=secret,
    )


@pytest.mark.timeout(900)  # a machine's first build compiles the Automation API's dependencies
def test_go_example_lifecycle(
    driver: ProgramDriver,
    lakesail: LakeSail,
    read_state: Callable[[str, str], str],
) -> None:
    (preview,) = driver.run("preview")
    assert preview["changes"] == {"create": 2}  # the stack and the application
    assert lakesail.applications() == []

    up, same, refreshed = driver.run("up", "preview", "refresh")
    assert up["result"] == "succeeded", up
    assert up["changes"] == {"create": 2}
    outputs = up["outputs"]
    assert outputs["resourceId"] == lakesail.ref(APP_NAME)
    assert outputs["state"] == "RUNNING"
    assert lakesail.APPLICATION_ID.match(outputs["applicationId"]), outputs
    described = lakesail.describe(outputs["applicationId"])
    assert (described["name"], described["state"]) == (APP_NAME, "RUNNING")
    assert outputs["flinkJobId"] == described["job"]["id"]
    assert same["changes"] == {"same": 2}
    assert refreshed["changes"] == {"same": 2}

    # Deleted behind Pulumi's back: refresh drops it from the state, up creates it again.
    lakesail.delete_out_of_band(outputs["applicationId"])
    refresh, again = driver.run("refresh", "up")
    assert refresh["changes"] == {"delete": 1, "same": 1}
    assert not [r for r in refresh["resources"] if r["type"] == lakesail.APPLICATION_TYPE]
    assert again["changes"] == {"create": 1, "same": 1}
    new_id = again["outputs"]["applicationId"]
    assert new_id != outputs["applicationId"]
    assert again["outputs"]["state"] == "RUNNING"
    assert again["outputs"]["resourceId"] == lakesail.ref(APP_NAME)
    assert [a["id"] for a in lakesail.applications()] == [new_id]

    # The token was set as a secret: encrypted in the state file, never printed. The engine ran
    # the plugin installed in PULUMI_HOME, not one found on PATH.
    state = read_state(PROJECT, driver.stack)
    assert '"ciphertext"' in state
    lakesail.assert_token_hidden(state, *driver.transcript)
    assert not [text for text in driver.transcript if "from $PATH" in text]

    (destroy,) = driver.run("destroy")
    assert destroy["changes"] == {"delete": 2}
    assert (destroy["outputs"], destroy["resources"]) == ({}, [])
    lakesail.wait_until_empty()
