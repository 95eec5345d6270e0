"""The ``lakesail:`` configuration keys as properties of the ``pulumi_lakesail.config`` module."""

from __future__ import annotations

import types

import pulumi

__config__ = pulumi.Config("lakesail")


class _ExportableConfig(types.ModuleType):
    @property
    def ca_bundle(self) -> str | None:
        """
        Path of a CA bundle (PEM) to verify the server's TLS certificate. Falls back to
        `LAKESAIL_CA_BUNDLE`.
        """
        return __config__.get("caBundle")

    @property
    def endpoint(self) -> str | None:
        """
        The LakeSail server root, such as `http://127.0.0.1:8080` (the client adds `/api/...`).
        Falls back to `LAKESAIL_ENDPOINT`.
        """
        return __config__.get("endpoint")

    @property
    def insecure(self) -> bool | None:
        """
        Skip TLS certificate verification. Never use it in production; the provider warns every
        time. Falls back to `LAKESAIL_INSECURE`.
        """
        return __config__.get_bool("insecure")

    @property
    def token(self) -> str | None:
        """
        A LakeSail service-account key. Set it with `pulumi config set --secret lakesail:token`.
        Falls back to `LAKESAIL_TOKEN`. Kept out of logs and outputs; in the state only encrypted.
        """
        return __config__.get("token")

    @property
    def workspace(self) -> str | None:
        """
        The default workspace ID of resources and functions. Falls back to `LAKESAIL_WORKSPACE`.
        """
        return __config__.get("workspace")
