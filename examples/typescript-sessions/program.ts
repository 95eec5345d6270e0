// The program of examples/typescript-sessions: the Flink session and two session jobs of
// examples/yaml-sessions, in TypeScript.
//
// `pulumi up` runs index.ts, which calls program(); e2e/driver.ts runs the same function as an
// Automation API inline program (what this repository's e2e tests do).
import * as pulumi from "@pulumi/pulumi";
import * as lakesail from "@lakesail/pulumi";

/** The stack outputs of the program. */
export interface SessionOutputs {
    /** The ID LakeSail gave the session. */
    sessionId: pulumi.Output<string>;
    /** `<workspace>/<session>/<name>`: the ID Pulumi records for the wordcount job. */
    wordcountId: pulumi.Output<string>;
    /** `RUNNING` once the create has waited for the wordcount job to start. */
    wordcountState: pulumi.Output<string>;
    /** The ID LakeSail gave the sessionize job. */
    sessionizeJobId: pulumi.Output<string>;
    /** A pre-signed URL of the session's Flink web UI: a secret. */
    webUi: pulumi.Output<string>;
}

export function program(): SessionOutputs {
    const config = new pulumi.Config();

    const shared = new lakesail.FlinkSession(
        "shared",
        {
            name: config.get("sessionName") ?? "shared-ts",
            runtime: lakesail.FlinkRuntime.Flink_1_17,
            // The jobs' programs: copied to every container of the session's cluster.
            jars: ["local:///opt/flink/examples/streaming/WordCount.jar"],
            flinkConfiguration: {
                "taskmanager.numberOfTaskSlots": "4",
            },
            jobManagerResource: {
                cpu: 0.5,
                memory: "1024m",
            },
            taskManagerResource: {
                cpu: 1,
                memory: "2g",
            },
        },
        { customTimeouts: { create: "5m" } },
    );

    const wordcount = new lakesail.FlinkSessionJob("wordcount", {
        // The session's name output, not a literal: Pulumi creates the session first and
        // deletes the jobs before it.
        session: shared.name,
        name: "wordcount",
        // A change redeploys the job from a savepoint taken first: its state carries over.
        upgradeMode: lakesail.UpgradeMode.Savepoint,
        flinkConfiguration: {
            "parallelism.default": "2",
        },
        job: {
            // No jarUri: the session's jars hold the program.
            entryClass: "org.apache.flink.streaming.examples.wordcount.WordCount",
            args: ["--output", "print"],
        },
    });

    const sessionize = new lakesail.FlinkSessionJob("sessionize", {
        session: shared.name,
        name: "sessionize",
        job: {
            jarUri: "local:///opt/flink/examples/streaming/SessionWindowing.jar",
            entryClass: "org.apache.flink.streaming.examples.windowing.SessionWindowing",
        },
    });

    // The session's ID, not its name: unknown until the session exists, so a preview does not
    // look it up before it is created.
    const webUi = lakesail.getFlinkSessionUrlOutput({ sessionId: shared.sessionId }).url;

    return {
        sessionId: shared.sessionId,
        wordcountId: wordcount.id,
        wordcountState: wordcount.state,
        sessionizeJobId: sessionize.jobId,
        webUi,
    };
}
