"""Run the real Pulumi engine offline: the harness behind the e2e tests, the examples and the demo.

The CLI is built from Go modules by ``scripts/install-pulumi`` into ``<repo>/.tools/bin``
(see ``docs/real-engine.md``). :class:`PulumiEnv` gives every run a private ``PULUMI_HOME``, a
``file://`` state backend and a fixed passphrase in a temporary directory, so nothing touches the
user's own Pulumi setup or the network:

.. code-block:: python

    with PulumiEnv(extra_env={"LAKESAIL_ENDPOINT": url, "LAKESAIL_TOKEN": token}) as env:
        env.new_stack(project_dir, "dev")
        env.run(["up", "--yes", "--stack", "dev"], cwd=project_dir)
        print(env.stack_outputs(project_dir, "dev"))

The provider plugin reaches the engine as Pulumi users install it: every :class:`PulumiEnv`
builds the plugin archive with ``scripts/package-plugin`` (what ``make plugin`` runs, recording
the running interpreter) and runs ``pulumi plugin install resource lakesail <version> --file
<archive>`` into its ``PULUMI_HOME``. The engine prefers a ``pulumi-resource-lakesail`` found on
``PATH`` over an installed plugin (and warns ``using pulumi-resource-lakesail from $PATH``), so
the directories holding one (the venv's ``bin`` that ``make`` puts on ``PATH``) are dropped from
the commands' ``PATH``.

YAML programs run through the ``pulumi`` command. Python programs run through the Automation API's
inline programs (:meth:`PulumiEnv.automation_stack`), because the Python language host
(``pulumi-language-python``) cannot be built here.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from pulumi import automation as auto

__all__ = [
    "PINNED_PULUMI_VERSION",
    "PLUGIN_EXECUTABLE",
    "TEST_PASSPHRASE",
    "TOOLS_ENV_VAR",
    "PulumiCommandError",
    "PulumiEnv",
    "build_plugin_archive",
    "find_pulumi_tools",
    "find_repo_tools",
    "plugin_version",
    "program_from_file",
    "pulumi_version",
    "without_plugin_dirs",
]

PINNED_PULUMI_VERSION = "v3.274.1"
"""The CLI version that ``tools/pulumi/go.mod`` pins and ``scripts/install-pulumi`` builds."""

TEST_PASSPHRASE = "lakesail-test-passphrase"
"""Passphrase of the throw-away secrets manager of every stack a :class:`PulumiEnv` creates."""

TOOLS_ENV_VAR = "LAKESAIL_PULUMI_TOOLS"
"""Environment variable naming a directory that holds ``pulumi``; it wins over every other place."""

PLUGIN_EXECUTABLE = "pulumi-resource-lakesail"
"""The provider plugin's executable, as the engine looks it up (on ``PATH``, in ``PULUMI_HOME``)."""

_PACKAGE_PLUGIN = Path(__file__).resolve().parents[2] / "scripts" / "package-plugin"

_TAIL_LINES = 40

# Settings of the user's own environment that would point the CLI somewhere else.
_DROPPED_ENV = ("PULUMI_CONFIG_PASSPHRASE_FILE", "PULUMI_ACCESS_TOKEN", "PULUMI_API")


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_repo_tools(start: Path | None = None) -> Path | None:
    """Return ``<repo>/.tools/bin`` if it holds ``pulumi``, walking up from ``start``.

    Without ``start``, walks up from this file (an editable install lives in the checkout) and
    then from the current directory.
    """
    starts = [start] if start is not None else [Path(__file__).resolve().parent, Path.cwd()]
    for origin in starts:
        for directory in (origin, *origin.parents):
            candidate = directory / ".tools" / "bin"
            if _is_executable(candidate / "pulumi"):
                return candidate
    return None


def find_pulumi_tools() -> Path | None:
    """Return the directory holding the ``pulumi`` CLI to run, or ``None`` if there is none.

    Searched in order: the directory named by ``$LAKESAIL_PULUMI_TOOLS`` (when set, it is the only
    place looked at), the repository's ``.tools/bin`` (built by ``scripts/install-pulumi``), then
    the directory of ``pulumi`` on ``PATH`` (an ordinary Pulumi install).
    """
    configured = os.environ.get(TOOLS_ENV_VAR)
    if configured:
        directory = Path(configured).expanduser().resolve()
        return directory if _is_executable(directory / "pulumi") else None
    repo_tools = find_repo_tools()
    if repo_tools is not None:
        return repo_tools
    on_path = shutil.which("pulumi")
    return Path(on_path).resolve().parent if on_path else None


def pulumi_version(tools_dir: Path) -> str:
    """Return what ``pulumi version`` prints for the CLI in ``tools_dir`` (``v3.274.1``)."""
    result = subprocess.run(
        [str(tools_dir / "pulumi"), "version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
    )
    return result.stdout.strip()


@functools.cache
def _package_plugin() -> ModuleType:
    """``scripts/package-plugin`` (a script without ``.py``) loaded as a module."""
    if not _PACKAGE_PLUGIN.is_file():
        raise FileNotFoundError(f"{_PACKAGE_PLUGIN} not found: PulumiEnv runs from a checkout")
    loader = importlib.machinery.SourceFileLoader("lakesail_package_plugin", str(_PACKAGE_PLUGIN))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@functools.cache
def _check_python(python: str) -> None:
    _package_plugin().check_python(python)  # once per interpreter and process: it takes a second


def plugin_version() -> str:
    """The plugin's version, as ``make plugin`` reads it: pyproject.toml's ``version``."""
    version: str = _package_plugin().read_version()
    return version


def build_plugin_archive(out_dir: Path, python: str | None = None) -> Path:
    """Build the plugin archive into ``out_dir`` exactly as ``make plugin`` does; return its path.

    Its launcher records ``python`` (default: the running interpreter, ``sys.executable``),
    which must have pulumi-lakesail installed.
    """
    interpreter = python or sys.executable
    _check_python(interpreter)
    archive: Path = _package_plugin().build(out_dir, interpreter, check=False)
    return archive


def without_plugin_dirs(path: str) -> str:
    """``path`` (a ``PATH`` value) without the directories holding ``pulumi-resource-lakesail``.

    The engine runs a plugin found on ``PATH`` in preference to the installed one, with a
    warning. ``PULUMI_IGNORE_AMBIENT_PLUGINS=true`` would also turn that lookup off, but for
    every plugin and every later ``PATH`` change, which would hide a wrapper a caller puts first
    on ``PATH`` on purpose (``benchmarks/engine.py`` does).
    """
    kept = [
        entry
        for entry in path.split(os.pathsep)
        if not (entry and _is_executable(Path(entry) / PLUGIN_EXECUTABLE))
    ]
    return os.pathsep.join(kept)


def program_from_file(program: Path) -> Callable[[], None]:
    """An inline program that runs a Python Pulumi program as ``pulumi up`` would run it.

    ``program`` is a project directory (its ``__main__.py`` runs with the directory first on
    ``sys.path``) or a single file. It runs in the caller's process and working directory, so
    paths the program opens are relative to the caller's directory, not the project's.
    """
    target = str(program)

    def run() -> None:
        runpy.run_path(target, run_name="__main__")

    return run


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    kept = text.rstrip().splitlines()[-lines:]
    return "\n".join(kept) if kept else "(empty)"


class PulumiCommandError(RuntimeError):
    """A ``pulumi`` command exited non-zero or timed out; the message holds its output's tail."""

    def __init__(
        self,
        args: list[str],
        returncode: int | None,
        stdout: str,
        stderr: str,
        *,
        timeout: float | None = None,
    ) -> None:
        self.args_run = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        what = f"timed out after {timeout:g}s" if timeout is not None else f"exited {returncode}"
        super().__init__(
            f"`pulumi {' '.join(args)}` {what}\n"
            f"--- stdout (last {_TAIL_LINES} lines) ---\n{_tail(stdout)}\n"
            f"--- stderr (last {_TAIL_LINES} lines) ---\n{_tail(stderr)}"
        )


class PulumiEnv:
    """A private, offline Pulumi environment in a temporary directory (a context manager).

    It holds ``PULUMI_HOME``, a ``file://`` state backend, and the directories of the inline
    programs' workspaces; leaving the ``with`` block (or :meth:`close`) deletes it all.

    :param tools_dir: directory holding ``pulumi``; default :func:`find_pulumi_tools`.
    :param extra_env: more variables for every command, e.g. ``LAKESAIL_ENDPOINT``.
    :param keep: keep the temporary directory on close (for debugging a failed run).
    :param install_plugin: install the provider plugin into ``PULUMI_HOME`` (``pulumi plugin
        install resource lakesail <version> --file <archive>``); the archive is built in the
        temporary directory by ``scripts/package-plugin`` unless ``plugin_archive`` names one
        (e.g. ``dist/`` of ``make plugin``).
    :raises FileNotFoundError: no ``pulumi`` CLI was found.
    """

    def __init__(
        self,
        tools_dir: Path | None = None,
        extra_env: Mapping[str, str] | None = None,
        *,
        keep: bool = False,
        install_plugin: bool = True,
        plugin_archive: Path | None = None,
    ) -> None:
        found = tools_dir if tools_dir is not None else find_pulumi_tools()
        if found is None or not _is_executable(found / "pulumi"):
            raise FileNotFoundError(
                "pulumi CLI not built: run make install (scripts/install-pulumi)"
                if found is None
                else f"no executable pulumi in {found}"
            )
        self.tools_dir: Path = found.resolve()
        self.pulumi: Path = self.tools_dir / "pulumi"
        self.root: Path = Path(tempfile.mkdtemp(prefix="lakesail-pulumi-"))
        self.home: Path = self.root / "home"
        self.backend_dir: Path = self.root / "state"
        self.projects_dir: Path = self.root / "projects"
        for directory in (self.home, self.backend_dir, self.projects_dir):
            directory.mkdir()
        self.backend_url: str = self.backend_dir.as_uri()
        self.keep = keep
        # No PATH entry may hold pulumi-resource-lakesail: the engine would run that one, not
        # the installed plugin (see without_plugin_dirs).
        path = os.pathsep.join(
            [str(self.tools_dir), without_plugin_dirs(os.environ.get("PATH", os.defpath))]
        )
        self.env: dict[str, str] = {
            "PULUMI_HOME": str(self.home),
            "PULUMI_BACKEND_URL": self.backend_url,
            "PULUMI_CONFIG_PASSPHRASE": TEST_PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SUPPRESS_NEO_LINK": "true",
            # The dynamic-provider shim (pulumi-resource-pulumi-python) runs this interpreter.
            "PULUMI_PYTHON_CMD": sys.executable,
            "PATH": path,
        }
        self.env.update(extra_env or {})
        self._closed = False
        self.plugin_version: str | None = None
        """The version of the installed provider plugin (``None``: not installed)."""
        self.plugin_archive: Path | None = None
        """The archive it was installed from."""
        if install_plugin:
            try:
                self.install_plugin(plugin_archive)
            except BaseException:
                self.close()
                raise

    # -- lifetime -------------------------------------------------------------------------------

    def __enter__(self) -> PulumiEnv:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Delete the temporary directory (state, home, workspaces) unless ``keep`` was set."""
        if self._closed:
            return
        self._closed = True
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- the provider plugin --------------------------------------------------------------------

    def install_plugin(self, archive: Path | None = None) -> Path:
        """``pulumi plugin install resource lakesail <version> --file <archive>`` into this
        environment's ``PULUMI_HOME``; return the installed ``pulumi-resource-lakesail``.

        Without ``archive``, one is built into the temporary directory (as ``make plugin`` does).
        """
        version = plugin_version()
        if archive is None:
            archive = build_plugin_archive(self.root / "dist")
        self.run(
            ["plugin", "install", "resource", "lakesail", version, "--file", str(archive)],
            cwd=self.root,
            timeout=120,
        )
        installed = self.home / "plugins" / f"resource-lakesail-v{version}" / PLUGIN_EXECUTABLE
        if not _is_executable(installed):
            raise FileNotFoundError(f"`pulumi plugin install` left no executable {installed}")
        self.plugin_version, self.plugin_archive = version, archive
        return installed

    # -- the pulumi command ---------------------------------------------------------------------

    def full_env(self) -> dict[str, str]:
        """The complete environment of a command: the caller's, minus stray Pulumi logins, plus
        :attr:`env`."""
        base = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
        return {**base, **self.env}

    def run(
        self,
        args: list[str],
        cwd: Path,
        check: bool = True,
        stream: bool = False,
        *,
        timeout: float | None = 600.0,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``pulumi --non-interactive <args>`` in ``cwd`` with this environment.

        Output is captured; with ``stream=True`` it is also copied line by line to ``sys.stdout``
        as it comes (stderr merged into stdout, so the returned ``stderr`` is empty).

        :raises PulumiCommandError: the command exited non-zero (when ``check``) or timed out.
        """
        argv = list(args)
        if "--non-interactive" not in argv:
            argv.insert(0, "--non-interactive")
        command = [str(self.pulumi), *argv]
        if stream:
            result = self._run_streaming(command, cwd, timeout, input)
        else:
            try:
                # No input: stdin is /dev/null, so nothing can ever wait for a keyboard.
                result = subprocess.run(
                    command,
                    cwd=cwd,
                    env=self.full_env(),
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=False,
                    input=input,
                    stdin=subprocess.DEVNULL if input is None else None,
                )
            except subprocess.TimeoutExpired as exc:
                raise PulumiCommandError(
                    argv, None, _text(exc.stdout), _text(exc.stderr), timeout=timeout
                ) from exc
        if check and result.returncode != 0:
            raise PulumiCommandError(argv, result.returncode, result.stdout, result.stderr)
        return result

    def _run_streaming(
        self, command: list[str], cwd: Path, timeout: float | None, input: str | None
    ) -> subprocess.CompletedProcess[str]:
        lines: list[str] = []
        with subprocess.Popen(
            command,
            cwd=cwd,
            env=self.full_env(),
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        ) as process:
            if input is not None and process.stdin is not None:
                process.stdin.write(input)
                process.stdin.close()
            assert process.stdout is not None
            for line in process.stdout:
                lines.append(line)
                sys.stdout.write(line)
                sys.stdout.flush()
            try:
                returncode = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                process.kill()
                raise PulumiCommandError(
                    command[1:], None, "".join(lines), "", timeout=timeout
                ) from exc
        return subprocess.CompletedProcess(command, returncode, "".join(lines), "")

    def new_stack(self, project_dir: Path, stack: str) -> None:
        """Create stack ``stack`` of the project in ``project_dir`` (select it if it exists)."""
        self.run(["stack", "select", "--create", stack], cwd=project_dir)

    def set_config(
        self,
        project_dir: Path,
        stack: str,
        values: Mapping[str, str],
        *,
        secret: Iterable[str] = (),
    ) -> None:
        """Set stack config ``key: value`` pairs; keys in ``secret`` are stored as secrets."""
        secret_keys = set(secret)
        for key, value in values.items():
            args = ["config", "set", "--stack", stack, key]
            args.append("--secret" if key in secret_keys else "--plaintext")
            # The value goes through stdin so that secrets never show in a process listing.
            self.run(args, cwd=project_dir, input=value)

    def stack_outputs(self, project_dir: Path, stack: str) -> dict[str, Any]:
        """Return the stack's outputs, secrets in plain text (``pulumi stack output --json``)."""
        result = self.run(
            ["stack", "output", "--json", "--show-secrets", "--stack", stack], cwd=project_dir
        )
        outputs: dict[str, Any] = json.loads(result.stdout or "{}")
        return outputs

    # -- the Automation API (Python programs) ---------------------------------------------------

    def pulumi_command(self) -> auto.PulumiCommand:
        """An Automation API handle on this environment's ``pulumi`` (not the one on PATH)."""
        if self.tools_dir.name == "bin":
            root = self.tools_dir.parent
        else:  # PulumiCommand wants <root>/bin/pulumi: give it one.
            root = self.root / "cli"
            (root / "bin").mkdir(parents=True, exist_ok=True)
            link = root / "bin" / "pulumi"
            if not link.exists():
                link.symlink_to(self.pulumi)
        return auto.PulumiCommand(root=str(root))

    def workspace_options(
        self,
        project_name: str,
        *,
        runtime: str = "python",
        work_dir: Path | None = None,
    ) -> auto.LocalWorkspaceOptions:
        """``LocalWorkspaceOptions`` for a project whose state lives in this environment.

        The workspace directory defaults to ``<tmp>/projects/<project_name>``.
        """
        directory = work_dir if work_dir is not None else self.projects_dir / project_name
        directory.mkdir(parents=True, exist_ok=True)
        return auto.LocalWorkspaceOptions(
            work_dir=str(directory),
            pulumi_home=str(self.home),
            env_vars=dict(self.env),
            secrets_provider="passphrase",
            project_settings=auto.ProjectSettings(
                name=project_name,
                runtime=runtime,
                backend=auto.ProjectBackend(url=self.backend_url),
            ),
            pulumi_command=self.pulumi_command(),
        )

    def automation_stack(
        self,
        project_name: str,
        stack_name: str,
        program: Callable[[], None],
        config: Mapping[str, str] | None = None,
        secret_config: Mapping[str, str] | None = None,
    ) -> auto.Stack:
        """Create (or select) a stack running the inline Python ``program`` through our CLI.

        ``config`` and ``secret_config`` are set on the stack (``lakesail:endpoint`` etc.).
        """
        stack = auto.create_or_select_stack(
            stack_name,
            project_name=project_name,
            program=program,
            opts=self.workspace_options(project_name),
        )
        values: dict[str, auto.ConfigValue] = {
            key: auto.ConfigValue(value=value) for key, value in (config or {}).items()
        }
        values.update(
            {
                key: auto.ConfigValue(value=value, secret=True)
                for key, value in (secret_config or {}).items()
            }
        )
        if values:
            stack.set_all_config(values)
        return stack


def _text(output: str | bytes | None) -> str:
    if output is None:
        return ""
    return output.decode(errors="replace") if isinstance(output, bytes) else output
