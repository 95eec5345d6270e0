"""schema.json and the generated reference are the committed output of the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_schema_json_is_generated_from_code() -> None:
    from pulumi_lakesail.plugin.schema import schema_json

    assert (ROOT / "schema.json").read_text() == schema_json(), "run `make schema` and commit"


def test_schema_validates_against_the_official_metaschema() -> None:
    validator = ROOT.parent / "shared" / "validate_pulumi_schema.py"
    result = subprocess.run(
        [sys.executable, str(validator), str(ROOT / "schema.json")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_resource_reference_is_generated_from_the_schema() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from gen_resource_docs import render
    finally:
        sys.path.pop(0)
    expected = render(json.loads((ROOT / "schema.json").read_text()))
    assert (ROOT / "docs" / "flink-application-reference.md").read_text() == expected, (
        "run `make docs`"
    )


def test_schema_inputs_match_the_core_validation_fields() -> None:
    from pulumi_lakesail.core.validate import (
        INPUT_FIELDS,
        JOB_FIELDS,
        PLUGIN_FIELDS,
        RESOURCE_FIELDS,
    )

    schema = json.loads((ROOT / "schema.json").read_text())
    resource = schema["resources"]["lakesail:index:FlinkApplication"]
    assert set(resource["inputProperties"]) == set(INPUT_FIELDS)
    types = schema["types"]
    assert set(types["lakesail:index:ContainerResource"]["properties"]) == set(RESOURCE_FIELDS)
    assert set(types["lakesail:index:FlinkJobSpec"]["properties"]) == set(JOB_FIELDS)
    assert set(types["lakesail:index:FlinkPlugin"]["properties"]) == set(PLUGIN_FIELDS)
