"""The validation rules of the provider, each declared once; the patterns are the contract's."""

from __future__ import annotations

from ..client.patterns import PLUGIN_NAME_PATTERN, RESOURCE_ID_PATTERN
from .kinds import Rule
from .quantities import MEMORY_PATTERN

WORKSPACE_ID = Rule.pattern(
    RESOURCE_ID_PATTERN, "must be 1 to 20 upper-case letters and digits, such as DEFAULT"
)
API_ID = Rule.pattern(RESOURCE_ID_PATTERN, "must be an ID of 1 to 20 upper-case letters and digits")
URI = Rule.pattern(
    r"[A-Za-z][A-Za-z0-9+.-]*://\S+",
    "must be a URI with a scheme, such as s3://bucket/job.jar or local:///opt/flink/usrlib/job.jar",
)
URI_OR_PATH = Rule(
    lambda v: URI.holds(v) or v.startswith("/"),
    "must be a URI with a scheme or an absolute path, such as s3://bucket/job.jar or "
    "local:///opt/flink/usrlib/job.jar",
)
JAVA_CLASS = Rule.pattern(
    r"[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*",
    "must be a fully qualified Java class name such as com.example.Job",
)
PLUGIN_NAME = Rule.pattern(
    PLUGIN_NAME_PATTERN,
    "must be 2 to 63 lower-case letters, digits, '.', '_' or '-', starting and ending with a "
    "letter or digit",
)
SIZE = Rule(
    lambda v: MEMORY_PATTERN.fullmatch(v) is not None,
    "must be bytes with an optional 1024-based suffix k, m, g or t (such as 1024m or 1.5g); "
    "Kubernetes suffixes such as Gi are not accepted",
)
