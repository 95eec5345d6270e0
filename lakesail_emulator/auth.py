"""Bearer-key authentication and workspace authorization.

Keys are compared by SHA-256 digest; the key itself is never stored, logged or echoed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from starlette.requests import Request

from .errors import ApiError
from .store import ServiceAccountRow, Store, WorkspaceRow
from .validation import check_id

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="lakesail"'}


def hash_key(key: str) -> str:
    """The digest under which a bearer key is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Identity:
    """The caller behind a valid bearer key."""

    service_account: ServiceAccountRow

    @property
    def org_id(self) -> int:
        """The organization the caller belongs to."""
        return self.service_account.org_id


def authenticate(store: Store, request: Request) -> Identity:
    """Resolve ``Authorization: Bearer <key>``; 401 when missing, malformed or unknown.

    The scheme is matched case-insensitively (RFC 9110 section 11.1).
    """
    header = request.headers.get("authorization")
    if header is None:
        raise ApiError(401, "missing Authorization header (expected: Bearer <key>)", _CHALLENGE)
    scheme, _, key = header.strip().partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key or any(ch.isspace() for ch in key):
        raise ApiError(401, "malformed Authorization header (expected: Bearer <key>)", _CHALLENGE)
    account = store.service_account_for_key(hash_key(key))
    if account is None:
        raise ApiError(401, "invalid credentials: unknown or revoked key", _CHALLENGE)
    return Identity(account)


def authorize_workspace(store: Store, identity: Identity, ws: str) -> WorkspaceRow:
    """The workspace ``ws`` if the caller may use it: 400 malformed, 404 unknown, 403 foreign."""
    check_id("ws", ws)
    workspace = store.workspace(ws)
    if workspace is None:
        raise ApiError(404, f"workspace {ws} not found")
    if workspace.org_id != identity.org_id:
        raise ApiError(403, f"workspace {ws} belongs to another organization")
    return workspace
