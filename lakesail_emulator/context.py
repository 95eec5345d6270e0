"""Everything the routes of one emulator instance share."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from .auth import Identity, authenticate, authorize_workspace
from .config import EmulatorConfig
from .faults import Traffic
from .ratelimit import RateLimiter
from .resources import Resources
from .routing import RouteTable
from .store import Store, WorkspaceRow
from .validation import check_id, parse_json_object


@dataclass(frozen=True)
class Context:
    """Configuration, storage and traffic controls of one app."""

    config: EmulatorConfig
    store: Store
    resources: Resources
    traffic: Traffic
    routes: RouteTable
    limiter: RateLimiter | None = None
    """The ``--max-requests-per-second`` limit, if any."""

    def identity(self, request: Request) -> Identity:
        """The authenticated caller (401 otherwise)."""
        return authenticate(self.store, request)

    def access(self, request: Request, ws: str, **ids: str) -> WorkspaceRow:
        """Authenticate (401), check every path ID (400), then the workspace (404/403)."""
        identity = self.identity(request)
        check_id("ws", ws)
        for param, value in ids.items():
            check_id(param, value)
        return authorize_workspace(self.store, identity, ws)


async def json_body(request: Request) -> dict[str, object]:
    """The request body as a JSON object (400 otherwise)."""
    return parse_json_object(await request.body())
