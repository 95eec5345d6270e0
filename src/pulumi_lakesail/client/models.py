"""Pydantic mirrors of the LakeSail API schemas (``openapi.yaml``), with the contract's names.

Python attributes are snake_case; the wire names are their camelCase aliases, and either form is
accepted on input. Request models (``*Spec``) reject unknown fields so that a typo fails loudly;
response models ignore unknown fields so that a newer server does not break an older client.
Timestamps stay ``str`` exactly as the server sent them, so state round-trips byte for byte.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.alias_generators import to_camel

from .patterns import MEMORY_PATTERN, PLUGIN_NAME_PATTERN, RESOURCE_ID_PATTERN

__all__ = [
    "ContainerResource",
    "CurrentIdentity",
    "ErrorBody",
    "FlinkApplication",
    "FlinkApplicationList",
    "FlinkApplicationSpec",
    "FlinkApplicationState",
    "FlinkApplicationSummary",
    "FlinkJob",
    "FlinkJobSpec",
    "FlinkPlugin",
    "FlinkRuntime",
    "FlinkSavepoint",
    "FlinkSavepointList",
    "FlinkSavepointTriggerType",
    "FlinkSession",
    "FlinkSessionJob",
    "FlinkSessionJobList",
    "FlinkSessionJobSpec",
    "FlinkSessionJobState",
    "FlinkSessionJobSummary",
    "FlinkSessionList",
    "FlinkSessionSpec",
    "FlinkSessionState",
    "FlinkSessionSummary",
    "FlinkUrl",
    "FlinkUrlSpec",
    "MEMORY_PATTERN",
    "PLUGIN_NAME_PATTERN",
    "Page",
    "RESOURCE_ID_PATTERN",
    "ResourceId",
    "ResourceName",
    "ServiceAccount",
    "Timestamp",
    "User",
    "Username",
    "Workspace",
    "WorkspaceList",
]

ResourceId = Annotated[str, StringConstraints(pattern=RESOURCE_ID_PATTERN)]
"""A resource ID (server-generated): 1-20 upper-case letters and digits."""

ResourceName = Annotated[str, StringConstraints(min_length=1)]
"""Name of a Flink application, session or session job (no other rule is documented)."""

Username = Annotated[
    str, StringConstraints(min_length=2, max_length=253, pattern=r"^[a-zA-Z0-9.-]+$")
]
"""The username of a user or service account."""

Timestamp = str
"""UTC date-time as the server sent it; documented as ``YYYY-MM-DDTHH:mm:ss.sssZ``."""

_MemoryQuantity = Annotated[str, StringConstraints(pattern=MEMORY_PATTERN)]


class _Model(BaseModel):
    # Each field's docstring documents it (tests/unit/test_models.py checks that every field has
    # one); pydantic's use_attribute_docstrings would read this file's source at import, which
    # is half of importing the models and a third of the plugin's start. defer_build: a model's
    # validator is built when it is first used; a Configure uses two of the 35, a preview no more.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)


class _Request(_Model):
    """A request body, or a part of one: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


class _Response(_Model):
    """A response body: unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")


ItemT = TypeVar("ItemT", bound=BaseModel)


class Page(_Response, Generic[ItemT]):
    """One page of a list operation (``limit``/``marker`` pagination)."""

    items: list[ItemT]
    """The items on this page."""
    marker: str | None = None
    """Token for the next page; absent when there are no more items."""


# ---------------------------------------------------------------- enums


class FlinkRuntime(str, Enum):
    """The runtime of a Flink cluster; each value maps to a tag of LakeSail's Flink images."""

    FLINK_1_17 = "FLINK_1_17"
    FLINK_1_18 = "FLINK_1_18"


class FlinkApplicationState(str, Enum):
    """State of a Flink application (transitions are not documented)."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    DELETING = "DELETING"
    FAILED = "FAILED"


class FlinkSessionState(str, Enum):
    """The state of a Flink session."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    DELETING = "DELETING"
    FAILED = "FAILED"


class FlinkSessionJobState(str, Enum):
    """State of a Flink session job."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    DELETING = "DELETING"
    FAILED = "FAILED"


class FlinkSavepointTriggerType(str, Enum):
    """The trigger type of a Flink savepoint."""

    MANUAL = "MANUAL"
    PERIODIC = "PERIODIC"
    UNKNOWN = "UNKNOWN"
    UPGRADE = "UPGRADE"


# ---------------------------------------------------------------- flink building blocks


class FlinkPlugin(_Request):
    """The configuration of a Flink plugin."""

    name: Annotated[str, StringConstraints(pattern=PLUGIN_NAME_PATTERN)]
    """The name of the plugin."""
    jars: list[str]
    """The JAR files of the plugin."""


class ContainerResource(_Request):
    """Container resources in Kubernetes (all fields optional; sizes are 1024-based)."""

    cpu: float | None = Field(default=None, allow_inf_nan=False)
    """CPU units for the container; fractions allowed (e.g. 0.5)."""
    memory: _MemoryQuantity | None = None
    """Memory for the container, in bytes with optional 1024-based suffix."""
    ephemeral_storage: _MemoryQuantity | None = None
    """Ephemeral storage for the container, in bytes with optional 1024-based suffix."""


class FlinkJobSpec(_Request):
    """A Flink job specification."""

    jar_uri: str | None = None
    """The JAR file URI of the job (e.g. local:///opt/flink/...); session jobs typically omit it."""
    entry_class: str | None = None
    """The Java entry class of the job."""
    args: list[str]
    """Command-line arguments of the job; [] for none."""


class FlinkJob(_Response):
    """A Flink job as reported by the server."""

    id: str
    """The job ID generated by Flink (not a ResourceId; Flink job IDs are 32 hex characters)."""
    name: str
    """The name of the job."""
    jar_uri: str | None = None
    """The JAR file URI of the job."""
    entry_class: str | None = None
    """The Java entry class of the job."""
    args: list[str]
    """The command-line arguments of the job."""


def _known_keys(model: type[BaseModel]) -> frozenset[str]:
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        if field.alias:
            keys.add(field.alias)
    return frozenset(keys)


def _drop_unknown(model: type[BaseModel], value: Any) -> Any:
    if isinstance(value, dict):
        known = _known_keys(model)
        return {k: v for k, v in value.items() if k in known}
    return value


class _ClusterResponse(_Response):
    """A response that embeds the request-side parts FlinkPlugin and ContainerResource.

    Those parts forbid unknown fields (they are request building blocks), so a response drops
    unknown keys inside them before validation, keeping responses tolerant at every depth.
    """

    _embedded: ClassVar[dict[str, type[BaseModel]]] = {
        "plugins": FlinkPlugin,
        "jobManagerResource": ContainerResource,
        "job_manager_resource": ContainerResource,
        "taskManagerResource": ContainerResource,
        "task_manager_resource": ContainerResource,
    }

    @model_validator(mode="before")
    @classmethod
    def _tolerate_unknown_nested(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        cleaned = dict(data)
        for key, part in cls._embedded.items():
            value = cleaned.get(key)
            if isinstance(value, list):
                cleaned[key] = [_drop_unknown(part, item) for item in value]
            elif value is not None:
                cleaned[key] = _drop_unknown(part, value)
        return cleaned


# ---------------------------------------------------------------- applications


class FlinkApplicationSpec(_Request):
    """The specification to create a Flink application (every property is required)."""

    name: ResourceName
    """The Flink application name."""
    runtime: FlinkRuntime
    """The runtime of the Flink cluster."""
    jars: list[str]
    """JAR files for the Flink cluster (job program and/or connectors); copied to
    /opt/flink/lib/extra at container start. Non-local schemes (e.g. s3://) need the matching
    file-system plugin."""
    plugins: list[FlinkPlugin]
    """Flink plugins for the cluster."""
    flink_configuration: dict[str, str]
    """A map of Flink configuration properties (string keys, string values, e.g. "2" not 2)."""
    log_configuration: dict[str, str]
    """A map from log4j properties file name (e.g. log4j-console.properties) to the file content."""
    job_manager_resource: ContainerResource
    """Resources of the JobManager containers."""
    task_manager_resource: ContainerResource
    """Resources of the TaskManager containers."""
    job: FlinkJobSpec
    """The Flink job to run."""


class FlinkApplication(_ClusterResponse):
    """A Flink application (Describe response)."""

    id: ResourceId
    """The Flink application ID."""
    name: ResourceName
    """The Flink application name."""
    runtime: FlinkRuntime
    """The runtime of the Flink cluster."""
    jars: list[str]
    """JAR files for the Flink cluster."""
    plugins: list[FlinkPlugin]
    """Flink plugins for the cluster."""
    flink_configuration: dict[str, str]
    """A map of Flink configuration properties."""
    log_configuration: dict[str, str]
    """A map from log4j properties file name to the file content."""
    job_manager_resource: ContainerResource
    """Resources of the JobManager containers."""
    task_manager_resource: ContainerResource
    """Resources of the TaskManager containers."""
    job: FlinkJob
    """The Flink job, with the ID and name Flink assigned."""
    state: FlinkApplicationState
    """State of the Flink application."""
    created_at: Timestamp
    """When the application was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the application was last updated (UTC, as sent by the server)."""


class FlinkApplicationSummary(_Response):
    """A summary of a Flink application (Create response and List item)."""

    id: ResourceId
    """The Flink application ID."""
    name: ResourceName
    """The Flink application name."""
    state: FlinkApplicationState
    """State of the Flink application."""
    created_at: Timestamp
    """When the application was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the application was last updated (UTC, as sent by the server)."""


class FlinkApplicationList(Page[FlinkApplicationSummary]):
    """A page of Flink applications."""


# ---------------------------------------------------------------- sessions


class FlinkSessionSpec(_Request):
    """The specification to create a Flink session (the application spec without ``job``)."""

    name: ResourceName
    """The Flink session name."""
    runtime: FlinkRuntime
    """The runtime of the Flink cluster."""
    jars: list[str]
    """JAR files used by the session cluster."""
    plugins: list[FlinkPlugin]
    """Flink plugins for the cluster."""
    flink_configuration: dict[str, str]
    """A map of Flink configuration properties (string keys, string values)."""
    log_configuration: dict[str, str]
    """A map from log4j properties file name to the file content."""
    job_manager_resource: ContainerResource
    """Resources of the JobManager containers."""
    task_manager_resource: ContainerResource
    """Resources of the TaskManager containers."""


class FlinkSession(_ClusterResponse):
    """A Flink session (Describe response)."""

    id: ResourceId
    """The Flink session ID."""
    name: ResourceName
    """The Flink session name."""
    runtime: FlinkRuntime
    """The runtime of the Flink cluster."""
    jars: list[str]
    """JAR files deployed in the Flink session."""
    plugins: list[FlinkPlugin]
    """Flink plugins for the cluster."""
    flink_configuration: dict[str, str]
    """A map of Flink configuration properties."""
    log_configuration: dict[str, str]
    """A map from log4j properties file name to the file content."""
    job_manager_resource: ContainerResource
    """Resources of the JobManager containers."""
    task_manager_resource: ContainerResource
    """Resources of the TaskManager containers."""
    state: FlinkSessionState
    """The state of the Flink session."""
    created_at: Timestamp
    """When the session was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the session was last updated (UTC, as sent by the server)."""


class FlinkSessionSummary(_Response):
    """A summary of a Flink session."""

    id: ResourceId
    """The Flink session ID."""
    name: ResourceName
    """The Flink session name."""
    state: FlinkSessionState
    """The state of the Flink session."""
    created_at: Timestamp
    """When the session was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the session was last updated (UTC, as sent by the server)."""


class FlinkSessionList(Page[FlinkSessionSummary]):
    """A page of Flink sessions."""


# ---------------------------------------------------------------- session jobs


class FlinkSessionJobSpec(_Request):
    """The specification to create a Flink session job."""

    name: ResourceName
    """The Flink session job name."""
    flink_configuration: dict[str, str]
    """Job-specific Flink configuration; overrides the session cluster configuration where Flink
    allows it (cluster-only options have no effect)."""
    job: FlinkJobSpec
    """The Flink job to submit."""


class FlinkSessionJob(_Response):
    """A Flink session job (Describe response)."""

    id: ResourceId
    """The Flink session job ID."""
    name: ResourceName
    """The Flink session job name."""
    flink_configuration: dict[str, str]
    """Job-specific Flink configuration."""
    job: FlinkJob
    """The Flink job, with the ID and name Flink assigned."""
    state: FlinkSessionJobState
    """State of the Flink session job."""
    created_at: Timestamp
    """When the session job was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the session job was last updated (UTC, as sent by the server)."""


class FlinkSessionJobSummary(_Response):
    """A summary of a Flink session job."""

    id: ResourceId
    """The Flink session job ID."""
    name: ResourceName
    """The Flink session job name."""
    state: FlinkSessionJobState
    """State of the Flink session job."""
    created_at: Timestamp
    """When the session job was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the session job was last updated (UTC, as sent by the server)."""


class FlinkSessionJobList(Page[FlinkSessionJobSummary]):
    """A page of Flink session jobs."""


# ---------------------------------------------------------------- urls and savepoints


class FlinkUrlSpec(_Request):
    """Parameters of a pre-signed Flink web UI URL."""

    expires_in_seconds: int = Field(ge=5, le=300)
    """Seconds before the pre-signed URL expires (5-300)."""
    web_session_duration_in_seconds: int = Field(ge=600, le=86400)
    """Seconds the Flink web UI session (cookies obtained via the URL) lasts (600-86400)."""


class FlinkUrl(_Response):
    """A pre-signed URL for the Flink web UI (served through an API-server proxy)."""

    url: str
    """A pre-signed URL."""


class FlinkSavepoint(_Response):
    """A Flink savepoint."""

    location: str | None = None
    """Location of a completed savepoint."""
    trigger_type: FlinkSavepointTriggerType
    """The trigger type of the savepoint."""
    trigger_nonce: str | None = None
    """Opaque value identifying a manually triggered savepoint."""
    triggered_at: Timestamp | None = None
    """When the savepoint was triggered."""


class FlinkSavepointList(_Response):
    """A list of Flink savepoints (not paginated)."""

    pending: list[FlinkSavepoint] = Field(max_length=1)
    """Pending savepoints; zero or one item."""
    completed: list[FlinkSavepoint]
    """Completed savepoints; old ones may be removed by the job's savepoint clean-up settings."""


# ---------------------------------------------------------------- organization


class Workspace(_Response):
    """A workspace (maps to exactly one Kubernetes namespace)."""

    id: ResourceId
    """The workspace ID."""
    name: str
    """The workspace name."""
    kube_cluster_id: ResourceId
    """The Kubernetes cluster ID of the workspace."""
    kube_namespace: str
    """Kubernetes namespace that resources are deployed to."""
    kube_service_account: str
    """Kubernetes service account used for Kubernetes API requests."""
    created_at: Timestamp
    """When the workspace was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the workspace was last updated (UTC, as sent by the server)."""


class WorkspaceList(Page[Workspace]):
    """A page of workspaces (items are full Workspace objects)."""


class User(_Response):
    """A user."""

    id: ResourceId
    """The user ID."""
    username: Username
    """The username."""
    email: str
    """The e-mail address."""
    first_name: str
    """The first name."""
    last_name: str
    """The last name."""
    display_name: str
    """The display name."""
    created_at: Timestamp
    """When the user was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the user was last updated (UTC, as sent by the server)."""


class ServiceAccount(_Response):
    """A service account."""

    id: ResourceId
    """The service account ID."""
    username: Username
    """The service account's username."""
    description: str
    """The service account's description."""
    created_at: Timestamp
    """When the service account was created (UTC, as sent by the server)."""
    updated_at: Timestamp
    """When the service account was last updated (UTC, as sent by the server)."""


class CurrentIdentity(_Response):
    """The identity making the request; one member is present depending on the credential."""

    root: dict[str, Any] | None = None
    """Present (as an empty object) when the request uses a root key."""
    user: User | None = None
    """Present when the request is made by a user."""
    service_account: ServiceAccount | None = None
    """Present when the request is made by a service account."""


class ErrorBody(_Response):
    """An error returned from an API operation (the contract's ``Error`` schema)."""

    message: str
    """An error message."""
