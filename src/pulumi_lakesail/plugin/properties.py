"""PropertyValue maps to plain Python values and back, keeping unknowns and secrets."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN as WIRE_UNKNOWN

from ..resources.values import UNKNOWN, is_unknown

Path = tuple[str | int, ...]


def to_plain(props: Mapping[str, PropertyValue]) -> tuple[dict[str, Any], set[Path]]:
    """Plain values (unknowns as core's UNKNOWN) and the paths of the values marked secret."""
    secrets: set[Path] = set()

    def convert(value: PropertyValue, path: Path) -> Any:
        if value.is_secret:
            secrets.add(path)
        inner = value.value
        if isinstance(inner, Computed) or inner == WIRE_UNKNOWN:
            return UNKNOWN
        if isinstance(inner, Mapping):
            return {k: convert(v, (*path, k)) for k, v in inner.items()}
        if isinstance(inner, (list, tuple)):
            return [convert(v, (*path, i)) for i, v in enumerate(inner)]
        return inner

    return {k: convert(v, (k,)) for k, v in props.items()}, secrets


def from_plain(
    values: Mapping[str, Any], secrets: Set[Path] = frozenset()
) -> dict[str, PropertyValue]:
    """PropertyValues for plain values; a value at (or under) a secret path stays secret.

    A secret nested inside a property (one entry of ``flinkConfiguration``) makes the whole
    top-level property secret: engines and SDKs lose values that are secret only deep inside a
    map, so the secrecy is lifted to where every one of them keeps it (value and all).
    """
    secrets = {path[:1] for path in secrets}

    def convert(value: Any, path: Path) -> PropertyValue:
        if is_unknown(value):
            # PropertyValue.computed() cannot be marshalled; the engine reads this sentinel.
            result = PropertyValue(WIRE_UNKNOWN)
        elif isinstance(value, Mapping):
            result = PropertyValue({k: convert(v, (*path, k)) for k, v in value.items()})
        elif isinstance(value, (list, tuple)):
            result = PropertyValue([convert(v, (*path, i)) for i, v in enumerate(value)])
        elif isinstance(value, bool) or value is None or isinstance(value, str):
            result = PropertyValue(value)
        elif isinstance(value, (int, float)):
            result = PropertyValue(float(value))  # PropertyValue rejects ints
        else:
            raise TypeError(f"cannot send a {type(value).__name__} to the engine")
        return result.with_secret(True) if path in secrets else result

    return {k: convert(v, (k,)) for k, v in values.items()}
