"""Helpers of the client tests: specs, route templates, polling (imported by the test modules)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from pulumi_lakesail.client import RetryPolicy
from pulumi_lakesail.client import models as api

T = TypeVar("T")

# Route templates, as the emulator's statistics count requests (emulator.count(method, route)).
FLINK = "/api/flink/v1/workspaces/{ws}"
APPS = FLINK + "/applications"
APP = APPS + "/{app}"
SESSIONS = FLINK + "/sessions"
SESSION = SESSIONS + "/{session}"
JOBS = SESSION + "/jobs"
JOB = JOBS + "/{job}"
WORKSPACES = "/api/org/v1/workspaces"

# Short waits: each test asserts attempt counts, not wall-clock backoff.
FAST_RETRY = RetryPolicy(backoff_factor=0.01, backoff_jitter=0.0)


def unique(prefix: str = "app") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def resources() -> api.ContainerResource:
    return api.ContainerResource(cpu=0.5, memory="1024m", ephemeral_storage="256m")


def app_spec(name: str | None = None, **config: str) -> api.FlinkApplicationSpec:
    return api.FlinkApplicationSpec(
        name=name or unique(),
        runtime=api.FlinkRuntime.FLINK_1_17,
        jars=["local:///opt/flink/lib/extra/connector.jar"],
        plugins=[api.FlinkPlugin(name="flink-s3-hadoop", jars=["/opt/flink/opt/s3.jar"])],
        flink_configuration={"taskmanager.numberOfTaskSlots": "2", **config},
        log_configuration={"log4j-console.properties": "rootLogger.level = INFO\n"},
        job_manager_resource=resources(),
        task_manager_resource=resources(),
        job=api.FlinkJobSpec(
            jar_uri="local:///opt/flink/examples/streaming/WordCount.jar",
            entry_class="org.apache.flink.streaming.examples.wordcount.WordCount",
            args=["--input", "x"],
        ),
    )


def session_spec(name: str | None = None, **config: str) -> api.FlinkSessionSpec:
    return api.FlinkSessionSpec(
        name=name or unique("session"),
        runtime=api.FlinkRuntime.FLINK_1_18,
        jars=["local:///opt/flink/lib/extra/jobs.jar"],
        plugins=[],
        flink_configuration=dict(config),
        log_configuration={},
        job_manager_resource=resources(),
        task_manager_resource=api.ContainerResource(),
    )


def job_spec(name: str | None = None) -> api.FlinkSessionJobSpec:
    return api.FlinkSessionJobSpec(
        name=name or unique("job"),
        flink_configuration={},
        job=api.FlinkJobSpec(entry_class="com.example.flink.Job", args=[]),
    )


def eventually(probe: Callable[[], T | None], *, timeout: float = 15.0) -> T:
    """Poll ``probe`` until it returns something other than None (or fail at ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.05)
