"""The marker for a value that is not known yet (a preview of an output of another resource)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final


class _Unknown:
    """A value the engine does not know yet; adapters translate their own sentinel to this."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


def is_unknown(value: Any) -> bool:
    """Whether ``value`` is the unknown marker."""
    return value is UNKNOWN


def contains_unknown(value: Any) -> bool:
    """Whether ``value`` is unknown or holds an unknown anywhere inside it."""
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


def replace_unknowns(value: Any, is_unknown_here: Callable[[Any], bool], replacement: Any) -> Any:
    """``value`` with every unknown (as ``is_unknown_here`` recognizes it) replaced, at any depth.

    Adapters use it to translate between their engine's unknown sentinel and core's.
    """
    if is_unknown_here(value):
        return replacement
    if isinstance(value, dict):
        return {k: replace_unknowns(v, is_unknown_here, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_unknowns(v, is_unknown_here, replacement) for v in value]
    return value
