"""A real OpenID Connect provider for the tests: oidc-provider-mock on a free loopback port."""

import threading
from contextlib import contextmanager
from datetime import timedelta

import werkzeug.serving
from oidc_provider_mock import User, app

from servicetorg.security.oidc import oidc_discovery

CLIENT_ID = "servicetorg"
CLIENT_SECRET = "test-secret"


@contextmanager
def running_provider(users, *, max_age=timedelta(hours=1)):
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, app(require_nonce=True, access_token_max_age=max_age,
                            user_claims=[User(sub=sub, claims=claims) for sub, claims in users.items()]),
        threaded=True,
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def configure(settings, issuer: str) -> dict[str, str]:
    endpoints = oidc_discovery(issuer)
    for name, value in endpoints.items():
        setattr(settings, name, value)
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    return endpoints
