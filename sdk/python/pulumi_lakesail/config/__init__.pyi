"""Typed accessors of the ``lakesail:`` stack configuration, as generated SDKs offer them."""

ca_bundle: str | None
"""
Path of a CA bundle (PEM) to verify the server's TLS certificate. Falls back to
`LAKESAIL_CA_BUNDLE`.
"""

endpoint: str | None
"""
The LakeSail server root, such as `http://127.0.0.1:8080` (the client adds `/api/...`). Falls back
to `LAKESAIL_ENDPOINT`.
"""

insecure: bool | None
"""
Skip TLS certificate verification. Never use it in production; the provider warns every time.
Falls back to `LAKESAIL_INSECURE`.
"""

token: str | None
"""
A LakeSail service-account key. Set it with `pulumi config set --secret lakesail:token`. Falls
back to `LAKESAIL_TOKEN`. Kept out of logs and outputs; in the state only encrypted.
"""

workspace: str | None
"""
The default workspace ID of resources and functions. Falls back to `LAKESAIL_WORKSPACE`.
"""
