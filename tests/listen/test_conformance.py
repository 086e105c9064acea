"""One suite every connector passes: the Protocol, its description, and the shared behaviour
of a fetch (normalised items, a storable cursor, clear errors for 429, 500 and garbage)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from fireside.listen import registry
from fireside.listen.base import Connector, Option
from fireside.listen.errors import ItemError, ListenError, RateLimited, RetryableError
from fireside.listen.items import Cursor, OutboundReply, Page
from tests.listen.conftest import LocalServer, Received, Reply, fixture_bytes, fixture_json

Scenario = Callable[[LocalServer], tuple[dict[str, Any], dict[str, str], list[str]]]


def _feed(server: LocalServer) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    body = fixture_bytes("feed", "wordpress_posts_rss2.xml").replace(b"{BASE}", server.url.encode())
    server.route("GET", "/feed/", Reply(200, body))
    server.route(
        "GET",
        "/2026/11/new-grinder/feed/",
        Reply(
            200,
            fixture_bytes("feed", "wordpress_post_comments_rss2.xml").replace(
                b"{BASE}", server.url.encode()
            ),
        ),
    )
    return {"url": f"{server.url}/feed/"}, {}, ["/feed/"]


def _mastodon(server: LocalServer) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    server.route(
        "GET",
        "/api/v1/notifications",
        Reply(200, fixture_json("mastodon", "notifications_mention.json")),
    )
    return {"instance": server.url}, {"access_token": "t"}, ["/api/v1/notifications"]


def _bluesky(server: LocalServer) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    server.route(
        "POST",
        "/xrpc/com.atproto.server.createSession",
        Reply(200, fixture_json("bluesky", "create_session.json")),
    )
    server.route(
        "GET",
        "/xrpc/app.bsky.feed.searchPosts",
        Reply(200, fixture_json("bluesky", "search_posts_page2.json")),
    )
    return (
        {
            "service": server.url,
            "identifier": "brew.example.com",
            "query": "brewco",
            "notifications": "false",
        },
        {"app_password": "p"},
        ["/xrpc/app.bsky.feed.searchPosts"],
    )


def _reddit(server: LocalServer) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    server.route(
        "GET",
        "/r/coffee/comments.json",
        Reply(200, fixture_json("reddit", "subreddit_comments.json")),
    )
    server.route(
        "GET", "/r/coffee/new.json", Reply(200, fixture_json("reddit", "subreddit_new.json"))
    )
    return {"subreddits": "coffee", "public_url": server.url}, {}, ["/r/coffee/new.json"]


def _hackernews(server: LocalServer) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page0.json")),
    )
    return {"query": "brewco", "api_url": server.url}, {}, ["/search_by_date"]


def _youtube(server: LocalServer) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    server.route(
        "GET", "/commentThreads", Reply(200, fixture_json("youtube", "comment_threads_page2.json"))
    )
    return {"video_ids": "vid1", "api_url": server.url}, {"api_key": "k"}, ["/commentThreads"]


SCENARIOS: dict[str, Scenario] = {
    "feed": _feed,
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "reddit": _reddit,
    "hackernews": _hackernews,
    "youtube": _youtube,
}
# Email runs against a real IMAP server in test_email.py; webhook is push-only.
NOT_POLLED_OVER_HTTP = {"email", "webhook"}


def test_every_built_in_kind_has_a_scenario_here() -> None:
    assert set(registry.CONNECTORS) == set(SCENARIOS) | NOT_POLLED_OVER_HTTP


@pytest.mark.parametrize("kind", sorted(registry.CONNECTORS))
def test_each_connector_describes_itself_and_satisfies_the_protocol(kind: str) -> None:
    cls = registry.connector_class(kind)
    assert cls.channel == kind
    assert cls.label and all(isinstance(o, Option) for o in cls.options)
    assert len({o.name for o in cls.options}) == len(cls.options)
    settings = {o.name: "x" for o in cls.options if o.required and not o.secret}
    secrets = {o.name: "x" for o in cls.options if o.required and o.secret}
    connector = cls(settings, secrets)
    assert isinstance(connector, Connector)
    connector.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_a_fetch_gives_normalised_items_and_a_storable_cursor(
    kind: str, server: LocalServer
) -> None:
    settings, secrets, _ = SCENARIOS[kind](server)
    connector = registry.build_connector(kind, settings, secrets)
    page = connector.fetch(None)
    assert isinstance(page, Page) and page.items
    for item in page.items:
        assert item.channel == kind
        assert isinstance(item.external_id, str) and item.external_id
        assert (
            item.created_at.tzinfo is not None and item.created_at.utcoffset().total_seconds() == 0
        )
        assert item.edited_at is None or item.edited_at.tzinfo is not None
        json.dumps(item.raw)
        assert "<script" not in item.html
    json.dumps(page.cursor.value)
    for bad in page.bad:
        assert bad.error
        json.dumps(bad.raw, default=str)
    # Fetching again from the stored cursor repeats nothing new and never fails.
    again = connector.fetch(Cursor(json.loads(json.dumps(page.cursor.value))))
    assert {i.external_id for i in again.items} <= {i.external_id for i in page.items}


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_server_errors_are_retryable(kind: str, server: LocalServer, no_sleep: list[float]) -> None:
    settings, secrets, paths = SCENARIOS[kind](server)
    for path in paths:
        server.route("GET", path, Reply(500, "boom"))
    with pytest.raises(RetryableError):
        registry.build_connector(kind, settings, secrets).fetch(None)


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_a_long_rate_limit_parks_the_source(
    kind: str, server: LocalServer, no_sleep: list[float]
) -> None:
    settings, secrets, paths = SCENARIOS[kind](server)
    for path in paths:
        server.route("GET", path, Reply(429, "slow down", {"Retry-After": "3600"}))
    with pytest.raises(RateLimited) as caught:
        registry.build_connector(kind, settings, secrets).fetch(None)
    assert caught.value.retry_after > 3000


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_garbage_is_an_item_error_with_the_raw_body(kind: str, server: LocalServer) -> None:
    settings, secrets, paths = SCENARIOS[kind](server)
    for path in paths:
        server.route("GET", path, Reply(200, b"<<garbage>>", {"Content-Type": "application/json"}))
    with pytest.raises(ItemError) as caught:
        registry.build_connector(kind, settings, secrets).fetch(None)
    assert caught.value.raw


@pytest.mark.parametrize("kind", sorted(registry.CONNECTORS))
def test_send_without_what_it_needs_is_a_typed_error_not_a_crash(kind: str) -> None:
    # Without credentials (or a parent, or a write API) every connector says so before it
    # touches the network: NotSupported, AuthError or SourceStopped, all ListenErrors.
    cls = registry.connector_class(kind)
    settings = {o.name: "x" for o in cls.options if o.required and not o.secret}
    secrets = {o.name: "x" for o in cls.options if o.required and o.secret}
    with pytest.raises(ListenError):
        cls(settings, secrets).send(OutboundReply(text="hello"))


def test_third_party_connectors_load_from_the_entry_point_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class FakeEntryPoint:
        name = "example"
        value = "fireside.listen.hackernews:HackerNewsConnector"

    monkeypatch.setattr(
        registry,
        "entry_points",
        lambda group: [FakeEntryPoint()] if group == registry.ENTRY_POINT_GROUP else [],
    )
    assert "example" in registry.available()
    assert registry.connector_class("example").label == "Hacker News"
    with pytest.raises(KeyError, match="known kinds"):
        registry.connector_class("myspace")


def test_the_received_helper_parses_query_strings() -> None:
    request = Received("GET", "/", {"a": ["1"]}, {}, b"")
    assert request.param("a") == "1" and request.param("b") is None
