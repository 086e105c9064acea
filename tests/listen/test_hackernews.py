from __future__ import annotations

import pytest

from fireside.listen.errors import ItemError, NotSupported, RetryableError
from fireside.listen.hackernews import HackerNewsConnector
from fireside.listen.items import Cursor, OutboundReply
from tests.listen.conftest import LocalServer, Received, Reply, fixture_json


def _pages(request: Received) -> Reply:
    page = request.param("page")
    return Reply(200, fixture_json("hackernews", f"search_by_date_page{page}.json"))


def test_it_searches_stories_and_comments_newer_than_the_cursor(server: LocalServer) -> None:
    server.route("GET", "/search_by_date", _pages)
    connector = HackerNewsConnector({"query": "brewco", "api_url": server.url})
    page = connector.fetch(Cursor({"created_at_i": 1763600000}))
    assert [i.external_id for i in page.items] == ["40000003", "40000001", "39999990"]
    comment, story = page.items[0], page.items[1]
    assert comment.kind == "comment" and comment.in_reply_to == "40000001"
    assert comment.thread_root == "40000001"
    assert comment.text.startswith('I used Brewco; "fine".')
    assert story.kind == "post" and story.text == "Show HN: Brewco\n\nWe built a grinder"
    assert story.likes == 42 and story.url == "https://news.ycombinator.com/item?id=40000001"
    assert len(page.bad) == 1
    first = server.requests_to("/search_by_date")[0]
    assert first.param("numericFilters") == "created_at_i>=1763600000"
    assert first.param("tags") == "(story,comment)"
    assert page.cursor.value == {"created_at_i": 1763640000}


def test_a_new_source_reads_one_page(server: LocalServer) -> None:
    server.route("GET", "/search_by_date", _pages)
    page = HackerNewsConnector({"query": "brewco", "api_url": server.url}).fetch(None)
    assert len(server.received) == 1 and len(page.items) == 2


def test_server_errors_and_garbage_are_reported(server: LocalServer, no_sleep: list[float]) -> None:
    connector = HackerNewsConnector({"query": "brewco", "api_url": server.url})
    server.route("GET", "/search_by_date", Reply(500, "oops"))
    with pytest.raises(RetryableError):
        connector.fetch(None)
    server.route(
        "GET", "/search_by_date", Reply(200, b"<html>", {"Content-Type": "application/json"})
    )
    with pytest.raises(ItemError):
        connector.fetch(None)


def test_hacker_news_is_read_only() -> None:
    with pytest.raises(NotSupported):
        HackerNewsConnector({"query": "x"}).send(OutboundReply(text="hi"))
