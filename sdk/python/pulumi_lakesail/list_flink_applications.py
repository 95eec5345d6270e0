"""The ``lakesail:index:listFlinkApplications`` function: every Flink application of a workspace."""

# mypy: disable-error-code="no-any-return"
# (pulumi.get returns Any; each getter's annotation is the type, as in generated SDKs.)

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any, TypeVar

import pulumi
import pulumi.runtime

from . import _utilities, outputs

__all__ = [
    "ListFlinkApplicationsResult",
    "AwaitableListFlinkApplicationsResult",
    "list_flink_applications",
    "list_flink_applications_output",
]

TOKEN = "lakesail:index:listFlinkApplications"


@pulumi.output_type
class ListFlinkApplicationsResult:
    """
    The result of :func:`list_flink_applications`.
    """

    def __init__(
        __self__,
        items: Sequence[outputs.FlinkApplicationSummary] | None = None,
        workspace: str | None = None,
    ) -> None:
        if items and not isinstance(items, list):
            raise TypeError("Expected argument 'items' to be a list")
        pulumi.set(__self__, "items", items)
        if workspace and not isinstance(workspace, str):
            raise TypeError("Expected argument 'workspace' to be a str")
        pulumi.set(__self__, "workspace", workspace)

    @property
    @pulumi.getter
    def items(self) -> Sequence[outputs.FlinkApplicationSummary]:
        """
        The applications, in creation order.
        """
        return pulumi.get(self, "items")

    @property
    @pulumi.getter
    def workspace(self) -> str:
        """
        The workspace listed.
        """
        return pulumi.get(self, "workspace")


class AwaitableListFlinkApplicationsResult(ListFlinkApplicationsResult):
    def __await__(self) -> Generator[Any, None, ListFlinkApplicationsResult]:
        if False:
            yield self
        return _result(self, ListFlinkApplicationsResult)


_R = TypeVar("_R", bound=ListFlinkApplicationsResult)


def _result(source: Any, cls: type[_R]) -> _R:
    return cls(
        items=pulumi.get(source, "items"),
        workspace=pulumi.get(source, "workspace"),
    )


def list_flink_applications(
    workspace: str | None = None,
    opts: pulumi.InvokeOptions | None = None,
) -> AwaitableListFlinkApplicationsResult:
    """
    List every Flink application of a workspace.

    :param str workspace: The workspace ID (upper-case letters and digits). Defaults to the
           provider's `lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`).
    """
    __args__: dict[str, Any] = {}
    __args__["workspace"] = workspace
    opts = pulumi.InvokeOptions.merge(_utilities.get_invoke_opts_defaults(), opts)
    __ret__ = pulumi.runtime.invoke(
        TOKEN, __args__, opts=opts, typ=ListFlinkApplicationsResult
    ).value
    return _result(__ret__, AwaitableListFlinkApplicationsResult)


def list_flink_applications_output(
    workspace: pulumi.Input[str | None] = None,
    opts: pulumi.InvokeOptions | pulumi.InvokeOutputOptions | None = None,
) -> pulumi.Output[ListFlinkApplicationsResult]:
    """
    List every Flink application of a workspace.

    :param pulumi.Input[str] workspace: The workspace ID (upper-case letters and digits). Defaults
           to the provider's `lakesail:workspace` configuration (or `LAKESAIL_WORKSPACE`).
    """
    __args__: dict[str, Any] = {}
    __args__["workspace"] = workspace
    output_opts = pulumi.InvokeOutputOptions.merge(_utilities.get_invoke_opts_defaults(), opts)
    __ret__ = pulumi.runtime.invoke_output(
        TOKEN, __args__, opts=output_opts, typ=ListFlinkApplicationsResult
    )
    return __ret__.apply(lambda response: _result(response, ListFlinkApplicationsResult))
