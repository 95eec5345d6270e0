"""``lakesail-emulator``: run the local LakeSail API server.

Prints ``lakesail-emulator listening on http://HOST:PORT`` on stdout once requests are
accepted (preceded by ``lakesail-emulator generated token: ...`` when no token was given).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

import uvicorn

from .app import create_app
from .config import MEMORY_DB, RESOURCE_ID_RE, EmulatorConfig

TOKEN_ENV = "LAKESAIL_EMULATOR_TOKEN"
READY_PREFIX = "lakesail-emulator listening on "
TOKEN_PREFIX = "lakesail-emulator generated token: "


def _non_negative(text: str) -> float:
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a finite number >= 0")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be an integer >= 1") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be an integer >= 1")
    return value


def _workspace(text: str) -> str:
    if not RESOURCE_ID_RE.fullmatch(text):
        raise argparse.ArgumentTypeError("must match ^[A-Z0-9]+$ (1 to 20 characters)")
    return text


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = argparse.ArgumentParser(prog="lakesail-emulator", description=__doc__)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 = any free)")
    p.add_argument(
        "--db",
        default=MEMORY_DB,
        metavar="PATH",
        help="SQLite file; data survives restarts (default: in memory, lost at exit)",
    )
    p.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV),
        help=f"bootstrap service-account key (default ${TOKEN_ENV}; else generated)",
    )
    p.add_argument(
        "--workspace",
        type=_workspace,
        default="DEFAULT",
        help="bootstrap workspace of organization 1 (default DEFAULT)",
    )
    p.add_argument(
        "--startup-seconds",
        type=_non_negative,
        default=5.0,
        help="PENDING to RUNNING/FAILED delay (default 5)",
    )
    p.add_argument(
        "--delete-seconds",
        type=_non_negative,
        default=2.0,
        help="DELETING to gone delay (default 2)",
    )
    p.add_argument(
        "--savepoint-seconds",
        type=_non_negative,
        default=1.0,
        help="savepoint trigger to completion delay (default 1)",
    )
    p.add_argument(
        "--max-requests-per-second",
        type=_positive_int,
        default=None,
        metavar="R",
        help="answer requests under /api beyond R in one second with 429 (default: no limit)",
    )
    p.add_argument(
        "--test-controls",
        action="store_true",
        help="serve the test-only controls under /_emulator/ (off by default)",
    )
    p.add_argument(
        "--max-body-bytes",
        type=int,
        default=1024 * 1024,
        help="larger request bodies get 413 (default 1 MiB)",
    )
    p.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="log level on stderr; info includes one access-log line per request",
    )
    return p


def _log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging, all on stderr (stdout carries only the handshake lines)."""
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": fmt}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            name: {"handlers": ["stderr"], "level": level.upper(), "propagate": False}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "lakesail_emulator")
        },
    }


class _Server(uvicorn.Server):
    """uvicorn server that announces itself once it accepts connections."""

    def __init__(self, config: uvicorn.Config, ready_line: str) -> None:
        super().__init__(config)
        self.ready_line = ready_line

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit:
            print(self.ready_line, flush=True)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say TCP, and
    # without it keep-alive requests stall ~40 ms on Nagle + delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def main(argv: Sequence[str] | None = None) -> None:
    """Parse flags, bind the socket, print the handshake and serve until SIGTERM/SIGINT."""
    args = build_parser().parse_args(argv)
    token = args.token or None
    generated = token is None
    if token is None:
        token = f"lsk_{secrets.token_urlsafe(32)}"
    try:
        config = EmulatorConfig(
            token=token,
            workspace=args.workspace,
            db_path=args.db,
            startup_seconds=args.startup_seconds,
            delete_seconds=args.delete_seconds,
            test_controls=args.test_controls,
            max_body_bytes=args.max_body_bytes,
            savepoint_seconds=args.savepoint_seconds,
            max_requests_per_second=args.max_requests_per_second,
        )
        app = create_app(config)
        sock = _bind(args.host, args.port)
    except (ValueError, OSError, sqlite3.Error) as exc:
        print(f"lakesail-emulator: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    if generated:
        print(f"{TOKEN_PREFIX}{token}", flush=True)
    server = _Server(
        uvicorn.Config(
            app,
            log_config=_log_config(args.log_level),
            log_level=args.log_level,
            timeout_graceful_shutdown=5,
            timeout_keep_alive=60,
            server_header=False,
        ),
        ready_line=f"{READY_PREFIX}http://{shown}:{port}",
    )
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
