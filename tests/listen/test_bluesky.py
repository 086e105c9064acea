from __future__ import annotations

import json
import threading

import pytest

from fireside.listen.bluesky import BlueskyConnector, JetstreamFilter
from fireside.listen.errors import AuthError
from fireside.listen.items import BadItem, Cursor, Item, OutboundReply
from tests.listen.conftest import (
    LocalServer,
    Received,
    Reply,
    WebSocketServer,
    fixture_bytes,
    fixture_json,
)

ROOT = "at://did:plc:brandbrandbrandbrand/app.bsky.feed.post/3root"


def _connector(server: LocalServer, **settings: str) -> BlueskyConnector:
    return BlueskyConnector(
        {"service": server.url, "identifier": "brew.example.com", **settings},
        {"app_password": "app-pass-1234"},
    )


def _session(server: LocalServer) -> None:
    server.route(
        "POST",
        "/xrpc/com.atproto.server.createSession",
        Reply(200, fixture_json("bluesky", "create_session.json")),
    )


def test_search_pages_through_cursors_and_keeps_reply_refs(server: LocalServer) -> None:
    _session(server)

    def search(request: Received) -> Reply:
        if request.param("cursor") == "100":
            return Reply(200, fixture_json("bluesky", "search_posts_page2.json"))
        return Reply(200, fixture_json("bluesky", "search_posts_page1.json"))

    server.route("GET", "/xrpc/app.bsky.feed.searchPosts", search)
    page = _connector(server, query="brewco", notifications="false").fetch(None)
    assert len(page.items) == 3 and len(page.bad) == 1
    first = page.items[0]
    assert first.kind == "reply"
    assert first.in_reply_to == "at://did:plc:adaadaadaadaadaadaada/app.bsky.feed.post/3kparent"
    assert first.thread_root == ROOT
    assert first.url == "https://bsky.app/profile/ada.bsky.social/post/3kpost3"
    assert first.author is not None and first.author.external_id.startswith("did:plc:")
    assert page.cursor.value["search_since"] == "2026-11-20T10:00:01.000Z"
    requests = server.requests_to("/xrpc/app.bsky.feed.searchPosts")
    assert requests[0].param("sort") == "latest"
    assert requests[0].headers["authorization"] == "Bearer eyJ.access.1"
    # The next poll asks only for what is newer (inclusive) and starts a fresh walk.
    server.received.clear()
    _connector(server, query="brewco", notifications="false").fetch(page.cursor)
    assert server.requests_to("/xrpc/app.bsky.feed.searchPosts")[0].param("since") == (
        "2026-11-20T10:00:01.000Z"
    )


def test_notifications_keep_mentions_and_replies_not_likes_or_follows(
    server: LocalServer,
) -> None:
    _session(server)
    server.route(
        "GET",
        "/xrpc/app.bsky.notification.listNotifications",
        Reply(200, fixture_json("bluesky", "list_notifications.json")),
    )
    page = _connector(server).fetch(None)
    assert [i.text for i in page.items] == [
        "@brew.example.com why is it broken",
        "hey @brew.example.com",
    ]
    assert page.items[0].in_reply_to == ROOT and page.items[0].thread_root == ROOT
    assert page.cursor.value["notifications_seen"] == "2026-11-20T11:10:01.000Z"


def test_an_expired_token_is_refreshed_without_a_new_login(server: LocalServer) -> None:
    _session(server)
    server.route(
        "POST",
        "/xrpc/com.atproto.server.refreshSession",
        Reply(200, dict(fixture_json("bluesky", "create_session.json"), accessJwt="eyJ.access.2")),
    )
    server.route(
        "GET",
        "/xrpc/app.bsky.notification.listNotifications",
        Reply(400, fixture_json("bluesky", "expired_token.json")),
        Reply(200, {"notifications": []}),
    )
    first = _connector(server)
    first._login()
    # A later connector (the next poll) reuses the session instead of logging in again.
    second = _connector(server)
    second.fetch(None)
    assert len(server.requests_to("/xrpc/com.atproto.server.createSession")) == 1
    refresh = server.requests_to("/xrpc/com.atproto.server.refreshSession")
    assert len(refresh) == 1 and refresh[0].headers["authorization"] == "Bearer eyJ.refresh.1"
    last = server.requests_to("/xrpc/app.bsky.notification.listNotifications")[-1]
    assert last.headers["authorization"] == "Bearer eyJ.access.2"


def test_a_refused_refresh_falls_back_to_a_new_login(server: LocalServer) -> None:
    _session(server)
    server.route(
        "POST",
        "/xrpc/com.atproto.server.refreshSession",
        Reply(400, {"error": "ExpiredToken", "message": "Token has expired"}),
    )
    server.route(
        "GET",
        "/xrpc/app.bsky.notification.listNotifications",
        Reply(400, fixture_json("bluesky", "expired_token.json")),
        Reply(200, {"notifications": []}),
    )
    _connector(server).fetch(None)
    assert len(server.requests_to("/xrpc/com.atproto.server.createSession")) == 2


def test_a_refused_login_is_an_auth_error(server: LocalServer) -> None:
    server.route(
        "POST",
        "/xrpc/com.atproto.server.createSession",
        Reply(
            401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
        ),
    )
    with pytest.raises(AuthError, match="refused the login"):
        _connector(server).fetch(None)


def test_a_reply_to_a_reply_points_root_at_the_thread_start(server: LocalServer) -> None:
    _session(server)
    server.route(
        "POST",
        "/xrpc/com.atproto.repo.createRecord",
        Reply(200, fixture_json("bluesky", "create_record.json")),
    )
    parent = fixture_json("bluesky", "search_posts_page1.json")["posts"][0]
    ref = _connector(server).send(
        OutboundReply(text="Sorry! DM us?", in_reply_to=parent["uri"], parent_raw=parent)
    )
    assert ref.external_id == "at://did:plc:brandbrandbrandbrand/app.bsky.feed.post/3knew"
    body = server.requests_to("/xrpc/com.atproto.repo.createRecord")[0].json()
    assert body["repo"] == "did:plc:brandbrandbrandbrand"
    assert body["collection"] == "app.bsky.feed.post"
    record = body["record"]
    assert record["reply"]["parent"] == {"uri": parent["uri"], "cid": parent["cid"]}
    assert record["reply"]["root"] == {"uri": ROOT, "cid": "bafyreirootcid"}
    assert record["createdAt"].endswith("Z") and record["text"] == "Sorry! DM us?"


def test_a_reply_to_a_top_level_post_uses_it_as_root_and_parent(server: LocalServer) -> None:
    _session(server)
    server.route(
        "POST",
        "/xrpc/com.atproto.repo.createRecord",
        Reply(200, fixture_json("bluesky", "create_record.json")),
    )
    parent = fixture_json("bluesky", "search_posts_page1.json")["posts"][1]
    _connector(server).send(
        OutboundReply(text="Thanks!", in_reply_to=parent["uri"], parent_raw=parent)
    )
    reply = server.requests_to("/xrpc/com.atproto.repo.createRecord")[0].json()["record"]["reply"]
    assert reply["root"] == reply["parent"] == {"uri": parent["uri"], "cid": parent["cid"]}


def test_a_reply_to_a_firehose_post_looks_up_nothing_it_already_has(server: LocalServer) -> None:
    _session(server)
    server.route(
        "POST",
        "/xrpc/com.atproto.repo.createRecord",
        Reply(200, fixture_json("bluesky", "create_record.json")),
    )
    event = fixture_json("bluesky", "jetstream_reply.json")
    uri = "at://did:plc:bobobobobobobobobobob/app.bsky.feed.post/3l3qo2vuowo2c"
    _connector(server).send(OutboundReply(text="hi", in_reply_to=uri, parent_raw=event))
    reply = server.requests_to("/xrpc/com.atproto.repo.createRecord")[0].json()["record"]["reply"]
    assert reply["parent"] == {"uri": uri, "cid": "bafyreireplycid"}
    assert reply["root"]["uri"].endswith("/3l3qo2vuowo2b")


def test_a_plain_post_has_no_reply_refs(server: LocalServer) -> None:
    _session(server)
    server.route(
        "POST",
        "/xrpc/com.atproto.repo.createRecord",
        Reply(200, fixture_json("bluesky", "create_record.json")),
    )
    _connector(server).send(OutboundReply(text="New beans today"))
    assert (
        "reply" not in server.requests_to("/xrpc/com.atproto.repo.createRecord")[0].json()["record"]
    )


JETSTREAM_NAMES = [
    "jetstream_post.json",
    "jetstream_reply.json",
    "jetstream_unrelated_post.json",
    "jetstream_like.json",
    "jetstream_follow.json",
    "jetstream_delete.json",
    "jetstream_identity.json",
    "jetstream_account.json",
    "jetstream_malformed_post.json",
]


def _frames() -> list[str]:
    return [fixture_bytes("bluesky", n).decode().strip() for n in JETSTREAM_NAMES]


def test_the_jetstream_filter_keeps_keyword_posts_and_drops_likes_and_follows() -> None:
    keep = JetstreamFilter(["brewco"])
    results = [keep(frame) for frame in _frames()]
    items = [r for r in results if isinstance(r, Item)]
    assert [i.text for i in items] == [
        "My Brewco grinder stopped working",
        "@ada same with my brewco",
        "",  # the first post, deleted upstream: kept posts' deletions come through
    ]
    assert items[1].in_reply_to.endswith("/3l3qo2vuowo2b")
    assert items[2].deleted and items[2].external_id == items[0].external_id
    assert results[3] is None and results[4] is None  # like, follow
    assert isinstance(results[-1], BadItem)


def test_the_jetstream_filter_follows_accounts_and_their_deletions() -> None:
    keep = JetstreamFilter([], ["did:plc:adaadaadaadaadaadaada"])
    items = [r for r in map(keep, _frames()) if isinstance(r, Item)]
    assert [i.deleted for i in items] == [False, True]


def test_the_stream_yields_batches_and_remembers_time_us(ws_server: WebSocketServer) -> None:
    ws_server.frames = _frames()
    ws_server.close_after = False
    connector = BlueskyConnector(
        {
            "jetstream_url": f"{ws_server.url}/subscribe",
            "keywords": "brewco",
            "notifications": "false",
        }
    )
    stop = threading.Event()
    items: list[Item] = []
    cursor = None
    for page in connector.stream(
        Cursor({"jetstream_time_us": 1763632800000000}), stop, batch_seconds=0.2
    ):
        items.extend(page.items)
        cursor = page.cursor
        if ws_server.sent.is_set() and len(items) >= 3:
            stop.set()
    assert [(i.text, i.deleted) for i in items] == [
        ("My Brewco grinder stopped working", False),
        ("@ada same with my brewco", False),
        ("", True),
    ]
    assert cursor is not None and cursor.value["jetstream_time_us"] >= 1763632800000002
    path = ws_server.paths[0]
    assert "wantedCollections=app.bsky.feed.post" in path and "cursor=1763632800000000" in path


def test_edits_and_deletions_of_kept_posts_come_through_without_the_keyword() -> None:
    keep = JetstreamFilter(["brewco"])
    post = fixture_json("bluesky", "jetstream_post.json")
    assert isinstance(keep(json.dumps(post, separators=(",", ":"))), Item)
    edit = json.loads(json.dumps(post))
    edit["commit"]["operation"] = "update"
    edit["commit"]["record"]["text"] = "My grinder works again"
    edited = keep(json.dumps(edit, separators=(",", ":")))
    assert isinstance(edited, Item) and edited.edited_at is not None
    assert edited.text == "My grinder works again"
    deleted = keep(fixture_bytes("bluesky", "jetstream_delete.json"))
    assert isinstance(deleted, Item) and deleted.deleted
    # A deletion of a post never kept costs nothing.
    assert JetstreamFilter(["brewco"])(fixture_bytes("bluesky", "jetstream_delete.json")) is None


def test_links_and_mentions_in_a_reply_become_facets(server: LocalServer) -> None:
    _session(server)
    server.route(
        "POST",
        "/xrpc/com.atproto.repo.createRecord",
        Reply(200, fixture_json("bluesky", "create_record.json")),
    )

    def resolve(request: Received) -> Reply:
        if request.param("handle") == "ada.bsky.social":
            return Reply(200, {"did": "did:plc:adaadaadaadaadaadaada"})
        return Reply(400, {"error": "InvalidRequest", "message": "Unable to resolve handle"})

    server.route("GET", "/xrpc/com.atproto.identity.resolveHandle", resolve)
    text = "☕ Thanks @ada.bsky.social! Fix: https://kestrel.example/fix (cc @nobody.example)"
    _connector(server).send(OutboundReply(text=text))
    record = server.requests_to("/xrpc/com.atproto.repo.createRecord")[0].json()["record"]
    encoded = text.encode()
    spans = {
        f["features"][0]["$type"].rsplit("#", 1)[1]: encoded[
            f["index"]["byteStart"] : f["index"]["byteEnd"]
        ].decode()
        for f in record["facets"]
    }
    assert spans == {"link": "https://kestrel.example/fix", "mention": "@ada.bsky.social"}
    mention = next(f for f in record["facets"] if "mention" in f["features"][0]["$type"])
    assert mention["features"][0]["did"] == "did:plc:adaadaadaadaadaadaada"
