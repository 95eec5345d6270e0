"""Typed errors of the LakeSail client.

Every error shows its class, status, method, path and a short message, never request headers
or bodies: the bearer token travels in a header, so an error that printed headers would leak it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, ReadTimeoutError

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "LakeSailError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "api_error_from_response",
    "connection_error_from",
    "short_reason",
]

_MAX_MESSAGE = 500


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


class LakeSailError(Exception):
    """Base class of every error raised by the LakeSail client."""


class ApiError(LakeSailError):
    """The API answered with a non-2xx status."""

    status: int
    """The HTTP status code."""
    message: str
    """The API's ``Error.message``, or a short text when the body was not an ``Error``."""
    method: str
    """The HTTP method of the request."""
    path: str
    """The URL path of the request (no host, no query string)."""
    retry_after: float | None
    """Seconds from the ``Retry-After`` header, when the server sent one."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        method: str,
        path: str,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.message = _clip(message)
        self.method = method
        self.path = path
        self.retry_after = retry_after
        super().__init__(status, self.message, method, path)

    def __str__(self) -> str:
        where = f"{self.method} {self.path}"
        return f"{type(self).__name__}: HTTP {self.status} on {where}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, message={self.message!r}, "
            f"method={self.method!r}, path={self.path!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_api_error,
            (type(self), self.status, self.message, self.method, self.path, self.retry_after),
        )


def _rebuild_api_error(
    cls: type[ApiError],
    status: int,
    message: str,
    method: str,
    path: str,
    retry_after: float | None,
) -> ApiError:
    return cls(status, message, method=method, path=path, retry_after=retry_after)


class BadRequestError(ApiError):
    """400: the request is malformed."""


class AuthenticationError(ApiError):
    """401: the request lacks valid authentication credentials."""


class PermissionDeniedError(ApiError):
    """403: the identity may not perform this operation on the resource involved."""


class NotFoundError(ApiError):
    """404: the resource, or a resource it depends on (workspace, session), does not exist."""


class ConflictError(ApiError):
    """409: the request conflicts with the current state (e.g. a duplicate name)."""


class RateLimitError(ApiError):
    """429: too many requests; ``retry_after`` holds the server's hint when it sent one."""


class ServerError(ApiError):
    """5xx: the server failed."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_class_for(status: int) -> type[ApiError]:
    """The ApiError subclass for an HTTP status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 500 <= status <= 599:
        return ServerError
    return ApiError


class ApiConnectionError(LakeSailError):
    """No HTTP response was received: the connection failed, dropped or could not be read.

    ``request_sent`` is False only when the connection could not be established, so the server
    never saw the request; otherwise the request may have been processed (an ambiguous write).
    For methods the client retries (GET, DELETE), it describes the last attempt.
    """

    method: str
    """The HTTP method of the request."""
    path: str
    """The URL path of the request (no host, no query string)."""
    request_sent: bool
    """True when the failure may have happened after the server received the request."""
    detail: str
    """What failed, without URLs' queries, headers or bodies."""

    def __init__(self, detail: str, *, method: str, path: str, request_sent: bool) -> None:
        self.detail = _clip(detail)
        self.method = method
        self.path = path
        self.request_sent = request_sent
        super().__init__(self.detail, method, path, request_sent)

    def __str__(self) -> str:
        sent = "request may have been sent" if self.request_sent else "request not sent"
        return f"{type(self).__name__} on {self.method} {self.path} ({sent}): {self.detail}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(detail={self.detail!r}, method={self.method!r}, "
            f"path={self.path!r}, request_sent={self.request_sent})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_connection_error,
            (type(self), self.detail, self.method, self.path, self.request_sent),
        )


def _rebuild_connection_error(
    cls: type[ApiConnectionError], detail: str, method: str, path: str, request_sent: bool
) -> ApiConnectionError:
    return cls(detail, method=method, path=path, request_sent=request_sent)


class ApiTimeoutError(ApiConnectionError):
    """The server did not answer within the read timeout (the request was sent)."""


class ResponseValidationError(LakeSailError):
    """A 2xx response body did not match the contract's schema."""

    def __init__(self, model: str, problems: str, *, method: str, path: str, status: int) -> None:
        self.model = model
        self.problems = _clip(problems)
        self.method = method
        self.path = path
        self.status = status
        super().__init__(model, self.problems, method, path, status)

    def __str__(self) -> str:
        return (
            f"{type(self).__name__}: HTTP {self.status} on {self.method} {self.path} "
            f"is not a valid {self.model}: {self.problems}"
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(model={self.model!r}, problems={self.problems!r}, "
            f"method={self.method!r}, path={self.path!r}, status={self.status})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_validation_error,
            (type(self), self.model, self.problems, self.method, self.path, self.status),
        )


def _rebuild_validation_error(
    cls: type[ResponseValidationError],
    model: str,
    problems: str,
    method: str,
    path: str,
    status: int,
) -> ResponseValidationError:
    return cls(model, problems, method=method, path=path, status=status)


class EndpointError(LakeSailError):
    """The endpoint is not a LakeSail API that serves this workspace: a 404 there says nothing
    about the object asked for, so it must never be read as "gone"."""

    def __init__(self, endpoint: str, workspace: str, seen: str) -> None:
        self.endpoint = endpoint
        self.workspace = workspace
        self.seen = _clip(seen)
        super().__init__(endpoint, workspace, self.seen)

    def __str__(self) -> str:
        return (
            f"the LakeSail endpoint {self.endpoint} does not serve workspace {self.workspace} "
            f"({self.seen}): set lakesail:endpoint (or LAKESAIL_ENDPOINT) to the server root, "
            "such as http://127.0.0.1:8080 (the provider adds /api/flink/v1 itself), and "
            "lakesail:workspace to a workspace that exists"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.endpoint, self.workspace, self.seen))


# ---------------------------------------------------------------- mapping


def _retry_after_seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None  # an HTTP-date: urllib3 honours it; callers get no number
    return seconds if seconds >= 0 else None


def _error_message(body: bytes, status: int, reason: str) -> str:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return f"HTTP {status} {reason}".strip() + " (no error message in the response)"


def api_error_from_response(
    response: requests.Response,
    *,
    method: str,
    path: str,
    redact: Callable[[str], str] = lambda text: text,
) -> ApiError:
    """Build the typed error for a non-2xx response (status, the API's message, Retry-After)."""
    message = redact(_error_message(response.content, response.status_code, response.reason or ""))
    cls = error_class_for(response.status_code)
    retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
    return cls(response.status_code, message, method=method, path=path, retry_after=retry_after)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then what it wraps: requests' args[0], MaxRetryError.reason, __cause__."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        nxt: BaseException | None = None
        if isinstance(current, MaxRetryError) and current.reason is not None:
            nxt = current.reason
        else:
            nxt = next((a for a in current.args if isinstance(a, BaseException)), None)
        # Not __context__: an unrelated error that was being handled when this one was raised
        # would describe (and classify) it wrongly.
        current = nxt or current.__cause__


def _describe(exc: BaseException) -> str:
    chain = list(_causes(exc))
    innermost = chain[-1]
    text = str(innermost)
    # urllib3 prefixes some messages with an object repr ("<HTTPConnection object at 0x...>: ")
    if text.startswith("<") and ">: " in text:
        text = text.split(">: ", 1)[1]
    return f"{type(innermost).__name__}: {text}" if text else type(innermost).__name__


def short_reason(exc: BaseException) -> str:
    """What a transport failure comes down to, in a few words: the operating system's text
    ("connection refused", "name or service not known"), else the innermost message."""
    chain = list(_causes(exc))
    os_error = next((e for e in reversed(chain) if isinstance(e, OSError) and e.strerror), None)
    if os_error is not None:
        text = str(os_error.strerror)
    else:
        text = _describe(exc).partition(": ")[2] or type(chain[-1]).__name__
    return text[:1].lower() + text[1:]


def connection_error_from(
    exc: Exception,
    *,
    method: str,
    path: str,
    redact: Callable[[str], str] = lambda text: text,
) -> ApiConnectionError:
    """Classify a transport failure: not connected, timed out reading, or dropped after sending."""
    chain = list(_causes(exc))
    detail = redact(_describe(exc))
    if isinstance(exc, requests.ConnectTimeout) or any(
        isinstance(e, ConnectTimeoutError)
        for e in chain  # NewConnectionError is a subclass
    ):
        return ApiConnectionError(
            f"could not connect: {detail}", method=method, path=path, request_sent=False
        )
    if isinstance(exc, requests.ReadTimeout) or any(isinstance(e, ReadTimeoutError) for e in chain):
        return ApiTimeoutError(
            f"no response within the read timeout: {detail}",
            method=method,
            path=path,
            request_sent=True,
        )
    return ApiConnectionError(
        f"connection failed: {detail}", method=method, path=path, request_sent=True
    )
