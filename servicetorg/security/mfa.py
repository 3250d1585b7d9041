"""The second factor for local accounts: TOTP (an authenticator app) and recovery codes."""

import base64
import io
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction

RECOVERY_CODES = 10


def mfa_needed(user) -> str:
    """"verify" when the account has a second factor, "setup" when its role requires
    one it does not have yet, "" otherwise."""
    if user.username.startswith("sso:"):
        return ""  # single sign-on: the municipality's identity provider asks for the second factor
    if user_has_device(user):
        return "verify"
    if user.role in settings.MFA_REQUIRED_ROLES:
        return "setup"
    return ""


def totp_pending(*, user) -> TOTPDevice:
    """The authenticator being enrolled (not yet confirmed); made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no image request, no script)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg"):]


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a code from it: returns new recovery codes, or None if the code is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_new(user=user)
    audit_record(actor=user, action=AuditAction.CHANGE_MFA, obj=user, detail="authenticator app added")
    return codes


def recovery_codes_new(*, user) -> list[str]:
    """Ten one-time recovery codes, replacing any earlier ones."""
    static, _created = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    static.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes
