"""Typed REST client of the LakeSail API (no Pulumi here).

Use ``from pulumi_lakesail.client import models as api`` for the API's schemas, so that
``api.FlinkApplication`` is never confused with the Pulumi resource of the same name.

The names below are imported on first use: the plugin imports light modules of this package
(``version``, ``patterns``) before it prints its port, and the models, ``requests`` and
``urllib3`` only when it first talks to LakeSail.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import models
    from .client import LakeSailClient
    from .errors import (
        ApiConnectionError,
        ApiError,
        ApiTimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        EndpointError,
        LakeSailError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        ResponseValidationError,
        ServerError,
    )
    from .pagination import PaginationError
    from .session import RetryNotice, RetryPolicy

_HOME = {
    "LakeSailClient": "client",
    "PaginationError": "pagination",
    "RetryNotice": "session",
    "RetryPolicy": "session",
}
"""The module of each name not in ``errors`` (and not a module itself)."""

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "EndpointError",
    "LakeSailClient",
    "LakeSailError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "RetryNotice",
    "RetryPolicy",
    "ServerError",
    "models",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name == "models":
        return importlib.import_module(f"{__name__}.models")
    module = importlib.import_module(f"{__name__}.{_HOME.get(name, 'errors')}")
    return getattr(module, name)
