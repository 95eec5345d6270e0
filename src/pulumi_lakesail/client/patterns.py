"""The contract's patterns, declared once: the models' constraints and the provider's check
both use them. No imports, so that a check needs neither pydantic nor requests."""

RESOURCE_ID_PATTERN = r"^[A-Z0-9]{1,20}$"
"""Pattern of every server-generated ID (workspace, application, session, job)."""

PLUGIN_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,61}[a-z0-9]$"
"""Pattern of a Flink plugin name: 2-63 characters, starting and ending alphanumeric."""

MEMORY_PATTERN = r"^([0-9]+|([0-9]+[.]?[0-9]*|[.][0-9]+)[ ]*[kKmMgGtT])$"
"""Bytes, or a decimal with a 1024-based k/M/G/T suffix (``1024m`` is 1 GiB, not milli-units)."""
