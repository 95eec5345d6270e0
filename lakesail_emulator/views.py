"""Stored rows rendered as the contract's response objects."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from . import models
from .resources import APPLICATION, SESSION
from .states import format_ms
from .store import ResourceRow, SavepointRow, ServiceAccountRow, WorkspaceRow

_SESSION_FIELDS = (
    "runtime",
    "jars",
    "plugins",
    "flinkConfiguration",
    "logConfiguration",
    "jobManagerResource",
    "taskManagerResource",
)


def dump(model: BaseModel) -> dict[str, Any]:
    """JSON-ready dict of a response model; absent optional fields are left out."""
    return model.model_dump(mode="json", exclude_none=True)


def _times(row: ResourceRow, now: int) -> dict[str, Any]:
    return {
        "state": row.timeline.state(now),
        "createdAt": format_ms(row.timeline.created),
        "updatedAt": format_ms(row.timeline.updated(now)),
    }


def summary(row: ResourceRow, now: int) -> dict[str, Any]:
    """FlinkApplicationSummary / FlinkSessionSummary / FlinkSessionJobSummary."""
    return dump(models.Summary(id=row.id, name=row.name, **_times(row, now)))


def flink_job(row: ResourceRow) -> dict[str, Any]:
    """The FlinkJob of an application or session job: the spec plus Flink's id and name."""
    spec_job = row.spec["job"]
    job = {"id": row.flink_job_id, "name": row.name}
    job.update({k: spec_job[k] for k in ("jarUri", "entryClass") if k in spec_job})
    job["args"] = spec_job["args"]
    return job


def describe(row: ResourceRow, now: int) -> dict[str, Any]:
    """The Describe response of any Flink resource kind."""
    base: dict[str, Any] = {"id": row.id, "name": row.name}
    if row.kind == APPLICATION:
        fields = {k: row.spec[k] for k in _SESSION_FIELDS}
        model: BaseModel = models.FlinkApplication(
            **base, **fields, job=flink_job(row), **_times(row, now)
        )
    elif row.kind == SESSION:
        fields = {k: row.spec[k] for k in _SESSION_FIELDS}
        model = models.FlinkSession(**base, **fields, **_times(row, now))
    else:
        model = models.FlinkSessionJob(
            **base,
            flinkConfiguration=row.spec["flinkConfiguration"],
            job=flink_job(row),
            **_times(row, now),
        )
    return dump(model)


def savepoint(sp: SavepointRow, now: int) -> dict[str, Any]:
    """A FlinkSavepoint; the location appears once it has completed."""
    return dump(
        models.FlinkSavepoint(
            location=sp.location if sp.complete_at <= now else None,
            triggerType="MANUAL",
            triggerNonce=sp.nonce,
            triggeredAt=format_ms(sp.triggered),
        )
    )


def savepoint_list(rows: list[SavepointRow], now: int) -> dict[str, Any]:
    """FlinkSavepointList: at most one pending; completed ones in the order given (newest first)."""
    pending = [savepoint(sp, now) for sp in rows if sp.complete_at > now]
    completed = [savepoint(sp, now) for sp in rows if sp.complete_at <= now]
    return dump(
        models.FlinkSavepointList.model_validate({"pending": pending, "completed": completed})
    )


def workspace(row: WorkspaceRow) -> dict[str, Any]:
    """A Workspace."""
    return dump(
        models.Workspace(
            id=row.id,
            name=row.name,
            kubeClusterId=row.kube_cluster_id,
            kubeNamespace=row.kube_namespace,
            kubeServiceAccount=row.kube_service_account,
            createdAt=format_ms(row.created),
            updatedAt=format_ms(row.updated),
        )
    )


def service_account(row: ServiceAccountRow) -> dict[str, Any]:
    """A ServiceAccount."""
    return dump(
        models.ServiceAccount(
            id=row.id,
            username=row.username,
            description=row.description,
            createdAt=format_ms(row.created),
            updatedAt=format_ms(row.updated),
        )
    )
