"""Typed accessors of the ``lakesail:`` stack configuration, as generated SDKs offer them.

``pulumi_lakesail.config.endpoint`` reads ``lakesail:endpoint`` of the running program's stack.
"""

import sys

from .vars import _ExportableConfig

sys.modules[__name__].__class__ = _ExportableConfig
