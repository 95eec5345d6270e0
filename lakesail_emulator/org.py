"""The ``/api/org/v1`` operations a provider needs: current identity and workspaces."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from . import views
from .context import Context
from .errors import JsonResponse
from .pagination import list_body, make_page, page_request


def build_org_router(ctx: Context) -> APIRouter:
    """DescribeCurrentIdentity, ListWorkspaces, DescribeWorkspace."""
    router = APIRouter(prefix="/api/org/v1")

    @router.get("/me")
    async def describe_current_identity(request: Request) -> Response:
        identity = ctx.identity(request)
        return JsonResponse({"serviceAccount": views.service_account(identity.service_account)})

    @router.get("/workspaces")
    async def list_workspaces(request: Request) -> Response:
        identity = ctx.identity(request)
        scope = f"workspaces:{identity.org_id}"
        page = page_request(request, scope, ctx.store.max_seq("workspaces"))
        rows = ctx.store.list_workspaces(identity.org_id, page.after, page.limit + 1)
        result = make_page(rows, page.limit, scope, lambda r: r.seq)
        return JsonResponse(list_body(result, views.workspace))

    @router.get("/workspaces/{ws}")
    async def describe_workspace(request: Request, ws: str) -> Response:
        return JsonResponse(views.workspace(ctx.access(request, ws)))

    return router
