"""The package version, kept in one place: pyproject.toml."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pulumi-lakesail")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
