"""The ``lakesail`` provider resource: an explicitly configured instance of the native provider."""

# mypy: disable-error-code="no-any-return"
# (pulumi.get returns Any; each getter's annotation is the type, as in generated SDKs.)

from __future__ import annotations

from typing import Any, overload

import pulumi
import pulumi.runtime

from . import _utilities

__all__ = ["ProviderArgs", "Provider"]

TYPE_TOKEN = f"pulumi:providers:{_utilities.PACKAGE}"


@pulumi.input_type
class ProviderArgs:
    def __init__(
        __self__,
        *,
        ca_bundle: pulumi.Input[str | None] = None,
        endpoint: pulumi.Input[str | None] = None,
        insecure: pulumi.Input[bool | None] = None,
        token: pulumi.Input[str | None] = None,
        workspace: pulumi.Input[str | None] = None,
    ) -> None:
        """
        The set of arguments for constructing a Provider resource.

        :param pulumi.Input[str] ca_bundle: Path of a CA bundle (PEM) to verify the server's TLS
               certificate. Falls back to `LAKESAIL_CA_BUNDLE`.
        :param pulumi.Input[str] endpoint: The LakeSail server root, such as
               `http://127.0.0.1:8080` (the client adds `/api/...`). Falls back to
               `LAKESAIL_ENDPOINT`.
        :param pulumi.Input[bool] insecure: Skip TLS certificate verification. Never use it in
               production; the provider warns every time. Falls back to `LAKESAIL_INSECURE`.
        :param pulumi.Input[str] token: A LakeSail service-account key. Set it with
               `pulumi config set --secret lakesail:token`. Falls back to `LAKESAIL_TOKEN`. Kept
               out of logs and outputs; in the state only encrypted.
        :param pulumi.Input[str] workspace: The default workspace ID of resources and functions.
               Falls back to `LAKESAIL_WORKSPACE`.
        """
        if ca_bundle is not None:
            pulumi.set(__self__, "ca_bundle", ca_bundle)
        if endpoint is not None:
            pulumi.set(__self__, "endpoint", endpoint)
        if insecure is not None:
            pulumi.set(__self__, "insecure", insecure)
        if token is not None:
            pulumi.set(__self__, "token", token)
        if workspace is not None:
            pulumi.set(__self__, "workspace", workspace)

    @property
    @pulumi.getter(name="caBundle")
    def ca_bundle(self) -> pulumi.Input[str | None]:
        """
        Path of a CA bundle (PEM) to verify the server's TLS certificate. Falls back to
        `LAKESAIL_CA_BUNDLE`.
        """
        return pulumi.get(self, "ca_bundle")

    @ca_bundle.setter
    def ca_bundle(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "ca_bundle", value)

    @property
    @pulumi.getter
    def endpoint(self) -> pulumi.Input[str | None]:
        """
        The LakeSail server root, such as `http://127.0.0.1:8080` (the client adds `/api/...`).
        Falls back to `LAKESAIL_ENDPOINT`.
        """
        return pulumi.get(self, "endpoint")

    @endpoint.setter
    def endpoint(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "endpoint", value)

    @property
    @pulumi.getter
    def insecure(self) -> pulumi.Input[bool | None]:
        """
        Skip TLS certificate verification. Never use it in production; the provider warns every
        time. Falls back to `LAKESAIL_INSECURE`.
        """
        return pulumi.get(self, "insecure")

    @insecure.setter
    def insecure(self, value: pulumi.Input[bool | None]) -> None:
        pulumi.set(self, "insecure", value)

    @property
    @pulumi.getter
    def token(self) -> pulumi.Input[str | None]:
        """
        A LakeSail service-account key. Set it with `pulumi config set --secret lakesail:token`.
        Falls back to `LAKESAIL_TOKEN`. Kept out of logs and outputs; in the state only encrypted.
        """
        return pulumi.get(self, "token")

    @token.setter
    def token(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "token", value)

    @property
    @pulumi.getter
    def workspace(self) -> pulumi.Input[str | None]:
        """
        The default workspace ID of resources and functions. Falls back to `LAKESAIL_WORKSPACE`.
        """
        return pulumi.get(self, "workspace")

    @workspace.setter
    def workspace(self, value: pulumi.Input[str | None]) -> None:
        pulumi.set(self, "workspace", value)


@pulumi.type_token(TYPE_TOKEN)
class Provider(pulumi.ProviderResource):
    """
    The LakeSail provider: where the API is and how to authenticate.
    """

    @overload
    def __init__(
        __self__,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        ca_bundle: pulumi.Input[str | None] = None,
        endpoint: pulumi.Input[str | None] = None,
        insecure: pulumi.Input[bool | None] = None,
        token: pulumi.Input[str | None] = None,
        workspace: pulumi.Input[str | None] = None,
        __props__: ProviderArgs | None = None,
    ) -> None:
        """
        The LakeSail provider: where the API is and how to authenticate.

        :param str resource_name: The name of the resource.
        :param pulumi.ResourceOptions opts: Options for the resource.
        :param pulumi.Input[str] ca_bundle: Path of a CA bundle (PEM) to verify the server's TLS
               certificate. Falls back to `LAKESAIL_CA_BUNDLE`.
        :param pulumi.Input[str] endpoint: The LakeSail server root, such as
               `http://127.0.0.1:8080` (the client adds `/api/...`). Falls back to
               `LAKESAIL_ENDPOINT`.
        :param pulumi.Input[bool] insecure: Skip TLS certificate verification. Never use it in
               production; the provider warns every time. Falls back to `LAKESAIL_INSECURE`.
        :param pulumi.Input[str] token: A LakeSail service-account key. Set it with
               `pulumi config set --secret lakesail:token`. Falls back to `LAKESAIL_TOKEN`. Kept
               out of logs and outputs; in the state only encrypted.
        :param pulumi.Input[str] workspace: The default workspace ID of resources and functions.
               Falls back to `LAKESAIL_WORKSPACE`.
        """
        ...

    @overload
    def __init__(
        __self__,
        resource_name: str,
        args: ProviderArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        The LakeSail provider: where the API is and how to authenticate.

        :param str resource_name: The name of the resource.
        :param ProviderArgs args: The arguments to use to populate this resource's properties.
        :param pulumi.ResourceOptions opts: Options for the resource.
        """
        ...

    def __init__(__self__, resource_name: str, *args: Any, **kwargs: Any) -> None:
        resource_args, opts = _utilities.get_resource_args_opts(
            ProviderArgs, pulumi.ResourceOptions, *args, **kwargs
        )
        if resource_args is not None:
            __self__._internal_init(resource_name, opts, **resource_args.__dict__)
        else:
            __self__._internal_init(resource_name, *args, **kwargs)

    def _internal_init(
        __self__,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        ca_bundle: pulumi.Input[str | None] = None,
        endpoint: pulumi.Input[str | None] = None,
        insecure: pulumi.Input[bool | None] = None,
        token: pulumi.Input[str | None] = None,
        workspace: pulumi.Input[str | None] = None,
        __props__: ProviderArgs | None = None,
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
            __props__ = ProviderArgs.__new__(ProviderArgs)

            __props__.__dict__["ca_bundle"] = ca_bundle
            __props__.__dict__["endpoint"] = endpoint
            # Provider inputs travel as strings: non-string values are JSON-encoded, as every
            # generated SDK does (the plugin reads "true"/"false").
            insecure_input: pulumi.Input[bool | None] = insecure
            __props__.__dict__["insecure"] = (
                None
                if insecure is None
                else pulumi.Output.from_input(insecure_input).apply(pulumi.runtime.to_json)
            )
            __props__.__dict__["token"] = None if token is None else pulumi.Output.secret(token)
            __props__.__dict__["workspace"] = workspace
        # The token is a secret input; keep it secret wherever the engine echoes it back.
        secret_opts = pulumi.ResourceOptions(additional_secret_outputs=["token"])
        opts = pulumi.ResourceOptions.merge(opts, secret_opts)
        # The runtime serializes an @input_type instance like a mapping of its properties.
        super().__init__(_utilities.PACKAGE, resource_name, __props__, opts)  # type: ignore[arg-type]

    @property
    @pulumi.getter
    def endpoint(self) -> pulumi.Output[str | None]:
        """
        The LakeSail server root, such as `http://127.0.0.1:8080` (the client adds `/api/...`).
        Falls back to `LAKESAIL_ENDPOINT`.
        """
        return pulumi.get(self, "endpoint")

    @property
    @pulumi.getter
    def workspace(self) -> pulumi.Output[str | None]:
        """
        The default workspace ID of resources and functions. Falls back to `LAKESAIL_WORKSPACE`.
        """
        return pulumi.get(self, "workspace")
