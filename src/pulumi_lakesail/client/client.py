"""``LakeSailClient``: one typed method per LakeSail API operation the provider needs."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import TypeVar
from urllib.parse import quote

import requests
import urllib3.exceptions
from pydantic import BaseModel, ValidationError

from . import models as api
from .errors import (
    ApiConnectionError,
    EndpointError,
    NotFoundError,
    ResponseValidationError,
    api_error_from_response,
    connection_error_from,
)
from .pagination import check_page_size, iterate_pages
from .session import (
    OnRetry,
    RetryPolicy,
    Timeout,
    build_session,
    check_endpoint,
    check_timeout,
    validate_token,
)
from .throttle import Throttle

__all__ = ["LakeSailClient"]

_log = logging.getLogger("pulumi_lakesail.client")

_FLINK = "/api/flink/v1"
_ORG = "/api/org/v1"
_OBJECT_PATH = re.compile(r"^/api/flink/v1/workspaces/([^/]+)/.+")
_MAX_PROBLEMS = 5

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T", bound=BaseModel)


def _segment(what: str, value: str) -> str:
    """One URL path segment, percent-encoded; '.' and '..' would change the path itself."""
    if not isinstance(value, str) or value in ("", ".", ".."):
        raise ValueError(f"{what} must be a non-empty ID, got {value!r}")
    return quote(value, safe="")


def _summarize(error: ValidationError) -> str:
    problems = error.errors(include_input=False, include_url=False)
    text = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or '(body)'}: {e['msg']}"
        for e in problems[:_MAX_PROBLEMS]
    )
    more = len(problems) - _MAX_PROBLEMS
    return text + (f" (and {more} more)" if more > 0 else "")


class LakeSailClient:
    """A typed client of the LakeSail API, safe to share between threads.

    ``endpoint`` is the server root (``http://127.0.0.1:8080``); the client adds ``/api/...``.
    Every call has ``timeout`` (seconds, or a ``(connect, read)`` pair) per attempt, and GET and
    DELETE are retried per ``retry``, each wait announced to ``on_retry`` (a ``RetryNotice``, on
    the thread of the call). Failures raise the classes of :mod:`.errors`. The token
    is sent only in the ``Authorization`` header and appears in no repr, log line or error.
    """

    def __init__(
        self,
        endpoint: str,
        token: str,
        *,
        timeout: Timeout = (10.0, 30.0),
        retry: RetryPolicy | None = None,
        verify: bool | str = True,
        user_agent: str | None = None,
        max_requests_per_second: float | None = None,
        on_retry: OnRetry | None = None,
    ) -> None:
        validate_token(token)
        self._endpoint = check_endpoint(endpoint)
        self._timeout = check_timeout(timeout)
        self._verify = verify
        self._retry = retry if retry is not None else RetryPolicy()
        self._token = token
        self._confirmed: set[str] = set()
        self.throttle = Throttle(max_requests_per_second)
        """Paces every request of this client (shared pauses, optional rate limit)."""
        self._session = build_session(
            token,
            self._retry,
            user_agent,
            verify,
            endpoint=self._endpoint,
            throttle=self.throttle,
            on_retry=on_retry,
        )

    @property
    def endpoint(self) -> str:
        """The server root this client talks to (no trailing slash)."""
        return self._endpoint

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy in force."""
        return self._retry

    def __repr__(self) -> str:
        return f"LakeSailClient(endpoint={self._endpoint!r})"

    def __getstate__(self) -> object:
        raise TypeError("LakeSailClient holds a credential and a connection pool: not picklable")

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> LakeSailClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------ transport

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "<redacted>")

    def _send(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> requests.Response:
        data: bytes | None = None
        headers: dict[str, str] | None = None
        if body is not None:
            payload = body.model_dump(by_alias=True, exclude_none=True, mode="json")
            data = json.dumps(payload, separators=(",", ":")).encode("utf-8")
            headers = {"Content-Type": "application/json"}
        started = time.monotonic()
        failure: ApiConnectionError | None = None
        try:
            response = self._session.request(
                method,
                self._endpoint + path,
                params=params,
                data=data,
                headers=headers,
                timeout=self._timeout,
                verify=self._verify,
                allow_redirects=False,  # a redirect must never carry the token elsewhere
            )
        except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
            failure = connection_error_from(exc, method=method, path=path, redact=self._redact)
        elapsed = time.monotonic() - started
        if failure is not None:
            # Raised outside the except block: the requests exception holds the prepared
            # request (and so the Authorization header); it must not ride along as __context__.
            _log.debug(
                "%s %s failed after %.3fs: %s", method, path, elapsed, type(failure).__name__
            )
            raise failure
        _log.debug("%s %s -> %d in %.3fs", method, path, response.status_code, elapsed)
        if not 200 <= response.status_code < 300:
            error = api_error_from_response(response, method=method, path=path, redact=self._redact)
            if isinstance(error, NotFoundError):
                self._confirm_workspace_of(path)
            raise error
        return response

    def _confirm_workspace_of(self, path: str) -> None:
        """Before a 404 of an object may mean "gone", show that this endpoint is a LakeSail API
        serving the object's workspace (once per workspace); raise EndpointError otherwise."""
        match = _OBJECT_PATH.match(path)
        if match is None:
            return
        workspace = match.group(1)
        if workspace in self._confirmed:
            return
        try:
            self.describe_workspace(workspace)
        except (NotFoundError, ResponseValidationError) as exc:
            raise EndpointError(self._endpoint, workspace, f"{type(exc).__name__}: {exc}") from None
        self._confirmed.add(workspace)

    def _parse(self, model: type[M], response: requests.Response, method: str, path: str) -> M:
        problems: str
        try:
            return model.model_validate(json.loads(response.content))
        except ValueError as exc:  # ValidationError is a ValueError too
            if isinstance(exc, ValidationError):
                problems = _summarize(exc)
            else:
                problems = "the body is not JSON"
        raise ResponseValidationError(
            model.__name__,
            self._redact(problems),
            method=method,
            path=path,
            status=response.status_code,
        )

    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        body: BaseModel | None = None,
    ) -> M:
        return self._parse(model, self._send(method, path, body=body), method, path)

    def _iterate(self, path: str, page_model: type[api.Page[T]], page_size: int) -> Iterator[T]:
        """Every item of a list operation, fetching pages lazily."""
        check_page_size(page_size)

        def fetch(marker: str | None) -> tuple[list[T], str | None]:
            params: dict[str, str | int] = {"limit": page_size}
            if marker is not None:
                params["marker"] = marker
            page = self._parse(page_model, self._send("GET", path, params=params), "GET", path)
            return page.items, page.marker

        return iterate_pages(fetch, path=path)

    def _delete(self, path: str) -> None:
        self._send("DELETE", path)

    # ------------------------------------------------------------ paths

    @staticmethod
    def _ws(workspace: str) -> str:
        return f"{_FLINK}/workspaces/{_segment('workspace', workspace)}"

    def _app(self, workspace: str, application_id: str) -> str:
        return f"{self._ws(workspace)}/applications/{_segment('application_id', application_id)}"

    def _session_path(self, workspace: str, session_id: str) -> str:
        return f"{self._ws(workspace)}/sessions/{_segment('session_id', session_id)}"

    def _job(self, workspace: str, session_id: str, job_id: str) -> str:
        job = _segment("job_id", job_id)
        return f"{self._session_path(workspace, session_id)}/jobs/{job}"

    # ------------------------------------------------------------ applications

    def create_application(
        self, workspace: str, spec: api.FlinkApplicationSpec
    ) -> api.FlinkApplicationSummary:
        """CreateFlinkApplication. Never retried once sent: on ``ApiConnectionError`` with
        ``request_sent`` the application may exist, so look it up by name."""
        _expect(spec, api.FlinkApplicationSpec)
        path = f"{self._ws(workspace)}/applications"
        return self._call("POST", path, api.FlinkApplicationSummary, body=spec)

    def describe_application(self, workspace: str, application_id: str) -> api.FlinkApplication:
        """DescribeFlinkApplication."""
        return self._call("GET", self._app(workspace, application_id), api.FlinkApplication)

    def list_applications(
        self, workspace: str, *, page_size: int = 100
    ) -> Iterator[api.FlinkApplicationSummary]:
        """ListFlinkApplications: every application of the workspace, across all pages.

        Lazy: each page is requested when the previous one is used up, and errors are raised
        from ``next()``.
        """
        path = f"{self._ws(workspace)}/applications"
        return self._iterate(path, api.FlinkApplicationList, page_size)

    def delete_application(self, workspace: str, application_id: str) -> None:
        """DeleteFlinkApplication (the application then passes through DELETING)."""
        self._delete(self._app(workspace, application_id))

    def create_application_url(
        self, workspace: str, application_id: str, spec: api.FlinkUrlSpec
    ) -> api.FlinkUrl:
        """CreateFlinkApplicationUrl: a short-lived pre-signed URL of the Flink web UI."""
        _expect(spec, api.FlinkUrlSpec)
        path = f"{self._app(workspace, application_id)}/urls"
        return self._call("POST", path, api.FlinkUrl, body=spec)

    def create_application_savepoint(
        self, workspace: str, application_id: str
    ) -> api.FlinkSavepoint:
        """CreateFlinkApplicationSavepoint: trigger a savepoint of the application's job."""
        path = f"{self._app(workspace, application_id)}/savepoints"
        return self._call("POST", path, api.FlinkSavepoint)

    def list_application_savepoints(
        self, workspace: str, application_id: str
    ) -> api.FlinkSavepointList:
        """ListFlinkApplicationSavepoints (pending and completed; not paginated)."""
        path = f"{self._app(workspace, application_id)}/savepoints"
        return self._call("GET", path, api.FlinkSavepointList)

    # ------------------------------------------------------------ sessions

    def create_session(self, workspace: str, spec: api.FlinkSessionSpec) -> api.FlinkSessionSummary:
        """CreateFlinkSession (never retried once sent, like every POST)."""
        _expect(spec, api.FlinkSessionSpec)
        path = f"{self._ws(workspace)}/sessions"
        return self._call("POST", path, api.FlinkSessionSummary, body=spec)

    def describe_session(self, workspace: str, session_id: str) -> api.FlinkSession:
        """DescribeFlinkSession."""
        return self._call("GET", self._session_path(workspace, session_id), api.FlinkSession)

    def list_sessions(
        self, workspace: str, *, page_size: int = 100
    ) -> Iterator[api.FlinkSessionSummary]:
        """ListFlinkSessions: every session of the workspace, across all pages, lazily."""
        path = f"{self._ws(workspace)}/sessions"
        return self._iterate(path, api.FlinkSessionList, page_size)

    def delete_session(self, workspace: str, session_id: str) -> None:
        """DeleteFlinkSession."""
        self._delete(self._session_path(workspace, session_id))

    def create_session_url(
        self, workspace: str, session_id: str, spec: api.FlinkUrlSpec
    ) -> api.FlinkUrl:
        """CreateFlinkSessionUrl: a short-lived pre-signed URL of the session's Flink web UI."""
        _expect(spec, api.FlinkUrlSpec)
        path = f"{self._session_path(workspace, session_id)}/urls"
        return self._call("POST", path, api.FlinkUrl, body=spec)

    # ------------------------------------------------------------ session jobs

    def create_session_job(
        self, workspace: str, session_id: str, spec: api.FlinkSessionJobSpec
    ) -> api.FlinkSessionJobSummary:
        """CreateFlinkSessionJob: submit a job to the session cluster."""
        _expect(spec, api.FlinkSessionJobSpec)
        path = f"{self._session_path(workspace, session_id)}/jobs"
        return self._call("POST", path, api.FlinkSessionJobSummary, body=spec)

    def describe_session_job(
        self, workspace: str, session_id: str, job_id: str
    ) -> api.FlinkSessionJob:
        """DescribeFlinkSessionJob."""
        return self._call("GET", self._job(workspace, session_id, job_id), api.FlinkSessionJob)

    def list_session_jobs(
        self, workspace: str, session_id: str, *, page_size: int = 100
    ) -> Iterator[api.FlinkSessionJobSummary]:
        """ListFlinkSessionJobs: every job of the session, across all pages, lazily."""
        path = f"{self._session_path(workspace, session_id)}/jobs"
        return self._iterate(path, api.FlinkSessionJobList, page_size)

    def delete_session_job(self, workspace: str, session_id: str, job_id: str) -> None:
        """DeleteFlinkSessionJob."""
        self._delete(self._job(workspace, session_id, job_id))

    def create_session_job_savepoint(
        self, workspace: str, session_id: str, job_id: str
    ) -> api.FlinkSavepoint:
        """CreateFlinkSessionJobSavepoint: trigger a savepoint of the session job."""
        path = f"{self._job(workspace, session_id, job_id)}/savepoints"
        return self._call("POST", path, api.FlinkSavepoint)

    def list_session_job_savepoints(
        self, workspace: str, session_id: str, job_id: str
    ) -> api.FlinkSavepointList:
        """ListFlinkSessionJobSavepoints (pending and completed; not paginated)."""
        path = f"{self._job(workspace, session_id, job_id)}/savepoints"
        return self._call("GET", path, api.FlinkSavepointList)

    # ------------------------------------------------------------ organization

    def list_workspaces(self, *, page_size: int = 100) -> Iterator[api.Workspace]:
        """ListWorkspaces: every workspace of the caller's organization, lazily."""
        return self._iterate(f"{_ORG}/workspaces", api.WorkspaceList, page_size)

    def describe_workspace(self, workspace: str) -> api.Workspace:
        """DescribeWorkspace."""
        path = f"{_ORG}/workspaces/{_segment('workspace', workspace)}"
        return self._call("GET", path, api.Workspace)

    def describe_current_identity(self) -> api.CurrentIdentity:
        """DescribeCurrentIdentity: who the token belongs to (a cheap credentials check)."""
        return self._call("GET", f"{_ORG}/me", api.CurrentIdentity)


def _expect(spec: object, model: type[BaseModel]) -> None:
    if not isinstance(spec, model):
        raise TypeError(f"expected a {model.__name__}, got {type(spec).__name__}")
