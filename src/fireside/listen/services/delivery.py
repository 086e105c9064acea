"""Webhook deliveries in, replies out."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from fireside.listen.items import ExternalRef, OutboundReply
from fireside.listen.models import Source
from fireside.listen.services.running import RunResult, record_success, store_page
from fireside.listen.services.sources import build_connector_for, close_connector


class WebhookRefused(Exception):
    """The request is not for a live webhook source, or its signature is wrong."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def receive_webhook(token: str, body: bytes, headers: Mapping[str, str]) -> RunResult:
    """Verify and store one webhook delivery. Raises WebhookRefused (404 unknown or paused
    source, 401 bad signature, 413 too large)."""
    from fireside.listen.webhook import MAX_BODY, WebhookConnector

    source = Source.objects.filter(token=token, kind="webhook").select_related("workspace").first()
    if source is None or source.paused:
        raise WebhookRefused("no such webhook", 404)
    if len(body) > MAX_BODY:
        raise WebhookRefused("body too large", 413)
    connector = WebhookConnector(
        {**source.settings, "namespace": source.settings.get("namespace") or f"s{source.pk}"},
        source.get_secrets(),
    )
    if not connector.verify(body, headers):
        raise WebhookRefused("bad signature", 401)
    page = connector.receive(body)
    with transaction.atomic():
        result = store_page(source, page)
    record_success(source)
    return result


def send_reply(source: Source, reply: OutboundReply) -> ExternalRef:
    """Send through the source's connector. Raises the connector's error (a `ListenError`
    subclass, or NotSupported for read-only channels) for the inbox to show."""
    connector = build_connector_for(source)
    try:
        return connector.send(reply)
    finally:
        close_connector(connector)
