from __future__ import annotations

import base64

import pytest

from fireside.listen.errors import RateLimited
from fireside.listen.items import Cursor, OutboundReply
from fireside.listen.reddit import RedditConnector
from tests.listen.conftest import LocalServer, Received, Reply, fixture_json


def _connector(server: LocalServer, **settings: str) -> RedditConnector:
    return RedditConnector(
        {
            "client_id": "cid",
            "username": "brewco_support",
            "api_url": server.url,
            "auth_url": f"{server.url}/api/v1/access_token",
            **settings,
        },
        {"client_secret": "csecret", "password": "pw"},
    )


def _token(server: LocalServer) -> None:
    server.route(
        "POST", "/api/v1/access_token", Reply(200, fixture_json("reddit", "access_token.json"))
    )


def test_search_walks_after_pages_and_quarantines_broken_things(server: LocalServer) -> None:
    _token(server)

    def search(request: Received) -> Reply:
        if request.param("after") == "t3_1abc":
            return Reply(200, fixture_json("reddit", "search_page2.json"))
        return Reply(200, fixture_json("reddit", "search_page1.json"))

    server.route("GET", "/search", search)
    connector = _connector(server, query="brewco")
    page = connector.fetch(Cursor({"search": 1763500000.0}))
    assert [i.external_id for i in page.items] == ["t3_1abc", "t3_1abb"]
    assert page.items[0].text == "Brewco grinder died\n\nMine stopped after a week."
    assert page.items[0].url == "https://www.reddit.com/r/coffee/comments/1abc/slug/"
    assert len(page.bad) == 1
    assert page.cursor.value["search"] == 1763632800.0
    token_request = server.requests_to("/api/v1/access_token")[0]
    assert token_request.form() == {
        "grant_type": "password",
        "username": "brewco_support",
        "password": "pw",
    }
    assert (
        token_request.headers["authorization"]
        == "Basic " + base64.b64encode(b"cid:csecret").decode()
    )
    assert server.requests_to("/search")[0].headers["authorization"] == "bearer reddit-token-1"
    assert server.requests_to("/search")[0].param("sort") == "new"


def test_subreddit_comments_thread_and_deletions_show(server: LocalServer) -> None:
    _token(server)
    server.route(
        "GET", "/r/coffee/comments", Reply(200, fixture_json("reddit", "subreddit_comments.json"))
    )
    server.route("GET", "/r/coffee/new", Reply(200, fixture_json("reddit", "subreddit_new.json")))
    page = _connector(server, subreddits="r/coffee").fetch(None)
    by_id = {i.external_id: i for i in page.items}
    comment = by_id["t1_kc3"]
    assert comment.kind == "comment" and comment.in_reply_to == "t1_kc2"
    assert comment.thread_root == "t3_1abc" and comment.edited_at is not None
    assert "<p>Same here" in comment.html
    gone = by_id["t1_kc2"]
    assert gone.deleted and gone.text == "" and gone.author is None
    assert "t3_1abd" in by_id


def test_without_credentials_it_reads_the_public_json(server: LocalServer) -> None:
    server.route(
        "GET", "/r/coffee/new.json", Reply(200, fixture_json("reddit", "subreddit_new.json"))
    )
    server.route(
        "GET",
        "/r/coffee/comments.json",
        Reply(200, fixture_json("reddit", "subreddit_comments.json")),
    )
    connector = RedditConnector({"subreddits": "coffee", "public_url": server.url})
    page = connector.fetch(None)
    assert len(page.items) == 3
    assert server.requests_to("/r/coffee/new.json")[0].param("raw_json") == "1"


def test_it_replies_with_the_parent_fullname(server: LocalServer) -> None:
    _token(server)
    server.route("POST", "/api/comment", Reply(200, fixture_json("reddit", "comment_reply.json")))
    ref = _connector(server).send(OutboundReply(text="Sorry! DM us.", in_reply_to="t1_kc3"))
    assert ref.external_id == "t1_kc9"
    sent = server.requests_to("/api/comment")[0]
    assert sent.form() == {"api_type": "json", "thing_id": "t1_kc3", "text": "Sorry! DM us."}
    assert sent.headers["authorization"] == "bearer reddit-token-1"


def test_reddit_s_ratelimit_error_becomes_rate_limited(server: LocalServer) -> None:
    _token(server)
    server.route(
        "POST", "/api/comment", Reply(200, fixture_json("reddit", "comment_ratelimit.json"))
    )
    with pytest.raises(RateLimited):
        _connector(server).send(OutboundReply(text="x", in_reply_to="t1_kc3"))


def test_the_token_is_reused_by_the_next_poll(server: LocalServer) -> None:
    _token(server)
    server.route("GET", "/r/coffee/new", Reply(200, fixture_json("reddit", "subreddit_new.json")))
    server.route(
        "GET", "/r/coffee/comments", Reply(200, fixture_json("reddit", "subreddit_comments.json"))
    )
    _connector(server, subreddits="coffee").fetch(None)
    _connector(server, subreddits="coffee").fetch(None)
    assert len(server.requests_to("/api/v1/access_token")) == 1
