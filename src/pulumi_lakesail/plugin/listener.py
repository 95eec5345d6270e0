"""Serve a ResourceProvider servicer on a free loopback port and print the port, as the engine
expects of a plugin. Light on purpose: only gRPC and the SDK's protobufs, so the port line
comes before any of the provider's code is needed."""

from __future__ import annotations

import sys
from typing import Any

import grpc.aio
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc


async def serve_until_stopped(servicer: Any) -> None:
    """Serve ``servicer`` (a ``ResourceProviderServicer``) until the engine stops the process."""
    server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    await server.wait_for_termination()
