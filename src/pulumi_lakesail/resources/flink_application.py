"""``lakesail:index:FlinkApplication`` and its functions, declared once."""

from __future__ import annotations

from typing import Any

from .kinds import Checker, Function, ListOf, ObjectType, Prop, Ref, Resource, Str
from .rules import API_ID
from .types import (
    CREATED_AT,
    JOB,
    JOB_SPEC,
    SAVEPOINT_PATH_KEY,
    UPDATED_AT,
    WORKSPACE,
    cluster_inputs,
    state_enum,
    stateful_inputs,
    stateful_outputs,
)
from .values import is_unknown

TOKEN = "lakesail:index:FlinkApplication"

STATE = state_enum("lakesail:index:FlinkApplicationState", "Flink application", suspended=True)

_DESCRIPTION = """A Flink application on LakeSail: one Flink job and the cluster that runs it.

`pulumi up` creates the application and waits until it is RUNNING (10 minutes by default;
`customTimeouts` changes it); a FAILED application fails the update and stays in the state.
LakeSail has no update operation, so a change redeploys the application under the same
resource: the old application is deleted and a new one created, its job state carried over
through a savepoint as `upgradeMode` says (`stateless` by default: discarded). A failed
redeploy is rolled back to the previous spec. Only a change of `name` or `workspace` replaces
the resource. `suspended: true` keeps the resource with no application behind it.
`pulumi refresh` detects applications deleted or changed outside Pulumi.

## Import

```sh
pulumi import lakesail:index:FlinkApplication my-app DEFAULT/wordcount
pulumi import lakesail:index:FlinkApplication my-app DEFAULT/A1B2C3D4E5F6G7H8
```

The ID is `<workspace>/<name>`; an import also takes `<workspace>/<applicationId>`.
"""

APPLICATION_ID = Prop(
    "applicationId",
    Str(),
    "The LakeSail application ID. It changes on every redeploy; the resource ID, "
    "`<workspace>/<name>`, does not.",
)
STATE_PROP = Prop("state", STATE, "The application's state.")
_CREATED_AT = Prop(
    CREATED_AT.name,
    CREATED_AT.kind,
    "When the application was created (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).",
)
_UPDATED_AT = Prop(
    UPDATED_AT.name,
    UPDATED_AT.kind,
    "When the application last changed (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).",
)


def _job_has_a_program(inputs: dict[str, Any], c: Checker) -> None:
    job, jars = inputs.get("job"), inputs.get("jars")
    if is_unknown(job) or is_unknown(jars) or not isinstance(job, dict):
        return
    if not job.get("jarUri") and not jars:
        c.fail(
            "job.jarUri",
            "the job needs a program: set job.jarUri or add at least one entry to jars",
        )


def _savepoint_path_is_the_providers(inputs: dict[str, Any], c: Checker) -> None:
    config = inputs.get("flinkConfiguration")
    if isinstance(config, dict) and SAVEPOINT_PATH_KEY in config:
        c.fail(
            f'flinkConfiguration["{SAVEPOINT_PATH_KEY}"]',
            "is set by the provider from upgradeMode and initialSavepointPath; set "
            "initialSavepointPath instead",
        )


NAME = Prop(
    "name",
    Str(),
    "The Flink application name, unique in its workspace. Changing it replaces the application.",
    required=True,
    replaces=True,
)

RESOURCE = Resource(
    TOKEN,
    _DESCRIPTION,
    inputs=(
        WORKSPACE,
        NAME,
        *cluster_inputs("application"),
        Prop(
            "job",
            Ref(JOB_SPEC),
            "The Flink job. It needs a program: `job.jarUri`, or at least one entry in `jars`.",
            output=Ref(JOB),
            output_description=(
                "The Flink job as LakeSail reports it, with Flink's job ID and name."
            ),
        ),
        *stateful_inputs("application"),
    ),
    computed=(APPLICATION_ID, STATE_PROP, _CREATED_AT, _UPDATED_AT, *stateful_outputs()),
    cross_checks=(_job_has_a_program, _savepoint_path_is_the_providers),
)

SUMMARY = ObjectType(
    "lakesail:index:FlinkApplicationSummary",
    "A Flink application in a list.",
    (
        Prop(
            "id",
            Str(),
            "The resource ID, `<workspace>/<name>` (what `pulumi import` takes).",
            required=True,
        ),
        Prop(APPLICATION_ID.name, APPLICATION_ID.kind, APPLICATION_ID.description, required=True),
        Prop("name", Str(), "The application name.", required=True),
        Prop(STATE_PROP.name, STATE, STATE_PROP.description, required=True),
        Prop(_CREATED_AT.name, Str(), _CREATED_AT.description, required=True),
        Prop(_UPDATED_AT.name, Str(), _UPDATED_AT.description, required=True),
    ),
)

_LOOKUP_WORKSPACE = Prop(WORKSPACE.name, WORKSPACE.kind, WORKSPACE.description)


def _id_or_name(args: dict[str, Any], c: Checker) -> None:
    if not args.get("applicationId") and not args.get("name"):
        c.fail("applicationId", "give applicationId or name")


GET = Function(
    "lakesail:index:getFlinkApplication",
    "Look up one Flink application by `applicationId` or by `name`.",
    inputs=(
        _LOOKUP_WORKSPACE,
        Prop("applicationId", Str((API_ID,)), "The application ID; give it or `name`."),
        Prop("name", Str(), "The application name; give it or `applicationId`."),
    ),
    outputs=(
        Prop("id", Str(), "The resource ID, `<workspace>/<name>`."),
        *RESOURCE.outputs(),
    ),
    cross_checks=(_id_or_name,),
)

LIST = Function(
    "lakesail:index:listFlinkApplications",
    "List every Flink application of a workspace.",
    inputs=(_LOOKUP_WORKSPACE,),
    outputs=(
        Prop("workspace", Str(), "The workspace listed."),
        Prop("items", ListOf(Ref(SUMMARY)), "The applications, in creation order."),
    ),
)
