from __future__ import annotations

import pytest

from fireside.listen.errors import ItemError, NotSupported
from fireside.listen.feeds import FeedConnector, parse_feed
from fireside.listen.items import OutboundReply
from tests.listen.conftest import LocalServer, Received, Reply, fixture_bytes


def _feed(server: LocalServer, name: str) -> bytes:
    return fixture_bytes("feed", name).replace(b"{BASE}", server.url.encode())


def _conditional(body: bytes, etag: str):  # type: ignore[no-untyped-def]
    def answer(request: Received) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"")
        return Reply(
            200,
            body,
            {
                "Content-Type": "application/rss+xml",
                "ETag": etag,
                "Last-Modified": "Fri, 20 Nov 2026 10:00:00 GMT",
            },
        )

    return answer


def test_it_reads_wordpress_posts_and_their_comment_feeds(server: LocalServer) -> None:
    server.route("GET", "/feed/", _conditional(_feed(server, "wordpress_posts_rss2.xml"), '"v1"'))
    server.route(
        "GET",
        "/2026/11/new-grinder/feed/",
        _conditional(_feed(server, "wordpress_post_comments_rss2.xml"), '"c1"'),
    )
    connector = FeedConnector({"url": f"{server.url}/feed/"})
    page = connector.fetch(None)
    by_id = {item.external_id: item for item in page.items}
    post = by_id[f"{server.url}/?p=42"]
    assert post.kind == "post" and post.title == "Our new grinder is here"
    assert "<script>" not in post.html and "onclick" not in post.html and "alert" not in post.text
    assert post.text.startswith("Meet the Brew Grinder 2.")
    assert post.author is not None and post.author.display_name == "Brew Team"
    assert post.replies == 2
    comment = by_id[f"{server.url}/?p=42#comment-7"]
    assert comment.kind == "comment"
    assert comment.in_reply_to == comment.thread_root == f"{server.url}/?p=42"
    assert comment.text == "Does it fit the old hopper?"
    assert comment.created_at.isoformat() == "2026-11-20T10:00:00+00:00"
    assert len(page.items) == 4 and page.bad == []


def test_an_unchanged_feed_costs_one_conditional_request(server: LocalServer) -> None:
    server.route("GET", "/feed/", _conditional(_feed(server, "wordpress_posts_rss2.xml"), '"v1"'))
    server.route(
        "GET",
        "/2026/11/new-grinder/feed/",
        _conditional(_feed(server, "wordpress_post_comments_rss2.xml"), '"c1"'),
    )
    connector = FeedConnector({"url": f"{server.url}/feed/"})
    first = connector.fetch(None)
    server.received.clear()
    second = connector.fetch(first.cursor)
    assert second.items == []
    assert [r.headers.get("if-none-match") for r in server.received] == ['"v1"', '"c1"']
    assert server.received[0].headers["if-modified-since"] == "Fri, 20 Nov 2026 10:00:00 GMT"
    assert second.cursor == first.cursor


def test_blogger_comments_thread_by_thr_in_reply_to(server: LocalServer) -> None:
    server.route(
        "GET",
        "/comments",
        Reply(
            200,
            _feed(server, "blogger_comments_atom.xml"),
            {"Content-Type": "application/atom+xml"},
        ),
    )
    page = FeedConnector({"url": f"{server.url}/comments"}).fetch(None)
    by_id = {item.external_id: item for item in page.items}
    reply = by_id["tag:blogger.com,1999:blog-1234.post-9002"]
    assert reply.kind == "comment"
    assert reply.in_reply_to == "tag:blogger.com,1999:blog-1234.post-9001"
    assert reply.edited_at is not None and reply.text == "Thanks, that fixed it"
    assert reply.author is not None and reply.author.profile_url.endswith("/111")
    question = by_id["tag:blogger.com,1999:blog-1234.post-9001"]
    assert question.in_reply_to == "tag:blogger.com,1999:blog-1234.post-5555"


@pytest.mark.parametrize("name", ["atom.xml", "rdf.xml"])
def test_it_reads_atom_and_rdf(server: LocalServer, name: str) -> None:
    server.route("GET", "/f", Reply(200, fixture_bytes("feed", name)))
    page = FeedConnector({"url": f"{server.url}/f", "comments": "false"}).fetch(None)
    assert len(page.items) == 1
    item = page.items[0]
    assert item.kind == "post" and item.created_at.tzinfo is not None and item.text


def test_a_web_page_is_reported_not_swallowed(server: LocalServer) -> None:
    server.route("GET", "/f", Reply(200, fixture_bytes("feed", "not_a_feed.html")))
    with pytest.raises(ItemError, match="not an RSS, Atom or RDF feed"):
        FeedConnector({"url": f"{server.url}/f"}).fetch(None)


def test_a_broken_comment_feed_is_quarantined_and_the_posts_still_come(
    server: LocalServer,
) -> None:
    server.route("GET", "/feed/", Reply(200, _feed(server, "wordpress_posts_rss2.xml")))
    server.route("GET", "/2026/11/new-grinder/feed/", Reply(200, b"<html>nope</html>"))
    page = FeedConnector({"url": f"{server.url}/feed/"}).fetch(None)
    assert len(page.items) == 2 and len(page.bad) == 1


def test_parse_feed_lists_comment_feeds_of_posts() -> None:
    items, bad, feeds = parse_feed(
        fixture_bytes("feed", "wordpress_posts_rss2.xml").replace(b"{BASE}", b"https://b.example")
    )
    assert feeds == ["https://b.example/2026/11/new-grinder/feed/"]
    assert bad == [] and len(items) == 2


def test_feeds_cannot_be_replied_to() -> None:
    with pytest.raises(NotSupported):
        FeedConnector({"url": "https://example.com/feed"}).send(OutboundReply(text="hi"))


def test_an_oversized_feed_is_refused_without_reading_it_all(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.listen.feeds.MAX_FEED_BYTES", 1000)
    server.route("GET", "/huge", Reply(200, b"<rss>" + b"x" * 5000 + b"</rss>"))
    with pytest.raises(ItemError, match="larger than 1000 bytes"):
        FeedConnector({"url": f"{server.url}/huge"}).fetch(None)
