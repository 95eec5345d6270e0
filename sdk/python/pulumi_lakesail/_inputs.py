"""Input types of the ``lakesail`` schema: an ``...Args`` class and an ``...ArgsDict`` per type."""

# mypy: disable-error-code="no-any-return"
# (pulumi.get returns Any; each getter's annotation is the type, as in generated SDKs.)
# No `from __future__ import annotations` here: TypedDict needs `NotRequired` as an object, not a
# string, to compute `__required_keys__` at runtime.

from collections.abc import Sequence

import pulumi
from typing_extensions import NotRequired, TypedDict

__all__ = [
    "ContainerResourceArgs",
    "ContainerResourceArgsDict",
    "FlinkJobSpecArgs",
    "FlinkJobSpecArgsDict",
    "FlinkPluginArgs",
    "FlinkPluginArgsDict",
]


class ContainerResourceArgsDict(TypedDict):
    """
    Container resources in Kubernetes. Every field is optional.
    """

    cpu: NotRequired[pulumi.Input[float | None]]
    """
    CPU units; fractions allowed (such as 0.5); positive.
    """
    ephemeral_storage: NotRequired[pulumi.Input[str | None]]
    """
    Ephemeral storage, in bytes, as an integer or a decimal with a 1024-based suffix k, m, g or t
    (case-insensitive): `1024m` is `1g`. Kubernetes suffixes such as `Gi` are not accepted.
    """
    memory: NotRequired[pulumi.Input[str | None]]
    """
    Memory, in bytes, as an integer or a decimal with a 1024-based suffix k, m, g or t
    (case-insensitive): `1024m` is `1g`. Kubernetes suffixes such as `Gi` are not accepted.
    """


@pulumi.input_type
class ContainerResourceArgs:
    def __init__(
        __self__,
        *,
        cpu: pulumi.Input[float | None] = None,
        ephemeral_storage: pulumi.Input[str | None] = None,
        memory: pulumi.Input[str | None] = None,
    ) -> None:
        """
        Container resources in Kubernetes. Every field is optional.

        :param pulumi.Input[float] cpu: CPU units; fractions allowed (such as 0.5); positive.
        :param pulumi.Input[str] ephemeral_storage: Ephemeral storage, in bytes, as an integer or
               a decimal with a 1024-based suffix k, m, g or t (case-insensitive): `1024m` is `1g`.
               Kubernetes suffixes such as `Gi` are not accepted.
        :param pulumi.Input[str] memory: Memory, in bytes, as an integer or a decimal with a
               1024-based suffix k, m, g or t (case-insensitive): `1024m` is `1g`. Kubernetes
               suffixes such as `Gi` are not accepted.
        """
        if cpu is not None:
            pulumi.set(__self__, "cpu", cpu)
        if ephemeral_storage is not None:
            pulumi.set(__self__, "ephemeral_storage", ephemeral_storage)
        if memory is not None:
            pulumi.set(__self__, "memory", memory)

    @property
    @pulumi.getter
    def cpu(self) -> pulumi.Input[float | None]:
        """
        CPU units; fractions allowed (such as 0.5); positive.
        """
        return pulumi.get(self, "cpu")

    @cpu.setter
    def cpu(self, value: pulumi.Input[float | None]) -> None:
        pulumi.set(self, "cpu", value)

    @property
    @pulumi.getter(name="ephemeralStorage")
    def ephemeral_storage(self) -> pulumi.Input[str | None]:
        """
        Ephemeral storage, in bytes, as an integer or a decimal with a 1024-based suffix k, m, g
        or t (case-insensitive): `1024m` is `1g`. Kubernetes suffixes such as `Gi` are not accepted.
        """
        return pulumi.get(self, "ephemeral_storage")

    @ephemeral_storage.setter
    def ephemeral_storage(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "ephemeral_storage", value)

    @property
    @pulumi.getter
    def memory(self) -> pulumi.Input[str | None]:
        """
        Memory, in bytes, as an integer or a decimal with a 1024-based suffix k, m, g or t
        (case-insensitive): `1024m` is `1g`. Kubernetes suffixes such as `Gi` are not accepted.
        """
        return pulumi.get(self, "memory")

    @memory.setter
    def memory(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "memory", value)


class FlinkJobSpecArgsDict(TypedDict):
    """
    A Flink job specification.
    """

    args: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]] | None]]
    """
    Command-line arguments of the job. Defaults to empty.
    """
    entry_class: NotRequired[pulumi.Input[str | None]]
    """
    The Java entry class, such as `com.example.Job`.
    """
    jar_uri: NotRequired[pulumi.Input[str | None]]
    """
    The job's JAR URI, such as `local:///opt/flink/usrlib/job.jar`.
    """


@pulumi.input_type
class FlinkJobSpecArgs:
    def __init__(
        __self__,
        *,
        args: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
        entry_class: pulumi.Input[str | None] = None,
        jar_uri: pulumi.Input[str | None] = None,
    ) -> None:
        """
        A Flink job specification.

        :param pulumi.Input[Sequence[pulumi.Input[str]]] args: Command-line arguments of the job.
               Defaults to empty.
        :param pulumi.Input[str] entry_class: The Java entry class, such as `com.example.Job`.
        :param pulumi.Input[str] jar_uri: The job's JAR URI, such as
               `local:///opt/flink/usrlib/job.jar`.
        """
        if args is not None:
            pulumi.set(__self__, "args", args)
        if entry_class is not None:
            pulumi.set(__self__, "entry_class", entry_class)
        if jar_uri is not None:
            pulumi.set(__self__, "jar_uri", jar_uri)

    @property
    @pulumi.getter
    def args(self) -> pulumi.Input[Sequence[pulumi.Input[str]] | None]:
        """
        Command-line arguments of the job. Defaults to empty.
        """
        return pulumi.get(self, "args")

    @args.setter
    def args(self, value: pulumi.Input[Sequence[pulumi.Input[str]] | None]) -> None:
        pulumi.set(self, "args", value)

    @property
    @pulumi.getter(name="entryClass")
    def entry_class(self) -> pulumi.Input[str | None]:
        """
        The Java entry class, such as `com.example.Job`.
        """
        return pulumi.get(self, "entry_class")

    @entry_class.setter
    def entry_class(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "entry_class", value)

    @property
    @pulumi.getter(name="jarUri")
    def jar_uri(self) -> pulumi.Input[str | None]:
        """
        The job's JAR URI, such as `local:///opt/flink/usrlib/job.jar`.
        """
        return pulumi.get(self, "jar_uri")

    @jar_uri.setter
    def jar_uri(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "jar_uri", value)


class FlinkPluginArgsDict(TypedDict):
    """
    A Flink plugin.
    """

    jars: pulumi.Input[Sequence[pulumi.Input[str]]]
    """
    The plugin's JAR files (URIs with a scheme, or absolute paths).
    """
    name: pulumi.Input[str]
    """
    The plugin name: 2 to 63 lower-case letters, digits, `.`, `_` or `-`, starting and ending with
    a letter or digit.
    """


@pulumi.input_type
class FlinkPluginArgs:
    def __init__(
        __self__,
        *,
        jars: pulumi.Input[Sequence[pulumi.Input[str]]],
        name: pulumi.Input[str],
    ) -> None:
        """
        A Flink plugin.

        :param pulumi.Input[Sequence[pulumi.Input[str]]] jars: The plugin's JAR files (URIs with a
               scheme, or absolute paths).
        :param pulumi.Input[str] name: The plugin name: 2 to 63 lower-case letters, digits, `.`,
               `_` or `-`, starting and ending with a letter or digit.
        """
        pulumi.set(__self__, "jars", jars)
        pulumi.set(__self__, "name", name)

    @property
    @pulumi.getter
    def jars(self) -> pulumi.Input[Sequence[pulumi.Input[str]]]:
        """
        The plugin's JAR files (URIs with a scheme, or absolute paths).
        """
        return pulumi.get(self, "jars")

    @jars.setter
    def jars(self, value: pulumi.Input[Sequence[pulumi.Input[str]]]) -> None:
        pulumi.set(self, "jars", value)

    @property
    @pulumi.getter
    def name(self) -> pulumi.Input[str]:
        """
        The plugin name: 2 to 63 lower-case letters, digits, `.`, `_` or `-`, starting and ending
        with a letter or digit.
        """
        return pulumi.get(self, "name")

    @name.setter
    def name(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "name", value)
