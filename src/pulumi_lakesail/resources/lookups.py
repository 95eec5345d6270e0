"""The functions (invokes) of every resource, declared once from its binding.

``getX`` looks one object up by its ID or its name, ``listXs`` lists a workspace's (or a
session's) objects, ``listXSavepoints`` a job's savepoints, and ``getXUrl`` a pre-signed URL of
the Flink web UI, which is a credential: its outputs are secret. Each function is a ``Lookup``:
the declaration the schema and check_args read, and the operation the core runs for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .binding import Binding
from .kinds import (
    Checker,
    EnumType,
    EnumValue,
    Function,
    Kind,
    ListOf,
    ObjectType,
    Prop,
    Ref,
    Str,
    number_text,
    type_name,
)
from .rules import API_ID
from .types import WORKSPACE

Operation = Literal["get", "list", "savepoints", "url"]


@dataclass(frozen=True)
class Lookup:
    """A function: its declaration, and which operation on which binding it runs."""

    function: Function
    operation: Operation
    binding: Binding

    @property
    def token(self) -> str:
        """The function token."""
        return self.function.token


@dataclass(frozen=True)
class WholeNumber(Kind):
    """A whole number from ``minimum`` to ``maximum``; ``default_value`` when omitted."""

    minimum: int
    maximum: int
    default_value: int

    def check(self, value: Any, path: str, c: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            c.fail(path, f"must be a whole number, not {type_name(value)}")
        elif (
            not math.isfinite(value)
            or not float(value).is_integer()
            or not self.minimum <= value <= self.maximum
        ):
            c.fail(
                path,
                f"must be a whole number from {self.minimum} to {self.maximum}; got "
                f"{number_text(value)}",
            )
        return value

    def default(self) -> Any:
        return self.default_value

    def schema(self) -> dict[str, Any]:
        return {"type": "integer"}


LOOKUP_WORKSPACE = Prop(WORKSPACE.name, WORKSPACE.kind, WORKSPACE.description)
"""A function's workspace: optional, the provider's configuration by default."""

SAVEPOINT_TRIGGER = EnumType(
    "lakesail:index:FlinkSavepointTriggerType",
    "What triggered a Flink savepoint.",
    (
        EnumValue("MANUAL", "Requested through the API (the provider's redeploys).", "Manual"),
        EnumValue("PERIODIC", "Taken on the job's periodic savepoint schedule.", "Periodic"),
        EnumValue("UPGRADE", "Taken by LakeSail for an upgrade.", "Upgrade"),
        EnumValue("UNKNOWN", "LakeSail does not say.", "Unknown"),
    ),
)

SAVEPOINT = ObjectType(
    "lakesail:index:FlinkSavepoint",
    "A savepoint of a Flink job.",
    (
        Prop(
            "location",
            Str(allow_empty=True),
            "Where the completed savepoint is (what `initialSavepointPath` takes); empty while "
            "it is pending.",
            required=True,
        ),
        Prop("triggerType", SAVEPOINT_TRIGGER, "What triggered it.", required=True),
        Prop("triggerNonce", Str(allow_empty=True), "The API's mark of a manual savepoint."),
        Prop("triggeredAt", Str(allow_empty=True), "When it was triggered (UTC)."),
    ),
)


def _name(binding: Binding) -> str:
    return binding.token.split(":")[-1]


def _computed(binding: Binding, name: str) -> Prop:
    return next(p for p in binding.resource.computed if p.name == name)


def _required(prop: Prop, description: str | None = None) -> Prop:
    return Prop(prop.name, prop.kind, description or prop.description, required=True)


def summary_type(binding: Binding) -> ObjectType:
    """The list item type: ``lakesail:index:FlinkApplicationSummary``."""
    return ObjectType(
        f"lakesail:index:{_name(binding)}Summary",
        f"A {binding.title} in a list.",
        (
            Prop(
                "id",
                Str(),
                f"The resource ID, `{binding.id_form()}` (what `pulumi import` takes).",
                required=True,
            ),
            _required(_computed(binding, binding.id_output)),
            Prop("name", Str(), f"The {binding.what} name.", required=True),
            _required(_computed(binding, "state")),
            _required(_computed(binding, "createdAt")),
            _required(_computed(binding, "updatedAt")),
        ),
    )


CrossCheck = Callable[[dict[str, Any], Checker], None]


def _either(id_arg: str, name_arg: str) -> CrossCheck:
    def rule(args: dict[str, Any], c: Checker) -> None:
        if not args.get(id_arg) and not args.get(name_arg):
            c.fail(id_arg, f"give {id_arg} or {name_arg}")

    return rule


def _keys(binding: Binding, *, own: bool) -> tuple[tuple[Prop, ...], tuple[CrossCheck, ...]]:
    """The arguments that find an object (its parent's, then its own): an ID or a name each."""
    props: list[Prop] = []
    rules: list[CrossCheck] = []
    pairs: list[tuple[Binding, str]] = []
    if binding.parent is not None:
        pairs.append((binding.parent.binding, binding.parent.input))
    if own:
        pairs.append((binding, "name"))
    for target, name_arg in pairs:
        props += [
            Prop(
                target.id_output,
                Str((API_ID,)),
                f"The {target.what} ID; give it or `{name_arg}`.",
            ),
            Prop(
                name_arg,
                Str(),
                f"The {target.what} name; give it or `{target.id_output}`.",
            ),
        ]
        rules.append(_either(target.id_output, name_arg))
    return tuple(props), tuple(rules)


def _found(binding: Binding) -> tuple[Prop, ...]:
    """The IDs of the object found, as a result's first properties."""
    ids = [binding.parent.binding, binding] if binding.parent else [binding]
    return (
        Prop("workspace", Str(), "The workspace."),
        *(_required(_computed(target, target.id_output)) for target in ids),
    )


def _lookup(
    binding: Binding,
    operation: Operation,
    token: str,
    description: str,
    outputs: tuple[Prop, ...],
    *,
    inputs: tuple[Prop, ...] = (),
    own: bool = True,
) -> Lookup:
    """A function of ``binding``'s objects: the workspace and the keys that find one (``own``:
    the object itself, else only its parent), then ``inputs``."""
    keys, rules = _keys(binding, own=own)
    function = Function(
        f"lakesail:index:{token}",
        description,
        inputs=(LOOKUP_WORKSPACE, *keys, *inputs),
        outputs=outputs,
        cross_checks=rules,
    )
    return Lookup(function, operation, binding)


def get_function(binding: Binding) -> Lookup:
    """``getX``: one object by ID or by name, with every output of the resource."""
    return _lookup(
        binding,
        "get",
        f"get{_name(binding)}",
        f"Look up one {binding.title} by `{binding.id_output}` or by `name`.",
        (
            Prop("id", Str(), f"The resource ID, `{binding.id_form()}`."),
            *binding.resource.outputs(),
        ),
    )


def list_function(binding: Binding, summary: ObjectType) -> Lookup:
    """``listXs``: every object of a workspace (of a session, for session jobs)."""
    owner = binding.parent.binding if binding.parent else None
    found = _found(owner) if owner else (Prop("workspace", Str(), "The workspace listed."),)
    return _lookup(
        binding,
        "list",
        f"list{_name(binding)}s",
        f"List every {binding.title} of a {owner.what if owner else 'workspace'}.",
        (
            *found,
            Prop("items", ListOf(Ref(summary)), f"The {binding.what}s, in creation order."),
        ),
        own=False,
    )


def savepoints_function(binding: Binding) -> Lookup:
    """``listXSavepoints``: a job's pending and completed savepoints, newest first."""
    return _lookup(
        binding,
        "savepoints",
        f"list{_name(binding)}Savepoints",
        f"List the savepoints of a {binding.title}'s job, pending and completed, newest first "
        "(LakeSail may remove old ones per the job's savepoint clean-up settings).",
        (
            *_found(binding),
            Prop("pending", ListOf(Ref(SAVEPOINT)), "The pending savepoint, if any."),
            Prop("completed", ListOf(Ref(SAVEPOINT)), "The completed savepoints, newest first."),
        ),
    )


def url_function(binding: Binding) -> Lookup:
    """``getXUrl``: a short-lived pre-signed URL of the Flink web UI, as secrets."""
    return _lookup(
        binding,
        "url",
        f"get{_name(binding)}Url",
        f"A pre-signed URL of the {binding.title}'s Flink web UI. The URL is a credential: "
        "the result is secret. Each call makes a new URL, so read it in a program's outputs "
        "only when needed (it expires within minutes).",
        (
            *_found(binding),
            Prop("url", Str(), "The pre-signed URL (secret).", secret=True),
            Prop(
                "expiresAt",
                Str(),
                "When the URL expires at the latest (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`; secret).",
                secret=True,
            ),
        ),
        inputs=(
            Prop(
                "expiresInSeconds",
                WholeNumber(5, 300, 60),
                "Seconds until the URL expires: 5 to 300. Defaults to 60.",
            ),
            Prop(
                "webSessionDurationInSeconds",
                WholeNumber(600, 86400, 3600),
                "Seconds the web UI session opened with the URL lasts: 600 to 86400. Defaults "
                "to 3600.",
            ),
        ),
    )
