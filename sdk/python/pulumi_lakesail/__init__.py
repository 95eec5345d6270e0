"""Pulumi provider for Apache Flink applications on the LakeSail platform.

The SDK of the native provider (``pulumi-resource-lakesail``), shaped like the output of
``pulumi package gen-sdk``::

    import pulumi_lakesail as lakesail

    app = lakesail.FlinkApplication(
        "orders",
        name="orders",
        runtime=lakesail.FlinkRuntime.FLINK_1_18,
        job={"jar_uri": "local:///opt/flink/usrlib/orders.jar"},
    )

Importing this package is cheap: the SDK modules (and ``pulumi`` itself) load on first use of one
of the names below, and the plugin, core and client modules are never imported from here. Inside
a Pulumi program ``pulumi`` is already loaded, so the resource module and provider package are
registered at import, as a generated SDK does (see ``_utilities``).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from .client.version import __version__

if TYPE_CHECKING:
    from . import config, outputs
    from ._enums import FlinkApplicationState, FlinkRuntime
    from ._inputs import (
        ContainerResourceArgs,
        ContainerResourceArgsDict,
        FlinkJobSpecArgs,
        FlinkJobSpecArgsDict,
        FlinkPluginArgs,
        FlinkPluginArgsDict,
    )
    from .flink_application import FlinkApplication, FlinkApplicationArgs
    from .get_flink_application import (
        AwaitableGetFlinkApplicationResult,
        GetFlinkApplicationResult,
        get_flink_application,
        get_flink_application_output,
    )
    from .list_flink_applications import (
        AwaitableListFlinkApplicationsResult,
        ListFlinkApplicationsResult,
        list_flink_applications,
        list_flink_applications_output,
    )
    from .provider import Provider, ProviderArgs

# Public name -> the submodule that defines it (or that is it: `config`, `outputs`).
_LAZY: dict[str, str] = {
    "FlinkApplicationState": "_enums",
    "FlinkRuntime": "_enums",
    "ContainerResourceArgs": "_inputs",
    "ContainerResourceArgsDict": "_inputs",
    "FlinkJobSpecArgs": "_inputs",
    "FlinkJobSpecArgsDict": "_inputs",
    "FlinkPluginArgs": "_inputs",
    "FlinkPluginArgsDict": "_inputs",
    "FlinkApplication": "flink_application",
    "FlinkApplicationArgs": "flink_application",
    "AwaitableGetFlinkApplicationResult": "get_flink_application",
    "GetFlinkApplicationResult": "get_flink_application",
    "get_flink_application": "get_flink_application",
    "get_flink_application_output": "get_flink_application",
    "AwaitableListFlinkApplicationsResult": "list_flink_applications",
    "ListFlinkApplicationsResult": "list_flink_applications",
    "list_flink_applications": "list_flink_applications",
    "list_flink_applications_output": "list_flink_applications",
    "Provider": "provider",
    "ProviderArgs": "provider",
    "config": "config",
    "outputs": "outputs",
}

__all__ = [
    "AwaitableGetFlinkApplicationResult",
    "AwaitableListFlinkApplicationsResult",
    "ContainerResourceArgs",
    "ContainerResourceArgsDict",
    "FlinkApplication",
    "FlinkApplicationArgs",
    "FlinkApplicationState",
    "FlinkJobSpecArgs",
    "FlinkJobSpecArgsDict",
    "FlinkPluginArgs",
    "FlinkPluginArgsDict",
    "FlinkRuntime",
    "GetFlinkApplicationResult",
    "ListFlinkApplicationsResult",
    "Provider",
    "ProviderArgs",
    "__version__",
    "config",
    "get_flink_application",
    "get_flink_application_output",
    "list_flink_applications",
    "list_flink_applications_output",
    "outputs",
]


# Public names that are submodules themselves.
_SUBMODULES = frozenset({"config", "outputs"})

# Submodules named like the function they define, as in generated SDKs (whose __init__ re-binds the
# name with `from .get_flink_application import *`).
_FUNCTION_MODULES = frozenset({"get_flink_application", "list_flink_applications"})


class _LazyPackage(types.ModuleType):
    """This package's module type: loads the public names on first use."""

    def __getattr__(self, name: str) -> Any:
        module_name = _LAZY.get(name)
        if module_name is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module = importlib.import_module(f"{__name__}.{module_name}")
        value = module if name in _SUBMODULES else getattr(module, name)
        setattr(self, name, value)  # later lookups skip __getattr__
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # The import system binds every submodule to its package's attribute of the same name;
        # for the two function modules the package attribute must stay the function.
        if (
            name in _FUNCTION_MODULES
            and isinstance(value, types.ModuleType)
            and value.__name__ == f"{__name__}.{name}"
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_LAZY})


sys.modules[__name__].__class__ = _LazyPackage

if "pulumi" in sys.modules:
    # A Pulumi program (or a test with mocks): register for resource-reference rehydration now.
    importlib.import_module(f"{__name__}._utilities")
