"""The enum types of the ``lakesail`` schema."""

from __future__ import annotations

from enum import Enum

import pulumi

__all__ = [
    "FlinkApplicationState",
    "FlinkRuntime",
]


@pulumi.type_token("lakesail:index:FlinkApplicationState")
class FlinkApplicationState(str, Enum):
    """
    The state of a Flink application.
    """

    PENDING = "PENDING"
    """
    Created; the cluster and job are starting.
    """
    RUNNING = "RUNNING"
    """
    The job is running.
    """
    DELETING = "DELETING"
    """
    Deletion was requested; resources are being torn down.
    """
    FAILED = "FAILED"
    """
    The cluster or job failed (LakeSail gives no detail).
    """


@pulumi.type_token("lakesail:index:FlinkRuntime")
class FlinkRuntime(str, Enum):
    """
    The runtime of a Flink cluster.
    """

    FLINK_1_17 = "FLINK_1_17"
    """
    Apache Flink 1.17.
    """
    FLINK_1_18 = "FLINK_1_18"
    """
    Apache Flink 1.18.
    """
