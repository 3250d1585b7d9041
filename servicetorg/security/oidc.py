"""Staff sign-in with OpenID Connect: Entra ID first, any standard issuer by configuration.

mozilla-django-oidc runs the authorization-code flow (with PKCE and a nonce) and checks
the ID token's signature; this backend also checks its issuer, audience and expiry, and
maps the person's group claims to a municipality, role, sites and units through
`OidcGroupMapping` (admin). No mapped group: no login, and an existing account is disabled.
"""

import logging

import jwt
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from servicetorg.accounts.models import Role
from servicetorg.security.models import OidcGroupMapping

logger = logging.getLogger(__name__)

# The highest role a person's groups give wins.
ROLE_RANK = [Role.FRONTLINE, Role.CASEWORKER, Role.LEADER, Role.ADMIN]
USERNAME_PREFIX = "sso:"


def oidc_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not oidc_enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as exc:
            # A token with the wrong issuer, audience, nonce or signature, or an expired one.
            logger.warning("OpenID Connect login refused: %s", exc)
            return None

    def get_payload_data(self, token, key):
        payload = super().get_payload_data(token, key)  # signature (mozilla-django-oidc)
        try:
            jwt.decode(
                token, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER, leeway=settings.OIDC_TOKEN_LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from None
        return payload

    def _verify_jws(self, payload, key):
        try:
            return super()._verify_jws(payload, key)
        except jwt.InvalidTokenError as exc:  # expired and the like; the parent catches only DecodeError
            raise SuspiciousOperation(f"ID token refused: {exc}") from None

    def retrieve_matching_jwk(self, token):
        # A provider with a single signing key may leave out the key id ("kid").
        header = jwt.get_unverified_header(token)
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        import requests

        keys = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT).json().get("keys", [])
        keys = [key for key in keys if key.get("alg", header.get("alg")) == header.get("alg")]
        if len(keys) != 1:
            raise SuspiciousOperation("The ID token names no key, and the provider has more than one.")
        return jwt.PyJWK(keys[0])

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=f"{USERNAME_PREFIX}{claims['sub']}"[:150])

    def _mapping(self, claims):
        groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        return list(OidcGroupMapping.objects.filter(group__in=[str(g) for g in groups])
                    .select_related("municipality").prefetch_related("sites", "units"))

    @transaction.atomic
    def _apply(self, user, claims, mappings):
        municipality = mappings[0].municipality
        mappings = [m for m in mappings if m.municipality_id == municipality.pk]
        role = max((m.role for m in mappings), key=ROLE_RANK.index)
        user.municipality = municipality
        user.role = role
        user.is_staff = role == Role.ADMIN
        user.email = claims.get("email", "")[:254]
        user.first_name = claims.get("given_name", claims.get("name", ""))[:150]
        user.last_name = claims.get("family_name", "")[:150]
        user.save()
        user.sites.set({site for m in mappings for site in m.sites.all()})
        user.units.set({unit for m in mappings for unit in m.units.all()})
        return user

    def create_user(self, claims):
        mappings = self._mapping(claims)
        if not mappings:
            logger.info("OpenID Connect login refused: no mapped group for %s", claims.get("sub"))
            return None
        user = self.UserModel(username=f"{USERNAME_PREFIX}{claims['sub']}"[:150])
        user.set_unusable_password()
        return self._apply(user, claims, mappings)

    def update_user(self, user, claims):
        mappings = self._mapping(claims)
        if not mappings:
            # The person's groups are gone: the account is disabled, not deleted.
            if user.is_active:
                user.is_active = False
                user.save(update_fields=["is_active"])
            return None
        return self._apply(user, claims, mappings)


def oidc_discovery(issuer: str, *, timeout: int = 10) -> dict[str, str]:
    """The OIDC_* endpoint settings read from an issuer's discovery document
    (`<issuer>/.well-known/openid-configuration`); `manage.py oidc_discover` prints them."""
    import requests

    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    document = requests.get(url, timeout=timeout).json()
    return {
        "OIDC_OP_ISSUER": document["issuer"],
        "OIDC_OP_AUTHORIZATION_ENDPOINT": document["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": document["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": document["userinfo_endpoint"],
        "OIDC_OP_JWKS_ENDPOINT": document["jwks_uri"],
    }
