"""Check: validate and default a FlinkApplication's inputs before any HTTP call.

Every failure names the property path (``jobManagerResource.cpu``) and the rule it breaks.
Unknown values (previews) are accepted as they are: they are checked when they are known.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .quantities import MEMORY_PATTERN
from .resource_id import RESOURCE_ID_PATTERN
from .values import is_unknown

RUNTIMES = ("FLINK_1_17", "FLINK_1_18")
PLUGIN_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*[a-z0-9]$")
URI_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
JAVA_CLASS_PATTERN = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$")

INPUT_FIELDS = (
    "workspace",
    "name",
    "runtime",
    "jars",
    "plugins",
    "flinkConfiguration",
    "logConfiguration",
    "jobManagerResource",
    "taskManagerResource",
    "job",
)
RESOURCE_FIELDS = ("cpu", "memory", "ephemeralStorage")
JOB_FIELDS = ("jarUri", "entryClass", "args")
PLUGIN_FIELDS = ("name", "jars")


@dataclass(frozen=True)
class Failure:
    """One invalid input: where it is and which rule it breaks."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class CheckResult:
    """The defaulted inputs, and the failures (empty when the inputs are valid)."""

    inputs: dict[str, Any]
    failures: list[Failure] = field(default_factory=list)


def key_path(parent: str, key: str) -> str:
    """A property path in Pulumi's syntax: ``a.b`` or ``a["key.with.dots"]``."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{parent}.{key}" if parent else key
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{parent}["{escaped}"]'


class _Checker:
    def __init__(self) -> None:
        self.failures: list[Failure] = []

    def fail(self, path: str, reason: str) -> None:
        self.failures.append(Failure(path, reason))

    def unknown_keys(self, value: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in value:
            if key not in allowed:
                self.fail(
                    key_path(path, key), f"unknown property; expected one of {', '.join(allowed)}"
                )

    def string(self, value: Any, path: str, *, non_empty: bool = True) -> bool:
        if is_unknown(value):
            return False
        if not isinstance(value, str):
            self.fail(path, f"must be a string, not {_type_name(value)}")
            return False
        if non_empty and not value.strip():
            self.fail(path, "must not be empty")
            return False
        return True

    def uri(self, value: Any, path: str, *, allow_absolute_path: bool = False) -> None:
        if not self.string(value, path):
            return
        if URI_PATTERN.fullmatch(value) or (allow_absolute_path and value.startswith("/")):
            return
        example = "s3://bucket/job.jar or local:///opt/flink/usrlib/job.jar"
        accepted = "a URI with a scheme" + (" or an absolute path" if allow_absolute_path else "")
        self.fail(path, f"must be {accepted}, such as {example}; got {_quote(value)}")

    def string_list(
        self, value: Any, path: str, item: Callable[[Any, str], None] | None = None
    ) -> list[Any]:
        if value is None:
            return []
        if is_unknown(value):
            return value  # type: ignore[no-any-return]
        if not isinstance(value, list):
            self.fail(path, f"must be a list, not {_type_name(value)}")
            return []
        for index, element in enumerate(value):
            element_path = f"{path}[{index}]"
            if item is not None:
                item(element, element_path)
            else:
                self.string(element, element_path, non_empty=False)
        return value

    def string_map(self, value: Any, path: str) -> Any:
        if value is None:
            return {}
        if is_unknown(value):
            return value
        if not isinstance(value, dict):
            self.fail(path, f"must be a map of strings to strings, not {_type_name(value)}")
            return {}
        for key, element in value.items():
            element_path = key_path(path, str(key))
            if not str(key).strip():
                self.fail(element_path, "keys must not be empty")
            if not is_unknown(element) and not isinstance(element, str):
                self.fail(
                    element_path,
                    f"must be a string, not {_type_name(element)}; quote numbers and booleans, "
                    'for example "2" or "true"',
                )
        return dict(value)

    def resource(self, value: Any, path: str) -> Any:
        if value is None:
            return {}
        if is_unknown(value):
            return value
        if not isinstance(value, dict):
            self.fail(
                path,
                f"must be an object with cpu, memory and ephemeralStorage, not {_type_name(value)}",
            )
            return {}
        self.unknown_keys(value, RESOURCE_FIELDS, path)
        cpu = value.get("cpu")
        if cpu is not None and not is_unknown(cpu):
            if isinstance(cpu, bool) or not isinstance(cpu, (int, float)):
                self.fail(f"{path}.cpu", f"must be a number, not {_type_name(cpu)}")
            elif not math.isfinite(cpu) or cpu <= 0:
                self.fail(
                    f"{path}.cpu", f"must be a positive number of CPU units, such as 0.5; got {cpu}"
                )
        for size in ("memory", "ephemeralStorage"):
            amount = value.get(size)
            if amount is None or not self.string(amount, f"{path}.{size}"):
                continue
            if not MEMORY_PATTERN.fullmatch(amount):
                self.fail(
                    f"{path}.{size}",
                    "must be bytes with an optional 1024-based suffix k, m, g or t (such as 1024m "
                    "or 1.5g); Kubernetes suffixes such as Gi are not accepted; "
                    f"got {_quote(amount)}",
                )
        return {k: v for k, v in value.items() if v is not None}

    def plugins(self, value: Any, path: str) -> Any:
        if value is None:
            return []
        if is_unknown(value):
            return value
        if not isinstance(value, list):
            self.fail(path, f"must be a list of plugins, not {_type_name(value)}")
            return []
        result: list[Any] = []
        for index, plugin in enumerate(value):
            plugin_path = f"{path}[{index}]"
            if is_unknown(plugin):
                result.append(plugin)
                continue
            if not isinstance(plugin, dict):
                self.fail(
                    plugin_path, f"must be an object with name and jars, not {_type_name(plugin)}"
                )
                continue
            self.unknown_keys(plugin, PLUGIN_FIELDS, plugin_path)
            name = plugin.get("name")
            if name is None:
                self.fail(f"{plugin_path}.name", "is required")
            elif self.string(name, f"{plugin_path}.name") and not (
                2 <= len(name) <= 63 and PLUGIN_NAME_PATTERN.fullmatch(name)
            ):
                self.fail(
                    f"{plugin_path}.name",
                    "must be 2 to 63 lower-case letters, digits, '.', '_' or '-', starting and "
                    f"ending with a letter or digit; got {_quote(name)}",
                )

            def plugin_jar(jar: Any, jar_path: str) -> None:
                self.uri(jar, jar_path, allow_absolute_path=True)

            jars = self.string_list(plugin.get("jars"), f"{plugin_path}.jars", plugin_jar)
            result.append({"name": name, "jars": jars})
        return result

    def job(self, value: Any, path: str) -> Any:
        if value is None:
            return {"args": []}
        if is_unknown(value):
            return value
        if not isinstance(value, dict):
            self.fail(
                path, f"must be an object with jarUri, entryClass and args, not {_type_name(value)}"
            )
            return {"args": []}
        self.unknown_keys(value, JOB_FIELDS, path)
        job: dict[str, Any] = {}
        if value.get("jarUri") is not None:
            self.uri(value["jarUri"], f"{path}.jarUri")
            job["jarUri"] = value["jarUri"]
        entry_class = value.get("entryClass")
        if entry_class is not None:
            if self.string(entry_class, f"{path}.entryClass") and not JAVA_CLASS_PATTERN.fullmatch(
                entry_class
            ):
                self.fail(
                    f"{path}.entryClass",
                    "must be a fully qualified Java class name such as com.example.Job; "
                    f"got {_quote(entry_class)}",
                )
            job["entryClass"] = entry_class
        job["args"] = self.string_list(value.get("args"), f"{path}.args")
        return job


def check(raw: Mapping[str, Any], default_workspace: str | None) -> CheckResult:
    """Validate ``raw`` inputs (wire names) and fill defaults; no I/O.

    ``workspace`` falls back to ``default_workspace`` (the provider's configuration), so the
    state always holds it. Lists and maps the API requires default to empty.
    """
    c = _Checker()
    c.unknown_keys(raw, INPUT_FIELDS, "")
    inputs: dict[str, Any] = {}

    workspace = raw.get("workspace")
    if workspace is None or workspace == "":
        workspace = default_workspace
    if workspace is None:
        c.fail(
            "workspace",
            "is required: set the workspace input, the lakesail:workspace provider configuration "
            "or the LAKESAIL_WORKSPACE environment variable",
        )
    elif c.string(workspace, "workspace") and not RESOURCE_ID_PATTERN.fullmatch(workspace):
        c.fail(
            "workspace",
            "must be 1 to 20 upper-case letters and digits, such as DEFAULT; "
            f"got {_quote(workspace)}",
        )
    if workspace is not None:
        inputs["workspace"] = workspace

    name = raw.get("name")
    if name is None:
        c.fail("name", "is required")
    else:
        c.string(name, "name")
        inputs["name"] = name

    runtime = raw.get("runtime")
    if runtime is None:
        c.fail("runtime", f"is required: one of {', '.join(RUNTIMES)}")
    else:
        if c.string(runtime, "runtime") and runtime not in RUNTIMES:
            c.fail("runtime", f"must be one of {', '.join(RUNTIMES)}; got {_quote(runtime)}")
        inputs["runtime"] = runtime

    inputs["jars"] = c.string_list(raw.get("jars"), "jars", c.uri)
    inputs["plugins"] = c.plugins(raw.get("plugins"), "plugins")
    inputs["flinkConfiguration"] = c.string_map(raw.get("flinkConfiguration"), "flinkConfiguration")
    inputs["logConfiguration"] = c.string_map(raw.get("logConfiguration"), "logConfiguration")
    inputs["jobManagerResource"] = c.resource(raw.get("jobManagerResource"), "jobManagerResource")
    inputs["taskManagerResource"] = c.resource(
        raw.get("taskManagerResource"), "taskManagerResource"
    )
    inputs["job"] = c.job(raw.get("job"), "job")

    job, jars = inputs["job"], inputs["jars"]
    program_known = not is_unknown(job) and not is_unknown(jars)
    if program_known and isinstance(job, dict) and not job.get("jarUri") and not jars:
        c.fail(
            "job.jarUri",
            "the job needs a program: set job.jarUri or add at least one entry to jars",
        )
    return CheckResult(inputs, c.failures)


def _quote(value: str, limit: int = 60) -> str:
    """The value as quoted in a failure; a huge one is clipped, not echoed whole."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}... ({len(value)} characters)"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
