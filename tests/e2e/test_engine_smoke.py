"""Smoke tests of the real-engine harness, without our provider: the CLI, YAML, Automation API."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pytest
from lakesail_testing.engine import (
    PINNED_PULUMI_VERSION,
    PulumiCommandError,
    PulumiEnv,
    find_repo_tools,
    program_from_file,
)

pytestmark = pytest.mark.e2e


def test_pulumi_version_is_pinned(pulumi_env: PulumiEnv) -> None:
    version = pulumi_env.run(["version"], cwd=pulumi_env.root).stdout.strip()
    if pulumi_env.tools_dir == find_repo_tools():
        assert version == PINNED_PULUMI_VERSION
    else:  # an ordinary Pulumi install (PATH or $LAKESAIL_PULUMI_TOOLS)
        assert version.startswith("v3."), version


def test_yaml_program_up_output_destroy(pulumi_env: PulumiEnv, tmp_path: Path) -> None:
    project = tmp_path / "smoke-yaml"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(
        "name: smoke-yaml\n"
        "runtime: yaml\n"
        "config:\n"
        "  hidden:\n"
        "    type: string\n"
        "outputs:\n"
        "  greeting: hello from yaml\n"
        "  hidden: ${hidden}\n"
    )
    pulumi_env.new_stack(project, "dev")
    pulumi_env.set_config(project, "dev", {"hidden": "-s3cret value"}, secret=["hidden"])
    assert "s3cret" not in (project / "Pulumi.dev.yaml").read_text()

    pulumi_env.run(["up", "--yes", "--skip-preview", "--stack", "dev"], cwd=project)
    assert pulumi_env.stack_outputs(project, "dev") == {
        "greeting": "hello from yaml",
        "hidden": "-s3cret value",
    }

    pulumi_env.run(["destroy", "--yes", "--skip-preview", "--stack", "dev"], cwd=project)
    assert pulumi_env.stack_outputs(project, "dev") == {}


def test_failed_command_reports_output(pulumi_env: PulumiEnv, tmp_path: Path) -> None:
    with pytest.raises(PulumiCommandError) as failure:
        pulumi_env.run(["stack", "select", "missing"], cwd=tmp_path)
    assert failure.value.returncode != 0
    assert "stderr" in str(failure.value)
    assert "missing" in str(failure.value)


def test_automation_inline_python_program(pulumi_env: PulumiEnv) -> None:
    def program() -> None:
        config = pulumi.Config()
        pulumi.export("answer", 42)
        pulumi.export("greeting", config.require("greeting"))
        pulumi.export("hidden", config.require_secret("hidden"))

    stack = pulumi_env.automation_stack(
        "smoke-auto",
        "dev",
        program,
        config={"smoke-auto:greeting": "hello from python"},
        secret_config={"smoke-auto:hidden": "s3cret"},
    )
    assert Path(stack.workspace.pulumi_command.command) == pulumi_env.pulumi

    result = stack.up()
    assert result.summary.result == "succeeded"
    assert result.outputs["answer"].value == 42
    assert result.outputs["greeting"].value == "hello from python"
    assert result.outputs["hidden"].value == "s3cret"
    assert result.outputs["hidden"].secret

    state = (pulumi_env.backend_dir / ".pulumi" / "stacks" / "smoke-auto" / "dev.json").read_text()
    assert "s3cret" not in state

    stack.destroy()
    assert stack.outputs() == {}


def test_program_file_runs_as_inline_program(pulumi_env: PulumiEnv, tmp_path: Path) -> None:
    project = tmp_path / "smoke-file"
    project.mkdir()
    (project / "helper.py").write_text("VALUE = 'from a sibling module'\n")
    (project / "__main__.py").write_text(
        "import pulumi\nimport helper\n\npulumi.export('value', helper.VALUE)\n"
    )
    stack = pulumi_env.automation_stack("smoke-file", "dev", program_from_file(project))
    assert stack.up().outputs["value"].value == "from a sibling module"
    stack.destroy()
