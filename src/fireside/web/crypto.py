"""Encryption at rest for source secrets (tokens, passwords).

The key is derived from SECRET_KEY, so a database dump alone does not reveal a secret. Rotating
SECRET_KEY makes stored secrets unreadable: re-enter them after a rotation.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """Stored secrets could not be decrypted, usually because SECRET_KEY changed."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"fireside-secrets:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_json(value: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(value).encode()).decode() if value else ""


def decrypt_json(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        raise SecretUnreadable(
            "Stored secrets cannot be decrypted with the current FIRESIDE_SECRET_KEY; "
            "re-enter them in Settings → Sources."
        ) from None


def mask(secret: str) -> str:
    """Show enough of a secret to recognise it, never enough to use it."""
    if len(secret) <= 8:
        return "••••"
    return f"{secret[:2]}••••{secret[-2:]}"
