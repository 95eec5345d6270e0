"""Bad inputs of FlinkSession and FlinkSessionJob (and the stateful inputs of FlinkApplication),
shared by the same three tests as ``bad_input_corpus.py``:

- ``tests/unit/test_bad_input_corpus.py``: the lifecycle core's check, in memory;
- ``tests/faults/test_bad_input_plugin.py``: the real plugin's Check over gRPC, under the
  resource's type token, with not one request to the API;
- ``tests/emulator/test_bad_input_http.py``: the bodies POSTed raw to the emulator's sessions
  and session jobs (400, nothing stored).

Each case is its kind's valid base with a few edits, the property path the failure must name
and ``rule``, a text the failure's reason must hold (the rule it breaks, as
``resources/rules.py`` and ``resources/types.py`` declare it). ``provider_only``: the API
accepts the body (a rule of the provider alone). ``provider_side``: the edited input never
reaches the API (``session``, ``upgradeMode``, ``suspended``, ``initialSavepointPath``, a
non-string workspace), so the case has no HTTP form.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lakesail_testing.bad_input_corpus import BASE as APPLICATION_BASE
from lakesail_testing.bad_input_corpus import DROP, Path, apply
from pulumi_lakesail.resources import flink_application, flink_session, flink_session_job
from pulumi_lakesail.resources.kinds import Resource

__all__ = ["BASES", "CASES", "DROP", "UNKNOWNS", "KindBadInput", "KindUnknown", "http_cases"]

SESSION_BASE: dict[str, Any] = {
    "name": "corpus-session",
    "runtime": "FLINK_1_18",
    "jars": ["s3://bucket/jobs.jar"],
    "plugins": [{"name": "flink-s3-fs-hadoop", "jars": ["/opt/flink/opt/flink-s3-fs-hadoop.jar"]}],
    "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "4"},
    "logConfiguration": {"log4j-console.properties": "rootLogger.level = INFO"},
    "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
    "taskManagerResource": {"cpu": 1, "memory": "2g", "ephemeralStorage": "256m"},
}
JOB_BASE: dict[str, Any] = {
    "session": "corpus-session",
    "name": "corpus-job",
    "flinkConfiguration": {"parallelism.default": "2"},
    "job": {
        "jarUri": "local:///opt/flink/usrlib/job.jar",
        "entryClass": "org.example.Job",
        "args": ["--mode", "streaming"],
    },
    "upgradeMode": "savepoint",
    "suspended": False,
    "initialSavepointPath": "s3://bucket/savepoints/savepoint-0a1b2c-000000000001",
}
STATEFUL_APPLICATION_BASE: dict[str, Any] = {
    **APPLICATION_BASE,
    "name": "corpus-stateful-app",
    "upgradeMode": "savepoint",
    "suspended": False,
    "initialSavepointPath": "s3://bucket/savepoints/savepoint-0a1b2c-000000000002",
}

BASES: dict[str, dict[str, Any]] = {
    "application": STATEFUL_APPLICATION_BASE,
    "session": SESSION_BASE,
    "session-job": JOB_BASE,
}
RESOURCES: dict[str, Resource] = {
    "application": flink_application.RESOURCE,
    "session": flink_session.RESOURCE,
    "session-job": flink_session_job.RESOURCE,
}
PROVIDER_SIDE = ("workspace", "session", "upgradeMode", "suspended", "initialSavepointPath")
"""Inputs that never reach the API's body (the workspace and the session are in the URL)."""


@dataclass(frozen=True)
class KindBadInput:
    """One bad input of one kind, and the failure it must produce."""

    kind: str
    id: str
    edits: tuple[tuple[Path, Any], ...]
    path: str
    """The property path the failure names."""
    rule: str
    """Text the failure's reason holds: the rule the value breaks."""
    provider_only: bool = False
    provider_side: bool = False
    http_mentions: str | None = None
    """Text the API's message must hold; the ``path`` unless given."""

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.id}"

    @property
    def resource(self) -> Resource:
        return RESOURCES[self.kind]

    @property
    def token(self) -> str:
        return self.resource.token

    def spec(self) -> dict[str, Any]:
        """The provider inputs: the kind's base with the edits."""
        spec = copy.deepcopy(BASES[self.kind])
        for path, value in self.edits:
            apply(spec, path, value)
        return spec

    def body(self) -> dict[str, Any]:
        """The HTTP body: the spec without the inputs that never reach the API."""
        return {k: v for k, v in self.spec().items() if k not in PROVIDER_SIDE}

    @property
    def workspace(self) -> str | None:
        value = self.spec().get("workspace")
        return value if isinstance(value, str) else None

    @property
    def expected_http_mention(self) -> str:
        return self.path if self.http_mentions is None else self.http_mentions


def _cases(kind: str, *rows: tuple[Any, ...]) -> list[KindBadInput]:
    """Rows of (id, path, rule, edits, options)."""
    return [
        KindBadInput(kind, i, tuple(edits), path, rule, **opts)
        for i, path, rule, edits, opts in rows
    ]


def row(
    id: str, path: str, rule: str, *edits: tuple[Path, Any], **options: Any
) -> tuple[str, str, str, tuple[tuple[Path, Any], ...], dict[str, Any]]:
    return (id, path, rule, edits, options)


SIDE: dict[str, Any] = {"provider_side": True}
ONLY: dict[str, Any] = {"provider_only": True}

REQUIRED = "is required"
EMPTY = "must not be empty"
STRING = "must be a string"
UNKNOWN = "unknown property"
WORKSPACE_RULE = "must be 1 to 20 upper-case letters and digits"
RUNTIME_RULE = "must be one of FLINK_1_17, FLINK_1_18"
URI_RULE = "must be a URI with a scheme"
SIZE_RULE = "must be bytes with an optional 1024-based suffix"
CPU_RULE = "must be a positive number of CPU units"
MAP_VALUE = "quote numbers and booleans"
MODE_RULE = "must be one of stateless, savepoint, last-state"
BOOL_RULE = "must be true or false"
JAVA_RULE = "must be a fully qualified Java class name"
PLUGIN_RULE = "must be 2 to 63 lower-case letters, digits"
SAVEPOINT_KEY = "is set by the provider from upgradeMode and initialSavepointPath"
SAVEPOINT_PATH = ("flinkConfiguration", "execution.savepoint.path")
JM, TM = "jobManagerResource", "taskManagerResource"


def _name_and_workspace() -> list[tuple[Any, ...]]:
    """The ``name`` (a non-empty string) and ``workspace`` (an ID) rules every kind has."""
    http = {"http_mentions": "ws"}
    return [
        row("name-missing", "name", REQUIRED, (("name",), DROP)),
        row("name-null", "name", REQUIRED, (("name",), None)),
        row("name-empty", "name", EMPTY, (("name",), "")),
        row("name-blank", "name", EMPTY, (("name",), " \t "), **ONLY),
        row("name-number", "name", STRING, (("name",), 42)),
        row("name-list", "name", STRING, (("name",), ["a"])),
        row(
            "workspace-lower-case", "workspace", WORKSPACE_RULE, (("workspace",), "default"), **http
        ),
        row("workspace-21-chars", "workspace", WORKSPACE_RULE, (("workspace",), "W" * 21), **http),
        row("workspace-dash", "workspace", WORKSPACE_RULE, (("workspace",), "MY-WS"), **http),
        row(
            "workspace-trailing-newline",
            "workspace",
            WORKSPACE_RULE,
            (("workspace",), "DEFAULT\n"),
            **http,
        ),
        row("workspace-number", "workspace", STRING, (("workspace",), 7), **SIDE),
    ]


def _configuration(key_rule_path: str) -> list[tuple[Any, ...]]:
    return [
        row(
            "flinkconf-list",
            "flinkConfiguration",
            "must be a map of strings",
            (("flinkConfiguration",), ["a=b"]),
        ),
        row(
            "flinkconf-number-value",
            'flinkConfiguration["parallelism.default"]',
            MAP_VALUE,
            (("flinkConfiguration",), {"parallelism.default": 2}),
        ),
        row(
            "flinkconf-bool-value",
            "flinkConfiguration.enabled",
            MAP_VALUE,
            (("flinkConfiguration",), {"enabled": True}),
        ),
        row(
            "flinkconf-empty-key",
            key_rule_path,
            "keys must not be empty",
            (("flinkConfiguration",), {"": "value"}),
            **ONLY,
        ),
    ]


SESSION_CASES = _cases(
    "session",
    *_name_and_workspace(),
    row(
        "runtime-missing",
        "runtime",
        f"{REQUIRED}: one of FLINK_1_17, FLINK_1_18",
        (("runtime",), DROP),
    ),
    row("runtime-lower-case", "runtime", RUNTIME_RULE, (("runtime",), "flink_1_18")),
    row("runtime-unsupported", "runtime", RUNTIME_RULE, (("runtime",), "FLINK_2_0")),
    row("runtime-number", "runtime", RUNTIME_RULE, (("runtime",), 1.18)),
    row("jars-string", "jars", "must be a list", (("jars",), "s3://bucket/jobs.jar")),
    row("jars-number-item", "jars[0]", STRING, (("jars",), [1])),
    row("jars-no-scheme", "jars[0]", URI_RULE, (("jars",), ["jobs.jar"]), **ONLY),
    row("jars-trailing-newline", "jars[0]", URI_RULE, (("jars",), ["s3://b/j.jar\n"]), **ONLY),
    row("plugins-object", "plugins", "must be a list", (("plugins",), {"name": "flink-s3"})),
    row("plugin-name-upper-case", "plugins[0].name", PLUGIN_RULE, (("plugins", 0, "name"), "S3")),
    row("plugin-name-1-char", "plugins[0].name", PLUGIN_RULE, (("plugins", 0, "name"), "s")),
    row("plugin-jars-missing", "plugins[0].jars", REQUIRED, (("plugins", 0, "jars"), DROP)),
    row(
        "plugin-jar-relative",
        "plugins[0].jars[0]",
        "must be a URI with a scheme or an absolute path",
        (("plugins", 0, "jars"), ["plugins/x.jar"]),
        **ONLY,
    ),
    *_configuration('flinkConfiguration[""]'),
    row(
        "logconf-list-value",
        'logConfiguration["log4j.properties"]',
        MAP_VALUE,
        (("logConfiguration",), {"log4j.properties": ["rootLogger.level = INFO"]}),
    ),
    row("jm-string", JM, "must be an object with cpu, memory, ephemeralStorage", ((JM,), "1 cpu")),
    row("jm-cpu-zero", f"{JM}.cpu", CPU_RULE, ((JM, "cpu"), 0)),
    row("jm-cpu-negative", f"{JM}.cpu", CPU_RULE, ((JM, "cpu"), -0.5)),
    row("jm-cpu-string", f"{JM}.cpu", "must be a number", ((JM, "cpu"), "1")),
    row(
        "tm-memory-kubernetes-suffix",
        f"{TM}.memory",
        "Kubernetes suffixes such as Gi",
        ((TM, "memory"), "2Gi"),
    ),
    row("tm-memory-number", f"{TM}.memory", STRING, ((TM, "memory"), 2048)),
    row("tm-memory-trailing-newline", f"{TM}.memory", SIZE_RULE, ((TM, "memory"), "2g\n")),
    row(
        "tm-storage-words", f"{TM}.ephemeralStorage", SIZE_RULE, ((TM, "ephemeralStorage"), "lots")
    ),
    row("tm-unknown-property", f"{TM}.gpu", UNKNOWN, ((TM, "gpu"), 1)),
    # What a session does not take: a job, the stateful inputs, a session, its outputs.
    row("job-given", "job", UNKNOWN, (("job",), {"entryClass": "org.example.Job"})),
    row("upgrade-mode-given", "upgradeMode", UNKNOWN, (("upgradeMode",), "savepoint"), **SIDE),
    row("session-given", "session", UNKNOWN, (("session",), "corpus-session"), **SIDE),
    row("output-session-id", "sessionId", UNKNOWN, (("sessionId",), "S1B2C3D4")),
    row("output-state", "state", UNKNOWN, (("state",), "RUNNING")),
)

JOB = ("job",)
JOB_CASES = _cases(
    "session-job",
    *_name_and_workspace(),
    # The session reference: the name of a session in the job's workspace (in the URL).
    row("session-missing", "session", REQUIRED, (("session",), DROP), **SIDE),
    row("session-null", "session", REQUIRED, (("session",), None), **SIDE),
    row("session-empty", "session", EMPTY, (("session",), ""), **SIDE),
    row("session-blank", "session", EMPTY, (("session",), "  "), **SIDE),
    row("session-number", "session", STRING, (("session",), 3), **SIDE),
    row(
        "session-object",  # the session resource passed instead of its name output
        "session",
        "must be a string, not an object",
        (("session",), {"name": "corpus-session"}),
        **SIDE,
    ),
    *_configuration('flinkConfiguration[""]'),
    row(
        "flinkconf-savepoint-key",
        'flinkConfiguration["execution.savepoint.path"]',
        SAVEPOINT_KEY,
        (SAVEPOINT_PATH, "s3://bucket/savepoints/x"),
        **ONLY,
    ),
    # The job.
    row("job-list", "job", "must be an object with jarUri, entryClass, args", (JOB, [])),
    row("job-string", "job", "must be an object", (JOB, "s3://bucket/job.jar")),
    row("job-unknown-property", "job.parallelism", UNKNOWN, ((*JOB, "parallelism"), 4)),
    row("job-jaruri-number", "job.jarUri", STRING, ((*JOB, "jarUri"), 1)),
    row(
        "job-jaruri-no-scheme", "job.jarUri", URI_RULE, ((*JOB, "jarUri"), "WordCount.jar"), **ONLY
    ),
    row("job-jaruri-empty", "job.jarUri", EMPTY, ((*JOB, "jarUri"), ""), **ONLY),
    row("job-entryclass-number", "job.entryClass", STRING, ((*JOB, "entryClass"), 3)),
    row(
        "job-entryclass-not-java",
        "job.entryClass",
        JAVA_RULE,
        ((*JOB, "entryClass"), "1com.Example"),
        **ONLY,
    ),
    row(
        "job-entryclass-trailing-newline",
        "job.entryClass",
        JAVA_RULE,
        ((*JOB, "entryClass"), "com.example.Job\n"),
        **ONLY,
    ),
    row("job-args-string", "job.args", "must be a list", ((*JOB, "args"), "--verbose")),
    row("job-args-number-item", "job.args[0]", STRING, ((*JOB, "args"), [1])),
    row("job-args-null-item", "job.args[1]", STRING, ((*JOB, "args"), ["--x", None])),
    # The provider's stateful inputs.
    row(
        "upgrade-mode-upper-case", "upgradeMode", MODE_RULE, (("upgradeMode",), "SAVEPOINT"), **SIDE
    ),
    row(
        "upgrade-mode-underscore",
        "upgradeMode",
        MODE_RULE,
        (("upgradeMode",), "last_state"),
        **SIDE,
    ),
    row(
        "upgrade-mode-operator-name",
        "upgradeMode",
        MODE_RULE,
        (("upgradeMode",), "LastState"),
        **SIDE,
    ),
    row("upgrade-mode-empty", "upgradeMode", MODE_RULE, (("upgradeMode",), ""), **SIDE),
    row("upgrade-mode-number", "upgradeMode", MODE_RULE, (("upgradeMode",), 1), **SIDE),
    row("suspended-string", "suspended", BOOL_RULE, (("suspended",), "true"), **SIDE),
    row("suspended-number", "suspended", BOOL_RULE, (("suspended",), 1), **SIDE),
    row(
        "initial-savepoint-no-scheme",
        "initialSavepointPath",
        URI_RULE,
        (("initialSavepointPath",), "savepoint-1"),
        **SIDE,
    ),
    row(
        "initial-savepoint-empty",
        "initialSavepointPath",
        EMPTY,
        (("initialSavepointPath",), ""),
        **SIDE,
    ),
    row(
        "initial-savepoint-number",
        "initialSavepointPath",
        STRING,
        (("initialSavepointPath",), 5),
        **SIDE,
    ),
    row(
        "initial-savepoint-trailing-newline",
        "initialSavepointPath",
        URI_RULE,
        (("initialSavepointPath",), "s3://bucket/sp\n"),
        **SIDE,
    ),
    # What a session job does not take: the cluster's inputs (its session has them), outputs.
    row("runtime-given", "runtime", UNKNOWN, (("runtime",), "FLINK_1_17")),
    row("jars-given", "jars", UNKNOWN, (("jars",), ["s3://bucket/job.jar"])),
    row("jm-given", "jobManagerResource", UNKNOWN, (("jobManagerResource",), {"cpu": 1})),
    row("output-job-id", "jobId", UNKNOWN, (("jobId",), "J1B2C3D4")),
    row("output-session-id", "sessionId", UNKNOWN, (("sessionId",), "S1B2C3D4")),
    row("output-last-savepoint", "lastSavepoint", UNKNOWN, (("lastSavepoint",), "s3://b/sp")),
    row("output-restored-from", "restoredFrom", UNKNOWN, (("restoredFrom",), "s3://b/sp")),
)

APPLICATION_CASES = _cases(
    "application",
    row(
        "upgrade-mode-upper-case", "upgradeMode", MODE_RULE, (("upgradeMode",), "SAVEPOINT"), **SIDE
    ),
    row("upgrade-mode-number", "upgradeMode", MODE_RULE, (("upgradeMode",), 2), **SIDE),
    row("suspended-string", "suspended", BOOL_RULE, (("suspended",), "false"), **SIDE),
    row(
        "initial-savepoint-no-scheme",
        "initialSavepointPath",
        URI_RULE,
        (("initialSavepointPath",), "/tmp/sp"),
        **SIDE,
    ),
    row(
        "flinkconf-savepoint-key",
        'flinkConfiguration["execution.savepoint.path"]',
        SAVEPOINT_KEY,
        (SAVEPOINT_PATH, "s3://bucket/savepoints/x"),
        **ONLY,
    ),
    row("output-last-savepoint", "lastSavepoint", UNKNOWN, (("lastSavepoint",), "s3://b/sp")),
)

CASES: list[KindBadInput] = [*SESSION_CASES, *JOB_CASES, *APPLICATION_CASES]


@dataclass(frozen=True)
class KindUnknown:
    """An input of one kind unknown during preview: accepted, and kept unknown."""

    kind: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.kind}/unknown-{'.'.join(str(k) for k in self.path)}"

    @property
    def resource(self) -> Resource:
        return RESOURCES[self.kind]

    @property
    def token(self) -> str:
        return self.resource.token

    def spec(self, unknown: Any) -> dict[str, Any]:
        spec = copy.deepcopy(BASES[self.kind])
        apply(spec, self.path, unknown)
        return spec


UNKNOWNS: list[KindUnknown] = [
    *(
        KindUnknown("session", path)
        for path in [("name",), ("runtime",), ("jars", 0), ("plugins", 0, "name"), (TM, "memory")]
    ),
    *(
        KindUnknown("session-job", path)
        for path in [
            ("session",),
            ("name",),
            ("workspace",),
            ("job",),
            ("job", "entryClass"),
            ("upgradeMode",),
            ("suspended",),
            ("initialSavepointPath",),
            ("flinkConfiguration", "parallelism.default"),
        ]
    ),
]


def http_cases() -> Iterator[KindBadInput]:
    """The cases whose body the API must refuse as well."""
    return (c for c in CASES if not (c.provider_only or c.provider_side))
