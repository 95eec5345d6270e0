"""schema.json and the generated reference are the committed output of the declarations."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pulumi_lakesail.resources.package import schema_json

ROOT = Path(__file__).resolve().parents[2]
PULUMI_MODULE = "github.com/pulumi/pulumi/pkg/v3"

pytestmark = pytest.mark.unit


def test_schema_json_is_generated_from_the_declarations() -> None:
    assert (ROOT / "schema.json").read_text() == schema_json(), "run `make generate` and commit"


def test_schema_carries_the_version_of_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    version = re.search(r'^version = "([^"]+)"', pyproject, re.M)
    assert version is not None
    assert json.loads(schema_json())["version"] == version.group(1)


def _metaschema() -> dict[str, Any]:
    """The official Pulumi package metaschema, from the pkg/v3 module tools/pulumi pins."""
    go = shutil.which("go")
    if go is None:
        pytest.fail("go is needed to find the pinned Pulumi package metaschema (make install)")
    module_dir = subprocess.run(
        [go, "list", "-mod=readonly", "-m", "-f", "{{.Dir}}", PULUMI_MODULE],
        cwd=ROOT / "tools" / "pulumi",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    text = (Path(module_dir) / "codegen" / "schema" / "pulumi.json").read_text()
    # The metaschema's patterns use ECMA named groups, which Python's re spells (?P<name>...).
    return json.loads(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", text))  # type: ignore[no-any-return]


def test_schema_validates_against_the_official_metaschema() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_metaschema())
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(json.loads(schema_json()))
    ]
    assert not errors


def test_the_metaschema_check_catches_a_bad_schema() -> None:
    import jsonschema

    bad = json.loads(schema_json())
    bad["config"]["required"] = ["endpoint"]  # the engine's config block rejects `required`
    validator = jsonschema.Draft202012Validator(_metaschema())
    assert list(validator.iter_errors(bad))


def test_resource_reference_is_generated_from_the_schema() -> None:
    from gen_resource_docs import render  # scripts/ is on pytest's pythonpath

    expected = render(json.loads((ROOT / "schema.json").read_text()))
    assert (ROOT / "docs" / "reference.md").read_text() == expected, "run `make generate`"
