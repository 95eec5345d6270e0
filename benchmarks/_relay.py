"""A minimal gRPC relay in front of the bare HTTP floor: ``python -m benchmarks._relay URL WS``.

It makes exactly the floor's HTTP calls (``_harness.Floor``), but in a process of its own
behind a plain synchronous gRPC server, with raw bytes in and out (no protobuf messages, no
conversions, no asyncio). It is what *any* out-of-process provider written in Python pays for
being a plugin: one more process, a gRPC round trip, threads. The plugin's figure against the
relay's is the cost of the provider's own code; the relay's against the floor's is the cost of
the architecture on this machine. The token comes in ``LAKESAIL_TOKEN``; the port is printed.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent import futures
from typing import Any

import grpc

from ._harness import Floor

SERVICE = "benchmarks.Relay"


def main(argv: list[str]) -> None:
    url, workspace = argv[0], argv[1]
    floor = Floor(url, os.environ["LAKESAIL_TOKEN"], workspace, 64)

    def create(request: bytes, _: Any) -> bytes:
        return floor.create(json.loads(request)).encode()

    def read(request: bytes, _: Any) -> bytes:
        floor.read(request.decode())
        return b""

    def delete(request: bytes, _: Any) -> bytes:
        floor.delete(request.decode())
        return b""

    handlers = {
        name: grpc.unary_unary_rpc_method_handler(fn)
        for name, fn in (("Create", create), ("Read", read), ("Delete", delete))
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=64))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    server.wait_for_termination()


if __name__ == "__main__":
    main(sys.argv[1:])
