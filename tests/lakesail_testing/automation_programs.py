"""Build and drive the TypeScript and Go examples as Automation API inline programs.

Neither the Node.js nor the Go language host can be built here (docs/real-engine.md), so
``pulumi up`` in ``examples/typescript`` or ``examples/go`` cannot run. Each example carries a small
driver instead (``examples/typescript/e2e/driver.ts``, ``examples/go/e2e``) that runs the example's
own program function inline through its language's Automation API against the real CLI. A driver
takes the steps to run as arguments (``up``, ``preview``, ``refresh``, ``destroy``, ``outputs``) and
its settings (stack, work directory, config, secret config) as JSON on stdin, and prints one JSON
object a line per step; :class:`ProgramDriver` runs it in a :class:`PulumiEnv`'s environment, so
the CLI, ``PULUMI_HOME`` (with the installed plugin), the backend and the passphrase are the ones
every other e2e test uses.

Builds, once per test session:

* TypeScript: :func:`build_typescript_example` stages ``sdk/nodejs/bin`` (the SDK as
  ``scripts/generate-sdks check`` compiles it, plus its ``package.json``) and a copy of the example
  in the same relative layout, so the example's ``file:../../sdk/nodejs/bin`` dependency and its
  committed ``package-lock.json`` work unchanged; then ``npm ci`` and ``tsc``. The staging is
  reused while its inputs are unchanged (a digest of them), so a warm run installs nothing.
* Go: :func:`build_go_example` runs ``go build -mod=readonly`` of ``examples/go/e2e`` (the
  committed ``go.sum``; Go's build cache makes a warm build a relink).

Nothing is written into ``examples/`` or ``sdk/``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lakesail_testing.engine import PulumiEnv

__all__ = [
    "REPO",
    "BuildError",
    "DriverError",
    "ProgramDriver",
    "build_go_example",
    "build_typescript_example",
    "require_tool",
]

REPO = Path(__file__).resolve().parents[2]
GO_EXAMPLE = REPO / "examples" / "go"
TS_DRIVER = REPO / "examples" / "typescript" / "e2e" / "driver.ts"
NODE_SDK = REPO / "sdk" / "nodejs"

_TAIL_LINES = 40
# Never copied from the example: what a local `npm ci`, `tsc` or `pulumi` run leaves there.
_EXAMPLE_IGNORE = ("node_modules", "bin", "Pulumi.*.yaml", ".pulumi")


class BuildError(RuntimeError):
    """A toolchain is missing, or installing / compiling an example failed."""


class DriverError(RuntimeError):
    """A driver exited non-zero or printed no result for a step; the message holds its output."""


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    kept = text.rstrip().splitlines()[-lines:]
    return "\n".join(kept) if kept else "(empty)"


def require_tool(name: str, why: str) -> str:
    """The path of ``name`` on ``PATH``; :class:`BuildError` saying what needs it if absent."""
    found = shutil.which(name)
    if found is None:
        raise BuildError(f"`{name}` is not on PATH: {why}")
    return found


def _run(command: list[str], cwd: Path, what: str, timeout: float) -> None:
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"{what}: `{' '.join(command)}` timed out after {timeout:g}s") from exc
    if result.returncode != 0:
        raise BuildError(
            f"{what}: `{' '.join(command)}` in {cwd} exited {result.returncode}\n"
            f"--- stdout ---\n{_tail(result.stdout)}\n--- stderr ---\n{_tail(result.stderr)}"
        )


def _files(root: Path, ignore: Iterable[str] = ()) -> list[Path]:
    """Every file under ``root`` (sorted), skipping directories and files whose name matches a
    shell pattern of ``ignore`` (a skipped directory is not walked)."""
    patterns = tuple(ignore)

    def kept(name: str) -> bool:
        return not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)

    found = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [name for name in subdirs if kept(name)]
        found += [Path(directory, name) for name in names if kept(name)]
    return sorted(found)


def _digest(groups: Mapping[str, tuple[Path, list[Path]]], extra: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for label, (root, files) in sorted(groups.items()):
        for path in files:
            digest.update(f"{label}/{path.relative_to(root)}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    for item in extra:
        digest.update(item.encode() + b"\0")
    return digest.hexdigest()


def _check_node_sdk_built() -> list[Path]:
    """The files of ``sdk/nodejs/bin``; :class:`BuildError` if it is missing or older than the
    SDK's sources (regenerated since ``scripts/generate-sdks check`` compiled it)."""
    bin_dir = NODE_SDK / "bin"
    hint = "run scripts/generate-sdks check (it compiles the TypeScript SDK into sdk/nodejs/bin)"
    if not (bin_dir / "index.js").is_file():
        raise BuildError(f"{bin_dir} holds no compiled SDK: {hint}")
    sources = [
        path
        for path in _files(NODE_SDK, ("node_modules", "bin"))
        if path.suffix == ".ts" and not path.name.endswith(".d.ts")
    ]
    stale = []
    for source in sources:
        compiled = bin_dir / source.relative_to(NODE_SDK).with_suffix(".js")
        if not compiled.is_file() or compiled.stat().st_mtime < source.stat().st_mtime:
            stale.append(str(source.relative_to(REPO)))
    if stale:
        raise BuildError(f"sdk/nodejs/bin is older than {', '.join(stale[:5])}: {hint}")
    return _files(bin_dir)


def build_typescript_example(
    cache_dir: Path, *, example: str = "typescript", timeout: float = 600.0
) -> Path:
    """Stage, install (``npm ci``) and compile (``tsc``) ``examples/<example>`` under
    ``cache_dir``; return the staged example directory (its driver is ``bin/e2e/driver.js``).

    An example without a driver of its own gets examples/typescript's (``e2e/driver.ts``, which
    runs the example's ``program()``), added to its tsconfig. A staging whose inputs (example,
    driver, compiled SDK, node version) are unchanged is reused.

    :raises BuildError: node or npm is missing, the SDK is not compiled, or a step failed.
    """
    node = require_tool("node", "the TypeScript example's e2e driver runs on Node.js")
    npm = require_tool("npm", "the TypeScript example's dependencies install with npm ci")
    sdk_files = _check_node_sdk_built()
    source = REPO / "examples" / example
    example_files = _files(source, _EXAMPLE_IGNORE)
    node_version = subprocess.run(
        [node, "--version"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    key = _digest(
        {
            "example": (source, example_files),
            "driver": (TS_DRIVER.parent, [TS_DRIVER]),
            "sdk-bin": (NODE_SDK / "bin", sdk_files),
            "sdk-package": (NODE_SDK, [NODE_SDK / "package.json"]),
        },
        [node_version],
    )

    stage = cache_dir / "stage"
    staged = stage / "examples" / example
    stamp = cache_dir / "inputs.sha256"
    if stamp.is_file() and stamp.read_text() == key and (staged / "bin/e2e/driver.js").is_file():
        return staged

    shutil.rmtree(stage, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    # The layout of the repository, so that file:../../sdk/nodejs/bin resolves as in a checkout.
    sdk_bin = stage / "sdk" / "nodejs" / "bin"
    shutil.copytree(NODE_SDK / "bin", sdk_bin)
    shutil.copytree(source, staged, ignore=shutil.ignore_patterns(*_EXAMPLE_IGNORE))
    if not (staged / "e2e" / "driver.ts").is_file():
        (staged / "e2e").mkdir(exist_ok=True)
        shutil.copy(TS_DRIVER, staged / "e2e" / "driver.ts")
        tsconfig = json.loads((staged / "tsconfig.json").read_text())
        tsconfig["files"] = [*tsconfig["files"], "e2e/driver.ts"]
        (staged / "tsconfig.json").write_text(json.dumps(tsconfig, indent=4))

    _run(
        [npm, "ci", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"]
        + ["--loglevel=error"],
        staged,
        f"installing examples/{example} (npm ci of its package-lock.json)",
        timeout,
    )
    _run(
        [node, str(staged / "node_modules" / "typescript" / "bin" / "tsc"), "-p", "tsconfig.json"],
        staged,
        f"compiling examples/{example} (tsc)",
        timeout,
    )
    stamp.write_text(key)
    return staged


def build_go_example(out_dir: Path, *, timeout: float = 900.0) -> Path:
    """``go build`` the Go example's e2e driver into ``out_dir``; return the binary.

    :raises BuildError: go is missing or the build failed.
    """
    go = require_tool("go", "the Go example's e2e driver is built with go")
    binary = out_dir / "lakesail-go-example-e2e"
    _run(
        [go, "build", "-mod=readonly", "-o", str(binary), "./e2e"],
        GO_EXAMPLE,
        "building examples/go/e2e (go build -mod=readonly, the committed go.sum)",
        timeout,
    )
    return binary


@dataclass
class ProgramDriver:
    """An example's Automation API driver, bound to one stack in a :class:`PulumiEnv`.

    :param command: the driver's command line without the steps (``[node, driver.js]``).
    :param project: the project name (the example's ``Pulumi.yaml`` name).
    :param config: plain stack config, e.g. ``lakesail:endpoint``.
    :param secret_config: stack config set as secrets, e.g. ``lakesail:token``.
    """

    env: PulumiEnv
    command: list[str]
    project: str
    config: Mapping[str, str]
    secret_config: Mapping[str, str]
    stack: str = "dev"
    cwd: Path | None = None
    timeout: float = 300.0
    transcript: list[str] = field(default_factory=list)
    """Everything every run printed (stdout and stderr), for checks such as a hidden token."""

    @property
    def work_dir(self) -> Path:
        """The workspace directory: Pulumi.yaml and Pulumi.<stack>.yaml (config) live here."""
        return self.env.projects_dir / self.project

    def run(self, *steps: str) -> list[dict[str, Any]]:
        """Run ``steps`` in one driver process; return the result of each, in order.

        :raises DriverError: the driver exited non-zero, or printed no result for some step.
        """
        self.work_dir.mkdir(parents=True, exist_ok=True)
        settings = {
            "stack": self.stack,
            "project": self.project,
            "workDir": str(self.work_dir),
            "backendUrl": self.env.backend_url,
            "config": dict(self.config),
            "secretConfig": dict(self.secret_config),
        }
        argv = [*self.command, *steps]
        try:
            # The settings (with the token) go through stdin, never onto a command line.
            result = subprocess.run(
                argv,
                cwd=self.cwd or self.work_dir,
                env=self.env.full_env(),
                input=json.dumps(settings),
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise DriverError(f"`{' '.join(argv)}` timed out after {self.timeout:g}s") from exc
        self.transcript += [result.stdout, result.stderr]
        results = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        done = [r.get("step") for r in results if "error" not in r]
        if result.returncode != 0 or done != list(steps):
            errors = [r["error"] for r in results if "error" in r]
            raise DriverError(
                f"`{' '.join(argv)}` exited {result.returncode}, steps done: {done}"
                + (f", error: {errors[0]}" if errors else "")
                + f"\n--- stderr (last {_TAIL_LINES} lines) ---\n{_tail(result.stderr)}"
            )
        return results
