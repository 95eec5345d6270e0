"""Provider configuration: an explicit value wins, the environment variable is the fallback."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..resources.config import KEYS as CONFIG_KEYS
from .errors import ConfigurationError
from .resource_id import RESOURCE_ID_PATTERN

if TYPE_CHECKING:
    from ..client import LakeSailClient

log = logging.getLogger("pulumi_lakesail")


class Secret:
    """A string that never shows itself in repr, str or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret text, for the one place that needs it (the Authorization header)."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a Secret must not be pickled")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


# config key -> (environment variable, what it is), from the configuration's declaration.
KEYS: dict[str, tuple[str, str]] = {key.name: (key.env, key.what) for key in CONFIG_KEYS}

_API_PREFIXES = ("/api/flink/v1", "/api/org/v1", "/api")


def server_root(endpoint: str) -> tuple[str, str | None]:
    """The server root an endpoint means, and a note when it was given with an API prefix
    (an easy mistake: the client adds the prefix itself)."""
    trimmed = endpoint.rstrip("/")
    for prefix in _API_PREFIXES:
        if trimmed.endswith(prefix):
            root = trimmed[: -len(prefix)]
            return root, (
                f"lakesail:endpoint {endpoint} ends with the API prefix {prefix}; using the "
                f"server root {root} (the provider adds the prefix itself)"
            )
    return trimmed, None


@dataclass(frozen=True)
class ProviderSettings:
    """Resolved provider configuration."""

    endpoint: str
    token: Secret = field(repr=False)
    workspace: str | None = None
    ca_bundle: str | None = None
    insecure: bool = False
    max_requests_per_second: float | None = None
    notes: tuple[str, ...] = ()
    """What the provider made of the configuration, for the user to read (warnings)."""

    @classmethod
    def resolve(
        cls, config: Mapping[str, Any], environ: Mapping[str, str] | None = None
    ) -> ProviderSettings:
        """Settings from ``config`` (keys without the ``lakesail:`` prefix), else the environment.

        Raises ConfigurationError naming every missing or invalid key and how to set it.
        """
        env = os.environ if environ is None else environ

        def value(key: str) -> Any:
            given = config.get(key)
            if given is None or given == "":
                given = env.get(KEYS[key][0]) or None
            return given

        problems: list[tuple[str, str]] = []
        for key in ("endpoint", "token"):
            if value(key) is None:
                problems.append((key, _missing(key)))
        endpoint, token, workspace = value("endpoint"), value("token"), value("workspace")
        if endpoint is not None and not str(endpoint).startswith(("http://", "https://")):
            problems.append(
                (
                    "endpoint",
                    f"lakesail:endpoint must start with http:// or https://; got {endpoint!r}",
                )
            )
        if workspace is not None and not RESOURCE_ID_PATTERN.fullmatch(str(workspace)):
            problems.append(
                (
                    "workspace",
                    "lakesail:workspace must be 1 to 20 upper-case letters and digits; "
                    f"got {workspace!r}",
                )
            )
        ca_bundle = value("caBundle")
        if ca_bundle is not None and not os.path.isfile(str(ca_bundle)):
            problems.append(
                ("caBundle", f"lakesail:caBundle must be a PEM file; {ca_bundle!r} is not a file")
            )
        rate = _positive_number(value("maxRequestsPerSecond"))
        if rate is False:
            problems.append(
                (
                    "maxRequestsPerSecond",
                    "lakesail:maxRequestsPerSecond must be a positive number of requests per "
                    f"second, such as 50; got {value('maxRequestsPerSecond')!r}",
                )
            )
        if problems:
            raise ConfigurationError("; ".join(text for _, text in problems), problems)
        insecure = str(value("insecure") or "false").lower() in ("1", "true", "yes")
        root, note = server_root(str(endpoint))
        notes = (note,) if note else ()
        return cls(
            root,
            Secret(str(token)),
            workspace,
            ca_bundle,
            insecure,
            rate if isinstance(rate, float) else None,
            notes,
        )

    def verify(self) -> bool | str:
        """requests' ``verify``: the CA bundle, or False under lakesail:insecure."""
        if self.insecure:
            return False
        return self.ca_bundle or True

    def client(self) -> LakeSailClient:
        """A client for these settings; its retries show as the progress of the operation that
        waits for them (``operations.reporting``)."""
        from ..client import LakeSailClient  # imported on first use: requests, pydantic
        from .operations import show_retry

        verify = self.verify()
        if verify is False:
            log.warning(
                "lakesail:insecure is set: TLS certificates of %s are NOT verified; anyone on the "
                "network path can read the token. Use lakesail:caBundle instead.",
                self.endpoint,
            )
        return LakeSailClient(
            self.endpoint,
            self.token.reveal(),
            verify=verify,
            max_requests_per_second=self.max_requests_per_second,
            on_retry=show_retry,
        )


def _positive_number(value: Any) -> float | None | bool:
    """``value`` as a positive float; None when unset; False when it is not one."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return number if number > 0 and number != float("inf") else False


def _missing(key: str) -> str:
    env, what = KEYS[key]
    secret = " --secret" if key == "token" else ""
    return (
        f"lakesail:{key} is not set ({what}): "
        f"run `pulumi config set{secret} lakesail:{key} <value>` "
        f"or set the {env} environment variable"
    )
