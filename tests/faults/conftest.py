"""Fixtures of the fault layer: emulator + plugin environments, started once per module."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from lakesail_testing.fault_harness import Env, Timing
from lakesail_testing.fault_kinds import environments


@pytest.fixture(scope="module")
def env_for() -> Iterator[Callable[[Timing], Env]]:
    """``env_for(timing)``: an emulator and a plugin configured against it, one per timing
    (savepoints complete after ``fault_kinds.SAVEPOINT_SECONDS``)."""
    with environments() as get:
        yield get
