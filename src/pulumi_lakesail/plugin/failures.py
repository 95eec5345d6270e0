"""Check failures as the engine prints them."""

from __future__ import annotations

import re

from pulumi.provider.experimental import provider as p

from ..resources.kinds import Failure

_TOP = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*")


def check_failure(failure: Failure) -> p.CheckFailure:
    """The engine looks ``property`` up among the top-level inputs (a nested path prints as
    "value {<nil>}"), so a nested failure names its top-level property and keeps the full path
    at the start of the reason."""
    top = _TOP.match(failure.path)
    if top is None or top.group(0) == failure.path:
        return p.CheckFailure(failure.path, failure.reason)
    return p.CheckFailure(top.group(0), f"{failure.path}: {failure.reason}")
