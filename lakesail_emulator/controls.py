"""Test-only controls under ``/_emulator/`` (served only with ``--test-controls``; no auth).

Faults and statistics, extra organizations, out-of-band changes to Flink resources
(fail, drift, stuck deletion, removal), and the progress counters of emulated jobs.
"""

from __future__ import annotations

import re
import secrets
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from . import models, views
from .auth import hash_key
from .context import Context
from .errors import ApiError, JsonResponse
from .faults import FaultPlan
from .progress import progress_at
from .resources import APPLICATION, SESSION, SESSION_JOB, NameTakenError
from .states import format_ms, now_ms
from .store import ResourceRow, new_id
from .validation import bad_request, check_id, parse_json_object, validate_body

_COLLECTIONS = {"applications": APPLICATION, "sessions": SESSION}


class OrganizationRequest(BaseModel):
    """Body of ``POST /_emulator/organizations`` (optional)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    workspaces: Annotated[list[models.ResourceId], Field(min_length=1, max_length=20)] | None = None


async def _optional_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    return parse_json_object(raw) if raw.strip() else {}


def build_control_router(ctx: Context) -> APIRouter:
    """Routes of the test controls."""
    router = APIRouter(prefix="/_emulator")
    traffic = ctx.traffic

    @router.post("/faults")
    async def set_faults(request: Request) -> Response:
        plan = validate_body(FaultPlan, await _optional_body(request))
        if plan.paths is not None:
            try:
                re.compile(plan.paths)
            except re.error as exc:
                bad_request(f"paths: not a regular expression ({exc})")
        traffic.set_plan(plan)
        return JsonResponse(traffic.plan())

    @router.get("/faults")
    async def get_faults() -> Response:
        return JsonResponse(traffic.plan())

    @router.delete("/faults")
    async def clear_faults() -> Response:
        traffic.clear()
        return Response(status_code=204)

    @router.get("/stats")
    async def get_stats() -> Response:
        return JsonResponse(traffic.stats())

    @router.delete("/stats")
    async def reset_stats() -> Response:
        traffic.reset_stats()
        return Response(status_code=204)

    @router.post("/organizations")
    async def create_organization(request: Request) -> Response:
        spec = validate_body(OrganizationRequest, await _optional_body(request))
        workspaces = spec.workspaces or [f"WS{new_id(14)}"]
        taken = [ws for ws in workspaces if ctx.store.workspace_exists(ws)]
        if taken or len(set(workspaces)) != len(workspaces):
            raise ApiError(409, f"workspaces: already exist or repeated: {taken or workspaces}")
        token = secrets.token_urlsafe(24)
        org = ctx.store.ensure_organization(None, hash_key(token), workspaces, now_ms())
        body = {
            "organization": org,
            "token": token,
            "workspace": workspaces[0],
            "workspaces": workspaces,
        }
        return JsonResponse(body, status_code=201)

    def load(ws: str, collection: str, rid: str) -> ResourceRow:
        kind = _COLLECTIONS.get(collection)
        if kind is None:
            raise ApiError(404, f"no such collection: {collection}")
        check_id("ws", ws)
        check_id("id", rid)
        row = ctx.resources.get(kind, ws, "", rid, now_ms())
        if row is None:
            raise ApiError(404, f"{kind} {rid} not found in workspace {ws}")
        return row

    item = "/workspaces/{ws}/{collection}/{rid}"

    @router.post(f"{item}/fail")
    async def fail(ws: str, collection: str, rid: str) -> Response:
        row = load(ws, collection, rid)
        ctx.resources.fail(row, now_ms())
        return _describe(ctx, row)

    @router.post(f"{item}/stuck")
    async def stuck(ws: str, collection: str, rid: str) -> Response:
        row = load(ws, collection, rid)
        ctx.resources.make_stuck(row)
        return _describe(ctx, row)

    @router.delete(item)
    async def remove(ws: str, collection: str, rid: str) -> Response:
        ctx.resources.remove(load(ws, collection, rid), now_ms())
        return Response(status_code=204)

    @router.get("/workspaces/{ws}/applications/{rid}/progress")
    async def application_progress(ws: str, rid: str) -> Response:
        return _progress(load(ws, "applications", rid))

    @router.get("/workspaces/{ws}/sessions/{session}/jobs/{job}/progress")
    async def job_progress(ws: str, session: str, job: str) -> Response:
        load(ws, "sessions", session)
        check_id("job", job)
        row = ctx.resources.get(SESSION_JOB, ws, session, job, now_ms())
        if row is None:
            raise ApiError(404, f"{SESSION_JOB} {job} not found in session {session}")
        return _progress(row)

    @router.get("/savepoints")
    async def savepoint_record(location: str | None = None) -> Response:
        if not location:
            bad_request("location: a query parameter is required")
        found = ctx.store.completed_savepoint(location, now_ms())
        if found is None:
            raise ApiError(404, f"no completed savepoint at {location!r}")
        completed, progress = found
        body = {"location": location, "completedAt": format_ms(completed), "progress": progress}
        return JsonResponse(body)

    @router.patch("/workspaces/{ws}/applications/{rid}")
    async def drift(request: Request, ws: str, rid: str) -> Response:
        row = load(ws, "applications", rid)
        body = await _optional_body(request)
        validate_body(models.FlinkApplicationSpecPatch, body)
        try:
            ctx.resources.patch_spec(row, body, now_ms())
        except NameTakenError:
            raise ApiError(409, f"name: {body.get('name')!r} is taken") from None
        return _describe(ctx, row)

    return router


def _progress(row: ResourceRow) -> Response:
    """``{"progress": N, "restoredFrom": location or null}`` of a job."""
    return JsonResponse({"progress": progress_at(row, now_ms()), "restoredFrom": row.restored_from})


def _describe(ctx: Context, row: ResourceRow) -> Response:
    now = now_ms()
    fresh = ctx.resources.get(row.kind, row.workspace, row.parent, row.id, now)
    return JsonResponse(views.describe(fresh or row, now))
