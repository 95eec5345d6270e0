"""Request validation: JSON parsing, schema errors as ``path: rule`` messages, path IDs."""

from __future__ import annotations

import json
import re
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from .config import RESOURCE_ID_RE
from .errors import ApiError

M = TypeVar("M", bound=BaseModel)

_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_MESSAGES = 10
MAX_DEPTH = 32
"""No contract schema nests deeper than 4; deeper bodies are refused before validation."""


def bad_request(message: str) -> NoReturn:
    """Raise a 400 with the given message."""
    raise ApiError(400, message)


def check_id(param: str, value: str) -> str:
    """Validate a path parameter against ResourceId; 400 naming the parameter if not."""
    if not RESOURCE_ID_RE.fullmatch(value):
        bad_request(f"{param}: must match ^[A-Z0-9]+$ and hold 1 to 20 characters")
    return value


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def parse_json_object(body: bytes) -> dict[str, Any]:
    """Parse a request body that must be one JSON object (strict JSON: no NaN/Infinity)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        bad_request("request body: must be UTF-8 encoded JSON")
    if not text.strip():
        bad_request("request body: a JSON object is required")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        bad_request(
            f"request body: malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        )
    except (ValueError, RecursionError) as exc:
        bad_request(f"request body: malformed JSON ({exc})")
    if not isinstance(value, dict):
        bad_request("request body: must be a JSON object")
    if _depth(value) > MAX_DEPTH:
        bad_request(f"request body: nested deeper than {MAX_DEPTH} levels")
    return value


def format_path(loc: tuple[int | str, ...]) -> str:
    """``('plugins', 0, 'name')`` -> ``plugins[0].name``; odd map keys are quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _SIMPLE_KEY.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out or "request body"


def _nulls(data: Any) -> list[tuple[int | str, ...]]:
    """Locations of every JSON null, depth first (iterative: depth is bounded at parse time)."""
    found: list[tuple[int | str, ...]] = []
    stack: list[tuple[tuple[int | str, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if value is None:
            found.append(loc)
        elif isinstance(value, dict):
            stack.extend(((*loc, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(value))))
    return found


def _depth(data: Any) -> int:
    deepest = 0
    stack: list[tuple[int, Any]] = [(0, data)]
    while stack:
        depth, value = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((depth + 1, v) for v in value.values())
        elif isinstance(value, list):
            stack.extend((depth + 1, v) for v in value)
    return deepest


def _rule(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    simple = {
        "missing": "is required",
        "extra_forbidden": "unknown field",
        "float_type": "must be a number",
        "float_parsing": "must be a number",
        "finite_number": "must be a finite number",
        "int_type": "must be an integer",
        "int_from_float": "must be an integer",
        "string_type": "must be a string",
        "list_type": "must be an array",
        "dict_type": "must be an object",
        "model_type": "must be an object",
        "model_attributes_type": "must be an object",
    }
    if kind in simple:
        return simple[kind]
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"must be one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"must match {ctx.get('pattern')}"
    if kind == "string_too_short":
        return f"must hold at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"must hold at most {ctx.get('max_length')} characters"
    comparisons = {"greater_than": ">", "greater_than_equal": ">=", "less_than_equal": "<="}
    if kind in comparisons:
        limit = next(iter(ctx.values()), "")
        shown = f"{limit:g}" if isinstance(limit, float) else str(limit)
        return f"must be {comparisons[kind]} {shown}"
    return str(error.get("msg", "is invalid")).lower()


def validate_body(model: type[M], data: dict[str, Any]) -> M:
    """Validate ``data`` against ``model``; 400 listing each failure as ``path: rule``.

    No property of the contract is nullable, so a JSON ``null`` anywhere is an error.
    """
    null_locs = _nulls(data)
    messages = [f"{format_path(loc)}: must not be null" for loc in null_locs]
    try:
        result = model.model_validate(data, strict=True)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if loc not in null_locs:
                messages.append(f"{format_path(loc)}: {_rule(error)}")
    else:
        if not messages:
            return result
    bad_request("; ".join(messages[:_MAX_MESSAGES]))


def parse_limit(raw: str | None) -> int:
    """The ``limit`` query parameter: an integer 1..100, 100 when absent."""
    if raw is None:
        return 100
    if not re.fullmatch(r"[+-]?[0-9]{1,9}", raw):
        bad_request("limit: must be an integer")
    limit = int(raw)
    if not 1 <= limit <= 100:
        bad_request("limit: must be between 1 and 100")
    return limit
