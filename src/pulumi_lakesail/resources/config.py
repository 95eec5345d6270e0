"""The provider's configuration keys (``lakesail:<key>``), declared once: the schema's config
and provider blocks, the settings' environment fallbacks and their error texts derive from it."""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import Bool, Kind, Num, Prop, Str


@dataclass(frozen=True)
class ConfigKey:
    """One configuration key, its environment fallback and what it is (for error texts)."""

    prop: Prop
    env: str
    what: str

    @property
    def name(self) -> str:
        """The key without the ``lakesail:`` prefix."""
        return self.prop.name


def _key(
    name: str, kind: Kind, env: str, what: str, description: str, *, secret: bool = False
) -> ConfigKey:
    return ConfigKey(
        Prop(name, kind, f"{description} Falls back to `{env}`.", secret=secret), env, what
    )


KEYS: tuple[ConfigKey, ...] = (
    _key(
        "endpoint",
        Str(),
        "LAKESAIL_ENDPOINT",
        "the LakeSail server root, such as http://127.0.0.1:8080",
        "The LakeSail server root, such as `http://127.0.0.1:8080`; the client adds "
        "`/api/flink/v1` (and the other API prefixes) itself.",
    ),
    _key(
        "token",
        Str(),
        "LAKESAIL_TOKEN",
        "a LakeSail service-account key (secret)",
        "A LakeSail service-account key. Set it with `pulumi config set --secret lakesail:token`. "
        "Kept out of logs and outputs; in the state only encrypted.",
        secret=True,
    ),
    _key(
        "workspace",
        Str(),
        "LAKESAIL_WORKSPACE",
        "the default workspace ID of resources",
        "The default workspace ID of resources and functions.",
    ),
    _key(
        "caBundle",
        Str(),
        "LAKESAIL_CA_BUNDLE",
        "a CA bundle file to verify the server's TLS certificate",
        "Path of a CA bundle (PEM) to verify the server's TLS certificate.",
    ),
    _key(
        "insecure",
        Bool(),
        "LAKESAIL_INSECURE",
        "skip TLS verification (never in production)",
        "Skip TLS certificate verification. Never use it in production; the provider warns "
        "every time.",
    ),
    _key(
        "maxRequestsPerSecond",
        Num(positive=True),
        "LAKESAIL_MAX_REQUESTS_PER_SECOND",
        "a client-side limit of API requests per second",
        "A client-side limit of API requests per second, shared by every operation of the "
        "provider, to stay under a known quota. Unset: no limit; a 429 or `Retry-After` from "
        "the server still pauses every request, and after a 429 the provider keeps under 90 % "
        "of the rate the server admitted, rising 1 % a second while none is refused (for 30 s).",
    ),
)

PROVIDER_OUTPUTS = ("endpoint", "token", "workspace")
"""The configuration the provider resource records; the token only as a secret (so that the
SDKs list it in additionalSecretOutputs and the state holds it encrypted)."""
