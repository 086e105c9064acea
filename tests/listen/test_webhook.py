from __future__ import annotations

import json

from fireside.listen.webhook import WebhookConnector, parse_payload, sign, verify_signature
from tests.listen.conftest import fixture_bytes


def test_signatures_verify_only_with_the_right_secret_and_body() -> None:
    body = fixture_bytes("webhook", "single.json")
    header = sign("hook-secret", body)
    assert header.startswith("sha256=") and verify_signature("hook-secret", body, header)
    assert verify_signature("hook-secret", body, header.removeprefix("sha256="))
    assert not verify_signature("other", body, header)
    assert not verify_signature("hook-secret", body + b" ", header)
    assert not verify_signature("", body, sign("", body))
    assert not verify_signature("hook-secret", body, None)


def test_the_connector_accepts_github_style_headers_too() -> None:
    body = b'{"id": 1, "text": "x"}'
    hook = WebhookConnector({}, {"secret": "s"})
    assert hook.verify(body, {"X-Hub-Signature-256": sign("s", body)})
    assert hook.verify(body, {"x-fireside-signature": sign("s", body)})
    assert not hook.verify(body, {})


def test_a_single_record_becomes_a_webhook_item_in_its_namespace() -> None:
    page = WebhookConnector({"namespace": "helpdesk"}, {"secret": "s"}).receive(
        fixture_bytes("webhook", "single.json")
    )
    (item,) = page.items
    assert item.channel == "webhook" and item.external_id == "helpdesk:t-1"
    assert item.author is not None and item.author.followers_count == 3
    assert item.raw["channel"] == "intercom"


def test_a_batch_threads_replies_and_quarantines_bad_records() -> None:
    page = parse_payload(fixture_bytes("webhook", "batch.json"), namespace="n")
    assert [i.external_id for i in page.items] == ["n:t-2", "n:t-4"]
    assert page.items[0].in_reply_to == "n:t-1" and page.items[0].kind == "reply"
    assert len(page.bad) == 1 and page.bad[0].raw == {"id": "t-3"}


def test_json_lines_and_garbage_never_raise() -> None:
    lines = b'{"id": "a", "text": "one"}\nnot json\n{"id": "b", "text": "two"}\n'
    page = parse_payload(lines)
    assert [i.external_id for i in page.items] == ["a", "b"] and len(page.bad) == 1
    assert parse_payload(b"\xff\xfe").bad
    assert parse_payload(json.dumps([1, "x", None]).encode()).bad
