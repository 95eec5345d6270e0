"""Flink's memory sizes, compared by what they mean, not how they are written.

LakeSail takes memory sizes as bytes with optional 1024-based suffixes (``1024m`` is ``1g``,
suffixes are case-insensitive); they are not Kubernetes quantities (``1Gi`` is rejected).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ..client.patterns import MEMORY_PATTERN as _MEMORY

# The contract's pattern for ContainerResource.memory (and, by inference, ephemeralStorage).
MEMORY_PATTERN = re.compile(_MEMORY)

_MULTIPLIERS = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_bytes(text: str) -> int | None:
    """The number of bytes ``text`` means, or None when it does not match the contract's pattern."""
    if not MEMORY_PATTERN.fullmatch(text):
        return None
    suffix = text[-1].lower()
    multiplier = _MULTIPLIERS.get(suffix)
    number = text[:-1].strip() if multiplier else text
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    return int(amount * (multiplier or 1))


def canonical_size(value: Any) -> Any:
    """A comparable form of a memory size: its byte count when it parses, else the value itself."""
    if isinstance(value, str):
        parsed = parse_bytes(value)
        if parsed is not None:
            return parsed
    return value
