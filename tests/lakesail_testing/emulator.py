"""Run ``lakesail-emulator`` as a real process for tests, benchmarks and the demo.

The emulator is started as ``python -m lakesail_emulator --port 0 ...``; the base URL is read
from its ready line. Output goes to log files in a private temporary directory, so a chatty
emulator can never block on a full pipe. No Pulumi import here.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import requests

READY_RE = re.compile(r"^lakesail-emulator listening on (http://\S+)$", re.MULTILINE)
TOKEN_ENV = "LAKESAIL_EMULATOR_TOKEN"
START_TIMEOUT = 30.0


class EmulatorError(RuntimeError):
    """The emulator did not start, or a control call failed."""


class EmulatorProcess:
    """One emulator process; a context manager that starts it and cleans up after it.

    The token is handed over through the ``LAKESAIL_EMULATOR_TOKEN`` environment variable
    (equivalent to ``--token``), so it appears neither in the process list nor in any output.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        workspace: str = "DEFAULT",
        startup_seconds: float = 0.0,
        delete_seconds: float = 0.0,
        db_path: Path | None = None,
        test_controls: bool = True,
        extra_args: Sequence[str] = (),
        host: str = "127.0.0.1",
    ) -> None:
        self.token: str = token or f"test_{secrets.token_urlsafe(24)}"
        self.workspace = workspace
        self.startup_seconds = startup_seconds
        self.delete_seconds = delete_seconds
        self.test_controls = test_controls
        self.extra_args = tuple(extra_args)
        self.host = host
        self.url: str = ""
        self._tmp = Path(tempfile.mkdtemp(prefix="lakesail-emulator-"))
        self.db_path: Path = db_path or self._tmp / "emulator.db"
        self._proc: subprocess.Popen[bytes] | None = None
        self._port = 0
        self._runs = 0
        self._session = requests.Session()

    # ------------------------------------------------------------ process control

    def _argv(self, port: int) -> list[str]:
        argv = [
            sys.executable,
            "-m",
            "lakesail_emulator",
            "--host",
            self.host,
            "--port",
            str(port),
            "--db",
            str(self.db_path),
            "--workspace",
            self.workspace,
            "--startup-seconds",
            str(self.startup_seconds),
            "--delete-seconds",
            str(self.delete_seconds),
        ]
        if self.test_controls:
            argv.append("--test-controls")
        return argv + list(self.extra_args)

    def _log(self, run: int, stream: str) -> Path:
        return self._tmp / f"run{run}.{stream}.log"

    def start(self) -> EmulatorProcess:
        """Start the process and wait (30 s at most) for its ready line; returns ``self``."""
        if self._proc is not None and self._proc.poll() is None:
            raise EmulatorError("the emulator is already running")
        try:
            self._launch(self._port)
        except EmulatorError:
            if not self._port:
                raise
            self._launch(0)  # the old port is taken: any free port will do
        return self

    def _launch(self, port: int) -> None:
        self._session.close()
        self._session = requests.Session()
        self._runs += 1
        out, err = self._log(self._runs, "stdout"), self._log(self._runs, "stderr")
        env = {**os.environ, TOKEN_ENV: self.token, "PYTHONUNBUFFERED": "1"}
        with out.open("wb") as stdout, err.open("wb") as stderr:
            self._proc = subprocess.Popen(
                self._argv(port), stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, env=env
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = READY_RE.search(out.read_text(errors="replace"))
            if match:
                self.url = match.group(1)
                self._port = int(self.url.rsplit(":", 1)[1])
                return
            if self._proc.poll() is not None:
                break
            time.sleep(0.02)
        self._terminate(signal.SIGKILL)
        tail = err.read_text(errors="replace")[-2000:]
        raise EmulatorError(f"lakesail-emulator did not become ready; stderr tail:\n{tail}")

    def _terminate(self, sig: signal.Signals, timeout: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def stop(self) -> None:
        """SIGTERM, then wait for the process to exit (SIGKILL after 10 s)."""
        self._session.close()
        self._terminate(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL (simulates a crash; committed data must survive)."""
        self._session.close()
        self._terminate(signal.SIGKILL)

    def restart(self, *, kill: bool = False) -> None:
        """Stop (or kill) and start again: same database, token and, if free, port."""
        if kill:
            self.kill()
        else:
            self.stop()
        self.start()

    @property
    def running(self) -> bool:
        """True while the process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def output(self) -> str:
        """Everything every run wrote to stdout and stderr so far."""
        logs = sorted(self._tmp.glob("run*.log"))
        return "".join(p.read_text(errors="replace") for p in logs)

    def __enter__(self) -> EmulatorProcess:
        try:
            return self.start()
        except BaseException:
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        shutil.rmtree(self._tmp, ignore_errors=True)

    # ------------------------------------------------------------ HTTP conveniences

    @property
    def headers(self) -> dict[str, str]:
        """``Authorization`` header for the bootstrap key."""
        return {"Authorization": f"Bearer {self.token}"}

    def control(self, method: str, path: str, json: Any = None) -> Any:
        """Call a test control (``faults`` or ``/_emulator/faults``); parsed JSON or None."""
        path = path if path.startswith("/_emulator/") else f"/_emulator/{path.lstrip('/')}"
        response = self._session.request(method, self.url + path, json=json, timeout=10)
        if response.status_code >= 400:
            raise EmulatorError(f"{method} {path}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    def stats(self) -> dict[str, Any]:
        """``GET /_emulator/stats``: every /api request since the last reset."""
        result: dict[str, Any] = self.control("GET", "stats")
        return result

    def reset_stats(self) -> None:
        """Forget the logged requests."""
        self.control("DELETE", "stats")

    def set_faults(self, **faults: Any) -> dict[str, Any]:
        """Replace the fault plan, e.g. ``set_faults(errorBurst={"count": 2, "status": 503})``."""
        result: dict[str, Any] = self.control("POST", "faults", json=faults)
        return result

    def clear_faults(self) -> None:
        """Remove every fault."""
        self.control("DELETE", "faults")

    def count(self, method: str, template: str) -> int:
        """Requests logged for ``method`` and route template (``/api/.../{ws}/applications``)."""
        counts: dict[str, int] = self.stats()["counts"]
        return counts.get(f"{method.upper()} {template}", 0)
