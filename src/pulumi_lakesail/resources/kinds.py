"""The declaration language: the kinds of property, properties, object types, enums, resources
and functions, from which check, diff, the API conversions and the package schema all derive.

A resource is declared once (``flink_application.py`` and its siblings), in the spirit of
pulumi-go-provider's ``infer``: its inputs and outputs with their descriptions and rules, which
of them reach the API, which replace the Pulumi resource. Nothing here performs I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .values import is_unknown

# --------------------------------------------------------------------------- failures


@dataclass(frozen=True)
class Failure:
    """One invalid input: where it is and which rule it breaks."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def key_path(parent: str, key: str | int) -> str:
    """A property path in Pulumi's syntax: ``a.b``, ``a[0]`` or ``a["key.with.dots"]``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{parent}.{key}" if parent else key
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{parent}["{escaped}"]'


def quote(value: str, limit: int = 60) -> str:
    """The value as quoted in a failure; a huge one is clipped, not echoed whole."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}... ({len(value)} characters)"


def number_text(value: float) -> str:
    """A number as the user wrote it: ``-1``, not the wire's ``-1.0``."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def type_name(value: Any) -> str:
    """How a failure names the JSON type of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class Checker:
    """Collects the failures of one check."""

    def __init__(self) -> None:
        self.failures: list[Failure] = []

    def fail(self, path: str, reason: str) -> None:
        """Record that the value at ``path`` breaks ``reason``."""
        self.failures.append(Failure(path, reason))


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """A constraint on a known string or number: ``holds(value)``, else ``text`` (with the
    value quoted after it)."""

    holds: Callable[[Any], bool]
    text: str

    @classmethod
    def pattern(cls, pattern: str, text: str) -> Rule:
        """A rule that the whole value matches ``pattern``."""
        compiled = re.compile(pattern)
        return cls(lambda v: compiled.fullmatch(v) is not None, text)


# --------------------------------------------------------------------------- kinds


class Kind:
    """The type of a property: how it is checked, compared and written in the schema."""

    def check(self, value: Any, path: str, c: Checker) -> Any:
        """Check a present, known value; return it as the state will hold it."""
        raise NotImplementedError

    def canonical(self, value: Any) -> Any:
        """A form in which values that mean the same compare equal."""
        return value

    def schema(self) -> dict[str, Any]:
        """The schema's type specification."""
        raise NotImplementedError

    def default(self) -> Any:
        """The value an omitted optional property takes (None: stays absent)."""
        return None

    def check_value(self, value: Any, path: str, c: Checker) -> Any:
        """``check``, letting unknown values through: they are checked once known."""
        return value if is_unknown(value) else self.check(value, path, c)


@dataclass(frozen=True)
class Str(Kind):
    """A string, non-empty unless ``allow_empty``, with optional rules."""

    rules: tuple[Rule, ...] = ()
    allow_empty: bool = False
    canonicalize: Callable[[Any], Any] | None = None

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if not isinstance(value, str):
            c.fail(path, f"must be a string, not {type_name(value)}")
        elif not self.allow_empty and not value.strip():
            c.fail(path, "must not be empty")
        else:
            for rule in self.rules:
                if not rule.holds(value):
                    c.fail(path, f"{rule.text}; got {quote(value)}")
                    break
        return value

    def canonical(self, value: Any) -> Any:
        return self.canonicalize(value) if self.canonicalize else value

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}


@dataclass(frozen=True)
class Num(Kind):
    """A finite number; ``positive`` demands more than zero."""

    positive: bool = False
    unit: str = "a positive number"

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            c.fail(path, f"must be a number, not {type_name(value)}")
        elif not math.isfinite(value) or (self.positive and value <= 0):
            c.fail(path, f"must be {self.unit}; got {number_text(value)}")
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "number"}


@dataclass(frozen=True)
class Bool(Kind):
    """A boolean, ``default`` when omitted."""

    default_value: bool = False

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if not isinstance(value, bool):
            c.fail(path, f"must be true or false, not {type_name(value)}")
        return value

    def default(self) -> Any:
        return self.default_value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class EnumValue:
    """One value of an enum type."""

    value: str
    description: str
    name: str | None = None


@dataclass(frozen=True)
class EnumType(Kind):
    """A string enum of the schema, referenced by its token."""

    token: str
    description: str
    values: tuple[EnumValue, ...]
    default_value: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The allowed values."""
        return tuple(v.value for v in self.values)

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if not isinstance(value, str):
            c.fail(path, f"must be one of {', '.join(self.names)}, not {type_name(value)}")
        elif value not in self.names:
            c.fail(path, f"must be one of {', '.join(self.names)}; got {quote(value)}")
        return value

    def default(self) -> Any:
        return self.default_value

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/types/{self.token}"}

    def type_spec(self) -> dict[str, Any]:
        """The entry of the schema's ``types``."""
        values = []
        for v in self.values:
            entry: dict[str, Any] = {"value": v.value}
            if v.name:
                entry["name"] = v.name
            entry["description"] = v.description
            values.append(entry)
        return {"type": "string", "description": self.description, "enum": values}


@dataclass(frozen=True)
class ListOf(Kind):
    """A list of ``item``; omitted means empty."""

    item: Kind

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if not isinstance(value, list):
            c.fail(path, f"must be a list, not {type_name(value)}")
            return []
        return [self.item.check_value(v, key_path(path, i), c) for i, v in enumerate(value)]

    def canonical(self, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [v if is_unknown(v) else self.item.canonical(v) for v in value]

    def default(self) -> Any:
        return []

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema()}


@dataclass(frozen=True)
class StringMap(Kind):
    """A map of non-empty string keys to string values; omitted means empty."""

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if not isinstance(value, dict):
            c.fail(path, f"must be a map of strings to strings, not {type_name(value)}")
            return {}
        for key, item in value.items():
            item_path = key_path(path, str(key))
            if not str(key).strip():
                c.fail(item_path, "keys must not be empty")
            if not is_unknown(item) and not isinstance(item, str):
                c.fail(
                    item_path,
                    f"must be a string, not {type_name(item)}; quote numbers and booleans, "
                    'for example "2" or "true"',
                )
        return dict(value)

    def default(self) -> Any:
        return {}

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"type": "string"}}


@dataclass(frozen=True)
class Ref(Kind):
    """An object of a declared object type; ``empty_default`` makes an omitted one ``{}``."""

    type: ObjectType
    empty_default: bool = True

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if not isinstance(value, dict):
            fields = ", ".join(p.name for p in self.type.properties)
            c.fail(path, f"must be an object with {fields}, not {type_name(value)}")
            return self.default()
        return check_properties(self.type.properties, value, path, c)

    def canonical(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return canonical_properties(self.type.properties, value)

    def default(self) -> Any:
        if not self.empty_default:
            return None
        return {
            p.name: p.kind.default() for p in self.type.properties if p.kind.default() is not None
        }

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/types/{self.type.token}"}


# --------------------------------------------------------------------------- properties


@dataclass(frozen=True)
class Prop:
    """One property of a resource, a function or an object type.

    ``api``: sent to and read from the LakeSail API (False: provider-side only).
    ``replaces``: a change replaces the Pulumi resource (otherwise the object is redeployed).
    ``output``: the kind it has as an output when that differs (``job`` gains Flink's IDs).
    """

    name: str
    kind: Kind
    description: str
    required: bool = False
    api: bool = True
    replaces: bool = False
    secret: bool = False
    output: Kind | None = None
    output_description: str = ""
    required_text: str = ""

    def schema(self, *, as_output: bool = False) -> dict[str, Any]:
        """The property's schema specification."""
        kind = self.output if as_output and self.output is not None else self.kind
        description = (as_output and self.output_description) or self.description
        spec = {**kind.schema(), "description": description}
        if self.secret:
            spec["secret"] = True
        return spec


@dataclass(frozen=True)
class ObjectType:
    """An object type of the schema, referenced by its token."""

    token: str
    description: str
    properties: tuple[Prop, ...]

    def type_spec(self) -> dict[str, Any]:
        """The entry of the schema's ``types``."""
        spec: dict[str, Any] = {
            "type": "object",
            "description": self.description,
            "properties": {p.name: p.schema() for p in self.properties},
        }
        required = [p.name for p in self.properties if p.required]
        if required:
            spec["required"] = required
        return spec

    @property
    def names(self) -> tuple[str, ...]:
        """The property names, in declaration order."""
        return tuple(p.name for p in self.properties)


def check_properties(
    props: tuple[Prop, ...], raw: Mapping[str, Any], path: str, c: Checker
) -> dict[str, Any]:
    """Check ``raw`` against ``props``: unknown keys, required ones, kinds and rules; fill the
    defaults of omitted optional properties."""
    allowed = [p.name for p in props]
    for key in raw:
        if key not in allowed:
            c.fail(key_path(path, key), f"unknown property; expected one of {', '.join(allowed)}")
    out: dict[str, Any] = {}
    for prop in props:
        value = raw.get(prop.name)
        prop_path = key_path(path, prop.name)
        if value is None:
            if prop.required:
                c.fail(
                    prop_path,
                    "is required" + (f": {prop.required_text}" if prop.required_text else ""),
                )
                continue
            default = prop.kind.default()
            if default is not None:
                out[prop.name] = default
            continue
        out[prop.name] = prop.kind.check_value(value, prop_path, c)
    return out


def canonical_properties(props: tuple[Prop, ...], value: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical form of an object: only declared, present properties, each canonical, with
    the defaults of omitted ones (so an omitted list equals an empty one)."""
    out: dict[str, Any] = {}
    for prop in props:
        item = value.get(prop.name)
        if item is None:
            item = prop.kind.default()
            if item is None:
                continue
        out[prop.name] = item if is_unknown(item) else prop.kind.canonical(item)
    return out


# --------------------------------------------------------------------------- resources, functions


@dataclass(frozen=True)
class Resource:
    """A resource type: its inputs, its computed outputs, and the rules across inputs."""

    token: str
    description: str
    inputs: tuple[Prop, ...]
    computed: tuple[Prop, ...]
    cross_checks: tuple[Callable[[dict[str, Any], Checker], None], ...] = ()

    @property
    def input_names(self) -> tuple[str, ...]:
        """The input property names, in declaration order."""
        return tuple(p.name for p in self.inputs)

    @property
    def api_inputs(self) -> tuple[Prop, ...]:
        """The inputs the API takes (its spec), without the provider-side ones."""
        return tuple(p for p in self.inputs if p.api)

    def input(self, name: str) -> Prop:
        """The input named ``name``."""
        return next(p for p in self.inputs if p.name == name)

    def outputs(self) -> tuple[Prop, ...]:
        """Every output: each input (in its output kind), then the computed ones."""
        return (*self.inputs, *self.computed)

    def resource_spec(self) -> dict[str, Any]:
        """The entry of the schema's ``resources``."""
        outputs = {p.name: p.schema(as_output=True) for p in self.outputs()}
        return {
            "description": self.description,
            "inputProperties": {p.name: p.schema() for p in self.inputs},
            "requiredInputs": [p.name for p in self.inputs if p.required and p.name != "workspace"],
            "properties": outputs,
            "required": sorted(outputs),
        }


@dataclass(frozen=True)
class Function:
    """A function (invoke): its arguments and its result."""

    token: str
    description: str
    inputs: tuple[Prop, ...]
    outputs: tuple[Prop, ...]
    required_outputs: tuple[str, ...] | None = None
    cross_checks: tuple[Callable[[dict[str, Any], Checker], None], ...] = field(default=())

    def function_spec(self) -> dict[str, Any]:
        """The entry of the schema's ``functions``."""
        outputs = {p.name: p.schema(as_output=True) for p in self.outputs}
        required = self.required_outputs if self.required_outputs is not None else sorted(outputs)
        spec: dict[str, Any] = {
            "description": self.description,
            "inputs": {"properties": {p.name: p.schema() for p in self.inputs}},
            "outputs": {"properties": outputs, "required": list(required)},
        }
        required_inputs = [p.name for p in self.inputs if p.required]
        if required_inputs:
            spec["inputs"]["required"] = required_inputs
        return spec
