"""Many applications in one YAML program, and the emulator's view of the requests they cost:
support for the e2e tests of scale and Ctrl-C."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from lakesail_testing.emulator import EmulatorProcess

APPLICATION = "lakesail:index:FlinkApplication"
APPS = "/api/flink/v1/workspaces/{ws}/applications"
APP = "/api/flink/v1/workspaces/{ws}/applications/{app}"


def write_fleet(directory: Path, name: str, count: int) -> Path:
    """``directory/<name>/Pulumi.yaml``: a YAML project of ``count`` applications named
    ``<name>-<i>``; returns the project's directory."""
    resources = {
        f"app{i}": {
            "type": APPLICATION,
            "properties": {
                "name": f"{name}-{i}",
                "runtime": "FLINK_1_17",
                "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
                "taskManagerResource": {"cpu": 1, "memory": "2g"},
                "job": {
                    "jarUri": "local:///opt/flink/examples/streaming/WordCount.jar",
                    "entryClass": "org.apache.flink.streaming.examples.wordcount.WordCount",
                },
            },
        }
        for i in range(count)
    }
    project = directory / name
    project.mkdir()
    program = {"name": name, "runtime": "yaml", "resources": resources}
    (project / "Pulumi.yaml").write_text(yaml.safe_dump(program))
    return project


def answered(emulator: EmulatorProcess) -> Counter[str]:
    """The requests the emulator answered (429s left out) by method and route."""
    stats: dict[str, Any] = emulator.stats()
    assert stats["total"] == len(stats["requests"]), "the request log overflowed"
    return Counter(f"{r['method']} {r['route']}" for r in stats["requests"] if r["status"] != 429)
