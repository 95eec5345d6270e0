"""Declarations the Flink resources share, each stated once: the name, the LakeSail ID, the
state and the timestamps of an object, and the rules every job's inputs follow."""

from __future__ import annotations

from typing import Any

from .kinds import Checker, EnumType, Prop, Str
from .types import CREATED_AT, SAVEPOINT_PATH_KEY, UPDATED_AT


def name_prop(what: str, where: str) -> Prop:
    """The ``name`` input of a Flink ``what``, unique in ``where``; a change replaces."""
    return Prop(
        "name",
        Str(),
        f"The Flink {what} name, unique in its {where}. Changing it replaces the {what}.",
        required=True,
        replaces=True,
    )


def id_prop(name: str, what: str, resource_id: str) -> Prop:
    """The LakeSail ID output of a Flink ``what`` (``applicationId``), new on every redeploy."""
    return Prop(
        name,
        Str(),
        f"The LakeSail {what} ID. It changes on every redeploy; the resource ID, "
        f"`{resource_id}`, does not.",
    )


def object_outputs(what: str, state: EnumType) -> tuple[Prop, Prop, Prop]:
    """The ``state``, ``createdAt`` and ``updatedAt`` outputs of a Flink ``what``."""
    return (
        Prop("state", state, f"The {what}'s state."),
        Prop(
            CREATED_AT.name,
            CREATED_AT.kind,
            f"When the {what} was created (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).",
        ),
        Prop(
            UPDATED_AT.name,
            UPDATED_AT.kind,
            f"When the {what} last changed (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).",
        ),
    )


def savepoint_path_is_the_providers(inputs: dict[str, Any], c: Checker) -> None:
    """A job's ``flinkConfiguration`` leaves Flink's savepoint key to the provider."""
    config = inputs.get("flinkConfiguration")
    if isinstance(config, dict) and SAVEPOINT_PATH_KEY in config:
        c.fail(
            f'flinkConfiguration["{SAVEPOINT_PATH_KEY}"]',
            "is set by the provider from upgradeMode and initialSavepointPath; set "
            "initialSavepointPath instead",
        )
