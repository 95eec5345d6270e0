"""The ``lakesail:index:FlinkApplication`` resource of the native provider."""

# mypy: disable-error-code="no-any-return"
# (pulumi.get returns Any; each getter's annotation is the type, as in generated SDKs.)

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, overload

import pulumi
import pulumi.runtime

from . import _utilities, outputs
from ._enums import FlinkApplicationState, FlinkRuntime
from ._inputs import (
    ContainerResourceArgs,
    ContainerResourceArgsDict,
    FlinkJobSpecArgs,
    FlinkJobSpecArgsDict,
    FlinkPluginArgs,
    FlinkPluginArgsDict,
)

__all__ = ["FlinkApplicationArgs", "FlinkApplication"]

TYPE_TOKEN = "lakesail:index:FlinkApplication"


@pulumi.input_type
class FlinkApplicationArgs:
    def __init__(
        __self__,
        *,
        name: pulumi.Input[str],
        runtime: pulumi.Input[FlinkRuntime],
        flink_configuration: pulumi.Input[Mapping[str, pulumi.Input[str]] | None] = None,
        jars: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
        job: pulumi.Input[FlinkJobSpecArgs | None] = None,
        job_manager_resource: pulumi.Input[ContainerResourceArgs | None] = None,
        log_configuration: pulumi.Input[Mapping[str, pulumi.Input[str]] | None] = None,
        plugins: pulumi.Input[Sequence[pulumi.Input[FlinkPluginArgs]] | None] = None,
        task_manager_resource: pulumi.Input[ContainerResourceArgs | None] = None,
        workspace: pulumi.Input[str | None] = None,
    ) -> None:
        """
        The set of arguments for constructing a FlinkApplication resource.

        :param pulumi.Input[str] name: The Flink application name, unique in its workspace.
               Changing it replaces the application.
        :param pulumi.Input[FlinkRuntime] runtime: The Flink runtime of the cluster; each value
               maps to a tag of LakeSail's Flink images.
        :param pulumi.Input[Mapping[str, pulumi.Input[str]]] flink_configuration: Flink
               configuration properties; values are strings (`"2"`, not `2`). Defaults to empty.
        :param pulumi.Input[Sequence[pulumi.Input[str]]] jars: JAR files for the Flink cluster
               (the job program and/or connectors), as URIs with a scheme such as
               `s3://bucket/job.jar`; copied to `/opt/flink/lib/extra` at container start.
               Non-local schemes need the matching file-system plugin. Defaults to empty.
        :param pulumi.Input[FlinkJobSpecArgs] job: The Flink job. It needs a program:
               `job.jarUri`, or at least one entry in `jars`.
        :param pulumi.Input[ContainerResourceArgs] job_manager_resource: Resources of the
               JobManager containers.
        :param pulumi.Input[Mapping[str, pulumi.Input[str]]] log_configuration: log4j properties
               files: file name (such as `log4j-console.properties`) to content. Defaults to empty.
        :param pulumi.Input[Sequence[pulumi.Input[FlinkPluginArgs]]] plugins: Flink plugins for
               the cluster. Defaults to empty.
        :param pulumi.Input[ContainerResourceArgs] task_manager_resource: Resources of the
               TaskManager containers.
        :param pulumi.Input[str] workspace: The workspace ID (upper-case letters and digits).
               Defaults to the provider's `lakesail:workspace` configuration (or
               `LAKESAIL_WORKSPACE`).
        """
        pulumi.set(__self__, "name", name)
        pulumi.set(__self__, "runtime", runtime)
        if flink_configuration is not None:
            pulumi.set(__self__, "flink_configuration", flink_configuration)
        if jars is not None:
            pulumi.set(__self__, "jars", jars)
        if job is not None:
            pulumi.set(__self__, "job", job)
        if job_manager_resource is not None:
            pulumi.set(__self__, "job_manager_resource", job_manager_resource)
        if log_configuration is not None:
            pulumi.set(__self__, "log_configuration", log_configuration)
        if plugins is not None:
            pulumi.set(__self__, "plugins", plugins)
        if task_manager_resource is not None:
            pulumi.set(__self__, "task_manager_resource", task_manager_resource)
        if workspace is not None:
            pulumi.set(__self__, "workspace", workspace)

    @property
    @pulumi.getter
    def name(self) -> pulumi.Input[str]:
        """
        The Flink application name, unique in its workspace. Changing it replaces the application.
        """
        return pulumi.get(self, "name")

    @name.setter
    def name(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "name", value)

    @property
    @pulumi.getter
    def runtime(self) -> pulumi.Input[FlinkRuntime]:
        """
        The Flink runtime of the cluster; each value maps to a tag of LakeSail's Flink images.
        """
        return pulumi.get(self, "runtime")

    @runtime.setter
    def runtime(self, value: pulumi.Input[FlinkRuntime]) -> None:
        pulumi.set(self, "runtime", value)

    @property
    @pulumi.getter(name="flinkConfiguration")
    def flink_configuration(self) -> pulumi.Input[Mapping[str, pulumi.Input[str]] | None]:
        """
        Flink configuration properties; values are strings (`"2"`, not `2`). Defaults to empty.
        """
        return pulumi.get(self, "flink_configuration")

    @flink_configuration.setter
    def flink_configuration(
        self, value: pulumi.Input[Mapping[str, pulumi.Input[str]] | None]
    ) -> None:
        pulumi.set(self, "flink_configuration", value)

    @property
    @pulumi.getter
    def jars(self) -> pulumi.Input[Sequence[pulumi.Input[str]] | None]:
        """
        JAR files for the Flink cluster (the job program and/or connectors), as URIs with a scheme
        such as `s3://bucket/job.jar`; copied to `/opt/flink/lib/extra` at container start.
        Non-local schemes need the matching file-system plugin. Defaults to empty.
        """
        return pulumi.get(self, "jars")

    @jars.setter
    def jars(self, value: pulumi.Input[Sequence[pulumi.Input[str]] | None]) -> None:
        pulumi.set(self, "jars", value)

    @property
    @pulumi.getter
    def job(self) -> pulumi.Input[FlinkJobSpecArgs | None]:
        """
        The Flink job. It needs a program: `job.jarUri`, or at least one entry in `jars`.
        """
        return pulumi.get(self, "job")

    @job.setter
    def job(self, value: pulumi.Input[FlinkJobSpecArgs | None]) -> None:
        pulumi.set(self, "job", value)

    @property
    @pulumi.getter(name="jobManagerResource")
    def job_manager_resource(self) -> pulumi.Input[ContainerResourceArgs | None]:
        """
        Resources of the JobManager containers.
        """
        return pulumi.get(self, "job_manager_resource")

    @job_manager_resource.setter
    def job_manager_resource(self, value: pulumi.Input[ContainerResourceArgs | None]) -> None:
        pulumi.set(self, "job_manager_resource", value)

    @property
    @pulumi.getter(name="logConfiguration")
    def log_configuration(self) -> pulumi.Input[Mapping[str, pulumi.Input[str]] | None]:
        """
        log4j properties files: file name (such as `log4j-console.properties`) to content.
        Defaults to empty.
        """
        return pulumi.get(self, "log_configuration")

    @log_configuration.setter
    def log_configuration(
        self, value: pulumi.Input[Mapping[str, pulumi.Input[str]] | None]
    ) -> None:
        pulumi.set(self, "log_configuration", value)

    @property
    @pulumi.getter
    def plugins(self) -> pulumi.Input[Sequence[pulumi.Input[FlinkPluginArgs]] | None]:
        """
        Flink plugins for the cluster. Defaults to empty.
        """
        return pulumi.get(self, "plugins")

    @plugins.setter
    def plugins(self, value: pulumi.Input[Sequence[pulumi.Input[FlinkPluginArgs]] | None]) -> None:
        pulumi.set(self, "plugins", value)

    @property
    @pulumi.getter(name="taskManagerResource")
    def task_manager_resource(self) -> pulumi.Input[ContainerResourceArgs | None]:
        """
        Resources of the TaskManager containers.
        """
        return pulumi.get(self, "task_manager_resource")

    @task_manager_resource.setter
    def task_manager_resource(self, value: pulumi.Input[ContainerResourceArgs | None]) -> None:
        pulumi.set(self, "task_manager_resource", value)

    @property
    @pulumi.getter
    def workspace(self) -> pulumi.Input[str | None]:
        """
        The workspace ID (upper-case letters and digits). Defaults to the provider's
        `lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`).
        """
        return pulumi.get(self, "workspace")

    @workspace.setter
    def workspace(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "workspace", value)


@pulumi.type_token(TYPE_TOKEN)
class FlinkApplication(pulumi.CustomResource):
    """
    A Flink application on LakeSail: one Flink job and the cluster that runs it.

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

    @overload
    def __init__(
        __self__,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        flink_configuration: pulumi.Input[Mapping[str, pulumi.Input[str]] | None] = None,
        jars: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
        job: pulumi.Input[FlinkJobSpecArgs | FlinkJobSpecArgsDict | None] = None,
        job_manager_resource: pulumi.Input[
            ContainerResourceArgs | ContainerResourceArgsDict | outputs.ContainerResource | None
        ] = None,
        log_configuration: pulumi.Input[Mapping[str, pulumi.Input[str]] | None] = None,
        name: pulumi.Input[str | None] = None,
        plugins: pulumi.Input[
            Sequence[pulumi.Input[FlinkPluginArgs | FlinkPluginArgsDict | outputs.FlinkPlugin]]
            | None
        ] = None,
        runtime: pulumi.Input[FlinkRuntime | None] = None,
        task_manager_resource: pulumi.Input[
            ContainerResourceArgs | ContainerResourceArgsDict | outputs.ContainerResource | None
        ] = None,
        workspace: pulumi.Input[str | None] = None,
        __props__: FlinkApplicationArgs | None = None,
    ) -> None:
        """
        A Flink application on LakeSail: one Flink job and the cluster that runs it.

        :param str resource_name: The name of the resource.
        :param pulumi.ResourceOptions opts: Options for the resource.
        :param pulumi.Input[Mapping[str, pulumi.Input[str]]] flink_configuration: Flink
               configuration properties; values are strings (`"2"`, not `2`). Defaults to empty.
        :param pulumi.Input[Sequence[pulumi.Input[str]]] jars: JAR files for the Flink cluster
               (the job program and/or connectors), as URIs with a scheme such as
               `s3://bucket/job.jar`; copied to `/opt/flink/lib/extra` at container start.
               Non-local schemes need the matching file-system plugin. Defaults to empty.
        :param pulumi.Input[Union[FlinkJobSpecArgs, FlinkJobSpecArgsDict]] job: The Flink job. It
               needs a program: `job.jarUri`, or at least one entry in `jars`.
        :param pulumi.Input[Union[ContainerResourceArgs, ContainerResourceArgsDict]]
               job_manager_resource: Resources of the JobManager containers.
        :param pulumi.Input[Mapping[str, pulumi.Input[str]]] log_configuration: log4j properties
               files: file name (such as `log4j-console.properties`) to content. Defaults to empty.
        :param pulumi.Input[str] name: The Flink application name, unique in its workspace.
               Changing it replaces the application.
        :param pulumi.Input[Sequence[pulumi.Input[Union[FlinkPluginArgs, FlinkPluginArgsDict]]]]
               plugins: Flink plugins for the cluster. Defaults to empty.
        :param pulumi.Input[FlinkRuntime] runtime: The Flink runtime of the cluster; each value
               maps to a tag of LakeSail's Flink images.
        :param pulumi.Input[Union[ContainerResourceArgs, ContainerResourceArgsDict]]
               task_manager_resource: Resources of the TaskManager containers.
        :param pulumi.Input[str] workspace: The workspace ID (upper-case letters and digits).
               Defaults to the provider's `lakesail:workspace` configuration (or
               `LAKESAIL_WORKSPACE`).
        """
        ...

    @overload
    def __init__(
        __self__,
        resource_name: str,
        args: FlinkApplicationArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        A Flink application on LakeSail: one Flink job and the cluster that runs it.

        :param str resource_name: The name of the resource.
        :param FlinkApplicationArgs args: The arguments to use to populate this resource's
               properties.
        :param pulumi.ResourceOptions opts: Options for the resource.
        """
        ...

    def __init__(__self__, resource_name: str, *args: Any, **kwargs: Any) -> None:
        resource_args, opts = _utilities.get_resource_args_opts(
            FlinkApplicationArgs, pulumi.ResourceOptions, *args, **kwargs
        )
        if resource_args is not None:
            __self__._internal_init(resource_name, opts, **resource_args.__dict__)
        else:
            __self__._internal_init(resource_name, *args, **kwargs)

    def _internal_init(
        __self__,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        flink_configuration: pulumi.Input[Mapping[str, pulumi.Input[str]] | None] = None,
        jars: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
        job: pulumi.Input[FlinkJobSpecArgs | FlinkJobSpecArgsDict | None] = None,
        job_manager_resource: pulumi.Input[
            ContainerResourceArgs | ContainerResourceArgsDict | outputs.ContainerResource | None
        ] = None,
        log_configuration: pulumi.Input[Mapping[str, pulumi.Input[str]] | None] = None,
        name: pulumi.Input[str | None] = None,
        plugins: pulumi.Input[
            Sequence[pulumi.Input[FlinkPluginArgs | FlinkPluginArgsDict | outputs.FlinkPlugin]]
            | None
        ] = None,
        runtime: pulumi.Input[FlinkRuntime | None] = None,
        task_manager_resource: pulumi.Input[
            ContainerResourceArgs | ContainerResourceArgsDict | outputs.ContainerResource | None
        ] = None,
        workspace: pulumi.Input[str | None] = None,
        __props__: FlinkApplicationArgs | None = None,
    ) -> None:
        opts = pulumi.ResourceOptions.merge(_utilities.get_resource_opts_defaults(), opts)
        if not isinstance(opts, pulumi.ResourceOptions):
            raise TypeError("Expected resource options to be a ResourceOptions instance")
        if opts.id is None:
            if __props__ is not None:
                raise TypeError(
                    "__props__ is only valid when passed in combination with a valid opts.id "
                    "to get an existing resource"
                )
            __props__ = FlinkApplicationArgs.__new__(FlinkApplicationArgs)

            __props__.__dict__["flink_configuration"] = flink_configuration
            __props__.__dict__["jars"] = jars
            __props__.__dict__["job"] = job
            __props__.__dict__["job_manager_resource"] = job_manager_resource
            __props__.__dict__["log_configuration"] = log_configuration
            if name is None and not opts.urn:
                raise TypeError("Missing required property 'name'")
            __props__.__dict__["name"] = name
            __props__.__dict__["plugins"] = plugins
            if runtime is None and not opts.urn:
                raise TypeError("Missing required property 'runtime'")
            __props__.__dict__["runtime"] = runtime
            __props__.__dict__["task_manager_resource"] = task_manager_resource
            __props__.__dict__["workspace"] = workspace
            __props__.__dict__["application_id"] = None
            __props__.__dict__["created_at"] = None
            __props__.__dict__["state"] = None
            __props__.__dict__["updated_at"] = None
        # The runtime serializes an @input_type instance like a mapping of its properties.
        super().__init__(TYPE_TOKEN, resource_name, __props__, opts)  # type: ignore[arg-type]

    @staticmethod
    def get(
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> FlinkApplication:
        """
        Get an existing FlinkApplication resource's state with the given name and ID
        (`<workspace>/<applicationId>`).

        :param str resource_name: The unique name of the resulting resource.
        :param pulumi.Input[str] id: The unique provider ID of the resource to look up.
        :param pulumi.ResourceOptions opts: Options for the resource.
        """
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))

        __props__ = FlinkApplicationArgs.__new__(FlinkApplicationArgs)

        __props__.__dict__["application_id"] = None
        __props__.__dict__["created_at"] = None
        __props__.__dict__["flink_configuration"] = None
        __props__.__dict__["jars"] = None
        __props__.__dict__["job"] = None
        __props__.__dict__["job_manager_resource"] = None
        __props__.__dict__["log_configuration"] = None
        __props__.__dict__["name"] = None
        __props__.__dict__["plugins"] = None
        __props__.__dict__["runtime"] = None
        __props__.__dict__["state"] = None
        __props__.__dict__["task_manager_resource"] = None
        __props__.__dict__["updated_at"] = None
        __props__.__dict__["workspace"] = None
        return FlinkApplication(resource_name, opts=opts, __props__=__props__)

    @staticmethod
    def exists(
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> pulumi.Output[bool]:
        """
        Whether a FlinkApplication with the given ID (`<workspace>/<applicationId>`) exists.

        :param pulumi.Input[str] id: The unique provider ID of the resource to look up.
        :param pulumi.ResourceOptions opts: Options for the lookup.
        """
        return pulumi.runtime.exists_resource(
            None, TYPE_TOKEN, id, {}, opts or pulumi.ResourceOptions()
        )

    @property
    @pulumi.getter(name="applicationId")
    def application_id(self) -> pulumi.Output[str]:
        """
        The LakeSail application ID; the resource ID is `<workspace>/<applicationId>`.
        """
        return pulumi.get(self, "application_id")

    @property
    @pulumi.getter(name="createdAt")
    def created_at(self) -> pulumi.Output[str]:
        """
        When the application was created (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).
        """
        return pulumi.get(self, "created_at")

    @property
    @pulumi.getter(name="flinkConfiguration")
    def flink_configuration(self) -> pulumi.Output[Mapping[str, str]]:
        """
        Flink configuration properties; values are strings (`"2"`, not `2`). Defaults to empty.
        """
        return pulumi.get(self, "flink_configuration")

    @property
    @pulumi.getter
    def jars(self) -> pulumi.Output[Sequence[str]]:
        """
        JAR files for the Flink cluster (the job program and/or connectors), as URIs with a scheme
        such as `s3://bucket/job.jar`; copied to `/opt/flink/lib/extra` at container start.
        Non-local schemes need the matching file-system plugin. Defaults to empty.
        """
        return pulumi.get(self, "jars")

    @property
    @pulumi.getter
    def job(self) -> pulumi.Output[outputs.FlinkJob]:
        """
        The Flink job as LakeSail reports it, with Flink's job ID and name.
        """
        return pulumi.get(self, "job")

    @property
    @pulumi.getter(name="jobManagerResource")
    def job_manager_resource(self) -> pulumi.Output[outputs.ContainerResource]:
        """
        Resources of the JobManager containers.
        """
        return pulumi.get(self, "job_manager_resource")

    @property
    @pulumi.getter(name="logConfiguration")
    def log_configuration(self) -> pulumi.Output[Mapping[str, str]]:
        """
        log4j properties files: file name (such as `log4j-console.properties`) to content.
        Defaults to empty.
        """
        return pulumi.get(self, "log_configuration")

    @property
    @pulumi.getter
    def name(self) -> pulumi.Output[str]:
        """
        The Flink application name, unique in its workspace. Changing it replaces the application.
        """
        return pulumi.get(self, "name")

    @property
    @pulumi.getter
    def plugins(self) -> pulumi.Output[Sequence[outputs.FlinkPlugin]]:
        """
        Flink plugins for the cluster. Defaults to empty.
        """
        return pulumi.get(self, "plugins")

    @property
    @pulumi.getter
    def runtime(self) -> pulumi.Output[FlinkRuntime]:
        """
        The Flink runtime of the cluster; each value maps to a tag of LakeSail's Flink images.
        """
        return pulumi.get(self, "runtime")

    @property
    @pulumi.getter
    def state(self) -> pulumi.Output[FlinkApplicationState]:
        """
        The application's state.
        """
        return pulumi.get(self, "state")

    @property
    @pulumi.getter(name="taskManagerResource")
    def task_manager_resource(self) -> pulumi.Output[outputs.ContainerResource]:
        """
        Resources of the TaskManager containers.
        """
        return pulumi.get(self, "task_manager_resource")

    @property
    @pulumi.getter(name="updatedAt")
    def updated_at(self) -> pulumi.Output[str]:
        """
        When the application last changed (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).
        """
        return pulumi.get(self, "updated_at")

    @property
    @pulumi.getter
    def workspace(self) -> pulumi.Output[str]:
        """
        The workspace ID (upper-case letters and digits). Defaults to the provider's
        `lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`).
        """
        return pulumi.get(self, "workspace")
