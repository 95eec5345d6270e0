"""The process: ready line, generated token, secrecy of tokens in output, independence."""

from __future__ import annotations

import ast
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.emulator

READY = re.compile(r"^lakesail-emulator listening on http://127\.0\.0\.1:(\d+)$")
GENERATED = re.compile(r"^lakesail-emulator generated token: (\S+)$")
PACKAGE = Path(__file__).resolve().parents[2] / "lakesail_emulator"


def run_emulator(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], Path, Path]:
    env = {k: v for k, v in os.environ.items() if k != "LAKESAIL_EMULATOR_TOKEN"}
    out, err = tmp_path / "out.log", tmp_path / "err.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lakesail_emulator", "--port", "0", "--log-level", "debug",
             "--test-controls", *args],
            stdout=stdout, stderr=stderr, env=env,
        )  # fmt: skip
    deadline = time.monotonic() + 30
    while "listening on" not in out.read_text():
        assert proc.poll() is None, err.read_text()
        assert time.monotonic() < deadline, "no ready line"
        time.sleep(0.02)
    return proc, out, err


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=15)


def exercise(url: str, token: str) -> None:
    """Requests that log: success, 401 with a wrong key, validation errors, a dropped response."""
    auth = {"Authorization": f"Bearer {token}"}
    apps = f"{url}/api/flink/v1/workspaces/DEFAULT/applications"
    assert requests.get(f"{url}/api/org/v1/me", headers=auth, timeout=5).status_code == 200
    wrong = {"Authorization": f"Bearer {token}x"}
    assert requests.get(f"{url}/api/org/v1/me", headers=wrong, timeout=5).status_code == 401
    assert requests.post(apps, headers=auth, data=token, timeout=5).status_code == 400
    assert requests.post(apps, headers=auth, json={"name": token}, timeout=5).status_code == 400
    requests.post(f"{url}/_emulator/faults", json={"dropResponse": {"count": 1}}, timeout=5)
    with pytest.raises(requests.ConnectionError):
        requests.post(apps, headers=auth, json={}, timeout=5)


def test_ready_line_is_the_only_stdout_line_and_the_given_token_never_appears(tmp_path):
    token = "given-secret-token-0123456789"
    proc, out, err = run_emulator(tmp_path, "--token", token)
    try:
        lines = out.read_text().splitlines()
        assert len(lines) == 1
        match = READY.match(lines[0])
        assert match, lines
        exercise(f"http://127.0.0.1:{match.group(1)}", token)
    finally:
        stop(proc)
    assert out.read_text().splitlines() == lines
    logs = err.read_text()
    assert "POST /api/flink/v1/workspaces/DEFAULT/applications" in logs  # access log is on
    assert token not in logs and token not in out.read_text()
    assert "Exception" not in logs and "Traceback" not in logs


def test_generated_token_is_printed_once_before_the_ready_line_and_works(tmp_path):
    proc, out, err = run_emulator(tmp_path)
    try:
        lines = out.read_text().splitlines()
        assert len(lines) == 2
        token_match, ready_match = GENERATED.match(lines[0]), READY.match(lines[1])
        assert token_match and ready_match, lines
        token = token_match.group(1)
        exercise(f"http://127.0.0.1:{ready_match.group(1)}", token)
    finally:
        stop(proc)
    everything = out.read_text() + err.read_text()
    assert everything.count(token) == 1


def test_bad_flags_fail_fast(tmp_path):
    for args in (
        ["--workspace", "lower"],
        ["--startup-seconds", "-1"],
        ["--token", "a b"],
        ["--savepoint-seconds", "-1"],
        ["--max-requests-per-second", "0"],
        ["--max-requests-per-second", "2.5"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "lakesail_emulator", "--port", "0", *args],
            capture_output=True, timeout=30,
        )  # fmt: skip
        assert result.returncode != 0
        assert b"listening" not in result.stdout


def test_emulator_never_imports_the_provider():
    for source in PACKAGE.glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("pulumi_lakesail", "pulumi")), (source, name)
