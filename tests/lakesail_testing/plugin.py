"""Drive ``pulumi-resource-lakesail`` over gRPC exactly as the Pulumi engine does.

The plugin is started with the address of an engine as its argument; here that engine is a
small in-process gRPC server that records every Log message, so tests can read what the user
would see and search it for secrets.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import engine_pb2_grpc, provider_pb2, provider_pb2_grpc

APPLICATION = "lakesail:index:FlinkApplication"
UNKNOWN = rpc.UNKNOWN


def secret(value: Any) -> dict[str, Any]:
    """A value wrapped as the engine wraps secrets."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


def is_secret(value: Any) -> bool:
    """Whether a decoded value is a secret wrapper."""
    return isinstance(value, dict) and value.get(rpc._special_sig_key) == rpc._special_secret_sig


def reveal(value: Any) -> Any:
    """The value with every secret wrapper removed."""
    if is_secret(value):
        return reveal(value["value"])
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal(v) for v in value]
    return value


def to_struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    """A Struct for plain values (ints become floats, as on the wire)."""
    struct = struct_pb2.Struct()
    struct.update(dict(values))
    return struct


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """Plain values (secrets stay wrapped; see reveal)."""
    return dict(json_format.MessageToDict(struct))


def failure_path(failure: Any) -> str:
    """The property path a CheckFailure names: the plugin reports a nested failure under its
    top-level property, with the full path at the start of the reason."""
    head, sep, _ = failure.reason.partition(": ")
    if sep and head.startswith(failure.property) and head != failure.property:
        return head
    return str(failure.property)


def urn(name: str = "app", type_token: str = APPLICATION) -> str:
    """A resource URN in a test stack."""
    return f"urn:pulumi:test::lakesail-test::{type_token}::{name}"


@dataclass(frozen=True)
class LogEntry:
    """One message the plugin sent to the engine."""

    severity: int
    message: str
    urn: str
    ephemeral: bool


class _Engine(engine_pb2_grpc.EngineServicer):
    def __init__(self) -> None:
        self.entries: list[LogEntry] = []
        self._lock = threading.Lock()

    def Log(self, request: Any, context: Any) -> empty_pb2.Empty:  # noqa: N802 - gRPC name
        with self._lock:
            self.entries.append(
                LogEntry(request.severity, request.message, request.urn, request.ephemeral)
            )
        return empty_pb2.Empty()


def plugin_command() -> list[str]:
    """The plugin's console script, as installed beside this interpreter."""
    script = shutil.which("pulumi-resource-lakesail", path=str(Path(sys.executable).parent))
    if script is None:
        raise RuntimeError("pulumi-resource-lakesail is not installed: run `make install`")
    return [script]


class PluginProcess:
    """A running plugin and a fake engine; a context manager."""

    def __init__(
        self, command: Sequence[str] | None = None, env: Mapping[str, str] | None = None
    ) -> None:
        self.command = list(command) if command is not None else plugin_command()
        self.env = dict(env) if env is not None else None
        self.engine = _Engine()
        self._server: grpc.Server | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr = tempfile.TemporaryFile()
        self.channel: grpc.Channel | None = None
        self.stub: Any = None
        self.port: int | None = None

    @property
    def logs(self) -> list[LogEntry]:
        """Every message sent to the engine so far."""
        return list(self.engine.entries)

    def stderr(self) -> str:
        """What the plugin wrote to stderr so far."""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def start(self) -> PluginProcess:
        """Start the engine stub and the plugin, and read the plugin's port line."""
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        engine_pb2_grpc.add_EngineServicer_to_server(self.engine, self._server)
        engine_port = self._server.add_insecure_port("127.0.0.1:0")
        self._server.start()
        self._process = subprocess.Popen(
            [*self.command, f"127.0.0.1:{engine_port}"],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=self.env,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().decode().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(
                f"plugin printed {line!r} instead of its port; stderr: {self.stderr()[-2000:]}"
            )
        self.port = int(line)
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)
        return self

    def stop(self) -> None:
        """Stop the plugin and the engine stub."""
        if self.channel is not None:
            self.channel.close()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._server is not None:
            self._server.stop(grace=None)

    def __enter__(self) -> PluginProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ calls
    def configure(self, **config: Any) -> Any:
        """CheckConfig then Configure, as the engine does; config keys without the prefix."""
        args = {k: v for k, v in config.items() if v is not None}
        checked = self.stub.CheckConfig(
            provider_pb2.CheckRequest(
                urn=urn("default", "pulumi:providers:lakesail"), news=to_struct(args)
            )
        )
        if checked.failures:
            return checked
        variables = {f"lakesail:config:{k}": str(reveal(v)) for k, v in args.items()}
        return self.stub.Configure(
            provider_pb2.ConfigureRequest(
                variables=variables, args=checked.inputs, acceptSecrets=True, acceptResources=True
            )
        )

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None, name: str = "app"
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Check: the checked inputs and the (property, reason) failures."""
        response = self.stub.Check(
            provider_pb2.CheckRequest(
                urn=urn(name), olds=to_struct(olds or {}), news=to_struct(news)
            )
        )
        return from_struct(response.inputs), [
            (failure_path(f), f.reason) for f in response.failures
        ]

    def diff(
        self, resource_id: str, olds: Mapping[str, Any], news: Mapping[str, Any], name: str = "app"
    ) -> Any:
        """Diff: the raw DiffResponse."""
        return self.stub.Diff(
            provider_pb2.DiffRequest(
                id=resource_id, urn=urn(name), olds=to_struct(olds), news=to_struct(news)
            )
        )

    def create(
        self,
        properties: Mapping[str, Any],
        *,
        preview: bool = False,
        timeout: float = 0,
        name: str = "app",
    ) -> tuple[str, dict[str, Any]]:
        """Create: the ID and the output properties."""
        response = self.stub.Create(
            provider_pb2.CreateRequest(
                urn=urn(name), properties=to_struct(properties), preview=preview, timeout=timeout
            )
        )
        return response.id, from_struct(response.properties)

    def read(
        self,
        resource_id: str,
        properties: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
        name: str = "app",
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """Read (refresh, or import with properties and inputs empty)."""
        response = self.stub.Read(
            provider_pb2.ReadRequest(
                id=resource_id,
                urn=urn(name),
                properties=to_struct(properties or {}),
                inputs=to_struct(inputs or {}),
            )
        )
        return response.id, from_struct(response.properties), from_struct(response.inputs)

    def update(
        self,
        resource_id: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        timeout: float = 0,
        name: str = "app",
        preview: bool = False,
    ) -> dict[str, Any]:
        """Update (or its preview): the new output properties."""
        response = self.stub.Update(
            provider_pb2.UpdateRequest(
                id=resource_id,
                urn=urn(name),
                olds=to_struct(olds),
                news=to_struct(news),
                timeout=timeout,
                preview=preview,
            )
        )
        return from_struct(response.properties)

    def delete(
        self,
        resource_id: str,
        properties: Mapping[str, Any],
        *,
        timeout: float = 0,
        name: str = "app",
    ) -> None:
        """Delete."""
        self.stub.Delete(
            provider_pb2.DeleteRequest(
                id=resource_id, urn=urn(name), properties=to_struct(properties), timeout=timeout
            )
        )

    def invoke(
        self, token: str, args: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Invoke a function: its return value and failures."""
        response = self.stub.Invoke(provider_pb2.InvokeRequest(tok=token, args=to_struct(args)))
        return from_struct(getattr(response, "return")), [
            (failure_path(f), f.reason) for f in response.failures
        ]
