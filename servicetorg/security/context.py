"""Who asked, for code far from the request: the outbox caps SMS per requesting address.

Set by SecurityHeadersMiddleware for anonymous requests only (citizens on the public
pages); staff work and background tasks run without it and are not capped by address.
"""

import contextvars

public_client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "public_client_address", default=None
)


def client_address(request) -> str:
    # REMOTE_ADDR is the proxy's address behind a proxy; RATELIMIT_IP_META_KEY can point elsewhere.
    from django_ratelimit.core import _get_ip

    try:
        return _get_ip(request)
    except (KeyError, ValueError):  # no address at all (a WSGI test client, a misconfigured proxy): one bucket
        return "unknown"
