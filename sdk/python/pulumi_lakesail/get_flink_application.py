"""The ``lakesail:index:getFlinkApplication`` function: look up one Flink application."""

# mypy: disable-error-code="no-any-return"
# (pulumi.get returns Any; each getter's annotation is the type, as in generated SDKs.)

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from typing import Any, TypeVar

import pulumi
import pulumi.runtime

from . import _utilities, outputs
from ._enums import FlinkApplicationState, FlinkRuntime

__all__ = [
    "GetFlinkApplicationResult",
    "AwaitableGetFlinkApplicationResult",
    "get_flink_application",
    "get_flink_application_output",
]

TOKEN = "lakesail:index:getFlinkApplication"


def _check(name: str, value: Any, expected: type, label: str) -> None:
    if value and not isinstance(value, expected):
        raise TypeError(f"Expected argument '{name}' to be a {label}")


@pulumi.output_type
class GetFlinkApplicationResult:
    """
    The result of :func:`get_flink_application`: the application's inputs and outputs.
    """

    def __init__(
        __self__,
        application_id: str | None = None,
        created_at: str | None = None,
        flink_configuration: Mapping[str, str] | None = None,
        id: str | None = None,
        jars: Sequence[str] | None = None,
        job: outputs.FlinkJob | None = None,
        job_manager_resource: outputs.ContainerResource | None = None,
        log_configuration: Mapping[str, str] | None = None,
        name: str | None = None,
        plugins: Sequence[outputs.FlinkPlugin] | None = None,
        runtime: FlinkRuntime | None = None,
        state: FlinkApplicationState | None = None,
        task_manager_resource: outputs.ContainerResource | None = None,
        updated_at: str | None = None,
        workspace: str | None = None,
    ) -> None:
        _check("application_id", application_id, str, "str")
        pulumi.set(__self__, "application_id", application_id)
        _check("created_at", created_at, str, "str")
        pulumi.set(__self__, "created_at", created_at)
        _check("flink_configuration", flink_configuration, dict, "dict")
        pulumi.set(__self__, "flink_configuration", flink_configuration)
        _check("id", id, str, "str")
        pulumi.set(__self__, "id", id)
        _check("jars", jars, list, "list")
        pulumi.set(__self__, "jars", jars)
        _check("job", job, dict, "dict")
        pulumi.set(__self__, "job", job)
        _check("job_manager_resource", job_manager_resource, dict, "dict")
        pulumi.set(__self__, "job_manager_resource", job_manager_resource)
        _check("log_configuration", log_configuration, dict, "dict")
        pulumi.set(__self__, "log_configuration", log_configuration)
        _check("name", name, str, "str")
        pulumi.set(__self__, "name", name)
        _check("plugins", plugins, list, "list")
        pulumi.set(__self__, "plugins", plugins)
        _check("runtime", runtime, str, "str")
        pulumi.set(__self__, "runtime", runtime)
        _check("state", state, str, "str")
        pulumi.set(__self__, "state", state)
        _check("task_manager_resource", task_manager_resource, dict, "dict")
        pulumi.set(__self__, "task_manager_resource", task_manager_resource)
        _check("updated_at", updated_at, str, "str")
        pulumi.set(__self__, "updated_at", updated_at)
        _check("workspace", workspace, str, "str")
        pulumi.set(__self__, "workspace", workspace)

    @property
    @pulumi.getter(name="applicationId")
    def application_id(self) -> str:
        """
        The LakeSail application ID; the resource ID is `<workspace>/<applicationId>`.
        """
        return pulumi.get(self, "application_id")

    @property
    @pulumi.getter(name="createdAt")
    def created_at(self) -> str:
        """
        When the application was created (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).
        """
        return pulumi.get(self, "created_at")

    @property
    @pulumi.getter(name="flinkConfiguration")
    def flink_configuration(self) -> Mapping[str, str]:
        """
        Flink configuration properties; values are strings (`"2"`, not `2`). Defaults to empty.
        """
        return pulumi.get(self, "flink_configuration")

    @property
    @pulumi.getter
    def id(self) -> str:
        """
        The resource ID, `<workspace>/<applicationId>`.
        """
        return pulumi.get(self, "id")

    @property
    @pulumi.getter
    def jars(self) -> Sequence[str]:
        """
        JAR files for the Flink cluster (the job program and/or connectors), as URIs with a scheme
        such as `s3://bucket/job.jar`; copied to `/opt/flink/lib/extra` at container start.
        Non-local schemes need the matching file-system plugin. Defaults to empty.
        """
        return pulumi.get(self, "jars")

    @property
    @pulumi.getter
    def job(self) -> outputs.FlinkJob:
        """
        The Flink job as LakeSail reports it, with Flink's job ID and name.
        """
        return pulumi.get(self, "job")

    @property
    @pulumi.getter(name="jobManagerResource")
    def job_manager_resource(self) -> outputs.ContainerResource:
        """
        Resources of the JobManager containers.
        """
        return pulumi.get(self, "job_manager_resource")

    @property
    @pulumi.getter(name="logConfiguration")
    def log_configuration(self) -> Mapping[str, str]:
        """
        log4j properties files: file name (such as `log4j-console.properties`) to content.
        Defaults to empty.
        """
        return pulumi.get(self, "log_configuration")

    @property
    @pulumi.getter
    def name(self) -> str:
        """
        The Flink application name, unique in its workspace. Changing it replaces the application.
        """
        return pulumi.get(self, "name")

    @property
    @pulumi.getter
    def plugins(self) -> Sequence[outputs.FlinkPlugin]:
        """
        Flink plugins for the cluster. Defaults to empty.
        """
        return pulumi.get(self, "plugins")

    @property
    @pulumi.getter
    def runtime(self) -> FlinkRuntime:
        """
        The Flink runtime of the cluster; each value maps to a tag of LakeSail's Flink images.
        """
        return pulumi.get(self, "runtime")

    @property
    @pulumi.getter
    def state(self) -> FlinkApplicationState:
        """
        The application's state.
        """
        return pulumi.get(self, "state")

    @property
    @pulumi.getter(name="taskManagerResource")
    def task_manager_resource(self) -> outputs.ContainerResource:
        """
        Resources of the TaskManager containers.
        """
        return pulumi.get(self, "task_manager_resource")

    @property
    @pulumi.getter(name="updatedAt")
    def updated_at(self) -> str:
        """
        When the application last changed (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).
        """
        return pulumi.get(self, "updated_at")

    @property
    @pulumi.getter
    def workspace(self) -> str:
        """
        The workspace ID (upper-case letters and digits). Defaults to the provider's
        `lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`).
        """
        return pulumi.get(self, "workspace")


class AwaitableGetFlinkApplicationResult(GetFlinkApplicationResult):
    def __await__(self) -> Generator[Any, None, GetFlinkApplicationResult]:
        if False:
            yield self
        return _result(self, GetFlinkApplicationResult)


_R = TypeVar("_R", bound=GetFlinkApplicationResult)


def _result(source: Any, cls: type[_R]) -> _R:
    return cls(
        application_id=pulumi.get(source, "application_id"),
        created_at=pulumi.get(source, "created_at"),
        flink_configuration=pulumi.get(source, "flink_configuration"),
        id=pulumi.get(source, "id"),
        jars=pulumi.get(source, "jars"),
        job=pulumi.get(source, "job"),
        job_manager_resource=pulumi.get(source, "job_manager_resource"),
        log_configuration=pulumi.get(source, "log_configuration"),
        name=pulumi.get(source, "name"),
        plugins=pulumi.get(source, "plugins"),
        runtime=pulumi.get(source, "runtime"),
        state=pulumi.get(source, "state"),
        task_manager_resource=pulumi.get(source, "task_manager_resource"),
        updated_at=pulumi.get(source, "updated_at"),
        workspace=pulumi.get(source, "workspace"),
    )


def get_flink_application(
    application_id: str | None = None,
    name: str | None = None,
    workspace: str | None = None,
    opts: pulumi.InvokeOptions | None = None,
) -> AwaitableGetFlinkApplicationResult:
    """
    Look up one Flink application by `applicationId` or by `name`.

    :param str application_id: The application ID; give it or `name`.
    :param str name: The application name; give it or `applicationId`.
    :param str workspace: The workspace ID (upper-case letters and digits). Defaults to the
           provider's `lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`).
    """
    __args__: dict[str, Any] = {}
    __args__["applicationId"] = application_id
    __args__["name"] = name
    __args__["workspace"] = workspace
    opts = pulumi.InvokeOptions.merge(_utilities.get_invoke_opts_defaults(), opts)
    __ret__ = pulumi.runtime.invoke(TOKEN, __args__, opts=opts, typ=GetFlinkApplicationResult).value
    return _result(__ret__, AwaitableGetFlinkApplicationResult)


def get_flink_application_output(
    application_id: pulumi.Input[str | None] = None,
    name: pulumi.Input[str | None] = None,
    workspace: pulumi.Input[str | None] = None,
    opts: pulumi.InvokeOptions | pulumi.InvokeOutputOptions | None = None,
) -> pulumi.Output[GetFlinkApplicationResult]:
    """
    Look up one Flink application by `applicationId` or by `name`.

    :param pulumi.Input[str] application_id: The application ID; give it or `name`.
    :param pulumi.Input[str] name: The application name; give it or `applicationId`.
    :param pulumi.Input[str] workspace: The workspace ID (upper-case letters and digits). Defaults
           to the provider's `lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`).
    """
    __args__: dict[str, Any] = {}
    __args__["applicationId"] = application_id
    __args__["name"] = name
    __args__["workspace"] = workspace
    output_opts = pulumi.InvokeOutputOptions.merge(_utilities.get_invoke_opts_defaults(), opts)
    __ret__ = pulumi.runtime.invoke_output(
        TOKEN, __args__, opts=output_opts, typ=GetFlinkApplicationResult
    )
    return __ret__.apply(lambda response: _result(response, GetFlinkApplicationResult))
