"""The dependency rule: adapters -> core -> resources (the declarations) -> client; core and
client never import pulumi; the emulator never imports the provider. Relative imports count."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"

pytestmark = pytest.mark.unit

# What each written layer of pulumi_lakesail may import from the others.
ALLOWED: dict[str, set[str]] = {
    "client": set(),
    "resources": {"client"},
    "core": {"resources", "client"},
    "plugin": {"core", "resources", "client"},
    "dynamic": {"core", "resources", "client", "sdk"},
}


def absolute_imports(path: Path, module: str) -> set[str]:
    """Every module ``path`` (the module named ``module``) imports, relative ones resolved."""
    names: set[str] = set()
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parent = package[: len(package) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def modules(root: Path, prefix: str) -> dict[str, Path]:
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([prefix, *parts])] = path
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "pulumi_lakesail":
        return None
    if len(parts) > 1 and parts[1] in ALLOWED:
        return parts[1]
    return "sdk"  # the generated SDK: the package's top-level modules and config/


def test_the_resolver_sees_relative_imports() -> None:
    module = "pulumi_lakesail.core.lifecycle"
    imported = absolute_imports(SRC / "pulumi_lakesail" / "core" / "lifecycle.py", module)
    assert "pulumi_lakesail.client" in imported


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer: str) -> None:
    offenders = set()
    for module, path in modules(
        SRC / "pulumi_lakesail" / layer, f"pulumi_lakesail.{layer}"
    ).items():
        for name in absolute_imports(path, module):
            target = layer_of(name)
            if target is not None and target != layer and target not in ALLOWED[layer]:
                offenders.add(f"{module} imports {name}")
    assert not offenders


@pytest.mark.parametrize("layer", ["resources", "core", "client"])
def test_core_and_client_do_not_import_pulumi(layer: str) -> None:
    offenders = set()
    for module, path in modules(
        SRC / "pulumi_lakesail" / layer, f"pulumi_lakesail.{layer}"
    ).items():
        for name in absolute_imports(path, module):
            if name == "pulumi" or name.startswith("pulumi."):
                offenders.add(f"{module} imports {name}")
    assert not offenders


def test_emulator_does_not_import_the_provider() -> None:
    offenders = set()
    for module, path in modules(ROOT / "lakesail_emulator", "lakesail_emulator").items():
        for name in absolute_imports(path, module):
            if name.startswith("pulumi"):
                offenders.add(f"{module} imports {name}")
    assert not offenders


def test_the_plugin_entry_point_skips_the_generated_sdk() -> None:
    """The plugin's process imports its layers, never the SDK's resources, functions or types
    (they cost every `pulumi preview` two plugin starts)."""
    loaded = _in_plugin_process(
        "import pulumi_lakesail.plugin.provider",
        "m for m in sys.modules if m.startswith('pulumi_lakesail.')"
        " and m.split('.')[1] not in ('client', 'core', 'plugin', 'resources')",
    )
    assert loaded == "[]"


def test_the_plugin_prints_its_port_before_it_imports_the_client() -> None:
    """requests, urllib3 and the pydantic models load when the plugin first talks to LakeSail
    (Configure), not in the process the engine starts only for the schema."""
    loaded = _in_plugin_process(
        "pass",
        "m for m in ('requests', 'urllib3', 'pydantic', 'pulumi_lakesail.client.models', "
        "'pulumi_lakesail.client.client') if m in sys.modules",
    )
    assert loaded == "[]"


def _in_plugin_process(imports: str, modules: str) -> str:
    """The sorted ``modules`` (a generator expression over ``sys.modules``) loaded in a fresh
    interpreter that starts as the plugin does, up to its server module, then ``imports``."""
    import subprocess
    import sys

    code = (
        "import sys, pulumi_resource_lakesail as entry; entry.register_package(); "
        f"import pulumi_lakesail.plugin.server; {imports}; print(sorted({modules}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return run.stdout.strip()
