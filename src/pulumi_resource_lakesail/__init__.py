"""``pulumi-resource-lakesail``: the provider plugin's entry point.

The generated Python SDK is the top of the ``pulumi_lakesail`` package, so importing any of
its subpackages first runs the SDK's ``__init__``, which imports every resource, function and
type the SDK declares. The plugin uses none of them, and every ``pulumi preview`` starts it
twice; this entry point therefore registers the package (its path, not its ``__init__``)
before it imports the plugin. A program that imports ``pulumi_lakesail`` gets the whole SDK as
usual: only this process skips it.
"""

from __future__ import annotations

import importlib.util
import sys


def register_package() -> None:
    """Make ``pulumi_lakesail``'s subpackages importable without running the SDK's
    ``__init__`` (a no-op once the package is imported)."""
    if "pulumi_lakesail" not in sys.modules:
        spec = importlib.util.find_spec("pulumi_lakesail")
        if spec is not None:
            sys.modules["pulumi_lakesail"] = importlib.util.module_from_spec(spec)


def main() -> None:
    """Serve the provider plugin (``pulumi-resource-lakesail <engine address>``)."""
    register_package()
    from pulumi_lakesail.plugin.server import main as serve

    serve()
