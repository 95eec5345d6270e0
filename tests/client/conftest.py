"""Fixtures of the client layer: one real emulator process per test module, clients bound to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from client_support import FAST_RETRY
from lakesail_testing.emulator import EmulatorProcess

from pulumi_lakesail.client import LakeSailClient


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(startup_seconds=0, delete_seconds=0) as process:
        yield process


@pytest.fixture
def make_client(emulator: EmulatorProcess) -> Iterator[Callable[..., LakeSailClient]]:
    """Build clients against the emulator (bootstrap token unless told otherwise); all closed."""
    emulator.clear_faults()
    emulator.reset_stats()
    made: list[LakeSailClient] = []

    def make(**kwargs: Any) -> LakeSailClient:
        kwargs.setdefault("token", emulator.token)
        kwargs.setdefault("retry", FAST_RETRY)
        client = LakeSailClient(emulator.url, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
    emulator.clear_faults()


@pytest.fixture
def client(make_client: Callable[..., LakeSailClient]) -> LakeSailClient:
    return make_client()


@pytest.fixture
def ws(emulator: EmulatorProcess) -> str:
    return emulator.workspace
