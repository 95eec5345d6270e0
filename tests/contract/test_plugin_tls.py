"""TLS: verification is on by default, a CA bundle makes a private CA work, and
``lakesail:insecure`` turns verification off only with a loud WARNING through the engine.

The server is a tiny ``http.server`` behind ``ssl`` with a self-signed certificate made by the
``openssl`` command (the ``cryptography`` package is not installed here); it answers the list
of applications with an empty page and records every request it receives.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import grpc
import pytest
from lakesail_testing.plugin import PluginProcess
from pulumi.runtime.proto import engine_pb2

from pulumi_lakesail.client import ApiConnectionError, LakeSailClient

TOKEN = "lsk_tls_test_3f9a1c7e"
LIST = "lakesail:index:listFlinkApplications"


WORKSPACE = {
    "id": "DEFAULT",
    "name": "default",
    "kubeClusterId": "K1",
    "kubeNamespace": "ns",
    "kubeServiceAccount": "sa",
    "createdAt": "2026-01-01T00:00:00.000Z",
    "updatedAt": "2026-01-01T00:00:00.000Z",
}


@dataclass
class TlsServer:
    url: str
    ca_bundle: Path
    requests: list[tuple[str, str | None]] = field(default_factory=list)


def self_signed(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=lakesail-test",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],  # fmt: skip
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    received: list[tuple[str, str | None]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            received.append((self.path, self.headers.get("Authorization")))
            path = self.path.split("?")[0]
            answers: dict[str, Any] = {
                "/api/org/v1/me": {"serviceAccount": None},  # the configure-time check
                "/api/org/v1/workspaces/DEFAULT": WORKSPACE,
            }
            found = path.endswith("/applications") or path in answers
            reply = answers.get(path, {"items": []}) if found else {"message": "not found"}
            body = json.dumps(reply).encode()
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield TlsServer(f"https://127.0.0.1:{httpd.server_address[1]}", cert, received)
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def plugin() -> Iterator[PluginProcess]:
    """One plugin process, configured anew by each test (as the engine may do)."""
    with PluginProcess() as process:
        yield process


def warnings_of(plugin: PluginProcess) -> list[str]:
    return [e.message for e in plugin.logs if e.severity == engine_pb2.WARNING]


def test_client_verifies_certificates_by_default(server: TlsServer) -> None:
    server.requests.clear()
    started = time.monotonic()
    with LakeSailClient(server.url, TOKEN) as client, pytest.raises(ApiConnectionError) as raised:
        list(client.list_applications("DEFAULT"))
    message = str(raised.value).lower()
    assert "certificate verify failed" in message and "self-signed" in message, message
    assert time.monotonic() - started < 5, "a certificate failure is not transient: no retries"
    assert server.requests == [], "no request (and so no token) may be sent before TLS is verified"
    assert TOKEN not in str(raised.value) + repr(raised.value)


def test_client_with_the_ca_bundle_succeeds(server: TlsServer) -> None:
    server.requests.clear()
    with LakeSailClient(server.url, TOKEN, verify=str(server.ca_bundle)) as client:
        assert list(client.list_applications("DEFAULT")) == []
    assert server.requests[0][1] == f"Bearer {TOKEN}"


def test_plugin_refuses_an_unverified_certificate(server: TlsServer, plugin: PluginProcess) -> None:
    server.requests.clear()
    with pytest.raises(grpc.RpcError) as raised:  # learned at Configure, naming the endpoint
        plugin.configure(endpoint=server.url, token=TOKEN, workspace="DEFAULT")
    assert "certificate verify failed" in (raised.value.details() or "").lower()
    assert "lakesail:endpoint" in (raised.value.details() or "")
    assert server.requests == []
    assert warnings_of(plugin) == []


def test_plugin_trusts_the_configured_ca_bundle(server: TlsServer, plugin: PluginProcess) -> None:
    plugin.configure(
        endpoint=server.url, token=TOKEN, workspace="DEFAULT", caBundle=str(server.ca_bundle)
    )
    result, failures = plugin.invoke(LIST, {})
    assert (result["items"], failures) == ([], [])
    assert warnings_of(plugin) == []


def test_insecure_works_but_warns_loudly_through_the_engine(
    server: TlsServer, plugin: PluginProcess
) -> None:
    plugin.configure(endpoint=server.url, token=TOKEN, workspace="DEFAULT", insecure="true")
    result, _ = plugin.invoke(LIST, {})
    assert result["items"] == []
    warnings = warnings_of(plugin)
    assert len(warnings) == 1, warnings
    assert "insecure" in warnings[0] and "NOT verified" in warnings[0]
    assert server.url in warnings[0] and "caBundle" in warnings[0]
    assert TOKEN not in "".join(e.message for e in plugin.logs) + plugin.stderr()
