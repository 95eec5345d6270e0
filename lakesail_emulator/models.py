"""Pydantic mirrors of the contract's schemas (openapi.yaml).

Request models are strict (no coercion: ``"1"`` is not a number) and forbid unknown fields.
Response models describe what the emulator sends; they are used to build every response, so
a response that strays from the contract fails loudly inside the emulator instead of on a client.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

MEMORY_PATTERN = r"^([0-9]+|([0-9]+[.]?[0-9]*|[.][0-9]+)[ ]*[kKmMgGtT])$"
PLUGIN_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]*[a-z0-9]$"
RESOURCE_ID_PATTERN = r"^[A-Z0-9]+$"

FlinkRuntime = Literal["FLINK_1_17", "FLINK_1_18"]
ResourceState = Literal["PENDING", "RUNNING", "DELETING", "FAILED"]
TriggerType = Literal["MANUAL", "PERIODIC", "UNKNOWN", "UPGRADE"]
ResourceName = Annotated[str, Field(min_length=1)]
ResourceId = Annotated[str, Field(min_length=1, max_length=20, pattern=RESOURCE_ID_PATTERN)]
Quantity = Annotated[str, Field(pattern=MEMORY_PATTERN)]
StringMap = dict[str, str]


class _Request(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class _Response(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- requests


class ContainerResource(_Request):
    """Container resources; every field optional. ``cpu > 0`` is an emulator rule."""

    cpu: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    memory: Quantity | None = None
    ephemeralStorage: Quantity | None = None


class FlinkPlugin(_Request):
    """A Flink plugin of a cluster."""

    name: Annotated[str, Field(min_length=2, max_length=63, pattern=PLUGIN_NAME_PATTERN)]
    jars: list[str]


class FlinkJobSpec(_Request):
    """The job of an application or session job."""

    jarUri: str | None = None
    entryClass: str | None = None
    args: list[str]


class FlinkSessionSpec(_Request):
    """Body of CreateFlinkSession."""

    name: ResourceName
    runtime: FlinkRuntime
    jars: list[str]
    plugins: list[FlinkPlugin]
    flinkConfiguration: StringMap
    logConfiguration: StringMap
    jobManagerResource: ContainerResource
    taskManagerResource: ContainerResource


class FlinkApplicationSpec(FlinkSessionSpec):
    """Body of CreateFlinkApplication (the session spec plus ``job``)."""

    job: FlinkJobSpec


class FlinkApplicationSpecPatch(_Request):
    """Body of the drift control: any subset of the application spec's fields."""

    name: ResourceName | None = None
    runtime: FlinkRuntime | None = None
    jars: list[str] | None = None
    plugins: list[FlinkPlugin] | None = None
    flinkConfiguration: StringMap | None = None
    logConfiguration: StringMap | None = None
    jobManagerResource: ContainerResource | None = None
    taskManagerResource: ContainerResource | None = None
    job: FlinkJobSpec | None = None


class FlinkSessionJobSpec(_Request):
    """Body of CreateFlinkSessionJob."""

    name: ResourceName
    flinkConfiguration: StringMap
    job: FlinkJobSpec


class FlinkUrlSpec(_Request):
    """Body of CreateFlinkApplicationUrl / CreateFlinkSessionUrl."""

    expiresInSeconds: Annotated[int, Field(ge=5, le=300)]
    webSessionDurationInSeconds: Annotated[int, Field(ge=600, le=86400)]


# ---------------------------------------------------------------- responses


class ErrorBody(_Response):
    """The contract's ``Error``."""

    message: str


class Summary(_Response):
    """FlinkApplicationSummary / FlinkSessionSummary / FlinkSessionJobSummary."""

    id: ResourceId
    name: str
    state: ResourceState
    createdAt: str
    updatedAt: str


class SummaryList(_Response):
    """FlinkApplicationList / FlinkSessionList / FlinkSessionJobList."""

    items: list[Summary]
    marker: str | None = None


class FlinkJob(_Response):
    """A job as the server reports it."""

    id: str
    name: str
    jarUri: str | None = None
    entryClass: str | None = None
    args: list[str]


class ResourceOut(_Response):
    """Response resources: ``cpu`` keeps the number as sent (1 stays 1)."""

    cpu: float | int | None = None
    memory: str | None = None
    ephemeralStorage: str | None = None


class PluginOut(_Response):
    """FlinkPlugin as returned."""

    name: str
    jars: list[str]


class _ClusterOut(_Response):
    """The leading fields of FlinkSession and FlinkApplication (field order as in the contract)."""

    id: ResourceId
    name: str
    runtime: FlinkRuntime
    jars: list[str]
    plugins: list[PluginOut]
    flinkConfiguration: StringMap
    logConfiguration: StringMap
    jobManagerResource: ResourceOut
    taskManagerResource: ResourceOut


class FlinkSession(_ClusterOut):
    """DescribeFlinkSession response."""

    state: ResourceState
    createdAt: str
    updatedAt: str


class FlinkApplication(_ClusterOut):
    """DescribeFlinkApplication response: the session's fields plus ``job``."""

    job: FlinkJob
    state: ResourceState
    createdAt: str
    updatedAt: str


class FlinkSessionJob(_Response):
    """DescribeFlinkSessionJob response."""

    id: ResourceId
    name: str
    flinkConfiguration: StringMap
    job: FlinkJob
    state: ResourceState
    createdAt: str
    updatedAt: str


class FlinkUrl(_Response):
    """A pre-signed web-UI URL."""

    url: str


class FlinkSavepoint(_Response):
    """A savepoint (pending ones have no location)."""

    location: str | None = None
    triggerType: TriggerType
    triggerNonce: str | None = None
    triggeredAt: str | None = None


class FlinkSavepointList(_Response):
    """Savepoints of a job (not paginated)."""

    pending: Annotated[list[FlinkSavepoint], Field(max_length=1)]
    completed: list[FlinkSavepoint]


class Workspace(_Response):
    """A workspace of the caller's organization."""

    id: ResourceId
    name: str
    kubeClusterId: ResourceId
    kubeNamespace: str
    kubeServiceAccount: str
    createdAt: str
    updatedAt: str


class WorkspaceList(_Response):
    """A page of workspaces."""

    items: list[Workspace]
    marker: str | None = None


class ServiceAccount(_Response):
    """A service account."""

    id: ResourceId
    username: str
    description: str
    createdAt: str
    updatedAt: str


class CurrentIdentity(_Response):
    """DescribeCurrentIdentity response (the emulator only issues service-account keys)."""

    serviceAccount: ServiceAccount
