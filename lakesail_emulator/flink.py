"""The ``/api/flink/v1`` operations: applications, sessions, session jobs, URLs, savepoints."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import APIRouter
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from . import models, savepoints, views
from .context import Context, json_body
from .errors import ApiError, JsonResponse
from .pagination import list_body, make_page, page_request
from .resources import APPLICATION, SESSION, SESSION_JOB, NameTakenError, NewResource
from .states import DELETING, now_ms, seconds_to_ms
from .store import ResourceRow
from .validation import validate_body


@dataclass(frozen=True)
class Kind:
    """One Flink resource kind as the routes see it."""

    kind: str
    collection: str
    spec: type[BaseModel]


APPS = Kind(APPLICATION, "applications", models.FlinkApplicationSpec)
SESSIONS = Kind(SESSION, "sessions", models.FlinkSessionSpec)
JOBS = Kind(SESSION_JOB, "jobs", models.FlinkSessionJobSpec)


class FlinkOperations:
    """The behaviour behind each route, shared by the three kinds."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def load(self, kind: Kind, ws: str, parent: str, resource_id: str, now: int) -> ResourceRow:
        """A visible resource, or 404."""
        row = self.ctx.resources.get(kind.kind, ws, parent, resource_id, now)
        if row is None:
            where = f"session {parent}" if parent else f"workspace {ws}"
            raise ApiError(404, f"{kind.kind} {resource_id} not found in {where}")
        return row

    async def create(
        self, request: Request, kind: Kind, ws: str, parent: ResourceRow | None = None
    ) -> Response:
        """Validate the spec, store a PENDING resource, answer 201 with its summary."""
        body = await json_body(request)
        validate_body(kind.spec, body)
        now = now_ms()
        if parent is not None and parent.timeline.state(now) == DELETING:
            raise ApiError(409, f"session {parent.id} is DELETING; it accepts no new jobs")
        name = str(body["name"])
        try:
            new = NewResource(kind.kind, ws, parent.id if parent else "", name, body)
            row = self.ctx.resources.create(new, now)
        except NameTakenError as exc:
            old = exc.existing
            raise ApiError(
                409,
                f"a {kind.kind} named {name!r} already exists in workspace {ws}"
                f" (id {old.id}, state {old.timeline.state(now)})",
            ) from None
        return JsonResponse(views.summary(row, now), status_code=201)

    def list_page(self, request: Request, kind: Kind, ws: str, parent: str = "") -> Response:
        """One page of summaries in creation order."""
        scope = f"{kind.collection}:{ws}:{parent}"
        page = page_request(request, scope, self.ctx.store.max_seq("resources"))
        now = now_ms()
        rows = self.ctx.resources.page(kind.kind, ws, parent, page.after, page.limit + 1, now)
        result = make_page(rows, page.limit, scope, lambda r: r.seq)
        return JsonResponse(list_body(result, lambda r: views.summary(r, now)))

    def delete(self, row: ResourceRow) -> Response:
        """Move to DELETING; 204 with an empty body (again 204 while DELETING)."""
        self.ctx.resources.delete(row, now_ms())
        return Response(status_code=204)

    async def url(self, request: Request, row: ResourceRow, kind: Kind) -> Response:
        """A pre-signed web-UI URL (not served by the emulator)."""
        spec = validate_body(models.FlinkUrlSpec, await json_body(request))
        expires = now_ms() + spec.expiresInSeconds * 1000
        base = str(request.base_url).rstrip("/")
        url = (
            f"{base}/flink-ui/{row.workspace}/{kind.collection}/{row.id}/"
            f"?expires={expires}&signature={secrets.token_hex(16)}"
        )
        return JsonResponse(views.dump(models.FlinkUrl(url=url)), status_code=201)

    def trigger_savepoint(self, row: ResourceRow, cluster: ResourceRow) -> Response:
        """202 with a pending MANUAL savepoint of a RUNNING job; 409 otherwise."""
        now = now_ms()
        delay = seconds_to_ms(self.ctx.config.savepoint_seconds)
        savepoint = savepoints.trigger(self.ctx.store, row, cluster, delay, now)
        return JsonResponse(views.savepoint(savepoint, now), status_code=202)

    def list_savepoints(self, row: ResourceRow) -> Response:
        """Pending and completed savepoints, newest first (not paginated)."""
        return JsonResponse(views.savepoint_list(self.ctx.store.savepoints(row.id), now_ms()))


def build_flink_router(ctx: Context) -> APIRouter:
    """Routes of every Flink operation of the contract."""
    router = APIRouter(prefix="/api/flink/v1/workspaces/{ws}")
    ops = FlinkOperations(ctx)
    for kind in (APPS, SESSIONS):
        _add_top_level(router, ctx, ops, kind, "app" if kind is APPS else "session")
    _add_session_jobs(router, ctx, ops)
    return router


def _add_top_level(
    router: APIRouter, ctx: Context, ops: FlinkOperations, kind: Kind, param: str
) -> None:
    item = f"/{kind.collection}/{{{param}}}"

    def load(request: Request, ws: str) -> ResourceRow:
        rid = request.path_params[param]
        ctx.access(request, ws, **{param: rid})
        return ops.load(kind, ws, "", rid, now_ms())

    async def create(request: Request, ws: str) -> Response:
        ctx.access(request, ws)
        return await ops.create(request, kind, ws)

    async def list_(request: Request, ws: str) -> Response:
        ctx.access(request, ws)
        return ops.list_page(request, kind, ws)

    async def describe(request: Request, ws: str) -> Response:
        return JsonResponse(views.describe(load(request, ws), now_ms()))

    async def delete(request: Request, ws: str) -> Response:
        return ops.delete(load(request, ws))

    async def url(request: Request, ws: str) -> Response:
        return await ops.url(request, load(request, ws), kind)

    async def trigger(request: Request, ws: str) -> Response:
        row = load(request, ws)
        return ops.trigger_savepoint(row, row)

    async def savepoints(request: Request, ws: str) -> Response:
        return ops.list_savepoints(load(request, ws))

    router.add_api_route(f"/{kind.collection}", create, methods=["POST"])
    router.add_api_route(f"/{kind.collection}", list_, methods=["GET"])
    router.add_api_route(item, describe, methods=["GET"])
    router.add_api_route(item, delete, methods=["DELETE"])
    router.add_api_route(f"{item}/urls", url, methods=["POST"])
    router.add_api_route(f"{item}/savepoints", trigger, methods=["POST"])
    router.add_api_route(f"{item}/savepoints", savepoints, methods=["GET"])


def _add_session_jobs(router: APIRouter, ctx: Context, ops: FlinkOperations) -> None:
    jobs = "/sessions/{session}/jobs"
    item = f"{jobs}/{{job}}"

    def session_of(request: Request, ws: str, session: str, **ids: str) -> ResourceRow:
        ctx.access(request, ws, session=session, **ids)
        return ops.load(SESSIONS, ws, "", session, now_ms())

    def load(request: Request, ws: str, session: str, job: str) -> tuple[ResourceRow, ResourceRow]:
        parent = session_of(request, ws, session, job=job)
        return parent, ops.load(JOBS, ws, session, job, now_ms())

    async def create(request: Request, ws: str, session: str) -> Response:
        return await ops.create(request, JOBS, ws, session_of(request, ws, session))

    async def list_(request: Request, ws: str, session: str) -> Response:
        session_of(request, ws, session)
        return ops.list_page(request, JOBS, ws, session)

    async def describe(request: Request, ws: str, session: str, job: str) -> Response:
        return JsonResponse(views.describe(load(request, ws, session, job)[1], now_ms()))

    async def delete(request: Request, ws: str, session: str, job: str) -> Response:
        return ops.delete(load(request, ws, session, job)[1])

    async def trigger(request: Request, ws: str, session: str, job: str) -> Response:
        parent, row = load(request, ws, session, job)
        return ops.trigger_savepoint(row, parent)

    async def savepoints(request: Request, ws: str, session: str, job: str) -> Response:
        return ops.list_savepoints(load(request, ws, session, job)[1])

    router.add_api_route(jobs, create, methods=["POST"])
    router.add_api_route(jobs, list_, methods=["GET"])
    router.add_api_route(item, describe, methods=["GET"])
    router.add_api_route(item, delete, methods=["DELETE"])
    router.add_api_route(f"{item}/savepoints", trigger, methods=["POST"])
    router.add_api_route(f"{item}/savepoints", savepoints, methods=["GET"])
