from __future__ import annotations

import pytest

from fireside.listen.errors import AuthError, NotSupported
from fireside.listen.items import OutboundReply
from fireside.listen.youtube import YouTubeConnector
from tests.listen.conftest import LocalServer, Received, Reply, fixture_json


def _connector(server: LocalServer, **settings: str) -> YouTubeConnector:
    return YouTubeConnector(
        {
            "channel_id": "UCbrand",
            "api_url": server.url,
            "token_url": f"{server.url}/token",
            "client_id": "gid",
            **settings,
        },
        {"api_key": "AIza-key", "client_secret": "gsecret", "refresh_token": "1//refresh"},
    )


def _threads(request: Received) -> Reply:
    if request.param("pageToken") == "PAGE2":
        return Reply(200, fixture_json("youtube", "comment_threads_page2.json"))
    return Reply(200, fixture_json("youtube", "comment_threads_page1.json"))


def test_it_reads_comment_threads_of_the_channel_s_videos(server: LocalServer) -> None:
    server.route("GET", "/channels", Reply(200, fixture_json("youtube", "channels.json")))
    server.route(
        "GET", "/playlistItems", Reply(200, fixture_json("youtube", "playlist_items.json"))
    )
    server.route("GET", "/commentThreads", _threads)
    connector = _connector(server)
    page = connector.fetch(None)
    assert [i.external_id for i in page.items] == ["UgzA", "UgzA.R1"]
    top, reply = page.items
    assert top.kind == "comment" and top.replies == 1
    assert top.url == "https://www.youtube.com/watch?v=vid1&lc=UgzA"
    assert reply.kind == "reply" and reply.in_reply_to == "UgzA" and reply.text == "Same & worse"
    assert reply.edited_at is not None
    assert top.author is not None and top.author.external_id == "UCada"
    assert server.requests_to("/playlistItems")[0].param("playlistId") == "UUbrand"
    assert server.requests_to("/commentThreads")[0].headers["x-goog-api-key"] == "AIza-key"
    assert server.requests_to("/commentThreads")[0].param("key") is None
    assert page.cursor.value == {"videos": {"vid1": "2026-11-20T10:00:00Z"}}
    # Next time it pages back to what it has, and quarantines the malformed thread.
    server.received.clear()
    later = connector.fetch(page.cursor.__class__({"videos": {"vid1": "2026-11-18T00:00:00Z"}}))
    assert [i.external_id for i in later.items] == ["UgzA", "UgzA.R1", "UgzB"]
    assert len(later.bad) == 1


def test_quota_exhaustion_stops_with_a_clear_error(server: LocalServer) -> None:
    server.route(
        "GET", "/commentThreads", Reply(403, fixture_json("youtube", "quota_exceeded.json"))
    )
    with pytest.raises(AuthError, match="quota"):
        _connector(server, video_ids="vid1").fetch(None)


def test_it_replies_to_the_top_level_comment_with_oauth(server: LocalServer) -> None:
    server.route("POST", "/token", Reply(200, fixture_json("youtube", "token.json")))
    server.route("POST", "/comments", Reply(200, fixture_json("youtube", "comment_inserted.json")))
    parent = fixture_json("youtube", "comment_threads_page1.json")["items"][0]["replies"][
        "comments"
    ][0]
    ref = _connector(server).send(
        OutboundReply(text="Sorry, we'll send a new one", in_reply_to="UgzA.R1", parent_raw=parent)
    )
    assert ref.external_id == "UgzA.R2"
    assert ref.url == "https://www.youtube.com/watch?v=vid1&lc=UgzA.R2"
    sent = server.requests_to("/comments")[0]
    assert sent.json() == {
        "snippet": {"parentId": "UgzA", "textOriginal": "Sorry, we'll send a new one"}
    }
    assert sent.param("part") == "snippet"
    assert sent.headers["authorization"] == "Bearer ya29.token"
    assert server.requests_to("/token")[0].form()["grant_type"] == "refresh_token"


def test_a_new_top_level_post_is_not_possible() -> None:
    with pytest.raises(NotSupported):
        YouTubeConnector({"video_ids": "v"}, {"api_key": "k"}).send(OutboundReply(text="x"))
