"""``lakesail:index:FlinkSession`` and its functions, declared once."""

from __future__ import annotations

from .binding import Binding
from .common import id_prop, name_prop, object_outputs
from .kinds import Resource
from .lookups import get_function, list_function, summary_type, url_function
from .types import WORKSPACE, cluster_inputs, state_enum

TOKEN = "lakesail:index:FlinkSession"

STATE = state_enum("lakesail:index:FlinkSessionState", "Flink session")

_DESCRIPTION = """A Flink session on LakeSail: a shared Flink cluster that runs session jobs.

`pulumi up` creates the session and waits until it is RUNNING (10 minutes by default;
`customTimeouts` changes it); a FAILED session fails the update and stays in the state. Jobs
run in it as `lakesail:index:FlinkSessionJob` resources, which name it by `session`.
LakeSail has no update operation, so a change redeploys the session under the same resource:
each running job takes a savepoint, the session is deleted (taking its jobs along) and created
again, and the jobs are resubmitted from their savepoints. `pulumi preview` says how many
running jobs such a change restarts. A failed redeploy is rolled back to the previous spec.
Only a change of `name` or `workspace` replaces the resource. `pulumi refresh` detects sessions
deleted or changed outside Pulumi.

## Import

```sh
pulumi import lakesail:index:FlinkSession shared DEFAULT/shared
pulumi import lakesail:index:FlinkSession shared DEFAULT/S1B2C3D4E5F6G7H8
```

The ID is `<workspace>/<name>`; an import also takes `<workspace>/<sessionId>`.
"""

RESOURCE = Resource(
    TOKEN,
    _DESCRIPTION,
    inputs=(WORKSPACE, name_prop("session", "workspace"), *cluster_inputs("session")),
    computed=(
        id_prop("sessionId", "session", "<workspace>/<name>"),
        *object_outputs("session", STATE),
    ),
)

BINDING = Binding(
    RESOURCE,
    what="session",
    operations="session",
    spec_model="FlinkSessionSpec",
    id_output="sessionId",
    failed_hint="the Flink session cluster could not start. LakeSail reports no failure "
    "detail; check jars, plugins, flinkConfiguration and the resources",
    web_ui=True,
)

SUMMARY = summary_type(BINDING)
GET = get_function(BINDING)
LIST = list_function(BINDING, SUMMARY)
URL = url_function(BINDING)
