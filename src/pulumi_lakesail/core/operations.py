"""The client's operations on one binding's objects, called with a scope's path; and what the
client's transport does, as the user sees it.

The binding names them (``Binding.operations``); the client spells them the same for every
kind (``describe_application(ws, app)``, ``describe_session_job(ws, session, job)``), so one
adapter serves all three. A client is shared by every operation of a provider, while its
retries belong to the one operation that waits for them: ``reporting`` routes them there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel

from ..client import errors
from ..client import models as api
from ..client.client import LakeSailClient
from ..client.session import RetryNotice
from ..resources.binding import Binding
from .convert import ApiObject, ApiSummary
from .errors import LifecycleError, cannot_reach
from .resource_id import ObjectRef, Scope

log = logging.getLogger("pulumi_lakesail.core")


@dataclass
class _Audience:
    progress: Callable[[str], None]
    told: bool = False


_audience: ContextVar[_Audience | None] = ContextVar("lakesail_retry_audience", default=None)


def show_retry(notice: RetryNotice) -> None:
    """The client's ``on_retry``: each retry's wait shown through the progress of the operation
    that runs in this context (see ``reporting``), else logged."""
    audience = _audience.get()
    if audience is None:
        log.info("%s", notice)
        return
    audience.told = True
    audience.progress(str(notice))


@contextmanager
def reporting(progress: Callable[[str], None], endpoint: str) -> Iterator[None]:
    """Run one operation with the client's retries shown through ``progress`` (cleared once
    the operation succeeds), and a LakeSail that cannot be reached, its retries used up, named
    by its address and the configuration key that sets it."""
    audience = _Audience(progress)
    token = _audience.set(audience)
    try:
        yield
    except errors.ApiConnectionError as exc:
        raise LifecycleError(cannot_reach(endpoint, exc.detail)) from None
    finally:
        _audience.reset(token)
    if audience.told:
        progress("")


def _missing(*_: object) -> Any:
    raise NotImplementedError("LakeSail has no such operation for this kind of object")


class Operations:
    """``create``, ``describe``, ``list``, ``delete`` (and savepoints, URLs) of one kind."""

    def __init__(self, client: LakeSailClient, binding: Binding) -> None:
        name = binding.operations

        def operation(verb: str) -> Callable[..., Any]:
            found: Callable[..., Any] = getattr(client, verb.format(name), _missing)
            return found

        self._create = operation("create_{}")
        self._describe = operation("describe_{}")
        self._list = operation("list_{}s")
        self._delete = operation("delete_{}")
        self._savepoint = operation("create_{}_savepoint")
        self._savepoints = operation("list_{}_savepoints")
        self._url = operation("create_{}_url")

    def create(self, scope: Scope, spec: BaseModel) -> ApiSummary:
        """POST the object (never retried once sent: see Lifecycle._post)."""
        return cast(ApiSummary, self._create(*scope.path, spec))

    def describe(self, ref: ObjectRef) -> ApiObject:
        """GET the object."""
        return cast(ApiObject, self._describe(*ref.scope.path, ref.object_id))

    def list(self, scope: Scope) -> Iterator[ApiSummary]:
        """Every object of the scope, lazily, across pages."""
        return cast(Iterator[ApiSummary], self._list(*scope.path))

    def delete(self, ref: ObjectRef) -> None:
        """DELETE the object."""
        self._delete(*ref.scope.path, ref.object_id)

    def create_savepoint(self, ref: ObjectRef) -> api.FlinkSavepoint:
        """Trigger a savepoint of the object's job."""
        return cast(api.FlinkSavepoint, self._savepoint(*ref.scope.path, ref.object_id))

    def list_savepoints(self, ref: ObjectRef) -> api.FlinkSavepointList:
        """The object's pending and completed savepoints."""
        return cast(api.FlinkSavepointList, self._savepoints(*ref.scope.path, ref.object_id))

    def create_url(self, ref: ObjectRef, spec: api.FlinkUrlSpec) -> api.FlinkUrl:
        """A pre-signed URL of the object's Flink web UI."""
        return cast(api.FlinkUrl, self._url(*ref.scope.path, ref.object_id, spec))
