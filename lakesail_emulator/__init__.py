"""lakesail-emulator: a local LakeSail API server (Flink applications, sessions, session jobs).

It implements the contract in ``docs/lakesail-api/openapi.yaml`` independently of the provider:
it never imports ``pulumi_lakesail``.
"""

from .app import create_app
from .config import EmulatorConfig

__all__ = ["EmulatorConfig", "create_app"]
