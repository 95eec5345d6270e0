"""The FastAPI application: routes, error model, body limit, traffic controls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send

from .auth import hash_key
from .config import EmulatorConfig
from .context import Context
from .controls import build_control_router
from .errors import error_response, install_error_handlers
from .faults import Action, Traffic
from .flink import build_flink_router
from .org import build_org_router
from .ratelimit import RateLimiter
from .resources import Resources
from .routing import RouteTable
from .states import now_ms, one_instant, seconds_to_ms
from .store import Store

AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ResponseDroppedError(ConnectionError):
    """Raised instead of a response when a dropResponse fault fires and no socket is at hand
    (for instance under an in-process test client)."""


async def _read_body(receive: Receive, limit: int) -> tuple[bytes, bool, bool]:
    """Read the whole request body: (body, larger than limit, client went away)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", False, True
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), size > limit, False


class EmulatorApp(FastAPI):
    """FastAPI plus an outermost layer for the rate limit, body limit, faults and statistics.

    The layer sits outside Starlette's middleware stack so that it sees the server's own
    ``send``, which a dropResponse fault needs to close the connection without a response.
    """

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        await self._serve(scope, receive, send, super().__call__)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, inner: AsgiApp) -> None:
        method, path = str(scope["method"]), str(scope["path"])
        is_api = path == "/api" or path.startswith("/api/")
        limit = self.ctx.config.max_body_bytes
        body, too_large, gone = await _read_body(receive, limit)
        if gone:
            return
        route = self.ctx.routes.template(path) if is_api else path
        traffic = self.ctx.traffic
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def forward(message: Message) -> None:
            if message["type"] == "http.response.start" and is_api:
                traffic.record(method, path, route, int(message["status"]), dropped=False)
            await send(message)

        wait = self.ctx.limiter.admit() if is_api and self.ctx.limiter else None
        if wait is not None:
            rate = self.ctx.config.max_requests_per_second
            message = (
                f"rate limit exceeded: more than {rate} requests per second; retry after {wait} s"
            )
            await error_response(429, message, {"Retry-After": str(wait)})(scope, replay, forward)
            return
        if too_large:
            response = error_response(413, f"request body: larger than {limit} bytes")
            await response(scope, replay, forward)
            return
        action = traffic.take(method, path) if is_api else Action()
        if action.latency:
            await asyncio.sleep(action.latency)
        if action.status is not None:
            headers = {} if action.retry_after is None else {"Retry-After": str(action.retry_after)}
            message = (
                f"rate limit exceeded (emulated); retry after {action.retry_after} s"
                if action.status == 429
                else f"injected fault: HTTP {action.status} (emulator test control)"
            )
            await error_response(action.status, message, headers)(scope, replay, forward)
            return
        with one_instant():
            if action.drop:
                await self._run_and_drop(scope, replay, send, inner, (method, path, route))
            else:
                await inner(scope, replay, forward)

    async def _run_and_drop(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        inner: AsgiApp,
        request: tuple[str, str, str],
    ) -> None:
        """Run the request (its writes commit), then close the connection without a response."""
        statuses: list[int] = []

        async def swallow(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(int(message["status"]))

        try:
            await inner(scope, receive, swallow)
        finally:
            self.ctx.traffic.record(*request, statuses[0] if statuses else 500, dropped=True)
        cycle = getattr(send, "__self__", None)
        transport = getattr(cycle, "transport", None)
        if cycle is None or transport is None:
            raise ResponseDroppedError("response dropped by the emulator's dropResponse fault")
        if hasattr(cycle, "disconnected"):
            cycle.disconnected = True  # uvicorn: send no 500 for a response never started
        transport.close()


def create_app(config: EmulatorConfig) -> FastAPI:
    """Open the store, bootstrap organization 1 (its key and workspace) and build the app."""
    store = Store(config.db_path)
    store.ensure_organization(1, hash_key(config.token), [config.workspace], now_ms())
    resources = Resources(
        store, seconds_to_ms(config.startup_seconds), seconds_to_ms(config.delete_seconds)
    )
    rate = config.max_requests_per_second
    limiter = RateLimiter(rate) if rate is not None else None
    ctx = Context(config, store, resources, Traffic(), RouteTable(), limiter)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = EmulatorApp(
        ctx,
        title="lakesail-emulator",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        redirect_slashes=False,
        lifespan=lifespan,
    )
    install_error_handlers(app, ctx.routes)
    app.include_router(ctx.routes.add(build_org_router(ctx)))
    app.include_router(ctx.routes.add(build_flink_router(ctx)))
    if config.test_controls:
        app.include_router(ctx.routes.add(build_control_router(ctx)))
    return app
