"""What can be checked when the provider is configured, previews included: that the endpoint
is reachable, that it is a LakeSail API that accepts the token, and that the default workspace
exists. Each failure names the configuration key (or the address) to fix."""

from __future__ import annotations

from ..client import errors
from ..client.client import LakeSailClient
from ..client.session import RetryPolicy
from .errors import ConfigurationError, address_of, cannot_reach
from .settings import ProviderSettings

QUICK = RetryPolicy(total=1, backoff_factor=0.2)
"""Configuration is checked once, quickly: a dead endpoint fails in seconds, not after 15."""


def preflight(settings: ProviderSettings) -> None:
    """Raise ConfigurationError naming what to fix; return when the configuration works."""
    with LakeSailClient(
        settings.endpoint, settings.token.reveal(), retry=QUICK, verify=settings.verify()
    ) as client:
        try:
            client.describe_current_identity()
            if settings.workspace:
                client.describe_workspace(settings.workspace)
        except errors.ApiConnectionError as exc:
            raise ConfigurationError(
                cannot_reach(settings.endpoint, exc.detail),
                [("endpoint", f"cannot reach {address_of(settings.endpoint)}: {exc.detail}")],
            ) from None
        except errors.AuthenticationError:
            raise ConfigurationError(
                f"LakeSail at {settings.endpoint} rejected the token (401): set a valid "
                "service-account key with `pulumi config set --secret lakesail:token` (or "
                "LAKESAIL_TOKEN)",
                [("token", "rejected by the server (401)")],
            ) from None
        except errors.PermissionDeniedError:
            raise ConfigurationError(
                f"the token may not use workspace {settings.workspace} (403): set "
                "lakesail:workspace to a workspace of the token's organization, or "
                "lakesail:token to a key of that workspace's organization",
                [("workspace", f"{settings.workspace} is not accessible with this token (403)")],
            ) from None
        except errors.NotFoundError as exc:
            if settings.workspace and "/workspaces/" in exc.path:
                raise ConfigurationError(
                    f"workspace {settings.workspace} does not exist at {settings.endpoint}: set "
                    "lakesail:workspace (or LAKESAIL_WORKSPACE) to one of the organization's",
                    [("workspace", f"{settings.workspace} does not exist")],
                ) from None
            raise _not_lakesail(settings) from None
        except (errors.ResponseValidationError, errors.ApiError):
            raise _not_lakesail(settings) from None


def _not_lakesail(settings: ProviderSettings) -> ConfigurationError:
    return ConfigurationError(
        f"{settings.endpoint} does not answer as a LakeSail API: set lakesail:endpoint (or "
        "LAKESAIL_ENDPOINT) to the server root, such as http://127.0.0.1:8080 (the provider adds "
        "/api/flink/v1 itself)",
        [("endpoint", "not a LakeSail API server root")],
    )
