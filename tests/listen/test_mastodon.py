from __future__ import annotations

import json
import threading

import pytest

from fireside.listen.errors import AuthError, RateLimited, SourceStopped
from fireside.listen.items import OutboundReply
from fireside.listen.mastodon import MastodonConnector
from tests.listen.conftest import (
    LocalServer,
    Received,
    Reply,
    WebSocketServer,
    fixture_bytes,
    fixture_json,
)


def _connector(server: LocalServer, **settings: str) -> MastodonConnector:
    return MastodonConnector({"instance": server.url, **settings}, {"access_token": "tok-123"})


def test_it_reads_mentions_with_threading_and_authors(server: LocalServer) -> None:
    server.route(
        "GET",
        "/api/v1/notifications",
        Reply(200, fixture_json("mastodon", "notifications_mention.json")),
    )
    page = _connector(server).fetch(None)
    host = server.url.split("//")[1]
    assert [i.external_id for i in page.items] == [
        f"{host}:109000000000000002",
        f"{host}:109000000000000001",
    ]
    reply = page.items[0]
    assert reply.kind == "reply" and reply.in_reply_to == f"{host}:109000000000000001"
    assert reply.text == "@brew my grinder broke after two days & support won't answer"
    assert reply.author is not None and reply.author.handle == "ada@coffee.example"
    assert reply.author.followers_count == 127 and reply.author.bio == "Coffee nerd"
    request = server.requests_to("/api/v1/notifications")[0]
    assert request.headers["authorization"] == "Bearer tok-123"
    assert request.param("types[]") == "mention"
    assert page.cursor.value["mentions"] == "34975861"


def test_it_asks_only_for_what_is_newer_and_pages_forward(server: LocalServer) -> None:
    def answer(request: Received) -> Reply:
        if request.param("min_id") == "34975861":
            return Reply(200, fixture_json("mastodon", "notifications_mention_page2.json"))
        return Reply(200, [])

    server.route("GET", "/api/v1/notifications", answer)
    from fireside.listen.items import Cursor

    page = _connector(server).fetch(Cursor({"mentions": "34975861"}))
    assert len(page.items) == 1 and page.items[0].edited_at is not None
    assert page.cursor.value["mentions"] == "34975870"
    assert [r.param("min_id") for r in server.received] == ["34975861"]


def test_hashtag_and_search_timelines_quarantine_malformed_statuses(server: LocalServer) -> None:
    server.route(
        "GET",
        "/api/v1/timelines/tag/brewco",
        Reply(200, fixture_json("mastodon", "tag_timeline.json")),
    )
    server.route(
        "GET", "/api/v2/search", Reply(200, fixture_json("mastodon", "search_statuses.json"))
    )
    connector = MastodonConnector(
        {"instance": server.url, "hashtags": "#brewco", "query": "brewco"}
    )
    page = connector.fetch(None)
    assert len(page.items) == 2 and len(page.bad) == 1
    assert page.bad[0].raw["id"] == "broken"
    assert server.requests_to("/api/v2/search")[0].param("type") == "statuses"
    assert set(page.cursor.value) == {"tag:brewco", "search"}


def test_a_rate_limited_instance_says_when_to_come_back(
    server: LocalServer, no_sleep: list[float]
) -> None:
    server.route(
        "GET",
        "/api/v1/notifications",
        Reply(
            429,
            {"error": "Too many requests"},
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2999-01-01T00:00:00.000Z"},
        ),
    )
    with pytest.raises(RateLimited):
        _connector(server).fetch(None)


def test_a_revoked_token_stops_the_source(server: LocalServer) -> None:
    server.route(
        "GET", "/api/v1/notifications", Reply(401, {"error": "The access token is invalid"})
    )
    with pytest.raises(AuthError):
        _connector(server).fetch(None)


def test_nothing_configured_is_a_clear_stop(server: LocalServer) -> None:
    with pytest.raises(SourceStopped, match="nothing to read"):
        MastodonConnector({"instance": server.url}).fetch(None)


def test_it_replies_in_thread_with_an_idempotency_key(server: LocalServer) -> None:
    server.route(
        "POST", "/api/v1/statuses", Reply(200, fixture_json("mastodon", "status_created.json"))
    )
    parent = fixture_json("mastodon", "notifications_mention.json")[0]["status"]
    connector = _connector(server)
    host = server.url.split("//")[1]
    ref = connector.send(
        OutboundReply(
            text="sorry to hear that, DM us",
            in_reply_to=f"{host}:{parent['id']}",
            parent_raw=parent,
        )
    )
    assert ref.external_id == f"{host}:109000000000000099"
    sent = server.requests_to("/api/v1/statuses")[0]
    body = sent.json()
    assert body["in_reply_to_id"] == "109000000000000002"
    assert body["status"] == "@ada@coffee.example sorry to hear that, DM us"
    assert sent.headers["idempotency-key"]
    assert sent.headers["authorization"] == "Bearer tok-123"


def test_the_stream_turns_events_into_items(ws_server: WebSocketServer) -> None:
    names = [
        "stream_update.json",
        "stream_status_update.json",
        "stream_notification_mention.json",
        "stream_notification_favourite.json",
        "stream_delete.json",
        "stream_malformed.json",
    ]
    ws_server.frames = [fixture_bytes("mastodon", n).decode() for n in names]
    connector = MastodonConnector(
        {"instance": "https://example.social", "streaming_url": ws_server.url},
        {"access_token": "tok-123"},
    )
    stop = threading.Event()
    pages = []
    try:
        for page in connector.stream(None, stop):
            pages.append(page)
    except Exception:  # noqa: BLE001 - the server closes after its frames
        pass
    items = [i for p in pages for i in p.items]
    bad = [b for p in pages for b in p.bad]
    assert [i.external_id.split(":")[-1] for i in items] == [
        "109000000000000020",
        "109000000000000020",
        "109000000000000021",
        "109000000000000001",
    ]
    assert items[1].edited_at is not None and items[3].deleted
    assert len(bad) == 1
    assert ws_server.paths[0].startswith("/api/v1/streaming?stream=user")
    assert ws_server.headers[0]["authorization"] == "Bearer tok-123"
    assert json.loads(fixture_bytes("mastodon", "stream_update.json"))["event"] == "update"
