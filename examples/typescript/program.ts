// The program of examples/typescript: the Flink application of examples/yaml, in TypeScript.
//
// `pulumi up` runs index.ts, which calls program(); e2e/driver.ts runs the same function as an
// Automation API inline program (what this repository's e2e tests do).
import * as pulumi from "@pulumi/pulumi";
import * as lakesail from "@lakesail/pulumi";

/** The stack outputs of the program. */
export interface WordcountOutputs {
    /** `<workspace>/<name>`: the ID Pulumi records for the application. */
    resourceId: pulumi.Output<string>;
    /** The ID LakeSail gave the application. */
    applicationId: pulumi.Output<string>;
    /** `RUNNING` once the create has waited for the application to start. */
    state: pulumi.Output<string>;
    /** The ID Flink gave the job. */
    flinkJobId: pulumi.Output<string>;
}

export function program(): WordcountOutputs {
    const config = new pulumi.Config();

    const wordcount = new lakesail.FlinkApplication(
        "wordcount",
        {
            name: config.get("appName") ?? "wordcount-ts",
            runtime: lakesail.FlinkRuntime.Flink_1_17,
            flinkConfiguration: {
                "taskmanager.numberOfTaskSlots": "2",
            },
            jobManagerResource: {
                cpu: 0.5,
                memory: "1024m",
            },
            taskManagerResource: {
                cpu: 1,
                memory: "2g",
                ephemeralStorage: "256m",
            },
            job: {
                jarUri: "local:///opt/flink/examples/streaming/WordCount.jar",
                entryClass: "org.apache.flink.streaming.examples.wordcount.WordCount",
                args: ["--output", "print"],
            },
        },
        { customTimeouts: { create: "5m" } },
    );

    return {
        resourceId: wordcount.id,
        applicationId: wordcount.applicationId,
        state: wordcount.state,
        flinkJobId: wordcount.job.id,
    };
}
