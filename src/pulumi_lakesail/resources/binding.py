"""A resource's binding to the LakeSail API: what the one lifecycle core needs to know of it.

Each resource declares its binding beside its declaration (``flink_application.BINDING``): which
client operations serve it, which request model its spec is, which output holds its LakeSail ID,
where it lives (a workspace, or a workspace and a parent session), and whether its job takes
savepoints. Everything else (resource IDs, spec fields, the provider-side inputs) derives from
the binding and the declaration. Nothing here imports the client: the operations are named, so
that reading the schema stays free of HTTP and pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import Resource


@dataclass(frozen=True)
class Parent:
    """The object a resource lives in: its binding, and the input that names it."""

    binding: Binding
    input: str
    """The input holding the parent's name (``session``)."""


@dataclass(frozen=True)
class Binding:
    """How one resource type reaches the LakeSail API."""

    resource: Resource
    what: str
    """The object's kind in messages: ``application``, ``session``, ``session job``."""
    operations: str
    """The client's operations are ``create_<operations>``, ``describe_<operations>``,
    ``list_<operations>s`` and ``delete_<operations>`` (``create_<operations>_savepoint``,
    ``list_<operations>_savepoints`` and ``create_<operations>_url`` where they exist)."""
    spec_model: str
    """The name of the create request's model in ``client.models``."""
    id_output: str
    """The output holding the LakeSail ID (``applicationId``)."""
    failed_hint: str
    """What to check when the object entered FAILED (LakeSail says no more)."""
    parent: Parent | None = None
    savepoints: bool = False
    """Whether its job takes savepoints (and so has the stateful inputs and outputs)."""
    web_ui: bool = False
    """Whether the API hands out pre-signed URLs of its Flink web UI."""

    @property
    def token(self) -> str:
        """The resource type token."""
        return self.resource.token

    @property
    def title(self) -> str:
        """``Flink application``: how descriptions name the object."""
        return f"Flink {self.what}"

    @property
    def scope_inputs(self) -> tuple[str, ...]:
        """The inputs that say where the object lives: ``workspace`` (and the parent's name)."""
        return ("workspace", self.parent.input) if self.parent else ("workspace",)

    @property
    def spec_fields(self) -> tuple[str, ...]:
        """The inputs that form the API's create request."""
        return tuple(p.name for p in self.resource.api_inputs)

    @property
    def provider_fields(self) -> tuple[str, ...]:
        """The provider's own inputs, kept in the state only (``upgradeMode`` ...)."""
        return tuple(
            p.name for p in self.resource.inputs if not p.api and p.name not in self.scope_inputs
        )

    @property
    def computed_outputs(self) -> tuple[str, ...]:
        """The outputs the API (or the provider) computes."""
        return tuple(p.name for p in self.resource.computed)

    def id_form(self) -> str:
        """The resource ID's form: ``<workspace>/<name>``, ``<workspace>/<session>/<name>``."""
        return "/".join(f"<{name}>" for name in (*self.scope_inputs, "name"))

    def import_form(self) -> str:
        """The import ID's other form, of the API's IDs: ``<workspace>/<applicationId>``."""
        ids = [self.parent.binding.id_output] if self.parent else []
        return "/".join(f"<{name}>" for name in ("workspace", *ids, self.id_output))
