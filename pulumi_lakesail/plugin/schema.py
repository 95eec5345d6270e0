"""The Pulumi package schema of ``lakesail``, built from code and committed as schema.json.

Run ``python -m pulumi_lakesail.plugin.schema > schema.json`` (``make schema``); a unit test
fails when the committed file differs, and keeps it in step with the SDK classes.
"""

from __future__ import annotations

import json
import sys
from typing import Any

PACKAGE = "lakesail"
APPLICATION = "lakesail:index:FlinkApplication"
GET_APPLICATION = "lakesail:index:getFlinkApplication"
LIST_APPLICATIONS = "lakesail:index:listFlinkApplications"

_SIZE = (
    "bytes, as an integer or a decimal with a 1024-based suffix k, m, g or t (case-insensitive): "
    "`1024m` is `1g`. Kubernetes suffixes such as `Gi` are not accepted."
)


def _str(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _ref(token: str, description: str) -> dict[str, Any]:
    return {"$ref": f"#/types/{token}", "description": description}


def _strings(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}, "description": description}


def _string_map(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": description,
    }


WORKSPACE = _str(
    "The workspace ID (upper-case letters and digits). Defaults to the provider's "
    "`lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`)."
)

INPUTS: dict[str, dict[str, Any]] = {
    "workspace": WORKSPACE,
    "name": _str(
        "The Flink application name, unique in its workspace. Changing it replaces the application."
    ),
    "runtime": _ref(
        "lakesail:index:FlinkRuntime",
        "The Flink runtime of the cluster; each value maps to a tag of LakeSail's Flink images.",
    ),
    "jars": _strings(
        "JAR files for the Flink cluster (the job program and/or connectors), as URIs with a "
        "scheme such as `s3://bucket/job.jar`; copied to `/opt/flink/lib/extra` at container "
        "start. Non-local schemes need the matching file-system plugin. Defaults to empty."
    ),
    "plugins": {
        "type": "array",
        "items": {"$ref": "#/types/lakesail:index:FlinkPlugin"},
        "description": "Flink plugins for the cluster. Defaults to empty.",
    },
    "flinkConfiguration": _string_map(
        'Flink configuration properties; values are strings (`"2"`, not `2`). Defaults to empty.'
    ),
    "logConfiguration": _string_map(
        "log4j properties files: file name (such as `log4j-console.properties`) to content. "
        "Defaults to empty."
    ),
    "jobManagerResource": _ref(
        "lakesail:index:ContainerResource", "Resources of the JobManager containers."
    ),
    "taskManagerResource": _ref(
        "lakesail:index:ContainerResource", "Resources of the TaskManager containers."
    ),
    "job": _ref(
        "lakesail:index:FlinkJobSpec",
        "The Flink job. It needs a program: `job.jarUri`, or at least one entry in `jars`.",
    ),
}

COMPUTED: dict[str, dict[str, Any]] = {
    "applicationId": _str(
        "The LakeSail application ID; the resource ID is `<workspace>/<applicationId>`."
    ),
    "state": _ref("lakesail:index:FlinkApplicationState", "The application's state."),
    "createdAt": _str("When the application was created (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`)."),
    "updatedAt": _str("When the application last changed (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`)."),
}

OUTPUTS: dict[str, dict[str, Any]] = {
    **INPUTS,
    "job": _ref(
        "lakesail:index:FlinkJob",
        "The Flink job as LakeSail reports it, with Flink's job ID and name.",
    ),
    **COMPUTED,
}

TYPES: dict[str, dict[str, Any]] = {
    "lakesail:index:FlinkRuntime": {
        "type": "string",
        "description": "The runtime of a Flink cluster.",
        "enum": [
            {"value": "FLINK_1_17", "name": "Flink_1_17", "description": "Apache Flink 1.17."},
            {"value": "FLINK_1_18", "name": "Flink_1_18", "description": "Apache Flink 1.18."},
        ],
    },
    "lakesail:index:FlinkApplicationState": {
        "type": "string",
        "description": "The state of a Flink application.",
        "enum": [
            {"value": "PENDING", "description": "Created; the cluster and job are starting."},
            {"value": "RUNNING", "description": "The job is running."},
            {
                "value": "DELETING",
                "description": "Deletion was requested; resources are being torn down.",
            },
            {
                "value": "FAILED",
                "description": "The cluster or job failed (LakeSail gives no detail).",
            },
        ],
    },
    "lakesail:index:FlinkPlugin": {
        "type": "object",
        "description": "A Flink plugin.",
        "properties": {
            "name": _str(
                "The plugin name: 2 to 63 lower-case letters, digits, `.`, `_` or `-`, starting "
                "and ending with a letter or digit."
            ),
            "jars": _strings("The plugin's JAR files (URIs with a scheme, or absolute paths)."),
        },
        "required": ["name", "jars"],
    },
    "lakesail:index:ContainerResource": {
        "type": "object",
        "description": "Container resources in Kubernetes. Every field is optional.",
        "properties": {
            "cpu": {
                "type": "number",
                "description": "CPU units; fractions allowed (such as 0.5); positive.",
            },
            "memory": _str(f"Memory, in {_SIZE}"),
            "ephemeralStorage": _str(f"Ephemeral storage, in {_SIZE}"),
        },
    },
    "lakesail:index:FlinkJobSpec": {
        "type": "object",
        "description": "A Flink job specification.",
        "properties": {
            "jarUri": _str("The job's JAR URI, such as `local:///opt/flink/usrlib/job.jar`."),
            "entryClass": _str("The Java entry class, such as `com.example.Job`."),
            "args": _strings("Command-line arguments of the job. Defaults to empty."),
        },
    },
    "lakesail:index:FlinkJob": {
        "type": "object",
        "description": "A Flink job as LakeSail reports it.",
        "properties": {
            "id": _str("The job ID generated by Flink."),
            "name": _str("The job name."),
            "jarUri": _str("The job's JAR URI."),
            "entryClass": _str("The Java entry class."),
            "args": _strings("Command-line arguments of the job."),
        },
        "required": ["id", "name", "args"],
    },
    "lakesail:index:FlinkApplicationSummary": {
        "type": "object",
        "description": "A Flink application in a list.",
        "properties": {
            "id": _str(
                "The resource ID, `<workspace>/<applicationId>` (what `pulumi import` takes)."
            ),
            "applicationId": COMPUTED["applicationId"],
            "name": _str("The application name."),
            "state": COMPUTED["state"],
            "createdAt": COMPUTED["createdAt"],
            "updatedAt": COMPUTED["updatedAt"],
        },
        "required": ["id", "applicationId", "name", "state", "createdAt", "updatedAt"],
    },
}

CONFIG: dict[str, dict[str, Any]] = {
    "endpoint": _str(
        "The LakeSail server root, such as `http://127.0.0.1:8080` (the client adds `/api/...`). "
        "Falls back to `LAKESAIL_ENDPOINT`."
    ),
    "token": _str(
        "A LakeSail service-account key. Set it with `pulumi config set --secret lakesail:token`. "
        "Falls back to `LAKESAIL_TOKEN`. Kept out of logs and outputs; in the state only "
        "encrypted.",
        secret=True,
    ),
    "workspace": _str(
        "The default workspace ID of resources and functions. Falls back to `LAKESAIL_WORKSPACE`."
    ),
    "caBundle": _str(
        "Path of a CA bundle (PEM) to verify the server's TLS certificate. Falls back to "
        "`LAKESAIL_CA_BUNDLE`."
    ),
    "insecure": {
        "type": "boolean",
        "description": "Skip TLS certificate verification. Never use it in production; the "
        "provider warns every time. Falls back to `LAKESAIL_INSECURE`.",
    },
}

_APP_DESCRIPTION = """A Flink application on LakeSail: one Flink job and the cluster that runs it.

`pulumi up` creates the application and waits until it is RUNNING (10 minutes by default;
`customTimeouts` changes it); a FAILED application fails the update and stays in the state.
LakeSail has no update operation, so every change replaces the application (the old one is
deleted first when the name stays the same). `pulumi refresh` detects applications deleted or
changed outside Pulumi.

## Import

```sh
pulumi import lakesail:index:FlinkApplication my-app DEFAULT/A1B2C3D4E5F6G7H8
```

The ID is `<workspace>/<applicationId>`.
"""


def build_schema() -> dict[str, Any]:
    """The package schema, as a dict ready for json.dumps."""
    app_outputs = sorted(OUTPUTS)
    get_outputs = {"id": _str("The resource ID, `<workspace>/<applicationId>`."), **OUTPUTS}
    return {
        "name": PACKAGE,
        "displayName": "LakeSail",
        "description": "Manage Apache Flink applications on the LakeSail platform.",
        "keywords": ["pulumi", "lakesail", "flink", "category/infrastructure", "kind/native"],
        "homepage": "https://docs.lakesail.com",
        "license": "Apache-2.0",
        "repository": "https://github.com/lakesail/pulumi-lakesail",
        "publisher": "LakeSail",
        "meta": {"moduleFormat": "(.*)"},
        "config": {"variables": CONFIG},
        "provider": {
            "description": "The LakeSail provider: where the API is and how to authenticate.",
            "inputProperties": CONFIG,
            "properties": {k: v for k, v in CONFIG.items() if k in ("endpoint", "workspace")},
        },
        "types": TYPES,
        "resources": {
            APPLICATION: {
                "description": _APP_DESCRIPTION,
                "inputProperties": INPUTS,
                "requiredInputs": ["name", "runtime"],
                "properties": OUTPUTS,
                "required": app_outputs,
            }
        },
        "functions": {
            GET_APPLICATION: {
                "description": "Look up one Flink application by `applicationId` or by `name`.",
                "inputs": {
                    "properties": {
                        "workspace": WORKSPACE,
                        "applicationId": _str("The application ID; give it or `name`."),
                        "name": _str("The application name; give it or `applicationId`."),
                    }
                },
                "outputs": {
                    "properties": get_outputs,
                    "required": sorted(get_outputs),
                },
            },
            LIST_APPLICATIONS: {
                "description": "List every Flink application of a workspace.",
                "inputs": {"properties": {"workspace": WORKSPACE}},
                "outputs": {
                    "properties": {
                        "workspace": _str("The workspace listed."),
                        "items": {
                            "type": "array",
                            "items": {"$ref": "#/types/lakesail:index:FlinkApplicationSummary"},
                            "description": "The applications, in creation order.",
                        },
                    },
                    "required": ["workspace", "items"],
                },
            },
        },
        "language": {
            "python": {
                "packageName": "pulumi_lakesail",
                "requires": {"pulumi": ">=3.272.0,<4.0.0"},
                "pyproject": {"enabled": True},
            }
        },
    }


def schema_json() -> str:
    """The schema as committed in schema.json."""
    return json.dumps(build_schema(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(schema_json())
