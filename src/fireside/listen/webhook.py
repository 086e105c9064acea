"""Webhook in: anything that can POST JSON can feed Fireside.

``POST /hooks/<source token>`` with the body signed by the source's secret:
``X-Fireside-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` (GitHub's
``X-Hub-Signature-256`` header is accepted too). The body is the ``fireside analyze`` input
shape (see `fireside.listen.jsonl`): one object, a list of them, ``{"items": [...]}``, or
JSON Lines. Items land in the ``webhook`` channel, their ids prefixed with the source's
namespace, so one sender can neither collide with another nor write into a real channel.

The connector itself is push-only: `fetch` returns nothing (the view hands bodies to
`parse_payload`), and `send` raises `NotSupported`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from fireside.listen.base import Option, option_values
from fireside.listen.errors import NotSupported
from fireside.listen.items import BadItem, Cursor, ExternalRef, Item, OutboundReply, Page
from fireside.listen.jsonl import RecordError, item_from_record

__all__ = [
    "SIGNATURE_HEADERS",
    "WebhookConnector",
    "parse_payload",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADERS = ("X-Fireside-Signature", "X-Hub-Signature-256")
MAX_BODY = 5 * 1024 * 1024


def sign(secret: str | bytes, body: bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify_signature(secret: str | bytes, body: bytes, header: str | None) -> bool:
    """Constant-time check of a ``sha256=<hex>`` signature header. An empty secret never
    verifies: an unsigned webhook would let anyone on the internet write into the inbox."""
    if not secret or not header:
        return False
    expected = sign(secret, body)
    given = header.strip()
    if not given.startswith("sha256="):
        given = "sha256=" + given
    return hmac.compare_digest(expected.lower(), given.lower())


def parse_payload(body: bytes, *, namespace: str = "") -> Page:
    """Turn a webhook body into a page; a bad record becomes a `BadItem`, never an exception."""
    prefix = f"{namespace}:" if namespace else ""
    records: list[Any]
    bad: list[BadItem] = []
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Page(
            items=[],
            cursor=Cursor(),
            bad=[BadItem(f"body is not UTF-8: {exc}", body.decode("utf-8", "replace"))],
        )
    try:
        parsed = json.loads(text)
        if isinstance(parsed, Mapping) and isinstance(parsed.get("items"), list):
            records = list(parsed["items"])
        elif isinstance(parsed, list):
            records = parsed
        else:
            records = [parsed]
    except json.JSONDecodeError:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                bad.append(BadItem(error=f"line {number}: not JSON ({exc.msg})", raw=line))
    items: list[Item] = []
    for record in records:
        try:
            item = item_from_record(record, default_channel="webhook")
        except (RecordError, ValueError, TypeError) as exc:
            bad.append(BadItem(error=f"webhook record: {exc}", raw=record))
            continue
        items.append(
            replace(
                item,
                channel="webhook",
                external_id=prefix + item.external_id,
                in_reply_to=prefix + item.in_reply_to if item.in_reply_to else "",
            )
        )
    return Page(items=items, bad=bad, cursor=Cursor())


class WebhookConnector:
    channel = "webhook"
    label = "Webhook (POST JSON to Fireside)"
    options = (
        Option(
            "secret",
            "Signing secret",
            secret=True,
            required=True,
            help="HMAC-SHA256 key the sender signs each body with",
        ),
        Option("namespace", "Id namespace", help="prefix for the sender's ids"),
    )

    def __init__(
        self,
        settings: Mapping[str, Any],
        secrets: Mapping[str, str] | None = None,
        *,
        allow_private: bool | None = None,
    ) -> None:
        v = option_values(self.options, settings, secrets)
        self.secret = str(v["secret"])
        self.namespace = str(v["namespace"] or "")

    def verify(self, body: bytes, headers: Mapping[str, str]) -> bool:
        lowered = {k.lower(): v for k, v in headers.items()}
        return any(
            verify_signature(self.secret, body, lowered.get(name.lower()))
            for name in SIGNATURE_HEADERS
        )

    def receive(self, body: bytes) -> Page:
        return parse_payload(body, namespace=self.namespace)

    def fetch(self, cursor: Cursor | None) -> Page:
        return Page(items=[], cursor=cursor or Cursor())

    def close(self) -> None:
        """Nothing to close: a webhook holds no connection."""

    def send(self, reply: OutboundReply) -> ExternalRef:
        raise NotSupported("a webhook only receives; reply through the sender's own channel")
