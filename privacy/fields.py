"""Encryption at rest for personal data (ID numbers, phones, addresses).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under FIELD_ENCRYPTION_KEY from the environment. An
encrypted column cannot be searched, so where equality lookups are needed (the same applicant within a month for the
fee tiers) store a keyed `blind_index()` beside it.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models

_PREFIX = "enc1:"


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    raw = base64.urlsafe_b64decode(key.encode())
    if len(raw) != 32:
        # Accept any 32-byte secret given as urlsafe base64; Fernet wants exactly that.
        raw = hashlib.sha256(raw).digest()
    return Fernet(base64.urlsafe_b64encode(raw))


def encrypt(value: str) -> str:
    return _PREFIX + _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        return token
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token[len(_PREFIX) :].encode()).decode()
    except InvalidToken as exc:  # a wrong key must be loud, never silently show ciphertext
        raise ValueError("无法解密个人信息字段：FIELD_ENCRYPTION_KEY 与加密时不一致。") from exc


def blind_index(value: str) -> str:
    """A keyed hash for equality lookups on an encrypted value (normalised: stripped, upper case)."""
    key = hashlib.sha256(("blind-index:" + settings.FIELD_ENCRYPTION_KEY).encode()).digest()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted. Lookups other than isnull are meaningless on it."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
