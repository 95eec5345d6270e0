"""The engine runs the provider plugin installed the Pulumi way, never one found on PATH.

Every :class:`PulumiEnv` installs the archive of ``scripts/package-plugin`` (``make plugin``)
with ``pulumi plugin install resource lakesail <version> --file <archive>`` and keeps the
directories holding ``pulumi-resource-lakesail`` off ``PATH``. Were the venv's ``bin`` back on
``PATH``, the engine would run the console script from there and warn
``using pulumi-resource-lakesail from $PATH``: these tests fail on that warning.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lakesail_testing.engine import (
    PLUGIN_EXECUTABLE,
    PulumiEnv,
    build_plugin_archive,
    plugin_version,
)
from pulumi import automation as auto

if TYPE_CHECKING:
    from conftest import YamlProject

AMBIENT_WARNING = "from $PATH"


def assert_no_path_warning(*outputs: str) -> None:
    for output in outputs:
        assert AMBIENT_WARNING not in output, output


def test_archive_holds_the_launcher_recording_this_python(tmp_path: Path) -> None:
    archive = build_plugin_archive(tmp_path)
    assert archive.name.startswith(f"{PLUGIN_EXECUTABLE}-v{plugin_version()}-"), archive.name
    if sys.platform == "linux" and platform.machine() == "x86_64":
        assert archive.name.endswith("-linux-amd64.tar.gz"), archive.name
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        # One executable at the top: what `pulumi plugin install --file` extracts and runs.
        assert [(m.name, m.isfile(), m.mode) for m in members] == [(PLUGIN_EXECUTABLE, True, 0o755)]
        extracted = tar.extractfile(members[0])
        assert extracted is not None
        text = extracted.read().decode()
    assert f"recorded={shlex.quote(sys.executable)}\n" in text
    launcher = tmp_path / PLUGIN_EXECUTABLE
    launcher.write_text(text)
    launcher.chmod(0o755)

    # $LAKESAIL_PYTHON wins over the recorded interpreter; the engine's arguments pass through.
    fake = tmp_path / "fake-python"
    fake.write_text('#!/bin/sh\necho "fake $*"\n')
    fake.chmod(0o755)
    run = subprocess.run(
        [str(launcher), "127.0.0.1:1234"],
        env={**os.environ, "LAKESAIL_PYTHON": str(fake)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout == "fake -m pulumi_resource_lakesail 127.0.0.1:1234\n"


def test_plugin_is_installed_and_off_path(pulumi_env: PulumiEnv) -> None:
    assert pulumi_env.plugin_version == plugin_version()
    assert shutil.which(PLUGIN_EXECUTABLE, path=pulumi_env.env["PATH"]) is None
    listed = json.loads(pulumi_env.run(["plugin", "ls", "--json"], cwd=pulumi_env.root).stdout)
    assert [(p["name"], p["kind"], p["version"]) for p in listed] == [
        ("lakesail", "resource", plugin_version())
    ]


def test_yaml_preview_runs_the_installed_plugin(
    pulumi_env: PulumiEnv, yaml_example: Callable[..., YamlProject]
) -> None:
    project = yaml_example()
    # -v=6 logs where the engine found each plugin ("found in cache at ...", "found on $PATH").
    preview = project.run("preview", "--logtostderr", "-v=6")
    assert "+  lakesail:index:FlinkApplication wordcount create" in preview.stdout, preview.stdout
    assert_no_path_warning(preview.stdout, preview.stderr)
    installed = pulumi_env.home / "plugins" / f"resource-lakesail-v{plugin_version()}"
    assert f"found in cache at {installed / PLUGIN_EXECUTABLE}" in preview.stderr


def test_python_preview_has_no_path_warning(
    automation_example: Callable[[str], auto.Stack],
) -> None:
    stack = automation_example("python")
    lines: list[str] = []
    result = stack.preview(on_output=lines.append)
    assert result.change_summary.get("create", 0) >= 1, result.change_summary
    assert_no_path_warning(result.stdout, result.stderr, "\n".join(lines))
