"""A corpus of bad FlinkApplication inputs, shared by three tests.

- ``tests/unit/test_bad_input_corpus.py``: the lifecycle core's check, in memory;
- ``tests/faults/test_bad_input_plugin.py``: the real plugin's Check over gRPC (no HTTP call);
- ``tests/emulator/test_bad_input_http.py``: the same bodies POSTed raw to the emulator (400/413).

Each case is the valid ``BASE`` spec with a few edits, the property path the provider must name,
and what the API says about the same body. ``provider_only`` marks rules the provider adds on
top of the contract (a JAR URI needs a scheme, ``entryClass`` is a Java class name, a name is
not blank, the job has a program): the API accepts those bodies, so only the provider side is
asserted. The ``*-trailing-newline`` cases guard a fixed bug: Python's ``$`` matched before a
final newline, so ``"2g\n"`` passed check and failed at ``pulumi up`` (fixed in de0331c).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Key = str | int
Path = tuple[Key, ...]

DROP: Any = object()
"""Edit value: remove the key."""
UNKNOWN_MARK = "<<unknown>>"
"""Placeholder for a value unknown during preview; each test puts its own sentinel there."""

TWO_MB = 2 * 1024 * 1024

BASE: dict[str, Any] = {
    "name": "corpus-app",
    "runtime": "FLINK_1_17",
    "jars": [],
    "plugins": [{"name": "flink-s3-fs-hadoop", "jars": ["/opt/flink/opt/flink-s3-fs-hadoop.jar"]}],
    "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
    "logConfiguration": {"log4j-console.properties": "rootLogger.level = INFO"},
    "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
    "taskManagerResource": {"cpu": 1, "memory": "2g", "ephemeralStorage": "256m"},
    "job": {
        "jarUri": "local:///opt/flink/usrlib/job.jar",
        "entryClass": "org.example.Job",
        "args": ["--mode", "streaming"],
    },
}


def apply(spec: dict[str, Any], path: Path, value: Any) -> None:
    """Set (or with DROP remove) the value at ``path`` inside ``spec``."""
    target: Any = spec
    for key in path[:-1]:
        target = target[key]
    if value is DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value


@dataclass(frozen=True)
class BadInput:
    """One bad input and the errors it must produce."""

    id: str
    edits: tuple[tuple[Path, Any], ...]
    path: str
    """The property path the provider's failure names."""
    provider_only: bool = False
    """The API accepts this body: a rule of the provider only."""
    http_status: int = 400
    http_mentions: str | None = None
    """Text the API's message must hold; the provider's ``path`` unless given ('' for none)."""

    def spec(self) -> dict[str, Any]:
        """The provider inputs: BASE with the edits."""
        spec = copy.deepcopy(BASE)
        for path, value in self.edits:
            apply(spec, path, value)
        return spec

    def body(self) -> dict[str, Any]:
        """The HTTP body (the workspace goes into the URL, not the body)."""
        body = self.spec()
        body.pop("workspace", None)
        return body

    @property
    def workspace(self) -> str | None:
        """The workspace the case sets, if any (used as the URL's workspace)."""
        value = self.spec().get("workspace")
        return value if isinstance(value, str) else None

    @property
    def expected_http_mention(self) -> str:
        return self.path if self.http_mentions is None else self.http_mentions


def bad(id: str, path: str, *edits: tuple[Path, Any], **options: Any) -> BadInput:
    return BadInput(id, tuple(edits), path, **options)


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"x": value}
    return value


JM, TM, JOB, PLUGIN = "jobManagerResource", "taskManagerResource", "job", ("plugins", 0)

CASES: list[BadInput] = [
    # ------------------------------------------------------------------ name
    bad("name-missing", "name", (("name",), DROP)),
    bad("name-null", "name", (("name",), None)),
    bad("name-empty", "name", (("name",), "")),
    bad("name-blank", "name", (("name",), " \t "), provider_only=True),
    bad("name-number", "name", (("name",), 42)),
    bad("name-bool", "name", (("name",), True)),
    bad("name-list", "name", (("name",), ["a"])),
    bad("name-object", "name", (("name",), {"first": "a"})),
    # ------------------------------------------------------------------ runtime (enum)
    bad("runtime-missing", "runtime", (("runtime",), DROP)),
    bad("runtime-lower-case", "runtime", (("runtime",), "flink_1_17")),
    bad("runtime-unsupported", "runtime", (("runtime",), "FLINK_1_16")),
    bad("runtime-number", "runtime", (("runtime",), 1.17)),
    bad("runtime-zero-width-space", "runtime", (("runtime",), "FLINK_1_17\u200b")),
    bad("runtime-2mb", "runtime", (("runtime",), "F" * TWO_MB), http_status=413, http_mentions=""),
    # ------------------------------------------------------------------ workspace (in the URL)
    bad("workspace-lower-case", "workspace", (("workspace",), "default"), http_mentions="ws"),
    bad("workspace-21-chars", "workspace", (("workspace",), "W" * 21), http_mentions="ws"),
    bad("workspace-dash", "workspace", (("workspace",), "MY-WS"), http_mentions="ws"),
    bad("workspace-unicode", "workspace", (("workspace",), "ÄBC"), http_mentions="ws"),
    bad("workspace-number", "workspace", (("workspace",), 7), provider_only=True),
    bad(
        "workspace-trailing-newline",
        "workspace",
        (("workspace",), "DEFAULT\n"),
        http_mentions="ws",
    ),
    # ------------------------------------------------------------------ unknown properties
    bad("unknown-property", "replicas", (("replicas",), 3)),
    bad("output-given-as-input", "applicationId", (("applicationId",), "ABC")),
    # ------------------------------------------------------------------ jars
    bad("jars-string", "jars", (("jars",), "s3://bucket/job.jar")),
    bad("jars-object", "jars", (("jars",), {"main": "s3://bucket/job.jar"})),
    bad("jars-number-item", "jars[0]", (("jars",), [1])),
    bad("jars-null-item", "jars[0]", (("jars",), [None])),
    bad("jars-nested-list", "jars[0]", (("jars",), [["s3://bucket/job.jar"]])),
    bad("jars-no-scheme", "jars[0]", (("jars",), ["job.jar"]), provider_only=True),
    bad(
        "jars-10000-last-null",
        "jars[9999]",
        (("jars",), [f"s3://bucket/lib-{i}.jar" for i in range(9999)] + [None]),
    ),
    # ------------------------------------------------------------------ plugins
    bad("plugins-object", "plugins", (("plugins",), {"name": "flink-s3"})),
    bad("plugins-item-string", "plugins[0]", (("plugins",), ["flink-s3"])),
    bad("plugin-name-missing", "plugins[0].name", ((*PLUGIN, "name"), DROP)),
    bad("plugin-name-number", "plugins[0].name", ((*PLUGIN, "name"), 5)),
    bad("plugin-name-upper-case", "plugins[0].name", ((*PLUGIN, "name"), "S3")),
    bad("plugin-name-1-char", "plugins[0].name", ((*PLUGIN, "name"), "s")),
    bad("plugin-name-64-chars", "plugins[0].name", ((*PLUGIN, "name"), "p" * 64)),
    bad("plugin-name-leading-dash", "plugins[0].name", ((*PLUGIN, "name"), "-s3")),
    bad("plugin-name-unicode", "plugins[0].name", ((*PLUGIN, "name"), "plugïn")),
    bad(
        "plugin-name-trailing-newline",
        "plugins[0].name",
        ((*PLUGIN, "name"), "flink-s3\n"),
    ),
    bad("plugin-unknown-property", "plugins[0].version", ((*PLUGIN, "version"), "1.0")),
    bad("plugin-jars-string", "plugins[0].jars", ((*PLUGIN, "jars"), "/opt/x.jar")),
    bad("plugin-jar-number", "plugins[0].jars[0]", ((*PLUGIN, "jars"), [3])),
    bad(
        "plugin-jar-relative",
        "plugins[0].jars[0]",
        ((*PLUGIN, "jars"), ["plugins/x.jar"]),
        provider_only=True,
    ),
    # ------------------------------------------------------------------ configuration maps
    bad("flinkconf-list", "flinkConfiguration", (("flinkConfiguration",), ["a=b"])),
    bad("flinkconf-string", "flinkConfiguration", (("flinkConfiguration",), "a=b")),
    bad(
        "flinkconf-number-value",
        'flinkConfiguration["parallelism.default"]',
        (("flinkConfiguration",), {"parallelism.default": 2}),
    ),
    bad(
        "flinkconf-bool-value",
        "flinkConfiguration.enabled",
        (("flinkConfiguration",), {"enabled": True}),
    ),
    bad("flinkconf-null-value", "flinkConfiguration.x", (("flinkConfiguration",), {"x": None})),
    bad(
        "flinkconf-object-value",
        "flinkConfiguration.x",
        (("flinkConfiguration",), {"x": {"y": "z"}}),
    ),
    bad(
        "flinkconf-nested-34-deep",
        "flinkConfiguration.x",
        (("flinkConfiguration",), _nested(34)),
        http_mentions="nested deeper",
    ),
    bad(
        "flinkconf-empty-key",
        'flinkConfiguration[""]',
        (("flinkConfiguration",), {"": "value"}),
        provider_only=True,
    ),
    bad("logconf-number", "logConfiguration", (("logConfiguration",), 5)),
    bad(
        "logconf-list-value",
        'logConfiguration["log4j.properties"]',
        (("logConfiguration",), {"log4j.properties": ["rootLogger.level = INFO"]}),
    ),
    # ------------------------------------------------------------------ resources
    bad("jm-string", JM, ((JM,), "1 cpu")),
    bad("jm-list", JM, ((JM,), [])),
    bad("jm-cpu-zero", f"{JM}.cpu", ((JM, "cpu"), 0)),
    bad("jm-cpu-negative", f"{JM}.cpu", ((JM, "cpu"), -1)),
    bad("jm-cpu-string", f"{JM}.cpu", ((JM, "cpu"), "1")),
    bad("jm-cpu-bool", f"{JM}.cpu", ((JM, "cpu"), True)),
    bad("jm-cpu-infinite", f"{JM}.cpu", ((JM, "cpu"), float("inf")), http_mentions="JSON"),
    bad("jm-unknown-property", f"{JM}.gpu", ((JM, "gpu"), 1)),
    bad("tm-memory-kubernetes-suffix", f"{TM}.memory", ((TM, "memory"), "2Gi")),
    bad("tm-memory-number", f"{TM}.memory", ((TM, "memory"), 2048)),
    bad("tm-memory-empty", f"{TM}.memory", ((TM, "memory"), "")),
    bad("tm-memory-negative", f"{TM}.memory", ((TM, "memory"), "-1g")),
    bad("tm-memory-fullwidth-digit", f"{TM}.memory", ((TM, "memory"), "\uff12g")),
    bad(
        "tm-memory-trailing-newline",
        f"{TM}.memory",
        ((TM, "memory"), "2g\n"),
    ),
    bad("tm-storage-words", f"{TM}.ephemeralStorage", ((TM, "ephemeralStorage"), "lots")),
    # ------------------------------------------------------------------ job
    bad("job-missing-and-no-jars", "job.jarUri", (("job",), DROP), http_mentions="job"),
    bad("job-empty-and-no-jars", "job.jarUri", (("job",), {}), http_mentions="job.args"),
    bad("job-list", "job", (("job",), [])),
    bad("job-string", "job", (("job",), "s3://bucket/job.jar")),
    bad("job-unknown-property", "job.parallelism", ((JOB, "parallelism"), 4)),
    bad("job-jaruri-number", "job.jarUri", ((JOB, "jarUri"), 1)),
    bad(
        "job-jaruri-no-scheme", "job.jarUri", ((JOB, "jarUri"), "WordCount.jar"), provider_only=True
    ),
    bad("job-entryclass-number", "job.entryClass", ((JOB, "entryClass"), 3)),
    bad(
        "job-entryclass-not-java",
        "job.entryClass",
        ((JOB, "entryClass"), "1com.Example"),
        provider_only=True,
    ),
    bad(
        "job-entryclass-space",
        "job.entryClass",
        ((JOB, "entryClass"), "com.example.My Job"),
        provider_only=True,
    ),
    bad(
        "job-entryclass-trailing-newline",
        "job.entryClass",
        ((JOB, "entryClass"), "com.example.Job\n"),
        provider_only=True,
    ),
    bad("job-args-string", "job.args", ((JOB, "args"), "--verbose")),
    bad("job-args-number-item", "job.args[0]", ((JOB, "args"), [1])),
    bad("job-args-null-item", "job.args[1]", ((JOB, "args"), ["--x", None])),
    bad("job-args-object-item", "job.args[0]", ((JOB, "args"), [{"k": "v"}])),
]


@dataclass(frozen=True)
class Unknown:
    """A spec with a value unknown during preview: Check must accept it and keep it unknown."""

    id: str
    path: Path

    def spec(self, unknown: Any) -> dict[str, Any]:
        spec = copy.deepcopy(BASE)
        if self.path == ("job",):
            spec["jars"] = []  # the program is then unknown too: still no failure
        apply(spec, self.path, unknown)
        return spec


UNKNOWNS: list[Unknown] = [
    Unknown(f"unknown-{'.'.join(str(k) for k in path)}", path)
    for path in [
        ("name",),
        ("runtime",),
        ("workspace",),
        ("jars",),
        ("plugins",),
        ("plugins", 0),
        ("plugins", 0, "name"),
        ("plugins", 0, "jars"),
        ("plugins", 0, "jars", 0),
        ("flinkConfiguration",),
        ("flinkConfiguration", "taskmanager.numberOfTaskSlots"),
        ("logConfiguration",),
        ("jobManagerResource",),
        ("jobManagerResource", "cpu"),
        ("taskManagerResource", "memory"),
        ("taskManagerResource", "ephemeralStorage"),
        ("job",),
        ("job", "jarUri"),
        ("job", "entryClass"),
        ("job", "args"),
        ("job", "args", 0),
    ]
]


def value_at(value: Any, path: Path) -> Any:
    """The value at ``path`` (checked inputs keep the spec's shape)."""
    for key in path:
        value = value[key]
    return value


def http_cases() -> Iterator[BadInput]:
    """The cases the API must refuse as well."""
    return (case for case in CASES if not case.provider_only)
