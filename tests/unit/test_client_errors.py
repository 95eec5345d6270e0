"""Client errors, the retry policy and the request/response mapping, in memory.

The transport tests mount a canned ``requests`` adapter on the client's session: no socket,
no process. The emulator-backed tests under tests/client/ cover the same paths over HTTP.
"""

from __future__ import annotations

import email.message
import json
import pickle
import urllib.request
from collections.abc import Iterator, Mapping
from http.client import RemoteDisconnected
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter
from urllib3.exceptions import (
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from pulumi_lakesail.client import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    LakeSailClient,
    LakeSailError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
)
from pulumi_lakesail.client import models as api
from pulumi_lakesail.client.errors import api_error_from_response, connection_error_from
from pulumi_lakesail.client.session import build_session

pytestmark = pytest.mark.unit

TOKEN = "sk-TOKEN-7f3a9c1e5b"
TS = "2024-01-01T00:00:00.000Z"
SUMMARY = {"id": "APP1", "name": "etl", "state": "PENDING", "createdAt": TS, "updatedAt": TS}


def leaks(obj: object) -> bool:
    return TOKEN in str(obj) or TOKEN in repr(obj)


def prepared_with_token() -> requests.PreparedRequest:
    return requests.Request(
        "POST", "http://127.0.0.1:9/api/x", headers={"Authorization": f"Bearer {TOKEN}"}
    ).prepare()


def make_response(status: int, body: bytes | dict[str, Any] | None, **headers: str) -> Any:
    response = requests.Response()
    response.status_code = status
    response.reason = {404: "Not Found", 502: "Bad Gateway"}.get(status, "")
    if isinstance(body, dict):
        body = json.dumps(body).encode()
    response._content = body or b""
    response.headers.update(headers)
    response.request = prepared_with_token()
    return response


# ---------------------------------------------------------------- status mapping

STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (429, RateLimitError),
    (500, ServerError),
    (503, ServerError),
    (599, ServerError),
    (418, ApiError),
    (302, ApiError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
def test_each_status_maps_to_its_error_class(status: int, cls: type[ApiError]) -> None:
    error = api_error_from_response(
        make_response(status, {"message": "the reason"}), method="GET", path="/api/p"
    )
    assert type(error) is cls
    assert isinstance(error, LakeSailError)
    assert (error.status, error.message, error.method, error.path) == (
        status,
        "the reason",
        "GET",
        "/api/p",
    )


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
def test_str_and_repr_show_class_status_method_path_and_message(
    status: int, cls: type[ApiError]
) -> None:
    error = cls(status, "no such application", method="DELETE", path="/api/flink/v1/a")
    for text in (str(error), repr(error)):
        for part in (cls.__name__, str(status), "DELETE", "/api/flink/v1/a", "no such application"):
            assert part in text


def test_a_body_that_is_not_an_error_gives_a_short_message() -> None:
    error = api_error_from_response(
        make_response(502, b"<html>proxy error</html>"), method="GET", path="/p"
    )
    assert isinstance(error, ServerError)
    assert error.message.startswith("HTTP 502 Bad Gateway")
    assert "html" not in str(error)


def test_long_messages_are_clipped() -> None:
    error = ApiError(400, "x" * 10_000, method="GET", path="/p")
    assert len(error.message) <= 500


def test_rate_limit_error_carries_retry_after() -> None:
    error = api_error_from_response(
        make_response(429, {"message": "slow down"}, **{"Retry-After": "7"}),
        method="GET",
        path="/p",
    )
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7.0


def test_errors_survive_pickling_for_thread_and_process_boundaries() -> None:
    error = NotFoundError(404, "gone", method="GET", path="/p", retry_after=1.0)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.status, copy.message, copy.path, copy.retry_after) == (
        NotFoundError,
        404,
        "gone",
        "/p",
        1.0,
    )
    timeout = ApiTimeoutError("slow", method="POST", path="/p", request_sent=True)
    assert repr(pickle.loads(pickle.dumps(timeout))) == repr(timeout)


# ---------------------------------------------------------------- transport failures


def connect_refused() -> NewConnectionError:
    return NewConnectionError(None, "Failed to establish a new connection: refused")  # type: ignore[arg-type]


def read_timeout() -> ReadTimeoutError:
    return ReadTimeoutError(None, "/api/x", "Read timed out. (read timeout=1)")  # type: ignore[arg-type]


def retries_exhausted(reason: Exception) -> MaxRetryError:
    return MaxRetryError(None, "/api/x", reason)  # type: ignore[arg-type]


TRANSPORT_CASES = [
    ("refused", requests.ConnectionError(retries_exhausted(connect_refused())), False),
    ("connect-timeout", requests.ConnectTimeout("connect timed out"), False),
    ("read-timeout", requests.ReadTimeout(read_timeout()), True),
    ("read-timeouts-retried", requests.ConnectionError(retries_exhausted(read_timeout())), True),
    (
        "dropped",
        requests.ConnectionError(
            ProtocolError("Connection aborted.", RemoteDisconnected("closed without response"))
        ),
        True,
    ),
    ("chunked", requests.exceptions.ChunkedEncodingError(ProtocolError("broken")), True),
]


@pytest.mark.parametrize(
    ("exc", "sent"), [(c[1], c[2]) for c in TRANSPORT_CASES], ids=[c[0] for c in TRANSPORT_CASES]
)
def test_transport_failures_say_whether_the_request_may_have_been_sent(
    exc: requests.RequestException, sent: bool
) -> None:
    exc.request = prepared_with_token()
    error = connection_error_from(exc, method="POST", path="/api/x")
    assert error.request_sent is sent
    assert isinstance(error, ApiConnectionError)
    is_timeout = isinstance(error, ApiTimeoutError)
    assert is_timeout == ("timeout" in str(exc).lower() and sent)
    assert not leaks(error)
    assert "POST /api/x" in str(error)


def test_redaction_applies_to_server_messages_and_transport_details() -> None:
    def redact(text: str) -> str:
        return text.replace(TOKEN, "<redacted>")

    error = api_error_from_response(
        make_response(401, {"message": f"bad token {TOKEN}"}),
        method="GET",
        path="/p",
        redact=redact,
    )
    assert not leaks(error)
    assert "<redacted>" in error.message
    failure = connection_error_from(
        requests.ConnectionError(f"odd proxy said {TOKEN}"), method="GET", path="/p", redact=redact
    )
    assert not leaks(failure)


# ---------------------------------------------------------------- retry policy


def test_retry_policy_maps_onto_urllib3_retry() -> None:
    policy = RetryPolicy(total=3, backoff_factor=0.2, backoff_max=4, backoff_jitter=0.1)
    retry = policy.to_urllib3()
    assert retry.total == 3
    assert retry.backoff_factor == 0.2
    assert retry.backoff_max == 4
    assert retry.backoff_jitter == 0.1
    assert set(retry.allowed_methods or ()) == {"GET", "DELETE", "HEAD"}
    assert set(retry.status_forcelist or ()) == {429, 502, 503, 504}
    assert retry.respect_retry_after_header is True
    assert retry.raise_on_status is False


def test_defaults_are_the_documented_ones() -> None:
    policy = RetryPolicy()
    assert (policy.total, policy.backoff_factor, policy.backoff_max, policy.backoff_jitter) == (
        5,
        0.5,
        30.0,
        0.25,
    )
    assert policy.statuses == (429, 502, 503, 504)
    assert policy.methods == ("GET", "DELETE", "HEAD")


@pytest.mark.parametrize(
    ("method", "status", "retried"),
    [
        ("GET", 503, True),
        ("DELETE", 429, True),
        ("GET", 500, False),
        ("GET", 404, False),
        ("POST", 503, False),  # a 5xx may have acted: never resent
        ("POST", 429, True),  # a rate limit refused it before acting: resent
    ],
)
def test_status_retries_resend_a_post_only_on_429(method: str, status: int, retried: bool) -> None:
    retry = RetryPolicy().to_urllib3()
    assert retry.is_retry(method, status, has_retry_after=True) is retried


def test_read_errors_retry_get_but_never_post() -> None:
    retry = RetryPolicy().to_urllib3()
    assert retry.increment("GET", "/x", error=read_timeout()).total == 4
    assert retry.increment("DELETE", "/x", error=ProtocolError("reset")).total == 4
    with pytest.raises(ReadTimeoutError):
        retry.increment("POST", "/x", error=read_timeout())
    with pytest.raises(ProtocolError):
        retry.increment("POST", "/x", error=ProtocolError("Connection aborted."))


def test_connect_errors_retry_post_because_nothing_was_sent() -> None:
    retry = RetryPolicy().to_urllib3()
    assert retry.increment("POST", "/x", error=connect_refused()).total == 4


def test_exhausted_retries_raise_max_retry_error() -> None:
    retry = RetryPolicy(total=0).to_urllib3()
    with pytest.raises(MaxRetryError):
        retry.increment("GET", "/x", error=read_timeout())


def test_retry_after_is_capped_and_the_cap_survives_increments() -> None:
    retry = RetryPolicy(retry_after_max=5).to_urllib3()
    assert retry.parse_retry_after("3") == 3
    assert retry.parse_retry_after("3600") == 5
    later = retry.increment("GET", "/x", error=read_timeout())
    assert later.parse_retry_after("3600") == 5


def test_backoff_grows_exponentially_up_to_the_maximum() -> None:
    retry: Retry = RetryPolicy(backoff_factor=1, backoff_max=5, backoff_jitter=0).to_urllib3()
    waits = []
    for _ in range(5):
        retry = retry.increment("GET", "/x", error=read_timeout())
        waits.append(retry.get_backoff_time())
    assert waits == [0, 2, 4, 5, 5]


@pytest.mark.parametrize("methods", [("GET", "POST"), ("patch",)])
def test_policy_refuses_to_retry_non_idempotent_methods(methods: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="idempotency"):
        RetryPolicy(methods=methods)


def test_policy_normalises_method_case_and_rejects_negative_values() -> None:
    assert RetryPolicy(methods=("get",)).methods == ("GET",)
    with pytest.raises(ValueError):
        RetryPolicy(total=-1)
    with pytest.raises(ValueError):
        RetryPolicy(backoff_factor=-0.1)
    assert RetryPolicy.none().total == 0


# ---------------------------------------------------------------- session


def test_session_sends_json_headers_and_a_versioned_user_agent() -> None:
    session = build_session(TOKEN, RetryPolicy())
    assert session.headers["Accept"] == "application/json"
    assert str(session.headers["User-Agent"]).startswith("pulumi-lakesail/")
    assert "Authorization" not in session.headers  # added per request by the auth object
    prepared = session.prepare_request(requests.Request("GET", "http://127.0.0.1/x"))
    assert prepared.headers["Authorization"] == f"Bearer {TOKEN}"
    assert not leaks(session.auth)
    with pytest.raises(TypeError):
        pickle.dumps(session.auth)


def test_session_refuses_cookies_so_it_holds_no_mutable_state() -> None:
    class SetsCookie:
        def info(self) -> email.message.Message:
            message = email.message.Message()
            message["Set-Cookie"] = "sid=abc; Path=/"
            return message

    request = urllib.request.Request("http://127.0.0.1/x")
    control = requests.Session().cookies
    control.extract_cookies(SetsCookie(), request)  # type: ignore[arg-type]
    assert len(control) == 1  # the probe works...
    jar = build_session(TOKEN).cookies
    jar.extract_cookies(SetsCookie(), request)  # type: ignore[arg-type]
    assert len(jar) == 0  # ...and ours refuses


def test_mounted_adapter_has_the_policy_and_a_large_pool() -> None:
    session = build_session(TOKEN, RetryPolicy(total=2))
    adapter = session.get_adapter("http://127.0.0.1/")
    assert adapter.max_retries.total == 2  # type: ignore[attr-defined]
    assert adapter._pool_maxsize == 64  # type: ignore[attr-defined]


# ---------------------------------------------------------------- client construction


@pytest.mark.parametrize("token", ["", " Zq81x", "Zq81x\n", "Zq\r81x", "Zq81xö"])
def test_unusable_tokens_are_rejected_without_echoing_them(token: str) -> None:
    with pytest.raises(ValueError) as info:
        LakeSailClient("http://127.0.0.1:8080", token)
    assert "Zq" not in str(info.value)


@pytest.mark.parametrize(
    "endpoint", ["127.0.0.1:8080", "ftp://host", "http://", "http://h:x", "http://h/?a=1"]
)
def test_malformed_endpoints_are_rejected(endpoint: str) -> None:
    with pytest.raises(ValueError, match="endpoint"):
        LakeSailClient(endpoint, TOKEN)


def test_credentials_in_the_endpoint_are_rejected_without_echoing_them() -> None:
    with pytest.raises(ValueError) as info:
        LakeSailClient("http://user:hunter2@127.0.0.1:8080", TOKEN)
    assert "hunter2" not in str(info.value)


def test_client_repr_shows_the_endpoint_only_and_pickling_is_refused() -> None:
    client = LakeSailClient("http://127.0.0.1:8080/", TOKEN)
    assert repr(client) == "LakeSailClient(endpoint='http://127.0.0.1:8080')"
    assert client.endpoint == "http://127.0.0.1:8080"
    with pytest.raises(TypeError) as info:
        pickle.dumps(client)
    assert not leaks(info.value)


# ---------------------------------------------------------------- transport, in memory


class Canned(BaseAdapter):
    """Answers from a queue and records what was sent (method, URL, headers, body, kwargs)."""

    def __init__(self, *responses: requests.Response | Exception) -> None:
        super().__init__()
        self.queue = list(responses)
        self.sent: list[tuple[requests.PreparedRequest, Mapping[str, Any]]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append((request, kwargs))
        item = self.queue.pop(0)
        if isinstance(item, Exception):
            raise item
        item.request = request
        item.url = request.url or ""
        return item

    def close(self) -> None:
        pass


@pytest.fixture
def canned() -> Iterator[tuple[LakeSailClient, Canned]]:
    client = LakeSailClient("http://lakesail.test", TOKEN, timeout=(1.5, 2.5), verify="/ca.pem")
    adapter = Canned()
    client._session.mount("http://", adapter)
    yield client, adapter
    client.close()


def ok(body: dict[str, Any] | bytes | None, status: int = 200) -> requests.Response:
    return make_response(status, body)


def spec() -> api.FlinkApplicationSpec:
    return api.FlinkApplicationSpec(
        name="etl",
        runtime=api.FlinkRuntime.FLINK_1_18,
        jars=[],
        plugins=[],
        flink_configuration={},
        log_configuration={},
        job_manager_resource=api.ContainerResource(cpu=1),
        task_manager_resource=api.ContainerResource(),
        job=api.FlinkJobSpec(jar_uri="local:///job.jar", args=[]),
    )


def test_create_sends_the_spec_by_alias_without_nulls(
    canned: tuple[LakeSailClient, Canned],
) -> None:
    client, adapter = canned
    adapter.queue.append(ok(SUMMARY, 201))
    summary = client.create_application("DEFAULT", spec())
    assert summary == api.FlinkApplicationSummary.model_validate(SUMMARY)
    request, kwargs = adapter.sent[0]
    assert request.method == "POST"
    assert request.url == "http://lakesail.test/api/flink/v1/workspaces/DEFAULT/applications"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert json.loads(request.body or b"") == {
        "name": "etl",
        "runtime": "FLINK_1_18",
        "jars": [],
        "plugins": [],
        "flinkConfiguration": {},
        "logConfiguration": {},
        "jobManagerResource": {"cpu": 1.0},
        "taskManagerResource": {},
        "job": {"jarUri": "local:///job.jar", "args": []},
    }
    assert kwargs["timeout"] == (1.5, 2.5)
    assert kwargs["verify"] == "/ca.pem"


def test_path_segments_are_quoted_and_dot_segments_refused(
    canned: tuple[LakeSailClient, Canned],
) -> None:
    client, adapter = canned
    adapter.queue.append(ok(None, 204))
    client.delete_application("WS", "A/B?c")
    assert adapter.sent[0][0].url == (
        "http://lakesail.test/api/flink/v1/workspaces/WS/applications/A%2FB%3Fc"
    )
    for bad in ("", ".", ".."):
        with pytest.raises(ValueError):
            client.describe_application("WS", bad)


def test_get_sends_no_body_and_no_content_type(canned: tuple[LakeSailClient, Canned]) -> None:
    client, adapter = canned
    adapter.queue.append(ok({"root": {}}))
    assert client.describe_current_identity().root == {}
    request = adapter.sent[0][0]
    assert request.url == "http://lakesail.test/api/org/v1/me"
    assert request.body is None
    assert "Content-Type" not in request.headers


def test_pagination_is_lazy_and_follows_markers(canned: tuple[LakeSailClient, Canned]) -> None:
    client, adapter = canned
    second = {**SUMMARY, "id": "APP2"}
    adapter.queue += [ok({"items": [SUMMARY], "marker": "M1"}), ok({"items": [second]})]
    iterator = client.list_applications("WS", page_size=1)
    assert adapter.sent == []  # nothing is requested before the first next()
    assert [a.id for a in iterator] == ["APP1", "APP2"]
    urls = [r.url for r, _ in adapter.sent]
    assert urls == [
        "http://lakesail.test/api/flink/v1/workspaces/WS/applications?limit=1",
        "http://lakesail.test/api/flink/v1/workspaces/WS/applications?limit=1&marker=M1",
    ]


def test_a_repeated_marker_stops_pagination(canned: tuple[LakeSailClient, Canned]) -> None:
    client, adapter = canned
    adapter.queue += [ok({"items": [], "marker": "SAME"}), ok({"items": [], "marker": "SAME"})]
    with pytest.raises(PaginationError):
        list(client.list_sessions("WS"))


@pytest.mark.parametrize("size", [0, 101, -1])
def test_page_size_is_checked_at_call_time(
    canned: tuple[LakeSailClient, Canned], size: int
) -> None:
    client, _ = canned
    with pytest.raises(ValueError, match="page_size"):
        client.list_applications("WS", page_size=size)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"not json", "not JSON"),
        ({**SUMMARY, "state": "EXPLODED"}, "state"),
        ({k: v for k, v in SUMMARY.items() if k != "id"}, "id"),
    ],
)
def test_a_2xx_body_that_breaks_the_contract_raises_response_validation_error(
    canned: tuple[LakeSailClient, Canned], body: bytes | dict[str, Any], problem: str
) -> None:
    client, adapter = canned
    adapter.queue.append(ok(body, 201))
    with pytest.raises(ResponseValidationError) as info:
        client.create_application("WS", spec())
    assert problem in str(info.value)
    assert "FlinkApplicationSummary" in str(info.value)
    assert "EXPLODED" not in str(info.value)  # problems name fields, not the body's values
    assert info.value.__context__ is None or not leaks(info.value.__context__)


def test_redirects_are_not_followed(canned: tuple[LakeSailClient, Canned]) -> None:
    client, adapter = canned
    adapter.queue.append(make_response(302, b"", Location="http://elsewhere.test/steal"))
    with pytest.raises(ApiError) as info:
        client.describe_application("WS", "A1")
    assert info.value.status == 302
    assert len(adapter.sent) == 1  # the Location was not requested


def test_transport_errors_are_raised_without_the_requests_exception_attached(
    canned: tuple[LakeSailClient, Canned],
) -> None:
    client, adapter = canned
    adapter.queue.append(requests.ReadTimeout(read_timeout(), request=prepared_with_token()))
    with pytest.raises(ApiTimeoutError) as info:
        client.create_application("WS", spec())
    error = info.value
    assert error.request_sent is True
    assert error.__cause__ is None and error.__context__ is None
    assert error.path == "/api/flink/v1/workspaces/WS/applications"
    assert not leaks(error)


def test_server_messages_echoing_the_token_are_redacted(
    canned: tuple[LakeSailClient, Canned],
) -> None:
    client, adapter = canned
    adapter.queue.append(make_response(401, {"message": f"unknown key {TOKEN}"}))
    with pytest.raises(AuthenticationError) as info:
        client.describe_workspace("WS")
    assert not leaks(info.value)


def test_specs_of_the_wrong_type_are_refused_before_sending(
    canned: tuple[LakeSailClient, Canned],
) -> None:
    client, adapter = canned
    with pytest.raises(TypeError, match="FlinkApplicationSpec"):
        client.create_application("WS", {"name": "x"})  # type: ignore[arg-type]
    assert adapter.sent == []
