"""Fixtures for the e2e tests: the real pulumi CLI (built by scripts/install-pulumi) run offline,
a real emulator per test module, and copies of the examples.

Without the CLI the e2e tests skip, except under CI (``CI=true``), where they must run and so fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from lakesail_testing.emulator import EmulatorError, EmulatorProcess
from lakesail_testing.engine import (
    TOOLS_ENV_VAR,
    PulumiEnv,
    find_pulumi_tools,
    program_from_file,
)
from pulumi import automation as auto

NOT_BUILT = "pulumi CLI not built: run make install (scripts/install-pulumi)"


def require_pulumi_tools() -> Path:
    """The directory holding ``pulumi``; skips the test (fails it under ``CI=true``) if absent."""
    tools = find_pulumi_tools()
    if tools is None:
        message = NOT_BUILT
        if os.environ.get(TOOLS_ENV_VAR):
            message += f" (${TOOLS_ENV_VAR}={os.environ[TOOLS_ENV_VAR]} holds no pulumi)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI=true, so the e2e tests must run", pytrace=False)
        pytest.skip(message)
    return tools


@pytest.fixture(scope="session")
def pulumi_tools() -> Path:
    """The directory holding the ``pulumi`` CLI the e2e tests run."""
    return require_pulumi_tools()


@pytest.fixture
def pulumi_env(pulumi_tools: Path) -> Iterator[PulumiEnv]:
    """A fresh offline Pulumi environment (home, file backend, passphrase), deleted afterwards."""
    with PulumiEnv(pulumi_tools) as env:
        yield env


# -- the LakeSail side: an emulator per test module, raw HTTP, copied examples ------------------
# Test modules get these through fixtures (a conftest is not imported by name); they import the
# classes only under TYPE_CHECKING, for annotations.

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
STARTUP_SECONDS = 0.5
DELETE_SECONDS = 0.3


class LakeSail:
    """The test's view of the emulator: raw HTTP with the emulator's token, and test controls.

    Nothing here goes through ``pulumi_lakesail``'s client: what the tests check about the
    server is seen independently of the code under test.
    """

    APPLICATION_TYPE = "lakesail:index:FlinkApplication"
    APPLICATION_ID = re.compile(r"^[A-Z0-9]{16}$")
    POLL_DEADLINE = 15.0

    def __init__(self, emulator: EmulatorProcess) -> None:
        self.emulator = emulator
        self.url = emulator.url
        self.token = emulator.token
        self.workspace = emulator.workspace

    @property
    def _applications_url(self) -> str:
        return f"{self.url}/api/flink/v1/workspaces/{self.workspace}/applications"

    def config(self) -> tuple[dict[str, str], dict[str, str]]:
        """The provider's stack config: (plain values, secret values); the token is secret."""
        plain = {"lakesail:endpoint": self.url, "lakesail:workspace": self.workspace}
        return plain, {"lakesail:token": self.token}

    def ref(self, key: str) -> str:
        """``<workspace>/<key>``: the resource ID Pulumi records when ``key`` is the name; an
        import ID when it is the application ID."""
        return f"{self.workspace}/{key}"

    def applications(self) -> list[dict[str, Any]]:
        """Every application of the workspace (all pages), DELETING ones included."""
        items: list[dict[str, Any]] = []
        params: dict[str, str] = {}
        while True:
            response = requests.get(
                self._applications_url, headers=self.emulator.headers, params=params, timeout=10
            )
            assert response.status_code == 200, response.text
            page = response.json()
            items.extend(page["items"])
            if "marker" not in page:
                return items
            params = {"marker": page["marker"]}

    def describe(self, application_id: str) -> dict[str, Any]:
        """``GET .../applications/{id}``."""
        response = requests.get(
            f"{self._applications_url}/{application_id}", headers=self.emulator.headers, timeout=10
        )
        assert response.status_code == 200, response.text
        described: dict[str, Any] = response.json()
        return described

    def create(self, name: str, **overrides: Any) -> str:
        """Create an application outside Pulumi (raw POST); returns its ID. The contract
        requires every field of the spec, so all are sent; ``overrides`` replace some."""
        spec: dict[str, Any] = {
            "name": name,
            "runtime": "FLINK_1_17",
            "jars": [],
            "plugins": [],
            "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "1"},
            "logConfiguration": {},
            "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
            "taskManagerResource": {"cpu": 1, "memory": "2g"},
            "job": {
                "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
                "entryClass": "org.apache.flink.streaming.examples.wordcount.WordCount",
                "args": ["--output", "print"],
            },
            **overrides,
        }
        response = requests.post(
            self._applications_url, headers=self.emulator.headers, json=spec, timeout=10
        )
        assert response.status_code == 201, response.text
        application_id: str = response.json()["id"]
        return application_id

    def delete_out_of_band(self, application_id: str) -> None:
        """Remove an application behind Pulumi's back: gone at once."""
        self.emulator.control(
            "DELETE", f"/_emulator/workspaces/{self.workspace}/applications/{application_id}"
        )

    def change_out_of_band(self, application_id: str, **fields: Any) -> None:
        """Replace top-level spec fields of an application behind Pulumi's back."""
        self.emulator.control(
            "PATCH", f"/_emulator/workspaces/{self.workspace}/applications/{application_id}", fields
        )

    def wait_for(
        self, predicate: Callable[[list[dict[str, Any]]], bool], timeout: float = POLL_DEADLINE
    ) -> list[dict[str, Any]]:
        """Poll the application list until ``predicate`` holds; fail with the last list after
        ``timeout`` seconds (a DELETING application lingers for the emulator's delete delay)."""
        deadline = time.monotonic() + timeout
        while True:
            apps = self.applications()
            if predicate(apps):
                return apps
            if time.monotonic() > deadline:
                pytest.fail(f"the emulator still holds {apps} after {timeout:g}s", pytrace=False)
            time.sleep(0.05)

    def wait_until_empty(self) -> None:
        """Poll until the workspace holds no application at all, DELETING ones included."""
        self.wait_for(lambda apps: not apps)

    def assert_token_hidden(self, *texts: str) -> None:
        """The token is in none of ``texts`` (CLI output, state files, exports)."""
        # A boolean, so that a failure's report does not print the token itself.
        leaked = [i for i, text in enumerate(texts) if self.token in text]
        assert not leaked, f"the LakeSail token is in plain text in text(s) #{leaked}"

    def purge(self) -> None:
        """Delete every application out of band (cleanup after a failed test)."""
        for app in self.applications():
            try:
                self.delete_out_of_band(app["id"])
            except EmulatorError:  # gone meanwhile (a DELETING one reached its end)
                pass


def applications_in(deployment: dict[str, Any]) -> list[dict[str, Any]]:
    """The FlinkApplication resources of a ``stack export`` deployment."""
    resources: list[dict[str, Any]] = deployment.get("resources") or []
    return [r for r in resources if r["type"] == LakeSail.APPLICATION_TYPE]


def state_file(env: PulumiEnv, project: str, stack: str) -> Path:
    """The file backend's JSON of a stack (what ``pulumi`` persists; secrets encrypted)."""
    return env.backend_dir / ".pulumi" / "stacks" / project / f"{stack}.json"


def copy_example(name: str, destination: Path) -> Path:
    """Copy ``examples/<name>`` into ``destination``: tests never write into examples/."""
    target = destination / name
    shutil.copytree(
        EXAMPLES / name,
        target,
        ignore=shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__", ".pulumi"),
    )
    return target


class YamlProject:
    """A YAML project and one stack of it, driven with the real ``pulumi`` command.

    Every command's output is kept in :attr:`transcript`, so a test can check what the CLI
    showed (never the token).
    """

    def __init__(self, env: PulumiEnv, directory: Path, stack: str = "dev") -> None:
        self.env = env
        self.dir = directory
        self.stack = stack
        self.name: str = yaml.safe_load((directory / "Pulumi.yaml").read_text())["name"]
        self.transcript: list[str] = []
        env.new_stack(directory, stack)

    def configure(self, lakesail: LakeSail, extra: dict[str, str] | None = None) -> None:
        """The provider's stack config (the token as a secret) plus plain ``extra`` values."""
        plain, secret = lakesail.config()
        self.env.set_config(self.dir, self.stack, {**plain, **(extra or {})})
        self.env.set_config(self.dir, self.stack, secret, secret=secret)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``pulumi <args> --stack <stack>`` in the project directory."""
        result = self.env.run([*args, "--stack", self.stack], cwd=self.dir, check=check)
        self.transcript += [result.stdout, result.stderr]
        return result

    def outputs(self) -> dict[str, Any]:
        return self.env.stack_outputs(self.dir, self.stack)

    def export(self) -> dict[str, Any]:
        """The deployment of ``pulumi stack export`` (secrets stay encrypted)."""
        deployment: dict[str, Any] = json.loads(self.run("stack", "export").stdout)["deployment"]
        return deployment

    def applications(self) -> list[dict[str, Any]]:
        """The FlinkApplication resources the stack's state holds."""
        return applications_in(self.export())

    def state_text(self) -> str:
        """The stack's state file as the backend stores it."""
        return state_file(self.env, self.name, self.stack).read_text()

    def edit_program(self, old: str, new: str) -> None:
        """Replace ``old``, which must occur exactly once, in the project's ``Pulumi.yaml``."""
        program = self.dir / "Pulumi.yaml"
        text = program.read_text()
        assert text.count(old) == 1, f"{old!r} is not in {program} exactly once"
        program.write_text(text.replace(old, new))


def _files(directory: Path) -> set[str]:
    return {
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module", autouse=True)
def examples_untouched() -> Iterator[None]:
    """The tests run copies of the examples: no stack file or state may land in examples/."""
    before = _files(EXAMPLES)
    yield
    assert _files(EXAMPLES) - before == set(), "a test wrote into examples/"


@pytest.fixture(scope="module")
def emulator_process(pulumi_tools: Path) -> Iterator[EmulatorProcess]:
    """One real emulator per test module (started after the CLI check: a skip starts nothing)."""
    with EmulatorProcess(startup_seconds=STARTUP_SECONDS, delete_seconds=DELETE_SECONDS) as emu:
        yield emu


@pytest.fixture
def lakesail(emulator_process: EmulatorProcess) -> Iterator[LakeSail]:
    """The module's emulator; applications a test leaves behind are deleted after it.

    Every test checks what it leaves itself; this only keeps a failed test from handing its
    applications (and their names) to the next one.
    """
    helper = LakeSail(emulator_process)
    yield helper
    if emulator_process.running:
        helper.purge()


@pytest.fixture
def no_lakesail_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``LAKESAIL_*`` variables: the provider can only get its settings from stack config."""
    for key in ("ENDPOINT", "TOKEN", "WORKSPACE", "CA_BUNDLE", "INSECURE"):
        monkeypatch.delenv(f"LAKESAIL_{key}", raising=False)


@pytest.fixture
def example_copy(pulumi_env: PulumiEnv) -> Callable[[str], Path]:
    """``example_copy("yaml")``: a copy of ``examples/yaml`` in the test's Pulumi environment."""
    return lambda name: copy_example(name, pulumi_env.projects_dir)


@pytest.fixture
def yaml_example(
    pulumi_env: PulumiEnv, lakesail: LakeSail, no_lakesail_env: None
) -> Callable[..., YamlProject]:
    """``yaml_example(app_name=None)``: a configured copy of examples/yaml (stack ``dev``)."""

    def make(app_name: str | None = None) -> YamlProject:
        project = YamlProject(pulumi_env, copy_example("yaml", pulumi_env.projects_dir))
        project.configure(lakesail, {"appName": app_name} if app_name else None)
        return project

    return make


@pytest.fixture
def read_state(pulumi_env: PulumiEnv) -> Callable[[str, str], str]:
    """``read_state(project, stack)``: the stack's state file as the file backend stores it."""
    return lambda project, stack: state_file(pulumi_env, project, stack).read_text()


@pytest.fixture
def yaml_project(
    pulumi_env: PulumiEnv, lakesail: LakeSail, no_lakesail_env: None
) -> Callable[[Path], YamlProject]:
    """``yaml_project(directory)``: stack ``dev`` of the YAML project there, provider configured."""

    def make(directory: Path) -> YamlProject:
        project = YamlProject(pulumi_env, directory)
        project.configure(lakesail)
        return project

    return make


@pytest.fixture
def automation_example(
    pulumi_env: PulumiEnv,
    lakesail: LakeSail,
    example_copy: Callable[[str], Path],
    no_lakesail_env: None,
) -> Callable[[str], auto.Stack]:
    """``automation_example("python")``: stack ``dev`` running a copy of that example's
    ``__main__.py`` as an Automation API inline program, the provider set by stack config only
    (the token as a secret). The project is named as in the example's ``Pulumi.yaml``."""

    def make(example: str) -> auto.Stack:
        project = example_copy(example)
        name = yaml.safe_load((project / "Pulumi.yaml").read_text())["name"]
        plain, secret = lakesail.config()
        return pulumi_env.automation_stack(
            name, "dev", program_from_file(project), config=plain, secret_config=secret
        )

    return make
