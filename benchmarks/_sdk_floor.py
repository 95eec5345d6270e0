"""The floor of the plugin's start: ``python -m benchmarks._sdk_floor <engine address>``.

Serves the Pulumi Python SDK's provider server (``ProviderServicer``, the one the plugin uses)
with an empty provider through the plugin's own listener, which prints the port: no other
LakeSail code, so exec → port line here is what the SDK and gRPC cost before the provider's
code runs.
"""

from __future__ import annotations

import asyncio
import sys

from pulumi.provider.experimental.provider import Provider
from pulumi.provider.experimental.server import ProviderServicer

import pulumi_resource_lakesail as entry


class _Empty(Provider):
    """Implements nothing: GetPluginInfo is the servicer's own."""


if __name__ == "__main__":
    entry.register_package()  # the listener, without the generated SDK's __init__
    from pulumi_lakesail.plugin.listener import serve_until_stopped

    engine = sys.argv[1]
    asyncio.run(serve_until_stopped(ProviderServicer([engine], "0.0.0", _Empty(), engine)))
