"""Fixtures for the e2e tests: the real pulumi CLI (built by scripts/install-pulumi) run offline.

Without the CLI the e2e tests skip, except under CI (``CI=true``), where they must run and so fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_lakesail.testing.engine import TOOLS_ENV_VAR, PulumiEnv, find_pulumi_tools

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
