"""The one place that builds outbound HTTP clients for connectors.

Every request a connector makes goes through `build_client`, which gives:

- timeouts on connect, read, write and pool (never an unbounded wait);
- an identifying ``User-Agent`` (Reddit and others block anonymous agents);
- retries with exponential backoff and jitter for connection failures and 502/503/504,
  and waits that honour ``Retry-After`` and the ``X-RateLimit-*`` family on 429s — a wait longer
  than ``max_wait`` is not slept through but handed back, so `check_response` raises
  `RateLimited` and the runner parks the source instead of blocking a thread;
- an SSRF guard at connect time: the host is resolved once, every address is checked, and the
  socket connects to the checked address (so DNS rebinding between check and connect cannot
  slip through). Private, loopback, link-local, multicast and reserved addresses are refused
  unless the administrator allows them (``FIRESIDE_ALLOW_PRIVATE_URLS=1``) or the caller passes
  ``allow_private=True``.

POSTs are retried only when the server cannot have acted on them (connect failure, 429, 503),
so a reply is never sent twice by a retry.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import logging
import os
import random
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from httpcore._backends.sync import SyncStream

from fireside.listen.errors import (
    AuthError,
    BlockedAddress,
    ItemError,
    RateLimited,
    RetryableError,
    SourceStopped,
)

__all__ = [
    "ALLOW_PRIVATE_ENV",
    "allow_private_urls",
    "build_client",
    "check_response",
    "check_url",
    "connect_socket",
    "is_blocked_address",
    "parse_json",
    "rate_limit_wait",
    "user_agent",
]

ALLOW_PRIVATE_ENV = "FIRESIDE_ALLOW_PRIVATE_URLS"

# httpx logs every request URL at INFO; some platforms' URLs carry credentials or private
# search terms, so its request log stays quiet unless someone turns it up on purpose.
logging.getLogger("httpx").setLevel(logging.WARNING)
DEFAULT_TIMEOUT = 15.0
_RETRY_STATUSES = frozenset({429, 502, 503, 504})
# A POST answered with these was not acted on, so repeating it cannot duplicate a reply.
_SAFE_POST_RETRY_STATUSES = frozenset({429, 503})


def _sleep(seconds: float) -> None:
    # Looked up at call time, so tests can record waits instead of sleeping through them.
    _pause(seconds)


_pause = time.sleep


def user_agent() -> str:
    try:
        version = metadata.version("fireside")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "0"
    return f"Fireside/{version} (self-hosted social listening; +https://github.com/fireside-hub)"


def allow_private_urls(explicit: bool | None = None) -> bool:
    """Whether private addresses are allowed: ``explicit`` if given, else the environment.

    Raises ValueError when ``FIRESIDE_ALLOW_PRIVATE_URLS`` is set to something other than a
    boolean, naming the variable, rather than guessing what the administrator meant.
    """
    if explicit is not None:
        return explicit
    raw = os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"{ALLOW_PRIVATE_ENV} must be true or false (1/0), not {raw!r}")


def is_blocked_address(address: str) -> bool:
    """True for addresses a user-supplied URL must not reach without the administrator's leave."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RetryableError(f"cannot resolve {host!r}: {exc}") from exc


def connect_socket(
    host: str, port: int, *, timeout: float | None, allow_private: bool | None = None
) -> socket.socket:
    """Open a TCP socket to ``host:port`` through the SSRF guard.

    Used by the HTTP transport and by the websocket consumers (which take a ready socket), so
    streams and polls are guarded the same way. Raises `BlockedAddress` when every address the
    host resolves to is refused, `RetryableError` when none can be reached.
    """
    allowed = allow_private_urls(allow_private)
    candidates = _resolve(host, port)
    last_error: OSError | None = None
    blocked: list[str] = []
    for family, socktype, proto, _name, sockaddr in candidates:
        address = str(sockaddr[0])
        if not allowed and is_blocked_address(address):
            blocked.append(address)
            continue
        sock = socket.socket(family, socktype, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            last_error = exc
            continue
        return sock
    if blocked and last_error is None:
        raise BlockedAddress(
            f"{host} resolves to {', '.join(sorted(set(blocked)))}, a private or local address; "
            f"Fireside refuses these unless the administrator sets {ALLOW_PRIVATE_ENV}=1"
        )
    raise RetryableError(f"cannot connect to {host}:{port}: {last_error}")


def check_url(url: str, *, allow_private: bool | None = None) -> str:
    """Validate a user-supplied URL before storing it: http(s), a host, not a private address.

    Returns the URL unchanged. Raises `SourceStopped` (or `BlockedAddress`) with a message fit
    to show next to a form field.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.hostname:
        raise SourceStopped(f"{url!r} is not an http(s) URL with a host name")
    if allow_private_urls(allow_private):
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return url  # may resolve later; the connect-time guard still applies
    addresses = {str(info[4][0]) for info in infos}
    if addresses and all(is_blocked_address(a) for a in addresses):
        raise BlockedAddress(
            f"{parts.hostname} resolves to {', '.join(sorted(addresses))}, a private or local "
            f"address; Fireside refuses these unless the administrator sets {ALLOW_PRIVATE_ENV}=1"
        )
    return url


class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, allow_private: bool) -> None:
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            sock = connect_socket(host, port, timeout=timeout, allow_private=self._allow_private)
        except RetryableError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for option in socket_options or ():
            sock.setsockopt(*option)
        return SyncStream(sock)


def _parse_number_or_date(value: str, now: float) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        # Epoch seconds (GitHub, Mastodon's X-RateLimit-Reset is ISO, Reddit's is a delta).
        return max(0.0, number - now) if number > 1_000_000_000 else max(0.0, number)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return max(0.0, parsed.timestamp() - now)


def rate_limit_wait(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, from ``Retry-After`` or a rate-limit reset header.

    Understands seconds, HTTP dates, ISO 8601 (Mastodon) and epoch seconds (GitHub-style).
    Returns None when the headers say nothing.
    """
    now = time.time() if now is None else now
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after" in lowered:
        wait = _parse_number_or_date(lowered["retry-after"], now)
        if wait is not None:
            return wait
    for name in ("x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset"):
        if name in lowered:
            wait = _parse_number_or_date(lowered[name], now)
            if wait is not None:
                return wait
    return None


def _remaining(headers: Mapping[str, str]) -> float | None:
    for name in ("x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining"):
        value = headers.get(name)
        if value is not None:
            try:
                return float(value)
            except ValueError:
                return None
    return None


class _RetryTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        retries: int,
        backoff: float,
        max_wait: float,
        sleep: Callable[[float], None],
    ) -> None:
        self._inner = inner
        self._retries = retries
        self._backoff = backoff
        self._max_wait = max_wait
        self._sleep = sleep
        self._not_before = 0.0

    def _pause_until_allowed(self) -> None:
        delay = self._not_before - time.monotonic()
        if delay > 0:
            self._sleep(delay)

    def _delay(self, attempt: int) -> float:
        base: float = self._backoff * (2**attempt)
        return min(self._max_wait, base + random.uniform(0, self._backoff))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        is_post = request.method not in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")
        attempt = 0
        while True:
            self._pause_until_allowed()
            try:
                response = self._inner.handle_request(request)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                if attempt >= self._retries:
                    raise
                self._sleep(self._delay(attempt))
                attempt += 1
                continue
            except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError):
                if is_post or attempt >= self._retries:
                    raise
                self._sleep(self._delay(attempt))
                attempt += 1
                continue
            remaining = _remaining(response.headers)
            if remaining is not None and remaining <= 0:
                wait = rate_limit_wait(response.headers)
                if wait is not None and wait <= self._max_wait:
                    self._not_before = time.monotonic() + wait
            status = response.status_code
            retryable = _SAFE_POST_RETRY_STATUSES if is_post else _RETRY_STATUSES
            if status not in retryable or attempt >= self._retries:
                return response
            wait = rate_limit_wait(response.headers)
            if wait is None:
                wait = self._delay(attempt)
            if wait > self._max_wait:
                return response  # too long to hold a thread: let the caller park the source
            response.close()
            self._sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._inner.close()


def build_client(
    *,
    base_url: str = "",
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_private: bool | None = None,
    retries: int = 3,
    backoff: float = 0.5,
    max_wait: float = 60.0,
    auth: httpx.Auth | tuple[str, str] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> httpx.Client:
    """Build the httpx client every connector uses. See the module docstring for what it adds.

    ``allow_private`` overrides ``FIRESIDE_ALLOW_PRIVATE_URLS`` for this client only.
    The environment's proxy variables are ignored (``trust_env=False``): a proxy would connect
    on our behalf and step around the address guard.
    """
    inner = httpx.HTTPTransport(retries=0)
    # httpx offers no public hook for the socket it opens; swapping the pool's network backend
    # is how the guard sees the resolved address at connect time (see hc/lib/curl.py for the
    # same idea with pycurl's OPENSOCKETFUNCTION).
    inner._pool._network_backend = _GuardedBackend(allow_private_urls(allow_private))
    transport = _RetryTransport(
        inner, retries=retries, backoff=backoff, max_wait=max_wait, sleep=sleep or _sleep
    )
    merged = {"User-Agent": user_agent(), "Accept": "application/json"}
    merged.update(headers or {})
    return httpx.Client(
        base_url=base_url,
        headers=merged,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        transport=transport,
        follow_redirects=True,
        trust_env=False,
        auth=auth,
    )


def check_response(response: httpx.Response, *, what: str = "") -> httpx.Response:
    """Raise the error the runner needs for a failed response; return it unchanged otherwise.

    401/403 → `AuthError`; 404/410 → `SourceStopped`; 429 → `RateLimited` with the server's
    wait; 5xx and 408 → `RetryableError`; other 4xx → `SourceStopped` with the server's words.
    """
    status = response.status_code
    if status < 400:
        return response
    where = what or f"{response.request.method} {response.request.url.copy_with(query=None)}"
    try:
        detail = response.text[:300]
    except (httpx.ResponseNotRead, UnicodeDecodeError):
        detail = ""
    if status in (401, 403):
        raise AuthError(
            f"{where} was refused ({status}): check the source's credentials. {detail}".strip()
        )
    if status == 429:
        wait = rate_limit_wait(response.headers)
        raise RateLimited(f"{where} is rate limited (429)", 60.0 if wait is None else wait)
    if status in (404, 410):
        raise SourceStopped(f"{where} does not exist ({status}): check the source's settings")
    if status >= 500 or status == 408:
        raise RetryableError(f"{where} failed with {status}; will retry")
    raise SourceStopped(f"{where} was rejected ({status}): {detail}")


def parse_json(response: httpx.Response, *, what: str = "") -> Any:
    """Decode a JSON body; malformed bodies raise `ItemError` carrying the raw text."""
    check_response(response, what=what)
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = what or str(response.request.url.copy_with(query=None))
        raise ItemError(f"{where} answered with malformed JSON: {exc}", raw=response.text) from exc
