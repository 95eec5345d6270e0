"""Helpers shared by the SDK modules, after the ``_utilities.py`` of generated Pulumi SDKs.

Importing this module registers the ``lakesail`` resource module and provider package with the
Pulumi runtime, as the ``__init__.py`` of a generated SDK does. The runtime then turns resource
references of ``lakesail:index:FlinkApplication`` and ``pulumi:providers:lakesail`` back into
instances of our classes (for example in a component's outputs).

Unlike generated SDKs, the default options carry no plugin download URL: the plugin is the
``pulumi-resource-lakesail`` executable that ``pip install`` puts on ``PATH``, and the engine
looks there before it would download anything.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import pulumi
import pulumi.runtime
from semver import Version

from .client.version import __version__

PACKAGE = "lakesail"
"""The Pulumi package name."""

_MODULE = "index"
_RESOURCE_CLASSES = {"lakesail:index:FlinkApplication": ("flink_application", "FlinkApplication")}
_PROVIDER_TYPE = f"pulumi:providers:{PACKAGE}"

# PEP 440 release, pre-release, post, dev and local parts (the subset pip versions use here).
_PEP440 = re.compile(
    r"^v?(?P<release>\d+(?:\.\d+)*)"
    r"(?:(?P<pre_tag>a|b|rc)(?P<pre_num>\d+))?"
    r"(?:\.post\d+)?"
    r"(?:\.dev(?P<dev>\d+))?"
    r"(?:\+(?P<local>[0-9A-Za-z.]+))?$"
)
_PRE_TAGS = {"a": "alpha", "b": "beta", "rc": "rc"}


def semver_from_pep440(version: str) -> Version:
    """The engine wants semver; convert a PEP 440 version as generated SDKs do.

    ``1.2.3`` stays, ``1.2.3a1`` becomes ``1.2.3-alpha.1``, ``1.2.3.dev4`` becomes
    ``1.2.3-dev.4`` and a local part (``+abc``) becomes the pre-release.
    """
    match = _PEP440.match(version.strip())
    if match is None:
        raise ValueError(f"not a PEP 440 version: {version!r}")
    release = [int(part) for part in match["release"].split(".")][:3]
    major, minor, patch = release + [0] * (3 - len(release))
    prerelease: str | None = None
    if match["pre_tag"]:
        prerelease = f"{_PRE_TAGS[match['pre_tag']]}.{match['pre_num']}"
    elif match["dev"]:
        prerelease = f"dev.{match['dev']}"
    elif match["local"]:
        prerelease = match["local"]
    return Version(major, minor, patch, prerelease)


_version = semver_from_pep440(__version__)
_version_str = str(_version)


def get_version() -> str:
    """This SDK's version as semver, the plugin version its resources ask the engine for."""
    return _version_str


def get_resource_opts_defaults() -> pulumi.ResourceOptions:
    """Default resource options: the plugin version, and no plugin download URL."""
    return pulumi.ResourceOptions(version=get_version())


def get_invoke_opts_defaults() -> pulumi.InvokeOptions:
    """Default invoke options: the plugin version, and no plugin download URL."""
    return pulumi.InvokeOptions(version=get_version())


def get_resource_args_opts(
    resource_args_type: type[Any],
    resource_options_type: type[Any],
    *args: Any,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """Split a resource constructor's ``*args``/``**kwargs`` into its args object and options.

    The constructor takes either ``(name, args, opts)`` or ``(name, opts, **properties)``.
    """
    resource_args, opts = None, None
    if args and isinstance(args[0], resource_args_type):
        resource_args, args = args[0], args[1:]
    if args and isinstance(args[0], resource_options_type):
        opts = args[0]
    if resource_args is None:
        candidate = kwargs.get("args")
        if isinstance(candidate, resource_args_type):
            resource_args = candidate
    if opts is None:
        opts = kwargs.get("opts")
    return resource_args, opts


class _Package(pulumi.runtime.ResourcePackage):
    """Rehydrates ``pulumi:providers:lakesail`` references as :class:`Provider`."""

    def version(self) -> Version | None:
        return _version

    def construct_provider(self, name: str, typ: str, urn: str) -> pulumi.ProviderResource:
        if typ != _PROVIDER_TYPE:
            raise ValueError(f"unknown provider type {typ}")
        provider_cls = importlib.import_module(f"{__package__}.provider").Provider
        provider: pulumi.ProviderResource = provider_cls(name, pulumi.ResourceOptions(urn=urn))
        return provider


class _Module(pulumi.runtime.ResourceModule):
    """Rehydrates ``lakesail:index:*`` resource references as instances of our classes."""

    def version(self) -> Version | None:
        return _version

    def construct(self, name: str, typ: str, urn: str) -> pulumi.Resource:
        if typ not in _RESOURCE_CLASSES:
            raise ValueError(f"unknown resource type {typ}")
        module_name, class_name = _RESOURCE_CLASSES[typ]
        resource_cls = getattr(importlib.import_module(f"{__package__}.{module_name}"), class_name)
        resource: pulumi.Resource = resource_cls(name, pulumi.ResourceOptions(urn=urn))
        return resource


def _register() -> None:
    pulumi.runtime.register_resource_package(PACKAGE, _Package())
    pulumi.runtime.register_resource_module(PACKAGE, _MODULE, _Module())


_register()
