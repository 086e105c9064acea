"""What can go wrong while listening, sorted by what the caller should do about it.

::

    ListenError                      anything a connector raises on purpose
     ├── RetryableError              transient (timeout, 5xx, reset): retry later with backoff
     │    └── RateLimited            the platform said "slow down": wait ``retry_after`` seconds
     ├── SourceStopped               stop polling this source and show why (gone account, bad
     │    │                          configuration, refused address) until someone fixes it
     │    ├── AuthError              the credentials were refused
     │    └── BlockedAddress         the URL resolves to a private address (SSRF guard)
     ├── ItemError                   one payload could not be parsed: quarantine it, carry on
     └── NotSupported                the channel cannot do this (e.g. reply to an archive)

The runner maps each branch to one behaviour; a connector never needs to know which.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AuthError",
    "BlockedAddress",
    "ItemError",
    "ListenError",
    "NotSupported",
    "RateLimited",
    "RetryableError",
    "SourceStopped",
]


class ListenError(Exception):
    """Base of every error a connector raises on purpose."""


class RetryableError(ListenError):
    """A transient failure: try the same fetch again later, with backoff."""


class RateLimited(RetryableError):
    """The platform asked us to slow down; ``retry_after`` is in seconds (never negative)."""

    def __init__(self, message: str, retry_after: float = 60.0) -> None:
        super().__init__(message)
        self.retry_after = max(0.0, float(retry_after))


class SourceStopped(ListenError):
    """The source cannot go on until a person changes something; the message says what."""


class AuthError(SourceStopped):
    """The platform refused the source's credentials."""


class BlockedAddress(SourceStopped):
    """A URL resolved to a private, loopback or link-local address and was refused."""


class ItemError(ListenError):
    """One payload could not be turned into an Item; ``raw`` is kept for the quarantine."""

    def __init__(self, message: str, raw: Any = None) -> None:
        super().__init__(message)
        self.raw = raw


class NotSupported(ListenError):
    """The channel does not allow this operation (sending to an archive, say)."""
