from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from fireside.inbox.models import Message
from fireside.listen import services
from fireside.listen.items import OutboundReply
from fireside.listen.models import Quarantine, Source
from fireside.listen.webhook import sign
from tests.factories import Cast
from tests.listen.conftest import LocalServer, Reply, fixture_bytes, fixture_json

pytestmark = pytest.mark.django_db


def _hn(server: LocalServer, cast: Cast, name: str = "HN") -> Source:
    return services.add_source(
        cast.a, "hackernews", name, {"query": "brewco", "api_url": server.url}
    )


def _hn_pages(server: LocalServer) -> None:
    def answer(request):  # type: ignore[no-untyped-def]
        return Reply(
            200, fixture_json("hackernews", f"search_by_date_page{request.param('page')}.json")
        )

    server.route("GET", "/search_by_date", answer)


def test_a_run_stores_items_threads_them_and_moves_the_cursor(
    server: LocalServer, cast: Cast
) -> None:
    _hn_pages(server)
    source = _hn(server, cast)
    result = services.run_source_once(source, analyze=False)
    assert result.ok and result.created == 2 and result.quarantined == 0
    source.refresh_from_db()
    assert source.cursor == {"created_at_i": 1763640000}
    assert source.last_success_at is not None and source.consecutive_failures == 0
    assert source.next_run_at > timezone.now()
    comment = Message.objects.get(channel="hackernews", external_id="40000003")
    story = Message.objects.get(channel="hackernews", external_id="40000001")
    assert comment.conversation_id == story.conversation_id  # the reply joined its thread
    assert comment.source_id == source.pk


def test_running_twice_neither_loses_nor_duplicates(server: LocalServer, cast: Cast) -> None:
    _hn_pages(server)
    source = _hn(server, cast)
    services.run_source_once(source, analyze=False)
    # The local server ignores numericFilters, so the second run also walks to page 1.
    services.run_source_once(source, analyze=False)
    again = services.run_source_once(source, analyze=False)
    assert again.ok and again.created == 0 and again.updated == 0
    assert Message.objects.filter(channel="hackernews").count() == 3


def test_the_cursor_stays_put_when_storing_fails(
    server: LocalServer, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hn_pages(server)
    source = _hn(server, cast)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database went away")

    monkeypatch.setattr("fireside.inbox.services.ingest_items", broken)
    result = services.run_source_once(source)
    source.refresh_from_db()
    assert "database went away" in result.error
    assert source.cursor == {} and source.consecutive_failures == 1
    assert "database went away" in source.last_error


def test_unparseable_items_are_quarantined_with_their_payload(
    server: LocalServer, cast: Cast
) -> None:
    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page1.json")),
    )
    source = _hn(server, cast)
    source.cursor = {"created_at_i": 1}
    source.save()
    result = services.run_source_once(source, analyze=False)
    # The fixture is served for both pages it announces, so its broken hit comes twice.
    assert result.ok and result.quarantined == 2
    row = Quarantine.objects.filter(source=source).first()
    assert row is not None
    assert row.workspace == cast.a and row.channel == "hackernews"
    assert json.loads(row.payload) == {"objectID": "broken", "_tags": ["comment"]}


def test_a_garbled_response_is_kept_and_counted_as_a_failure(
    server: LocalServer, cast: Cast
) -> None:
    server.route(
        "GET", "/search_by_date", Reply(200, b"<html>oops", {"Content-Type": "application/json"})
    )
    source = _hn(server, cast)
    result = services.run_source_once(source)
    assert not result.ok and result.quarantined == 1
    assert Quarantine.objects.get(source=source).payload == "<html>oops"
    source.refresh_from_db()
    assert source.consecutive_failures == 1


def test_a_failing_source_backs_off_and_shows_its_error(
    server: LocalServer, cast: Cast, no_sleep: list[float]
) -> None:
    server.route("GET", "/search_by_date", Reply(500, "boom"))
    source = _hn(server, cast)
    source.poll_interval_s = 60
    source.save()
    services.run_source_once(source)
    services.run_source_once(source)
    source.refresh_from_db()
    assert source.consecutive_failures == 2 and "500" in source.last_error
    assert source.next_run_at - source.last_error_at >= timedelta(seconds=240)


def test_a_rate_limit_waits_as_long_as_the_server_asked(
    server: LocalServer, cast: Cast, no_sleep: list[float]
) -> None:
    server.route("GET", "/search_by_date", Reply(429, "slow", {"Retry-After": "1800"}))
    source = _hn(server, cast)
    services.run_source_once(source)
    source.refresh_from_db()
    wait = (source.next_run_at - source.last_error_at).total_seconds()
    assert 1790 <= wait <= 1810


def test_secrets_are_encrypted_at_rest_and_scrubbed_from_errors(
    server: LocalServer, cast: Cast
) -> None:
    token = "tok-SUPERSECRET-42"
    server.route("GET", "/api/v1/notifications", Reply(400, {"error": f"bad token {token}"}))
    source = services.add_source(
        cast.a, "mastodon", "Masto", {"instance": server.url, "access_token": token}
    )
    stored = Source.objects.values_list("settings", "secrets_encrypted").get(pk=source.pk)
    assert token not in json.dumps(stored[0]) and token not in stored[1]
    assert source.get_secrets() == {"access_token": token}
    result = services.run_source_once(source)
    source.refresh_from_db()
    assert token not in source.last_error and token not in result.error
    assert "bad token" in source.last_error
    assert services.masked_settings(source)["access_token"] == "•••••• (set)"


def test_adding_a_source_checks_kind_options_and_addresses(cast: Cast) -> None:
    with pytest.raises(services.SourceError, match="no connector for 'myspace'"):
        services.add_source(cast.a, "myspace", "x", {})
    with pytest.raises(services.SourceError, match="has no option colour"):
        services.add_source(cast.a, "hackernews", "x", {"query": "a", "colour": "red"})
    with pytest.raises(services.SourceError, match="needs --option query"):
        services.add_source(cast.a, "hackernews", "x", {})
    with (
        override_settings(ALLOW_PRIVATE_URLS=False),
        pytest.raises(services.SourceError, match="private"),
    ):
        services.add_source(cast.a, "feed", "intranet", {"url": "http://127.0.0.1:9/feed"})
    services.add_source(cast.a, "hackernews", "x", {"query": "a"})
    with pytest.raises(services.SourceError, match="already has"):
        services.add_source(cast.a, "hackernews", "x", {"query": "b"})
    # Same name in another workspace is fine.
    services.add_source(cast.b, "hackernews", "x", {"query": "a"})


def test_claiming_is_a_conditional_update(server: LocalServer, cast: Cast) -> None:
    source = _hn(server, cast)
    claimed = services.claim_due_source()
    assert claimed is not None and claimed.pk == source.pk
    assert services.claim_due_source() is None  # another listener would find nothing
    services.pause_source(source)
    Source.objects.filter(pk=source.pk).update(next_run_at=None)
    assert services.claim_due_source() is None
    services.resume_source(source)
    assert services.claim_due_source() is not None


def test_a_webhook_delivery_is_verified_stored_and_threaded(cast: Cast) -> None:
    source = services.add_source(cast.a, "webhook", "Helpdesk", {"secret": "hook-secret"})
    body = fixture_bytes("webhook", "single.json")
    result = services.receive_webhook(
        source.token, body, {"X-Fireside-Signature": sign("hook-secret", body)}
    )
    assert result.created == 1
    reply = json.dumps({"id": "t-9", "text": "Any news?", "in_reply_to": "t-1"}).encode()
    services.receive_webhook(
        source.token, reply, {"X-Fireside-Signature": sign("hook-secret", reply)}
    )
    first = Message.objects.get(external_id=f"s{source.pk}:t-1")
    second = Message.objects.get(external_id=f"s{source.pk}:t-9")
    assert first.channel == "webhook" and second.conversation_id == first.conversation_id
    with pytest.raises(services.WebhookRefused) as bad:
        services.receive_webhook(source.token, body, {"X-Fireside-Signature": "sha256=00"})
    assert bad.value.status == 401
    with pytest.raises(services.WebhookRefused) as unknown:
        services.receive_webhook("nope", body, {})
    assert unknown.value.status == 404


def test_send_reply_goes_through_the_source_s_connector(server: LocalServer, cast: Cast) -> None:
    server.route(
        "POST", "/api/v1/statuses", Reply(200, fixture_json("mastodon", "status_created.json"))
    )
    source = services.add_source(
        cast.a, "mastodon", "Masto", {"instance": server.url, "access_token": "tok-1"}
    )
    parent = fixture_json("mastodon", "notifications_mention.json")[0]["status"]
    ref = services.send_reply(
        source, OutboundReply(text="On it!", in_reply_to="x:109000000000000002", parent_raw=parent)
    )
    assert ref.external_id.endswith(":109000000000000099")
    assert (
        server.requests_to("/api/v1/statuses")[0].json()["in_reply_to_id"] == "109000000000000002"
    )


def test_test_source_fetches_without_storing(server: LocalServer, cast: Cast) -> None:
    _hn_pages(server)
    source = _hn(server, cast)
    page, error = services.test_source(source)
    assert error == "" and page is not None and len(page.items) == 2
    assert Message.objects.count() == 0
    source.refresh_from_db()
    assert source.cursor == {}


def test_upstream_edits_and_deletions_update_the_stored_message(cast: Cast) -> None:
    from fireside.listen.mastodon import MastodonConnector

    source = services.add_source(cast.a, "mastodon", "M", {"instance": "https://example.social"})
    connector = MastodonConnector(source.settings, {})
    for name in ("stream_update.json", "stream_status_update.json", "stream_delete.json"):
        services.store_page(
            source, connector.stream_event(fixture_bytes("mastodon", name)), analyze=False
        )
    edited = Message.objects.get(external_id="example.social:109000000000000020")
    assert edited.text == "streamed hello @brew (edited)" and edited.edited_at is not None
    services.store_page(
        source,
        connector.stream_event(
            json.dumps({"event": "delete", "payload": "109000000000000020"}).encode()
        ),
        analyze=False,
    )
    edited.refresh_from_db()
    assert edited.deleted_at is not None and edited.text == ""


def test_a_crash_between_storing_and_the_cursor_repeats_the_page_without_duplicates(
    server: LocalServer, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fireside.inbox.services as inbox

    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page0.json")),
    )
    source = _hn(server, cast)
    real = inbox.ingest_items

    def stored_then_crashed(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise KeyboardInterrupt  # the process dies right after the items are committed

    monkeypatch.setattr(inbox, "ingest_items", stored_then_crashed)
    with pytest.raises(KeyboardInterrupt):
        services.run_source_once(source, analyze=False)
    source.refresh_from_db()
    assert source.cursor == {} and Message.objects.count() == 2
    monkeypatch.setattr(inbox, "ingest_items", real)
    again = services.run_source_once(source, analyze=False)
    assert again.ok and again.created == 0
    assert Message.objects.count() == 2
    source.refresh_from_db()
    assert source.cursor == {"created_at_i": 1763640000}
