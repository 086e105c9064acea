"""Access tokens shared across connector instances in one process.

A connector is built afresh for every poll and every reply, but a platform's login endpoint is
rate limited (Bluesky allows 300 createSession calls a day per account; Reddit and Google
expect a token to be reused until it expires). Tokens are kept here, in memory, keyed by the
service and a hash of the credentials, so a long-running `fireside listen` logs in once and
renews only when the platform says the token expired. Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

__all__ = ["TokenCache", "credentials_key", "tokens"]


def credentials_key(*parts: str) -> str:
    """A cache key that does not keep the secret itself in memory longer than needed."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class TokenCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, tuple[dict[str, Any], float]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return None
            value, expires = found
            if expires and time.monotonic() >= expires:
                del self._values[key]
                return None
            return value

    def put(self, key: str, value: dict[str, Any], *, ttl: float | None = None) -> None:
        with self._lock:
            self._values[key] = (value, time.monotonic() + ttl if ttl else 0.0)

    def drop(self, key: str) -> None:
        with self._lock:
            self._values.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


tokens = TokenCache()
