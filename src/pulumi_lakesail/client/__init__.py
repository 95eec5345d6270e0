"""Typed REST client of the LakeSail API (no Pulumi here).

Use ``from pulumi_lakesail.client import models as api`` for the API's schemas, so that
``api.FlinkApplication`` is never confused with the Pulumi resource of the same name.
"""

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
