"""The contract's error model: every failure is ``{"message": ...}`` as JSON."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from .routing import RouteTable

log = logging.getLogger("lakesail_emulator")

JSON_MEDIA_TYPE = "application/json; charset=utf-8"


class JsonResponse(JSONResponse):
    """JSON with the documented ``Content-Type: application/json; charset=utf-8``."""

    media_type = JSON_MEDIA_TYPE


class ApiError(Exception):
    """An error answered as ``status`` with an Error body."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """An Error body response."""
    return JsonResponse({"message": message}, status_code=status, headers=dict(headers or {}))


def _describe_route_error(request: Request, status: int, detail: Any) -> str:
    if status == 404:
        return f"no such resource or route: {request.method} {request.url.path}"
    if status == 405:
        return f"method {request.method} is not allowed on {request.url.path}"
    return str(detail)


def install_error_handlers(app: FastAPI, routes: RouteTable) -> None:
    """Map every error (ours, routing 404/405, validation, crashes) to an Error body."""

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, exc.headers)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = _describe_route_error(request, exc.status_code, exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = routes.allowed(request.url.path)
        return error_response(exc.status_code, message, headers)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        return error_response(400, "request: malformed request")

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s: %r", request.method, request.url.path, exc)
        return error_response(500, "internal server error")

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_crash)
