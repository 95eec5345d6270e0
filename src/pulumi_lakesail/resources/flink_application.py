"""``lakesail:index:FlinkApplication`` and its functions, declared once."""

from __future__ import annotations

from typing import Any

from .binding import Binding
from .common import id_prop, name_prop, object_outputs, savepoint_path_is_the_providers
from .kinds import Checker, Prop, Ref, Resource
from .lookups import get_function, list_function, savepoints_function, summary_type, url_function
from .types import (
    JOB,
    JOB_SPEC,
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


def _job_has_a_program(inputs: dict[str, Any], c: Checker) -> None:
    job, jars = inputs.get("job"), inputs.get("jars")
    if is_unknown(job) or is_unknown(jars) or not isinstance(job, dict):
        return
    if not job.get("jarUri") and not jars:
        c.fail(
            "job.jarUri",
            "the job needs a program: set job.jarUri or add at least one entry to jars",
        )


RESOURCE = Resource(
    TOKEN,
    _DESCRIPTION,
    inputs=(
        WORKSPACE,
        name_prop("application", "workspace"),
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
    computed=(
        id_prop("applicationId", "application", "<workspace>/<name>"),
        *object_outputs("application", STATE),
        *stateful_outputs(),
    ),
    cross_checks=(_job_has_a_program, savepoint_path_is_the_providers),
)

BINDING = Binding(
    RESOURCE,
    what="application",
    operations="application",
    spec_model="FlinkApplicationSpec",
    id_output="applicationId",
    failed_hint="the Flink cluster or job could not start. LakeSail reports no failure detail; "
    "check job.jarUri, job.entryClass, jars, plugins and resources, and the job's logs in the "
    "Flink web UI",
    savepoints=True,
    web_ui=True,
)

SUMMARY = summary_type(BINDING)
GET = get_function(BINDING)
LIST = list_function(BINDING, SUMMARY)
SAVEPOINTS = savepoints_function(BINDING)
URL = url_function(BINDING)
