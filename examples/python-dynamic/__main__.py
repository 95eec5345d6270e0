"""A Flink application through the dynamic provider: nothing to install but this package.

Limits of the dynamic path (see docs/native-vs-dynamic.md): no `pulumi import`, no detailed
diff, default timeouts only, and a failed create is rolled back instead of recorded.
"""

import pulumi

from pulumi_lakesail import ContainerResourceArgs, FlinkApplicationArgs, FlinkJobSpecArgs
from pulumi_lakesail.dynamic import FlinkApplication

config = pulumi.Config()

app = FlinkApplication(
    "wordcount",
    FlinkApplicationArgs(
        name=config.get("appName") or "wordcount-dyn",
        runtime="FLINK_1_17",
        flink_configuration={"taskmanager.numberOfTaskSlots": "2"},
        job_manager_resource=ContainerResourceArgs(cpu=0.5, memory="1024m"),
        task_manager_resource=ContainerResourceArgs(cpu=1, memory="2g"),
        job=FlinkJobSpecArgs(
            jar_uri="local:///opt/flink/examples/streaming/WordCount.jar",
            entry_class="org.apache.flink.streaming.examples.wordcount.WordCount",
        ),
    ),
)

pulumi.export("resourceId", app.id)
pulumi.export("applicationId", app.application_id)
pulumi.export("state", app.state)
