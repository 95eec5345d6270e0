"""User-facing messages through the engine's Log RPC (a plugin's stdout is hidden)."""

from __future__ import annotations

import logging
import threading

import grpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

log = logging.getLogger("pulumi_lakesail.plugin")


class EngineLog:
    """Sends messages to the engine at ``address``; falls back to stderr when it is unreachable.

    Safe to call from worker threads: it uses a blocking channel of its own.
    """

    def __init__(self, address: str | None) -> None:
        self._address = address
        self._stub: engine_pb2_grpc.EngineStub | None = None
        self._lock = threading.Lock()

    def _engine(self) -> engine_pb2_grpc.EngineStub | None:
        with self._lock:
            if self._stub is None and self._address:
                channel = grpc.insecure_channel(self._address)
                self._stub = engine_pb2_grpc.EngineStub(channel)
            return self._stub

    def _send(
        self, severity: engine_pb2.LogSeverity.ValueType, message: str, urn: str, ephemeral: bool
    ) -> None:
        stub = self._engine()
        if stub is not None:
            try:
                request = engine_pb2.LogRequest(
                    severity=severity, message=message, urn=urn, ephemeral=ephemeral
                )
                stub.Log(request, timeout=10)
                return
            except grpc.RpcError as exc:
                log.debug("engine log unavailable: %s", exc.code())
        log.log(logging.WARNING if severity >= engine_pb2.WARNING else logging.INFO, "%s", message)

    def info(self, message: str, urn: str = "", *, ephemeral: bool = False) -> None:
        """An informational message, shown beside the resource."""
        self._send(engine_pb2.INFO, message, urn, ephemeral)

    def status(self, message: str, urn: str = "") -> None:
        """A transient progress message (the engine shows it in the status column)."""
        self._send(engine_pb2.INFO, message, urn, True)

    def warning(self, message: str, urn: str = "") -> None:
        """A warning the user should read."""
        self._send(engine_pb2.WARNING, message, urn, False)
