"""Per-municipality keys for sensitive messages (Fernet, AES-128-CBC + HMAC-SHA256).

SENSITIVE_MESSAGE_KEYS holds one or more master secrets from the environment,
newest first; each municipality's key is derived from a master secret with HKDF,
so one municipality's key opens nothing of another's. Rotation: put a new secret
first, run `manage.py sensitive_messages_rotate`, then drop the old one.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _masters() -> list[bytes]:
    keys = list(settings.SENSITIVE_MESSAGE_KEYS)
    if not keys:
        # Development and tests: derived from the (never committed) SECRET_KEY.
        # `check --deploy` refuses a production without its own keys (servicetorg.security.E001).
        keys = [hashlib.sha256(f"sensitive-messages:{settings.SECRET_KEY}".encode()).hexdigest()]
    return [key.encode() for key in keys]


def _derive(master: bytes, municipality_id: int) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"servicetorg.sensitive-messages",
               info=f"municipality:{municipality_id}".encode()).derive(master)
    return Fernet(base64.urlsafe_b64encode(key))


def municipality_cipher(municipality_id: int) -> MultiFernet:
    """Encrypts with the newest key; decrypts with any key still listed."""
    return MultiFernet([_derive(master, municipality_id) for master in _masters()])
