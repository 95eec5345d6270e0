"""The plugin's entry point: ``pulumi-resource-lakesail <engine address>``.

It serves the ResourceProvider gRPC service on a free loopback port and prints that port,
as the engine expects.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2, status_pb2

from ..client.version import __version__
from ..core.errors import LifecycleError, PartialCreateError
from ..core.resource_id import InvalidResourceIdError
from .listener import serve_until_stopped
from .properties import from_plain, to_plain
from .provider import LakeSailProvider


def _is_user_error(error: BaseException) -> bool:
    """Errors whose message is meant for the user: sent without a Python traceback."""
    from ..client.errors import LakeSailError  # on first use: keeps the plugin's start fast

    return isinstance(error, (LifecycleError, LakeSailError, InvalidResourceIdError))


Handler = Callable[[Any, Any, Any], Awaitable[Any]]


def _original(exc: BaseException) -> BaseException:
    # The SDK's servicer re-raises every error as a plain Exception with a traceback appended,
    # inside its except block, so the original error is the context.
    return exc.__context__ if exc.__context__ is not None else exc


def _init_failed_status(error: PartialCreateError, secrets: set[Any]) -> grpc.Status:
    marshalled = PropertyValue.marshal_map(from_plain(error.outputs, secrets))
    detail = provider_pb2.ErrorResourceInitFailed(
        id=error.resource_id, properties=marshalled, reasons=error.reasons
    )
    rich = status_pb2.Status(code=grpc.StatusCode.UNKNOWN.value[0], message=str(error))
    rich.details.add().Pack(detail)
    status = grpc.Status()
    status.code = grpc.StatusCode.UNKNOWN
    status.details = str(error)
    status.trailing_metadata = (("grpc-status-details-bin", rich.SerializeToString()),)
    return status


def _clean_errors(handler: Handler) -> Handler:
    async def wrapper(self: Any, request: Any, context: Any) -> Any:
        try:
            return await handler(self, request, context)
        except Exception as exc:  # noqa: BLE001 - classified below, re-raised otherwise
            original = _original(exc)
            if isinstance(original, PartialCreateError):
                secrets = _secrets_of(request)
                await context.abort_with_status(_init_failed_status(original, secrets))
            if _is_user_error(original):
                await context.abort(grpc.StatusCode.UNKNOWN, str(original))
            raise

    return wrapper


def _secrets_of(request: Any) -> set[Any]:
    """The secret paths of a Create's or Update's properties, to keep them secret in errors."""
    for field in ("properties", "olds"):
        if hasattr(request, field):
            return to_plain(PropertyValue.unmarshal_map(getattr(request, field)))[1]
    return set()


class LakeSailServicer(ProviderServicer):
    """The SDK's servicer, with clean user-facing errors and ErrorResourceInitFailed details."""

    Create = _clean_errors(ProviderServicer.Create)
    Update = _clean_errors(ProviderServicer.Update)
    Read = _clean_errors(ProviderServicer.Read)
    Delete = _clean_errors(ProviderServicer.Delete)
    Check = _clean_errors(ProviderServicer.Check)
    Diff = _clean_errors(ProviderServicer.Diff)
    Invoke = _clean_errors(ProviderServicer.Invoke)
    CheckConfig = _clean_errors(ProviderServicer.CheckConfig)
    Configure = _clean_errors(ProviderServicer.Configure)


async def serve(engine_address: str, args: list[str]) -> None:
    """Serve the provider until the engine stops it."""
    provider = LakeSailProvider(engine_address)
    await serve_until_stopped(LakeSailServicer(args, __version__, provider, engine_address))


def main(argv: list[str] | None = None) -> None:
    """Console script ``pulumi-resource-lakesail``: argv[1] is the engine's address."""
    args = sys.argv[1:] if argv is None else argv
    positional = [a for a in args if not a.startswith("-")]
    if not positional:
        sys.stderr.write("usage: pulumi-resource-lakesail <engine address>\n")
        raise SystemExit(2)
    try:
        asyncio.run(serve(positional[0], args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
