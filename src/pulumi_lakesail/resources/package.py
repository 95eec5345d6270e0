"""The ``lakesail`` package: every declaration gathered into the Pulumi package schema.

``python -m pulumi_lakesail.resources.package > schema.json`` (``make generate``) writes it; a
unit test fails when the committed file differs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from ..client.version import __version__
from . import flink_application, flink_session, flink_session_job
from .binding import Binding
from .config import KEYS, PROVIDER_OUTPUTS
from .kinds import EnumType, Function, Kind, ListOf, ObjectType, Prop, Ref, Resource
from .lookups import Lookup

NAME = "lakesail"

BINDINGS: tuple[Binding, ...] = (
    flink_application.BINDING,
    flink_session.BINDING,
    flink_session_job.BINDING,
)
"""Every resource, with its binding to the API."""
LOOKUPS: tuple[Lookup, ...] = (
    flink_application.GET,
    flink_application.LIST,
    flink_application.SAVEPOINTS,
    flink_application.URL,
    flink_session.GET,
    flink_session.LIST,
    flink_session.URL,
    flink_session_job.GET,
    flink_session_job.LIST,
    flink_session_job.SAVEPOINTS,
)
"""Every function, with the operation it runs."""
RESOURCES: tuple[Resource, ...] = tuple(b.resource for b in BINDINGS)
FUNCTIONS: tuple[Function, ...] = tuple(lookup.function for lookup in LOOKUPS)
EXTRA_TYPES: tuple[ObjectType | EnumType, ...] = (
    flink_application.SUMMARY,
    flink_session.SUMMARY,
    flink_session_job.SUMMARY,
)
"""Types no property references but SDK users name."""


def _kinds(props: tuple[Prop, ...]) -> Iterator[Kind]:
    for prop in props:
        yield prop.kind
        if prop.output is not None:
            yield prop.output


def _types_in(kind: Kind) -> Iterator[ObjectType | EnumType]:
    if isinstance(kind, EnumType):
        yield kind
    elif isinstance(kind, ListOf):
        yield from _types_in(kind.item)
    elif isinstance(kind, Ref):
        yield kind.type
        for inner in _kinds(kind.type.properties):
            yield from _types_in(inner)


def all_types() -> dict[str, ObjectType | EnumType]:
    """Every type the package's declarations reference, by token."""
    found: dict[str, ObjectType | EnumType] = {}
    props: list[Prop] = []
    for resource in RESOURCES:
        props.extend(resource.outputs())
    for function in FUNCTIONS:
        props.extend((*function.inputs, *function.outputs))
    roots: list[ObjectType | EnumType] = list(EXTRA_TYPES)
    for kind in _kinds(tuple(props)):
        roots.extend(_types_in(kind))
    for root in roots:
        for t in (root, *(_types_in(Ref(root)) if isinstance(root, ObjectType) else ())):
            found.setdefault(t.token, t)
    return dict(sorted(found.items()))


def build_schema() -> dict[str, Any]:
    """The package schema, as a dict ready for json.dumps."""
    config = {key.name: key.prop.schema() for key in KEYS}
    return {
        "name": NAME,
        "displayName": "LakeSail",
        "version": __version__,
        "description": "Manage Apache Flink applications on the LakeSail platform.",
        "keywords": ["pulumi", "lakesail", "flink", "category/infrastructure", "kind/native"],
        "homepage": "https://docs.lakesail.com",
        "license": "Apache-2.0",
        "repository": "https://github.com/lakesail/pulumi-lakesail",
        "publisher": "LakeSail",
        "meta": {"moduleFormat": "(.*)"},
        "config": {"variables": config},
        "provider": {
            "description": "The LakeSail provider: where the API is and how to authenticate.",
            "inputProperties": config,
            "properties": {k: v for k, v in config.items() if k in PROVIDER_OUTPUTS},
        },
        "types": {token: t.type_spec() for token, t in all_types().items()},
        "resources": {r.token: r.resource_spec() for r in RESOURCES},
        "functions": {f.token: f.function_spec() for f in FUNCTIONS},
        "language": {
            "python": {
                "packageName": "pulumi_lakesail",
                "requires": {"pulumi": ">=3.272.0,<4.0.0"},
                "pyproject": {"enabled": True},
                "respectSchemaVersion": True,
            },
            "nodejs": {
                "packageName": "@lakesail/pulumi",
                "packageDescription": "Pulumi provider for Apache Flink on LakeSail.",
                "dependencies": {"@pulumi/pulumi": "^3.269.0"},
                # tsc 7 is on npm, but @pulumi/pulumi accepts typescript >=3.8.3 <7.
                "typescriptVersion": "5.9.3",
                "respectSchemaVersion": True,
            },
            "go": {
                "importBasePath": "github.com/lakesail/pulumi-lakesail/sdk/go/lakesail",
                "generateResourceContainerTypes": True,
                "respectSchemaVersion": True,
            },
        },
    }


def schema_json() -> str:
    """The schema as committed in schema.json."""
    return json.dumps(build_schema(), indent=2) + "\n"


if __name__ == "__main__":
    sys.stdout.write(schema_json())
