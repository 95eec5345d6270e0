"""Output types of the ``lakesail`` schema, as resource outputs and function results hold them."""

# mypy: disable-error-code="no-any-return"
# (pulumi.get returns Any; each getter's annotation is the type, as in generated SDKs.)

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from ._enums import FlinkApplicationState

__all__ = [
    "ContainerResource",
    "FlinkApplicationSummary",
    "FlinkJob",
    "FlinkPlugin",
]


def _key_warning(type_name: str, suggestions: dict[str, str], key: str) -> None:
    # Output types are dicts keyed by the Python names; point camelCase lookups to the getter.
    suggest = suggestions.get(key)
    if suggest:
        pulumi.log.warn(
            f"Key '{key}' not found in {type_name}. Access the value via the '{suggest}' "
            "property getter instead."
        )


@pulumi.output_type
class ContainerResource(dict[str, Any]):
    """
    Container resources in Kubernetes. Every field is optional.
    """

    _SUGGESTIONS = {"ephemeralStorage": "ephemeral_storage"}

    def __getitem__(self, key: str) -> Any:
        _key_warning("ContainerResource", ContainerResource._SUGGESTIONS, key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        _key_warning("ContainerResource", ContainerResource._SUGGESTIONS, key)
        return super().get(key, default)

    def __init__(
        __self__,
        *,
        cpu: float | None = None,
        ephemeral_storage: str | None = None,
        memory: str | None = None,
    ) -> None:
        """
        Container resources in Kubernetes. Every field is optional.

        :param float cpu: CPU units; fractions allowed (such as 0.5); positive.
        :param str ephemeral_storage: Ephemeral storage, in bytes, as an integer or a decimal with
               a 1024-based suffix k, m, g or t (case-insensitive): `1024m` is `1g`. Kubernetes
               suffixes such as `Gi` are not accepted.
        :param str memory: Memory, in bytes, as an integer or a decimal with a 1024-based suffix k,
               m, g or t (case-insensitive): `1024m` is `1g`. Kubernetes suffixes such as `Gi` are
               not accepted.
        """
        if cpu is not None:
            pulumi.set(__self__, "cpu", cpu)
        if ephemeral_storage is not None:
            pulumi.set(__self__, "ephemeral_storage", ephemeral_storage)
        if memory is not None:
            pulumi.set(__self__, "memory", memory)

    @property
    @pulumi.getter
    def cpu(self) -> float | None:
        """
        CPU units; fractions allowed (such as 0.5); positive.
        """
        return pulumi.get(self, "cpu")

    @property
    @pulumi.getter(name="ephemeralStorage")
    def ephemeral_storage(self) -> str | None:
        """
        Ephemeral storage, in bytes, as an integer or a decimal with a 1024-based suffix k, m, g
        or t (case-insensitive): `1024m` is `1g`. Kubernetes suffixes such as `Gi` are not accepted.
        """
        return pulumi.get(self, "ephemeral_storage")

    @property
    @pulumi.getter
    def memory(self) -> str | None:
        """
        Memory, in bytes, as an integer or a decimal with a 1024-based suffix k, m, g or t
        (case-insensitive): `1024m` is `1g`. Kubernetes suffixes such as `Gi` are not accepted.
        """
        return pulumi.get(self, "memory")


@pulumi.output_type
class FlinkApplicationSummary(dict[str, Any]):
    """
    A Flink application in a list.
    """

    def __init__(
        __self__,
        *,
        application_id: str,
        created_at: str,
        id: str,
        name: str,
        state: FlinkApplicationState,
        updated_at: str,
    ) -> None:
        """
        A Flink application in a list.

        :param str application_id: The LakeSail application ID; the resource ID is
               `<workspace>/<applicationId>`.
        :param str created_at: When the application was created (UTC,
               `YYYY-MM-DDTHH:mm:ss.sssZ`).
        :param str id: The resource ID, `<workspace>/<applicationId>` (what `pulumi import` takes).
        :param str name: The application name.
        :param FlinkApplicationState state: The application's state.
        :param str updated_at: When the application last changed (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).
        """
        pulumi.set(__self__, "application_id", application_id)
        pulumi.set(__self__, "created_at", created_at)
        pulumi.set(__self__, "id", id)
        pulumi.set(__self__, "name", name)
        pulumi.set(__self__, "state", state)
        pulumi.set(__self__, "updated_at", updated_at)

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
    @pulumi.getter
    def id(self) -> str:
        """
        The resource ID, `<workspace>/<applicationId>` (what `pulumi import` takes).
        """
        return pulumi.get(self, "id")

    @property
    @pulumi.getter
    def name(self) -> str:
        """
        The application name.
        """
        return pulumi.get(self, "name")

    @property
    @pulumi.getter
    def state(self) -> FlinkApplicationState:
        """
        The application's state.
        """
        return pulumi.get(self, "state")

    @property
    @pulumi.getter(name="updatedAt")
    def updated_at(self) -> str:
        """
        When the application last changed (UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`).
        """
        return pulumi.get(self, "updated_at")


@pulumi.output_type
class FlinkJob(dict[str, Any]):
    """
    A Flink job as LakeSail reports it.
    """

    _SUGGESTIONS = {"entryClass": "entry_class", "jarUri": "jar_uri"}

    def __getitem__(self, key: str) -> Any:
        _key_warning("FlinkJob", FlinkJob._SUGGESTIONS, key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        _key_warning("FlinkJob", FlinkJob._SUGGESTIONS, key)
        return super().get(key, default)

    def __init__(
        __self__,
        *,
        args: Sequence[str],
        id: str,
        name: str,
        entry_class: str | None = None,
        jar_uri: str | None = None,
    ) -> None:
        """
        A Flink job as LakeSail reports it.

        :param Sequence[str] args: Command-line arguments of the job.
        :param str id: The job ID generated by Flink.
        :param str name: The job name.
        :param str entry_class: The Java entry class.
        :param str jar_uri: The job's JAR URI.
        """
        pulumi.set(__self__, "args", args)
        pulumi.set(__self__, "id", id)
        pulumi.set(__self__, "name", name)
        if entry_class is not None:
            pulumi.set(__self__, "entry_class", entry_class)
        if jar_uri is not None:
            pulumi.set(__self__, "jar_uri", jar_uri)

    @property
    @pulumi.getter
    def args(self) -> Sequence[str]:
        """
        Command-line arguments of the job.
        """
        return pulumi.get(self, "args")

    @property
    @pulumi.getter
    def id(self) -> str:
        """
        The job ID generated by Flink.
        """
        return pulumi.get(self, "id")

    @property
    @pulumi.getter
    def name(self) -> str:
        """
        The job name.
        """
        return pulumi.get(self, "name")

    @property
    @pulumi.getter(name="entryClass")
    def entry_class(self) -> str | None:
        """
        The Java entry class.
        """
        return pulumi.get(self, "entry_class")

    @property
    @pulumi.getter(name="jarUri")
    def jar_uri(self) -> str | None:
        """
        The job's JAR URI.
        """
        return pulumi.get(self, "jar_uri")


@pulumi.output_type
class FlinkPlugin(dict[str, Any]):
    """
    A Flink plugin.
    """

    def __init__(
        __self__,
        *,
        jars: Sequence[str],
        name: str,
    ) -> None:
        """
        A Flink plugin.

        :param Sequence[str] jars: The plugin's JAR files (URIs with a scheme, or absolute paths).
        :param str name: The plugin name: 2 to 63 lower-case letters, digits, `.`, `_` or `-`,
               starting and ending with a letter or digit.
        """
        pulumi.set(__self__, "jars", jars)
        pulumi.set(__self__, "name", name)

    @property
    @pulumi.getter
    def jars(self) -> Sequence[str]:
        """
        The plugin's JAR files (URIs with a scheme, or absolute paths).
        """
        return pulumi.get(self, "jars")

    @property
    @pulumi.getter
    def name(self) -> str:
        """
        The plugin name: 2 to 63 lower-case letters, digits, `.`, `_` or `-`, starting and ending
        with a letter or digit.
        """
        return pulumi.get(self, "name")
