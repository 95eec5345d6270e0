// Runs program.ts (the session and its two jobs) as an Automation API inline program: what this
// repository's e2e tests drive (tests/e2e/test_sessions_example.py), and a way to run the example
// with no Node.js language host (`pulumi-language-nodejs`), needing only the `pulumi` CLI on PATH.
// The same driver as examples/typescript/e2e/driver.ts, with this example's project name.
//
//   npx tsc && echo '{"config": {...}, "secretConfig": {...}}' | node bin/e2e/driver.js up preview
//
// Arguments: the steps to run, in order: up, preview, refresh, destroy, outputs.
// Standard input (when it is not a terminal): a JSON object of settings, every key optional:
//   stack         the stack name (default "dev")
//   project       the project name (default "lakesail-typescript-sessions", as in Pulumi.yaml)
//   workDir       the workspace directory, where Pulumi.yaml and Pulumi.<stack>.yaml are written
//                 (default: a temporary directory of the Automation API)
//   backendUrl    the state backend (default $PULUMI_BACKEND_URL, else the CLI's login)
//   config        plain stack config, such as {"lakesail:endpoint": "http://127.0.0.1:8080"}
//   secretConfig  secret stack config, such as {"lakesail:token": "..."}: set as secrets, never
//                 passed on a command line
// PULUMI_HOME, PULUMI_CONFIG_PASSPHRASE and PULUMI_SKIP_UPDATE_CHECK are passed on to the CLI.
//
// Standard output: one JSON object a line per step, {"step", "result", "changes", "outputs",
// "resources"}; a failed step prints {"step", "error"} and the driver exits 1. The engine's
// progress goes to standard error.
import * as fs from "fs";
import {
    ConfigMap,
    LocalWorkspace,
    LocalWorkspaceOptions,
    OutputMap,
    Stack,
} from "@pulumi/pulumi/automation";

import { program } from "../program";

interface Settings {
    stack?: string;
    project?: string;
    workDir?: string;
    backendUrl?: string;
    config?: Record<string, string>;
    secretConfig?: Record<string, string>;
}

type Result = Record<string, unknown>;

const STEPS = ["up", "preview", "refresh", "destroy", "outputs"];
const PASSED_ENV = ["PULUMI_HOME", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_SKIP_UPDATE_CHECK"];

function readSettings(): Settings {
    if (process.stdin.isTTY) {
        return {};
    }
    const text = fs.readFileSync(0, "utf8").trim();
    return text ? (JSON.parse(text) as Settings) : {};
}

function plainOutputs(outputs: OutputMap): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
}

async function resources(stack: Stack): Promise<{ type: string; urn: string; id?: string }[]> {
    const exported = await stack.exportStack();
    const list: { type: string; urn: string; id?: string }[] = exported.deployment?.resources ?? [];
    return list.map(({ type, urn, id }) => ({ type, urn, id }));
}

async function runStep(stack: Stack, step: string): Promise<Result> {
    const onOutput = (text: string) => process.stderr.write(text);
    switch (step) {
        case "up": {
            const up = await stack.up({ onOutput });
            return {
                result: up.summary.result,
                changes: up.summary.resourceChanges ?? {},
                outputs: plainOutputs(up.outputs),
            };
        }
        case "preview": {
            const preview = await stack.preview({ onOutput });
            return { changes: preview.changeSummary };
        }
        case "refresh": {
            const refresh = await stack.refresh({ onOutput });
            return { result: refresh.summary.result, changes: refresh.summary.resourceChanges ?? {} };
        }
        case "destroy": {
            const destroy = await stack.destroy({ onOutput });
            return { result: destroy.summary.result, changes: destroy.summary.resourceChanges ?? {} };
        }
        case "outputs":
            return {};
        default:
            throw new Error(`unknown step ${JSON.stringify(step)}: expected one of ${STEPS.join(", ")}`);
    }
}

async function main(steps: string[]): Promise<number> {
    const unknown = steps.filter((step) => !STEPS.includes(step));
    if (steps.length === 0 || unknown.length > 0) {
        process.stderr.write(`usage: driver.js {${STEPS.join("|")}}...\n`);
        return 2;
    }
    const settings = readSettings();
    if (settings.workDir) {
        fs.mkdirSync(settings.workDir, { recursive: true });
    }
    const projectName = settings.project ?? "lakesail-typescript-sessions";
    const backendUrl = settings.backendUrl ?? process.env.PULUMI_BACKEND_URL;
    const envVars: Record<string, string> = {};
    for (const key of PASSED_ENV) {
        const value = process.env[key];
        if (value !== undefined) {
            envVars[key] = value;
        }
    }
    const options: LocalWorkspaceOptions = {
        workDir: settings.workDir,
        pulumiHome: process.env.PULUMI_HOME,
        envVars,
        secretsProvider: "passphrase",
        projectSettings: {
            name: projectName,
            runtime: "nodejs",
            ...(backendUrl ? { backend: { url: backendUrl } } : {}),
        },
    };
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: settings.stack ?? "dev", projectName, program: async () => program() },
        options,
    );
    const config: ConfigMap = {};
    for (const [key, value] of Object.entries(settings.config ?? {})) {
        config[key] = { value };
    }
    for (const [key, value] of Object.entries(settings.secretConfig ?? {})) {
        config[key] = { value, secret: true };
    }
    if (Object.keys(config).length > 0) {
        await stack.setAllConfig(config);
    }

    for (const step of steps) {
        let result: Result;
        try {
            result = await runStep(stack, step);
            result.outputs ??= plainOutputs(await stack.outputs());
            result.resources = await resources(stack);
        } catch (err) {
            process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : err}\n`);
            process.stdout.write(JSON.stringify({ step, error: String(err) }) + "\n");
            return 1;
        }
        process.stdout.write(JSON.stringify({ step, ...result }) + "\n");
    }
    return 0;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err) => {
        process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : err}\n`);
        process.exitCode = 1;
    },
);
