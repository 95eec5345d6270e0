"""Write the resource reference (Markdown) from schema.json: `make docs`."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def type_name(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"[{prop['$ref'].split(':')[-1]}](#{prop['$ref'].split(':')[-1].lower()})"
    if prop.get("type") == "array":
        return f"list of {type_name(prop['items'])}"
    if prop.get("type") == "object" and "additionalProperties" in prop:
        return f"map of {type_name(prop['additionalProperties'])}"
    return str(prop.get("type", "any"))


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def table(props: dict[str, Any], required: list[str]) -> list[str]:
    lines = [
        "| property | Python | type | required | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, prop in props.items():
        description = prop.get("description", "").replace("\n", " ").replace("|", "\\|")
        secret = " (secret)" if prop.get("secret") else ""
        lines.append(
            f"| `{name}` | `{snake(name)}` | {type_name(prop)}{secret} | "
            f"{'yes' if name in required else 'no'} | {description} |"
        )
    return lines


def render(schema: dict[str, Any]) -> str:
    out = [
        "# Reference: lakesail",
        "",
        "Generated from `schema.json` by `scripts/gen_resource_docs.py` (`make docs`); "
        "do not edit.",
        "",
        "## Provider configuration",
        "",
        *table(schema["config"]["variables"], []),
        "",
    ]
    for token, resource in schema["resources"].items():
        out += [f"## Resource `{token}`", "", resource["description"].strip(), "", "### Inputs", ""]
        out += table(resource["inputProperties"], resource.get("requiredInputs", []))
        outputs = {
            k: v
            for k, v in resource["properties"].items()
            if k not in resource["inputProperties"] or k == "job"
        }
        out += ["", "### Outputs", "", "Every input, and:", ""]
        out += table(outputs, resource.get("required", []))
        out.append("")
    for token, function in schema["functions"].items():
        out += [f"## Function `{token}`", "", function["description"], "", "### Arguments", ""]
        out += table(function["inputs"]["properties"], function["inputs"].get("required", []))
        out += ["", "### Result", ""]
        out += table(function["outputs"]["properties"], function["outputs"].get("required", []))
        out.append("")
    out += ["## Types", ""]
    for token, typ in schema["types"].items():
        name = token.split(":")[-1]
        out += [f"### {name}", "", typ.get("description", ""), ""]
        if "enum" in typ:
            out += [f"- `{e['value']}`: {e.get('description', '')}" for e in typ["enum"]]
        else:
            out += table(typ["properties"], typ.get("required", []))
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    schema_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "schema.json"
    sys.stdout.write(render(json.loads(schema_path.read_text())))
