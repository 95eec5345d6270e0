"""A Flink application on LakeSail with the native provider.

With an ordinary Pulumi install: `pulumi up` in this directory. Here, where the Python language
host cannot be built, the e2e tests and `make demo` run this very file as an Automation API
inline program.
"""

import pulumi

import pulumi_lakesail as lakesail

config = pulumi.Config()

app = lakesail.FlinkApplication(
    "wordcount",
    lakesail.FlinkApplicationArgs(
        name=config.get("appName") or "wordcount-py",
        runtime=lakesail.FlinkRuntime.FLINK_1_17,
        flink_configuration={"taskmanager.numberOfTaskSlots": "2"},
        job_manager_resource=lakesail.ContainerResourceArgs(cpu=0.5, memory="1024m"),
        task_manager_resource=lakesail.ContainerResourceArgs(cpu=1, memory="2g"),
        job=lakesail.FlinkJobSpecArgs(
            jar_uri="local:///opt/flink/examples/streaming/WordCount.jar",
            entry_class="org.apache.flink.streaming.examples.wordcount.WordCount",
            args=["--output", "print"],
        ),
    ),
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="5m")),
)

pulumi.export("resourceId", app.id)
pulumi.export("applicationId", app.application_id)
pulumi.export("state", app.state)
