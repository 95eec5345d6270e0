"""examples/typescript (the Node.js SDK, sdk/nodejs) as an Automation API inline program.

The Node.js language host cannot be built here (docs/real-engine.md), so the example's own
``program()`` (program.ts, which index.ts runs under ``pulumi up``) runs inline in its driver,
``e2e/driver.ts``, through ``@pulumi/pulumi/automation``, while the real CLI runs the engine and the
installed ``pulumi-resource-lakesail``. The example is staged with the compiled SDK
(``scripts/generate-sdks check``), installed from its package-lock.json and compiled with tsc
once per session (see lakesail_testing.automation_programs). Provider settings come from stack
config only, the token as a secret.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from lakesail_testing.automation_programs import (
    BuildError,
    ProgramDriver,
    build_typescript_example,
)
from lakesail_testing.engine import PulumiEnv

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import LakeSail

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "typescript"
PROJECT: str = yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text())["name"]
APP_NAME = "wordcount-ts"


@pytest.fixture(scope="session")
def typescript_example(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The staged, installed and compiled example (reused across sessions while unchanged)."""
    cache = getattr(pytestconfig, "cache", None)  # None with -p no:cacheprovider
    cache_dir = (
        cache.mkdir("lakesail-typescript-example")
        if cache is not None
        else tmp_path_factory.mktemp("typescript-example")
    )
    try:
        return build_typescript_example(cache_dir)
    except BuildError as exc:
        failure = str(exc)
    pytest.fail(failure, pytrace=False)  # outside the except: no chained traceback


@pytest.fixture
def driver(
    pulumi_env: PulumiEnv, lakesail: LakeSail, no_lakesail_env: None, typescript_example: Path
) -> ProgramDriver:
    node = shutil.which("node")
    assert node is not None  # typescript_example failed otherwise
    plain, secret = lakesail.config()
    return ProgramDriver(
        pulumi_env,
        [node, str(typescript_example / "bin" / "e2e" / "driver.js")],
        project=PROJECT,
        config=plain,
        secret_config=secret,
        cwd=typescript_example,
    )


@pytest.mark.timeout(900)  # the first run of a machine installs the example from the registry
def test_typescript_example_lifecycle(
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
