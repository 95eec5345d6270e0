"""``lakesail:index:FlinkSessionJob`` and its functions, declared once."""

from __future__ import annotations

from . import flink_session
from .binding import Binding, Parent
from .common import id_prop, name_prop, object_outputs, savepoint_path_is_the_providers
from .kinds import Prop, Ref, Resource, Str, StringMap
from .lookups import get_function, list_function, savepoints_function, summary_type
from .types import (
    JOB,
    JOB_SPEC,
    WORKSPACE,
    state_enum,
    stateful_inputs,
    stateful_outputs,
)

TOKEN = "lakesail:index:FlinkSessionJob"

STATE = state_enum("lakesail:index:FlinkSessionJobState", "Flink session job", suspended=True)

_DESCRIPTION = """A Flink job submitted to a Flink session on LakeSail.

`session` names the session (pass a `lakesail:index:FlinkSession`'s `name`, so that Pulumi
creates the session first and deletes its jobs before it). `pulumi up` submits the job and
waits until it is RUNNING; a FAILED job fails the update and stays in the state. A change
redeploys the job under the same resource, its state carried over through a savepoint as
`upgradeMode` says (`stateless` by default: discarded), with a rollback when the new job
fails; `suspended: true` keeps the resource with no job behind it. Changing `session`, `name`
or `workspace` replaces the resource. A job whose session is gone reads as gone.

## Import

```sh
pulumi import lakesail:index:FlinkSessionJob wordcount DEFAULT/shared/wordcount
pulumi import lakesail:index:FlinkSessionJob wordcount DEFAULT/S1B2C3D4/J1B2C3D4
```

The ID is `<workspace>/<session>/<name>`; an import also takes `<workspace>/<sessionId>/<jobId>`.
"""

SESSION = Prop(
    "session",
    Str(),
    "The name of the Flink session the job runs in, in the same workspace (a FlinkSession's "
    "`name`). Changing it replaces the job.",
    required=True,
    api=False,
    replaces=True,
)

RESOURCE = Resource(
    TOKEN,
    _DESCRIPTION,
    inputs=(
        WORKSPACE,
        SESSION,
        name_prop("session job", "workspace"),
        Prop(
            "flinkConfiguration",
            StringMap(),
            "Job-specific Flink configuration; it overrides the session cluster's where Flink "
            'allows it (cluster-only options have no effect). Values are strings (`"2"`, not '
            "`2`). Defaults to empty.",
        ),
        Prop(
            "job",
            Ref(JOB_SPEC),
            "The Flink job. `job.jarUri` may be omitted when the session's `jars` hold the "
            "program.",
            output=Ref(JOB),
            output_description="The Flink job as LakeSail reports it, with Flink's job ID and "
            "name.",
        ),
        *stateful_inputs("session job"),
    ),
    computed=(
        Prop(
            "sessionId",
            Str(),
            "The LakeSail ID of the job's session; it changes when the session is redeployed.",
        ),
        id_prop("jobId", "session job", "<workspace>/<session>/<name>"),
        *object_outputs("session job", STATE),
        *stateful_outputs(),
    ),
    cross_checks=(savepoint_path_is_the_providers,),
)

BINDING = Binding(
    RESOURCE,
    what="session job",
    operations="session_job",
    spec_model="FlinkSessionJobSpec",
    id_output="jobId",
    failed_hint="the Flink job could not start in its session. LakeSail reports no failure "
    "detail; check job.jarUri, job.entryClass and the session's jars, and the job's logs in "
    "the session's Flink web UI",
    parent=Parent(flink_session.BINDING, "session"),
    savepoints=True,
)

SUMMARY = summary_type(BINDING)
GET = get_function(BINDING)
LIST = list_function(BINDING, SUMMARY)
SAVEPOINTS = savepoints_function(BINDING)
