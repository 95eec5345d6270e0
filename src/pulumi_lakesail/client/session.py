"""The HTTP session: bearer auth, JSON headers, a connection pool and urllib3 retries.

One ``requests.Session`` serves every thread of a client. urllib3's pool is thread-safe; the
rest of the session is made read-only after construction: the token lives in an auth object
that only reads it, cookies are refused (so no response can mutate the jar), and timeouts and
TLS settings are passed per request by the client.

Retries are urllib3's: GET, DELETE and HEAD are retried on 429/502/503/504 (honouring
``Retry-After``) and on connection and read errors. A POST is retried only when the server
certainly did not take it: the connection could not be established, or it answered 429 (a
rate limit refuses the request before acting on it). LakeSail has no idempotency keys, so a
POST that may have been received (a timeout, a dropped connection, a 5xx) is never sent twice.
Every attempt waits its turn at the client's ``Throttle``, so a ``Retry-After`` slows every
thread, and an optional limit keeps the client under a known request rate. Before each wait,
``on_retry`` (when given) receives a ``RetryNotice``: what failed, where, and when the next
attempt is, so that a caller can show why a call takes long.
"""

from __future__ import annotations

import http.cookiejar
import os
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from typing_extensions import Self, override
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import RequestHistory, Retry

from .errors import short_reason
from .throttle import Throttle
from .version import __version__

__all__ = [
    "OnRetry",
    "RetryNotice",
    "RetryPolicy",
    "Timeout",
    "build_session",
    "check_endpoint",
    "check_timeout",
    "default_user_agent",
    "validate_token",
]

_NEVER_RETRIED = frozenset({"POST", "PATCH"})

Timeout = float | tuple[float, float]
"""Seconds per attempt, or a ``(connect, read)`` pair."""


@dataclass(frozen=True)
class RetryNotice:
    """A retry about to wait: what failed, where, and when the next attempt is.

    ``str()`` says it in one line, such as "cannot reach 127.0.0.1:9 (connection refused);
    retrying in 2s (attempt 3 of 6)"; a 429 gives no count, since it uses up no retry.
    """

    origin: str
    """``host:port`` of the server."""
    method: str
    """The HTTP method of the request."""
    path: str
    """The URL path of the request (no query string)."""
    status: int | None
    """The status that is retried (429, 5xx); None when no response came."""
    problem: str
    """What failed, in words ("cannot reach 127.0.0.1:9 (connection refused)")."""
    wait: float
    """Seconds before the next attempt (``Retry-After`` or the backoff)."""
    attempt: int
    """The number of the next attempt (the first retry is attempt 2)."""
    attempts: int
    """How many attempts the policy makes at most."""

    def __str__(self) -> str:
        if self.wait < 0.05:
            when = "now"
        else:
            when = f"in {self.wait:.1f}s" if self.wait < 1 else f"in {self.wait:.0f}s"
        if self.status == 429:  # a turn to wait, not a failure: it counts against no retry
            return f"{self.problem}; retrying {when}"
        return f"{self.problem}; retrying {when} (attempt {self.attempt} of {self.attempts})"


OnRetry = Callable[[RetryNotice], None]
"""Receives each ``RetryNotice``, on the thread of the request, before its wait; must not
raise."""


@dataclass(frozen=True)
class RetryPolicy:
    """How the client retries; the defaults suit a provider talking to a shared server."""

    total: int = 5
    """Retries after the first attempt (all causes together); 0 disables retries."""
    backoff_factor: float = 0.5
    """Exponential backoff: waits 0, 2x, 4x, 8x... this many seconds between attempts."""
    backoff_max: float = 30.0
    """Upper bound of one backoff wait, in seconds."""
    backoff_jitter: float = 0.25
    """Random seconds (0 to this) added to each backoff wait."""
    statuses: tuple[int, ...] = (429, 502, 503, 504)
    """Statuses that are retried (for the methods below)."""
    methods: tuple[str, ...] = ("GET", "DELETE", "HEAD")
    """Methods retried on the statuses above and on read errors; POST is refused here."""
    retry_after_max: float = 60.0
    """Upper bound of a ``Retry-After`` wait, so a server cannot stall a call for hours."""
    rate_limited: int = 30
    """Retries of a 429 that do not count against ``total``: a rate limit refuses a request
    before acting on it, and every request of the client waits out the pause, so under a busy
    quota a request may need several turns; bounded so that a server that always answers 429
    is not waited on forever."""

    def __post_init__(self) -> None:
        if self.total < 0:
            raise ValueError("RetryPolicy.total must be >= 0")
        if self.rate_limited < 0:
            raise ValueError("RetryPolicy.rate_limited must be >= 0")
        for name in ("backoff_factor", "backoff_max", "backoff_jitter", "retry_after_max"):
            if getattr(self, name) < 0:
                raise ValueError(f"RetryPolicy.{name} must be >= 0")
        methods = tuple(m.upper() for m in self.methods)
        unsafe = sorted(_NEVER_RETRIED.intersection(methods))
        if unsafe:
            raise ValueError(
                f"RetryPolicy.methods may not include {', '.join(unsafe)}: the LakeSail API has "
                "no idempotency keys, so retrying could create a duplicate"
            )
        object.__setattr__(self, "methods", methods)
        object.__setattr__(self, "statuses", tuple(self.statuses))

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(total=0, rate_limited=0)

    def to_urllib3(
        self, throttle: Throttle | None = None, on_retry: OnRetry | None = None
    ) -> Retry:
        """The urllib3 ``Retry`` that implements this policy, pacing retries by ``throttle`` and
        announcing each wait to ``on_retry``."""
        return _LakeSailRetry(
            total=self.total,
            connect=None,
            read=None,
            status=None,
            other=0,  # e.g. TLS errors: not known to be safe, never transient enough to retry
            allowed_methods=frozenset(self.methods),
            status_forcelist=frozenset(self.statuses),
            backoff_factor=self.backoff_factor,
            backoff_max=self.backoff_max,
            backoff_jitter=self.backoff_jitter,
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
            retry_after_cap=self.retry_after_max,
            rate_limited=self.rate_limited if self.total else 0,
            throttle=throttle or Throttle(),
            on_retry=on_retry,
        )


class _LakeSailRetry(Retry):
    """urllib3's Retry with a cap on ``Retry-After``, a resent POST on 429 (the server did not
    take it), waits shared through the client's throttle and announced to ``on_retry``; all
    survive ``Retry.new``."""

    def __init__(
        self,
        *args: Any,
        retry_after_cap: float = 60.0,
        rate_limited: int = 0,
        throttle: Throttle | None = None,
        on_retry: OnRetry | None = None,
        origin: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after_cap = retry_after_cap
        self.rate_limited = rate_limited
        self.throttle = throttle or Throttle()
        self.on_retry = on_retry
        self.origin = origin

    @override
    def new(self, **kw: Any) -> Self:
        kw.setdefault("retry_after_cap", self.retry_after_cap)
        kw.setdefault("rate_limited", self.rate_limited)
        kw.setdefault("throttle", self.throttle)
        kw.setdefault("on_retry", self.on_retry)
        kw.setdefault("origin", self.origin)
        return super().new(**kw)

    @override
    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        if response is not None and response.status == 429 and self.rate_limited > 0:
            # A refused request: its turn again costs nothing of the budget for failures.
            spared = self.new(total=(self.total or 0) + 1, rate_limited=self.rate_limited - 1)
            retry = Retry.increment(spared, method, url, response, error, _pool, _stacktrace)
        else:
            retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if _pool is not None:
            # Only the pool knows the host a failed attempt went to; sleep() reports it.
            host = f"[{_pool.host}]" if ":" in _pool.host else _pool.host
            retry.origin = f"{host}:{_pool.port}"
        return retry

    @override
    def parse_retry_after(self, retry_after: str) -> float:
        return min(super().parse_retry_after(retry_after), self.retry_after_cap)

    @override
    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() == "POST":
            return status_code == 429 and 429 in (self.status_forcelist or ())
        return super().is_retry(method, status_code, has_retry_after)

    @override
    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        # The server's Retry-After (else the backoff) pauses every request of the client.
        wait = self.get_retry_after(response) if response is not None else None
        wait = wait if wait is not None else self.get_backoff_time()
        if self.on_retry is not None and self.history:
            self.on_retry(self._notice(self.history[-1], wait))
        refused = response is not None and response.status == 429
        self.throttle.slow_down(wait, refused=refused)
        self.throttle.wait_turn()

    def _notice(self, failed: RequestHistory, wait: float) -> RetryNotice:
        method = (failed.method or "").upper()
        path = urlsplit(failed.url or "").path
        where = f"{method} {path}"
        error = failed.error
        if failed.status is not None:
            problem = (
                f"{self.origin} asks to slow down (429 to {where})"
                if failed.status == 429
                else f"{self.origin} answered {failed.status} to {where}"
            )
        elif isinstance(error, ConnectTimeoutError):  # NewConnectionError included
            reason = short_reason(error) if isinstance(error, NewConnectionError) else "timed out"
            problem = f"cannot reach {self.origin} ({reason})"
        elif isinstance(error, ReadTimeoutError):
            problem = f"{self.origin} did not answer {where} within the read timeout"
        else:
            reason = short_reason(error) if error is not None else "no response"
            problem = f"lost the connection to {self.origin} during {where} ({reason})"
        attempt = len(self.history) + 1
        return RetryNotice(
            origin=self.origin,
            method=method,
            path=path,
            status=failed.status,
            problem=problem,
            wait=wait,
            attempt=attempt,
            attempts=attempt + int(self.total or 0),
        )


class _PoliteAdapter(HTTPAdapter):
    """Sends each request when the throttle says so; a 429 that is not retried (the retries are
    used up) still slows the whole client down."""

    def __init__(self, throttle: Throttle, **kwargs: Any) -> None:
        self.throttle = throttle
        super().__init__(**kwargs)

    @override
    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        self.throttle.wait_turn()
        response = super().send(request, *args, **kwargs)
        if response.status_code == 429:
            retry_after = response.headers.get("Retry-After")
            seconds = float(retry_after) if retry_after and retry_after.isdigit() else 1.0
            self.throttle.slow_down(seconds, refused=True)
        else:
            self.throttle.answered()
        return response


class _BearerAuth(AuthBase):
    """Adds ``Authorization: Bearer <token>``; its repr never shows the token."""

    __slots__ = ("_header",)

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = self._header
        return r

    def __repr__(self) -> str:
        return "_BearerAuth(<redacted>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("the LakeSail credential cannot be pickled")


class _NoCookies(http.cookiejar.CookiePolicy):
    """Refuse every cookie: the API does not use them and a shared jar would be mutable state."""

    netscape = True
    rfc2965 = False
    hide_cookie2 = True

    def set_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False

    def domain_return_ok(self, domain: str, request: urllib.request.Request) -> bool:
        return False

    def path_return_ok(self, path: str, request: urllib.request.Request) -> bool:
        return False


def default_user_agent() -> str:
    """``pulumi-lakesail/<version>``."""
    return f"pulumi-lakesail/{__version__}"


def validate_token(token: str) -> None:
    """Reject tokens that cannot be sent as a header, without echoing them."""
    if not isinstance(token, str) or not token:
        raise ValueError("the LakeSail token must be a non-empty string")
    if token != token.strip() or any(ord(c) < 0x21 or ord(c) == 0x7F for c in token):
        raise ValueError(
            "the LakeSail token contains whitespace or control characters "
            "(check for a trailing newline)"
        )
    if not token.isascii():
        raise ValueError("the LakeSail token must be ASCII")


def check_endpoint(endpoint: str) -> str:
    """The endpoint without its trailing slash, or ValueError (never echoing credentials)."""
    if not isinstance(endpoint, str):
        raise TypeError("the LakeSail endpoint must be a string")
    parts = urlsplit(endpoint.strip())
    if "@" in parts.netloc:
        # Checked first, and the value is not echoed: it holds a password.
        raise ValueError("the LakeSail endpoint must not contain credentials; use the token")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"the LakeSail endpoint must be an http(s) URL such as http://127.0.0.1:8080, "
            f"got {endpoint!r}"
        )
    try:
        parts.port  # noqa: B018 - parsing the port validates it
    except ValueError:
        raise ValueError(f"the LakeSail endpoint has an invalid port: {endpoint!r}") from None
    if parts.query or parts.fragment:
        raise ValueError("the LakeSail endpoint must not have a query string or fragment")
    return endpoint.strip().rstrip("/")


def check_timeout(timeout: Timeout) -> Timeout:
    """A positive timeout, or a (connect, read) pair of positive timeouts."""
    values = timeout if isinstance(timeout, tuple) else (timeout,)
    if len(values) not in (1, 2) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in values
    ):
        raise ValueError("timeout must be a positive number or a (connect, read) pair of them")
    return timeout


def build_session(
    token: str,
    retry: RetryPolicy | None = None,
    user_agent: str | None = None,
    verify: bool | str = True,
    *,
    pool_maxsize: int = 64,
    endpoint: str | None = None,
    throttle: Throttle | None = None,
    on_retry: OnRetry | None = None,
) -> requests.Session:
    """A pooled session with bearer auth, JSON headers and the retry policy mounted; each
    retry's wait is announced to ``on_retry``.

    The environment (proxies, CA bundle variables) is read once here, for ``endpoint``, rather
    than by requests on every call: that rescan cost more CPU than the rest of a request.
    """
    validate_token(token)
    policy = retry if retry is not None else RetryPolicy()
    session = requests.Session()
    throttle = throttle or Throttle()
    adapter = _PoliteAdapter(
        throttle,
        max_retries=policy.to_urllib3(throttle, on_retry),
        pool_connections=4,
        pool_maxsize=pool_maxsize,
        # More threads than connections wait for one, rather than opening a connection each
        # to throw away (urllib3 warns on every one), so no more than pool_maxsize requests
        # are in flight at once however many operations the engine runs.
        pool_block=True,
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.auth = _BearerAuth(token)  # also stops requests from consulting ~/.netrc
    session.headers.update(
        {"Accept": "application/json", "User-Agent": user_agent or default_user_agent()}
    )
    session.cookies.set_policy(_NoCookies())
    session.trust_env = False
    if endpoint is not None:
        session.proxies = requests.utils.get_environ_proxies(endpoint)
    if verify is True:
        verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    session.verify = verify
    return session
